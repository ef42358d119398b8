import { canonicalHeaders } from './canonical-headers.ts';
import { canonicalQuery } from './canonical-query.ts';
import { escapeUri } from './escape-uri.ts';

/** A request reduced to what SigV4 signs. */
export interface SignableRequest {
  readonly method: string;
  /** The path as it goes on the wire (percent-encoded once), or, with `uriEscapePath: false`, as signed. */
  readonly path: string;
  /** Decoded query parameters; a repeated key has an array of values. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Lower-case names, `host` included; values as they are sent. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The canonical path and query lines, when already known from {@link canonicalUri}: they are the same
   * for every request to a URL.
   */
  readonly canonicalUri?: string | undefined;
}

export interface CanonicalRequest {
  readonly canonicalRequest: string;
  readonly signedHeaders: string;
}

/**
 * The canonical request and signed-header list of `request`: sorted and encoded query, trimmed and folded
 * header values, the headers no signer signs (`user-agent`, `expect`, `sec-*`, …) left out, as smithy
 * (the code the AWS SDK for JavaScript signs with) canonicalizes them.
 */
export function canonicalRequest(
  request: SignableRequest,
  payloadHash: string,
  uriEscapePath: boolean,
  unsignableHeaders?: ReadonlySet<string>,
): CanonicalRequest {
  const uri = request.canonicalUri ?? canonicalUri(request.path, request.query, uriEscapePath);
  const headers = canonicalHeaders(request.headers, unsignableHeaders);
  const names = Object.keys(headers).sort();
  let headerLines = '';
  for (const name of names) headerLines += `${name}:${headers[name]}\n`;
  const signedHeaders = names.join(';');
  return {
    canonicalRequest: `${request.method}\n${uri}\n${headerLines}\n${signedHeaders}\n${payloadHash}`,
    signedHeaders,
  };
}

/** The canonical path and query lines of a canonical request. */
export function canonicalUri(path: string, query: SignableRequest['query'], uriEscapePath: boolean): string {
  return `${canonicalPath(path, uriEscapePath)}\n${canonicalQuery(query)}`;
}

/**
 * The path as smithy's `SignatureV4Base` signs it: with `uriEscapePath`, dot segments and empty segments
 * removed and every segment encoded once more; otherwise as given (S3).
 */
function canonicalPath(path: string, uriEscapePath: boolean): string {
  if (!uriEscapePath) return path;
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}
