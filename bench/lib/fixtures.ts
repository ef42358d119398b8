/**
 * The requests every signer signs, built the same way in Node and in the browser page, so every figure
 * is a ratio over identical inputs.
 */

export const credentials = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN/////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
} as const;

export const region = 'us-east-1';
export const service = 'execute-api';
export const origin = 'https://abc123.execute-api.us-east-1.amazonaws.com';

/** One request to sign: what a caller hands to ky (or to `new Request`). */
export interface Fixture {
  readonly id: 'get' | 'post-1k' | 'post-1m';
  readonly label: string;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  /** A string (JSON) or bytes; `undefined` for GET. */
  readonly body: string | Uint8Array<ArrayBuffer> | undefined;
}

/** `count` bytes of deterministic noise (xorshift), so no run compresses or caches better than another. */
function noise(count: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(count);
  let x = 0x9e3779b9;
  for (let i = 0; i < count; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** A JSON document of exactly `size` bytes. */
function jsonOf(size: number): string {
  const items: { id: number; name: string; tags: string[] }[] = [];
  let text = '';
  for (let id = 0; ; id += 1) {
    items.push({ id, name: `item-${id}`, tags: ['alpha', 'beta'] });
    const next = JSON.stringify({ items, note: '' });
    if (next.length > size) break;
    text = next;
  }
  const base = JSON.parse(text) as { items: unknown[]; note: string };
  base.note = 'x'.repeat(size - text.length);
  const padded = JSON.stringify(base);
  if (padded.length !== size) throw new Error(`jsonOf: built ${padded.length} bytes instead of ${size}`);
  return padded;
}

export const fixtures: readonly Fixture[] = [
  {
    id: 'get',
    label: 'GET with query',
    url: `${origin}/prod/items/search?limit=25&next=eyJpZCI6IjQyIn0%3D&filter=name%20eq%20%27a%2Fb%27&sort=-created`,
    method: 'GET',
    headers: { accept: 'application/json' },
    body: undefined,
  },
  {
    id: 'post-1k',
    label: 'POST 1 KiB JSON',
    url: `${origin}/prod/items`,
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: jsonOf(1024),
  },
  {
    id: 'post-1m',
    label: 'POST 1 MiB binary',
    url: `${origin}/prod/uploads/blob.bin`,
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: noise(1024 * 1024),
  },
];

/** A fresh `Request` for a fixture (a body can be read once, so every iteration builds its own). */
export function requestOf(fixture: Fixture): Request {
  return new Request(fixture.url, {
    method: fixture.method,
    headers: fixture.headers,
    body: fixture.body ?? null,
  });
}

/** The fixture's body as bytes, for signers that take plain objects. */
export function bodyBytes(fixture: Fixture): Uint8Array<ArrayBuffer> | undefined {
  return typeof fixture.body === 'string' ? new TextEncoder().encode(fixture.body) : fixture.body;
}
