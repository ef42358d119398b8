import { escapeUri } from './escape-uri.ts';

/**
 * The canonical query string of SigV4: every key and value URI-escaped (RFC 3986), keys sorted by their
 * escaped form, a repeated key's `key=value` pairs sorted among themselves, `X-Amz-Signature` left out
 * (in any case) since a presigned URL's signature cannot sign itself. A key with no values is dropped.
 * The same string smithy's `getCanonicalQuery` builds.
 */
export function canonicalQuery(query: Readonly<Record<string, string | readonly string[]>>): string {
  const entries: [key: string, pairs: string][] = [];
  for (const key of Object.keys(query)) {
    if (key.toLowerCase() === 'x-amz-signature') continue;
    const escapedKey = escapeUri(key);
    const values = query[key]!;
    const pairs =
      typeof values === 'string'
        ? `${escapedKey}=${escapeUri(values)}`
        : values
            .map((value) => `${escapedKey}=${escapeUri(value)}`)
            .sort()
            .join('&');
    if (pairs !== '') entries.push([escapedKey, pairs]);
  }
  return entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, pairs]) => pairs)
    .join('&');
}
