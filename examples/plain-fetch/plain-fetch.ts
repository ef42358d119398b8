// SigV4 without ky: sign a plain fetch `Request` with `signRequest`, and presign a URL with `presignUrl`
// (the signature in the query string, so the URL works with no headers at all: a link, an <img>, a
// WebSocket, a colleague's curl).
//
// Run it: node examples/plain-fetch/plain-fetch.ts (a local stand-in answers).
import { fromEnv, presignUrl, signRequest } from '@ky-auth/iam-signer';

interface Echo {
  readonly path: string;
  readonly principal: {
    readonly type: string;
    readonly accessKeyId?: string;
    readonly presigned?: boolean;
  } | null;
}

const endpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod';

export async function main(): Promise<void> {
  const credentials = fromEnv();

  // Sign a request, then send it with fetch.
  const body = JSON.stringify({ sku: 'widget-42', quantity: 1 });
  const request = new Request(`${endpoint}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const signed = await signRequest(request, { credentials, body });
  const response = await fetch(signed);
  const created = (await response.json()) as Echo;
  console.log(`fetch   POST ${created.path} -> ${response.status}, IAM ${created.principal?.accessKeyId}`);

  // Presign a URL valid for 5 minutes, and use it without any header.
  const url = await presignUrl(`${endpoint}/reports/2024-05.csv`, { credentials, expiresIn: 300 });
  const download = await fetch(url);
  const report = (await download.json()) as Echo;
  console.log(
    `presign GET ${report.path} -> ${download.status}, ${report.principal?.presigned ? 'presigned' : 'headers'} (X-Amz-Expires=${url.searchParams.get('X-Amz-Expires')})`,
  );

  // The same URL with its signature tampered with is refused by the API.
  url.searchParams.set('X-Amz-Expires', '604800');
  const tampered = await fetch(url);
  console.log(`tampered GET -> ${tampered.status} ${tampered.headers.get('x-amzn-errortype')}`);
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
