// SigV4's hashes over WebCrypto, so the IAM authorizer runs unchanged in a browser (setupWorker) and in Node.

const encoder = new TextEncoder();

function bytes(data: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', bytes(data)));
}

async function hmac(key: string | Uint8Array | ArrayBuffer, data: string): Promise<ArrayBuffer> {
  const keyBytes = key instanceof ArrayBuffer ? new Uint8Array(key) : bytes(key);
  const cryptoKey = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(data));
}

/** The signature of `stringToSign` under the key derived from the secret and the credential scope. */
export async function signatureHex(
  secretAccessKey: string,
  scope: { date: string; region: string; service: string },
  stringToSign: string,
): Promise<string> {
  const dateKey = await hmac(`AWS4${secretAccessKey}`, scope.date);
  const regionKey = await hmac(dateKey, scope.region);
  const serviceKey = await hmac(regionKey, scope.service);
  const signingKey = await hmac(serviceKey, 'aws4_request');
  return toHex(await hmac(signingKey, stringToSign));
}

/** Compares two hex strings without stopping at the first difference. */
export function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
