import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import aws4 from 'aws4';

/** Credentials the verifier accepts, by access key ID. */
export interface KnownCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** A request as it arrived on the wire. */
export interface ReceivedRequest {
  readonly method: string;
  /** The raw request target, exactly as sent (`/a%20b?x=1`). */
  readonly target: string;
  /** Lower-case names; repeated headers joined with `, ` as HTTP folds them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface VerifierOptions {
  readonly credentials: readonly KnownCredentials[];
  readonly region: string;
  readonly service: string;
  /** The server's time. Default `Date.now`. */
  now?: (() => number) | undefined;
}

const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/**
 * {@link verifySignature} for a fetch `Request` as a server handler (MSW) receives it: its URL's path and
 * query as the target, its headers with `host`, its body.
 */
export async function verifyFetchRequest(request: Request, options: VerifierOptions): Promise<Verdict> {
  const url = new URL(request.url);
  return verifySignature(
    {
      method: request.method,
      target: url.pathname + url.search,
      headers: { ...Object.fromEntries(request.headers), host: url.host },
      body: Buffer.from(await request.arrayBuffer()),
    },
    options,
  );
}

/**
 * Checks a received request's SigV4 `Authorization` as API Gateway does, recomputing the signature with
 * the `aws4` package (not @smithy/signature-v4): the path as received, encoded once more (aws4's
 * convention for every service but S3), the query decoded and re-encoded, the signed headers' received
 * values, the received body's SHA-256. Also checks scope, session token and a ±5 minute window.
 */
export function verifySignature(request: ReceivedRequest, options: VerifierOptions): Verdict {
  const match = authorizationPattern.exec(request.headers.authorization ?? '');
  if (match === null) return { ok: false, reason: 'no SigV4 Authorization header' };
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] =
    match as unknown as string[];
  const credentials = options.credentials.find((known) => known.accessKeyId === accessKeyId);
  if (credentials === undefined) return { ok: false, reason: 'unknown access key' };
  if (region !== options.region || service !== options.service) return { ok: false, reason: 'wrong scope' };

  const amzDate = request.headers['x-amz-date'] ?? '';
  const signedAt = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  if (Number.isNaN(signedAt) || amzDate.slice(0, 8) !== scopeDate)
    return { ok: false, reason: 'bad x-amz-date' };
  const now = (options.now ?? Date.now)();
  // API Gateway's own words, which the signer's clock-skew recovery recognizes.
  if (signedAt < now - 5 * 60_000)
    return {
      ok: false,
      reason: `Signature expired: ${amzDate} is now earlier than ${basic(now - 5 * 60_000)} (${basic(now)} - 5 min.)`,
    };
  if (signedAt > now + 5 * 60_000)
    return {
      ok: false,
      reason: `Signature not yet current: ${amzDate} is still later than ${basic(now + 5 * 60_000)} (${basic(now)} + 5 min.)`,
    };

  const signedNames = signedHeaderList!.split(';');
  if (!signedNames.includes('host') || !signedNames.includes('x-amz-date'))
    return { ok: false, reason: 'host and x-amz-date must be signed' };
  if (credentials.sessionToken !== undefined) {
    if (
      !signedNames.includes('x-amz-security-token') ||
      request.headers['x-amz-security-token'] !== credentials.sessionToken
    )
      return { ok: false, reason: 'missing or wrong session token' };
  }
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = request.headers[name];
    if (value === undefined) return { ok: false, reason: `signed header ${name} was not received` };
    headers[name] = value;
  }
  const declaredHash = headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD') {
    if (declaredHash !== createHash('sha256').update(request.body).digest('hex'))
      return { ok: false, reason: 'x-amz-content-sha256 does not match the body' };
  }

  const everySigned = Object.fromEntries(signedNames.map((name) => [name, true]));
  const recomputed = aws4.sign(
    {
      method: request.method,
      host: headers.host,
      path: request.target,
      headers,
      body: request.body,
      region,
      service,
      // aws4 adds headers it thinks are missing and drops a few it never signs: sign exactly what was.
      extraHeadersToInclude: everySigned,
      extraHeadersToIgnore: { 'content-type': true, 'content-length': true, 'x-amz-security-token': true },
    } as aws4.Request & { extraHeadersToInclude: object; extraHeadersToIgnore: object },
    { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(recomputed.headers?.Authorization))?.[1];
  return expected === signature ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

function basic(time: number): string {
  return new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

export interface VerifyingServer {
  readonly origin: string;
  /** Every request received, with the verdict it got. */
  readonly received: { request: ReceivedRequest; verdict: Verdict }[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server that verifies every request with {@link verifySignature}: `200 {"ok":true}` when
 * it is valid, else API Gateway's `403 {"message": …}` with `x-amzn-ErrorType: InvalidSignatureException`
 * and a `Date` header of the server's time.
 */
export async function verifyingServer(options: VerifierOptions): Promise<VerifyingServer> {
  const received: VerifyingServer['received'] = [];
  const server = createServer(async (incoming, response) => {
    const request = await receivedRequest(incoming);
    const verdict = verifySignature(request, options);
    received.push({ request, verdict });
    const date = new Date((options.now ?? Date.now)()).toUTCString();
    if (verdict.ok) {
      response.writeHead(200, { 'content-type': 'application/json', date });
      response.end(JSON.stringify({ ok: true }));
    } else {
      response.writeHead(403, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'InvalidSignatureException',
        date,
      });
      response.end(JSON.stringify({ message: verdict.reason }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A node:http request read whole, as the verifier takes it (headers joined, body as bytes). */
export async function receivedRequest(incoming: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: incoming.method ?? 'GET',
    target: incoming.url ?? '/',
    headers,
    body: Buffer.concat(chunks),
  };
}
