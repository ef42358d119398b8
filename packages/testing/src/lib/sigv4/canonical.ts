// API Gateway's canonicalization, written from the SigV4 specification rather than borrowed from a signer,
// so that a signer bug cannot hide behind the same bug here.

/** RFC 3986 encoding: everything but `A-Z a-z 0-9 - _ . ~` becomes `%XX`. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function decodeQueryComponent(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * The canonical URI of a path as it travelled on the wire (already percent-encoded once): dot and empty
 * segments removed, then every segment encoded again, as every service but S3 does (`/a%20b` → `/a%2520b`).
 */
export function canonicalUri(wirePath: string): string {
  const segments: string[] = [];
  for (const segment of wirePath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailingSlash = segments.length > 0 && wirePath.endsWith('/') ? '/' : '';
  return `/${segments.map(encodeRfc3986).join('/')}${trailingSlash}`;
}

/**
 * The canonical query string of a raw `?…` search: each name and value decoded, encoded again per RFC 3986,
 * sorted by name then value; a name without `=` gets an empty value. `omit` drops one parameter by name
 * (`X-Amz-Signature` when verifying a presigned URL).
 */
export function canonicalQuery(search: string, omit?: string): string {
  const raw = search.startsWith('?') ? search.slice(1) : search;
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decodeQueryComponent(equals < 0 ? part : part.slice(0, equals));
    const value = equals < 0 ? '' : decodeQueryComponent(part.slice(equals + 1));
    if (name === omit) continue;
    pairs.push([encodeRfc3986(name), encodeRfc3986(value)]);
  }
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  pairs.sort(([nameA, valueA], [nameB, valueB]) => byCodeUnit(nameA, nameB) || byCodeUnit(valueA, valueB));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** A header value as SigV4 canonicalizes it: trimmed, runs of spaces collapsed to one. */
export function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

export interface CanonicalRequestParts {
  readonly method: string;
  readonly wirePath: string;
  readonly search: string;
  /** Lowercase header names in `SignedHeaders` order, with the values they had on the request. */
  readonly headers: readonly (readonly [string, string])[];
  readonly payloadHash: string;
  readonly omitQueryParameter?: string;
}

/** The SigV4 canonical request. */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [
    parts.method.toUpperCase(),
    canonicalUri(parts.wirePath),
    canonicalQuery(parts.search, parts.omitQueryParameter),
    ...parts.headers.map(([name, value]) => `${name}:${canonicalHeaderValue(value)}`),
    '',
    parts.headers.map(([name]) => name).join(';'),
    parts.payloadHash,
  ].join('\n');
}
