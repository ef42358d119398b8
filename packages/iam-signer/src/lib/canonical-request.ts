import { Sha256 as JsSha256 } from '@aws-crypto/sha256-js';
import { getCanonicalHeaders, SignatureV4Base } from '@smithy/signature-v4';

/** A request reduced to what SigV4 signs. */
export interface SignableRequest {
  readonly method: string;
  /** The path as it goes on the wire (percent-encoded once), or, with `uriEscapePath: false`, as signed. */
  readonly path: string;
  /** Decoded query parameters; a repeated key has an array of values. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Lower-case names, `host` included; values as they are sent. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface CanonicalRequest {
  readonly canonicalRequest: string;
  readonly signedHeaders: string;
}

/**
 * Smithy's canonicalization (the one the AWS SDK for JavaScript signs with), without its signing: path
 * normalization and double encoding, sorted and encoded query, trimmed and folded header values, the
 * headers no signer signs (`user-agent`, `expect`, `sec-*`, …) left out. Only the crypto around it is ours.
 */
class CanonicalRequestBuilder extends SignatureV4Base {
  constructor(uriEscapePath: boolean) {
    // Region, service, credentials and hash belong to smithy's signing, which is never called.
    super({
      service: 'unused',
      region: 'unused',
      credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
      sha256: JsSha256,
      uriEscapePath,
    });
  }

  build(
    request: SignableRequest,
    payloadHash: string,
    unsignableHeaders: Set<string> | undefined,
  ): CanonicalRequest {
    const httpRequest = {
      method: request.method,
      protocol: 'https:',
      hostname: request.headers.host ?? '',
      path: request.path,
      query: request.query as Record<string, string | string[]>,
      headers: request.headers as Record<string, string>,
    };
    const canonicalHeaders = getCanonicalHeaders(httpRequest, unsignableHeaders);
    return {
      canonicalRequest: this.createCanonicalRequest(httpRequest, canonicalHeaders, payloadHash),
      signedHeaders: this.getCanonicalHeaderList(canonicalHeaders),
    };
  }
}

const escapingPath = new CanonicalRequestBuilder(true);
const literalPath = new CanonicalRequestBuilder(false);

/** The canonical request and signed-header list of `request`. */
export function canonicalRequest(
  request: SignableRequest,
  payloadHash: string,
  uriEscapePath: boolean,
  unsignableHeaders?: Set<string>,
): CanonicalRequest {
  return (uriEscapePath ? escapingPath : literalPath).build(request, payloadHash, unsignableHeaders);
}
