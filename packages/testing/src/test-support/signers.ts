// Independent SigV4 signers for the tests: aws4 and @smithy/signature-v4, never the authorizer's own code.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import aws4 from 'aws4';

export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignInput {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  credentials: TestCredentials;
  region?: string;
  service?: string;
  date: Date;
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

// Headers a fetch Request cannot carry (the wire adds them); the gateway sees them only over real HTTP.
function transmittable(headers: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !['host', 'content-length'].includes(name.toLowerCase()))
      .map(([name, value]) => [name, String(value)]),
  );
}

/** Signs with aws4 (Authorization header, or the query string with `presign`). */
export function aws4Request(input: SignInput & { presign?: boolean; expires?: number }): Request {
  const url = new URL(input.url);
  const method = input.method ?? 'GET';
  const query = input.presign
    ? `${url.search ? '&' : '?'}X-Amz-Date=${amzDate(input.date)}&X-Amz-Expires=${input.expires ?? 300}`
    : '';
  const options: aws4.Request = {
    host: url.host,
    path: `${url.pathname}${url.search}${query}`,
    method,
    service: input.service ?? 'execute-api',
    region: input.region ?? 'us-east-1',
    headers: { ...(input.presign ? {} : { 'X-Amz-Date': amzDate(input.date) }), ...input.headers },
    ...(input.body === undefined ? {} : { body: input.body }),
    ...(input.presign ? { signQuery: true } : {}),
  };
  aws4.sign(options, input.credentials);
  return new Request(`${url.origin}${options.path}`, {
    method,
    headers: transmittable(options.headers as Record<string, string>),
    ...(input.body === undefined ? {} : { body: input.body }),
  });
}

function queryObject(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [existing, value].flat();
  }
  return query;
}

/** Signs with @smithy/signature-v4 (what the AWS SDK v3 and Amplify use). */
export async function smithyRequest(
  input: SignInput & { presign?: boolean; expires?: number },
): Promise<Request> {
  const url = new URL(input.url);
  const method = input.method ?? 'GET';
  const signer = new SignatureV4({
    credentials: input.credentials,
    region: input.region ?? 'us-east-1',
    service: input.service ?? 'execute-api',
    sha256: Sha256,
  });
  const request = {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: queryObject(url),
    headers: { host: url.host, ...input.headers },
    ...(input.body === undefined ? {} : { body: input.body }),
  };
  const signed = input.presign
    ? await signer.presign(request, { signingDate: input.date, expiresIn: input.expires ?? 300 })
    : await signer.sign(request, { signingDate: input.date });
  // The wire keeps the caller's query as written; a presigned URL appends the signer's parameters.
  const original = queryObject(url);
  const added = Object.entries(signed.query ?? {})
    .filter(([name]) => !(name in original))
    .flatMap(([name, value]) =>
      [value ?? ''].flat().map((item) => `${encodeURIComponent(name)}=${encodeURIComponent(item ?? '')}`),
    )
    .join('&');
  const search = [url.search.slice(1), added].filter(Boolean).join('&');
  return new Request(`${url.origin}${url.pathname}${search ? `?${search}` : ''}`, {
    method,
    headers: transmittable(signed.headers),
    ...(input.body === undefined ? {} : { body: input.body }),
  });
}
