import { escapeUri } from '@smithy/core/protocols';
import { getCanonicalHeaders, getCanonicalQuery } from '@smithy/signature-v4';

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

type SmithyRequest = Parameters<typeof getCanonicalQuery>[0];

/**
 * The canonical request and signed-header list of `request`. The query and headers are canonicalized by
 * smithy (the code the AWS SDK for JavaScript signs with): sorted and encoded query, trimmed and folded
 * header values, the headers no signer signs (`user-agent`, `expect`, `sec-*`, …) left out.
 */
export function canonicalRequest(
  request: SignableRequest,
  payloadHash: string,
  uriEscapePath: boolean,
  unsignableHeaders?: Set<string>,
): CanonicalRequest {
  const uri = request.canonicalUri ?? canonicalUri(request.path, request.query, uriEscapePath);
  const headers = getCanonicalHeaders(request as unknown as SmithyRequest, unsignableHeaders);
  const names = Object.keys(headers).sort();
  let headerLines = '';
  for (const name of names) headerLines += `${name}:${headers[name]}\n`;
  const signedHeaders = names.join(';');
  return {
    canonicalRequest: `${request.method}\n${uri}\n${headerLines}\n${signedHeaders}\n${payloadHash}`,
    signedHeaders,
  };
}

/** The canonical path and query lines of a canonical request (smithy's query canonicalization). */
export function canonicalUri(path: string, query: SignableRequest['query'], uriEscapePath: boolean): string {
  return `${canonicalPath(path, uriEscapePath)}\n${getCanonicalQuery({ query } as unknown as SmithyRequest)}`;
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
