/**
 * The floor for the Request-in, Request-out contract in Node: build the `Request`, read its body once
 * (by its stream's chunks), do only the hashing SigV4 requires with node:crypto (the body's
 * SHA-256, the canonical request's SHA-256, one HMAC with a signing key derived once per day, as the
 * signers here cache it), set the headers. Nothing a real signer can skip is skipped: it canonicalizes the path, query and every header.
 * Hashes are one-shot `crypto.hash`, and the HMAC is two of them over pads computed with the key
 * (RFC 2104): `createHmac` spends about 10 µs per call setting up its key under OpenSSL 3, five times the
 * hashing itself.
 */
import { createHmac, hash } from 'node:crypto';
import { credentials, type Fixture, region, requestOf, service } from './fixtures.ts';
import type { Signer } from './peers.ts';

interface HmacPads {
  readonly inner: Buffer;
  readonly outer: Buffer;
}

const signingPads = new Map<string, HmacPads>();

function padsOf(day: string): HmacPads {
  let pads = signingPads.get(day);
  if (pads === undefined) {
    const hmac = (k: string | Buffer, data: string) => createHmac('sha256', k).update(data).digest();
    const key = hmac(
      hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service),
      'aws4_request',
    );
    pads = { inner: Buffer.alloc(64), outer: Buffer.alloc(64) };
    for (let i = 0; i < 64; i += 1) {
      pads.inner[i] = (key[i] ?? 0) ^ 0x36;
      pads.outer[i] = (key[i] ?? 0) ^ 0x5c;
    }
    signingPads.set(day, pads);
  }
  return pads;
}

function hmacHex({ inner, outer }: HmacPads, data: string): string {
  const innerHash = hash('sha256', Buffer.concat([inner, Buffer.from(data)]), 'buffer');
  return hash('sha256', Buffer.concat([outer, innerHash]), 'hex');
}

const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(search: string): string {
  if (search.length < 2) return '';
  return search
    .slice(1)
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      const key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      const value = at < 0 ? '' : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, ' '));
      return `${rfc3986(key)}=${rfc3986(value)}`;
    })
    .sort()
    .join('&');
}

/**
 * Reads the body once and returns its bytes (the one chunk itself when there is one): faster in Node than
 * `arrayBuffer()` or `bytes()`, which copy a 1 MiB body.
 */
async function readOnce(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    size += chunk.value.byteLength;
  }
  let bytes = chunks[0] ?? new Uint8Array(0);
  if (chunks.length > 1) {
    bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
  }
  return bytes as Uint8Array<ArrayBuffer>;
}

/** Signs `request`; returns the request to send. */
export async function limitSign(request: Request): Promise<Request> {
  const body = request.body === null ? undefined : await readOnce(request.body);
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const url = new URL(request.url);
  const signed = body === undefined ? request : new Request(request, { body });
  const { headers } = signed;
  headers.set('x-amz-date', amzDate);
  headers.set('x-amz-security-token', credentials.sessionToken);

  // Headers iterate lower-cased and sorted; host is added in its place.
  const entries = [...headers, ['host', url.host] as [string, string]].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const names = entries.map(([name]) => name).join(';');
  const canonicalHeaders = entries.map(([name, value]) => `${name}:${value.trim()}\n`).join('');
  const payloadHash = hash('sha256', body ?? '', 'hex');
  const path = url.pathname
    .split('/')
    .map((segment) => rfc3986(segment))
    .join('/');
  const canonicalRequest = `${request.method}\n${path}\n${canonicalQuery(url.search)}\n${canonicalHeaders}\n${names}\n${payloadHash}`;
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
  const signature = hmacHex(padsOf(day), stringToSign);
  headers.set(
    'authorization',
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names}, Signature=${signature}`,
  );
  return signed;
}

export const limit: Signer = {
  name: 'limit (node:crypto, Request in/out)',
  contract: 'Request',
  prepare(fixture: Fixture) {
    return { run: () => limitSign(requestOf(fixture)) };
  },
  signed(fixture: Fixture) {
    return limitSign(requestOf(fixture));
  },
};
