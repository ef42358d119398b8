import { hashBackend as backend } from '#hash';
import type { AwsCredentials } from '../types.ts';
import { bodyBytes } from './body-bytes.ts';
import { emptyPayloadHash, hashPayload } from './payload-hash.ts';
import { type RequestTarget, requestTarget } from './request-target.ts';
import type { SigningSettings } from './signing-settings.ts';
import { headerSignature, unsignedPayload } from './sigv4.ts';

// Loaded when a body must be read from the request (`signRequest` with a stream, Blob or FormData), then
// kept: each `import()` goes through the module loader again (about 6 µs in Node 24). Through authHooks
// the engine hands the signer the bytes it sends, so a ky app never loads the reader.
let readBody: typeof import('./read-body.ts').readBody | undefined;

/**
 * Headers left out of the signature besides those no signer signs (`user-agent`, `expect`,
 * `connection`, `x-amzn-trace-id`, `sec-*`, `proxy-*`, …): the runtime computes `content-length` and
 * `accept-encoding` itself (browsers forbid setting them), and proxies and CDNs rewrite the others.
 */
const unsignableHeaders = new Set([
  'content-length',
  'accept-encoding',
  'forwarded',
  'via',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
]);

export interface FetchSigning {
  readonly credentials: AwsCredentials;
  readonly settings: SigningSettings;
  /** Milliseconds since the epoch, clock skew corrected. */
  readonly time: number;
  /** The body the request was built from, when it can be hashed without reading the request. */
  readonly knownBody: unknown;
  /**
   * Read a body that must be read from the request itself rather than a clone: faster, but the request
   * given cannot be sent afterwards (the signed copy is).
   */
  readonly consumeBody: boolean;
}

/**
 * Signs a fetch `Request` with the `Authorization` header. Returns the request itself with the signature
 * headers set, or, when its body had to be read to be hashed, a copy that sends exactly the bytes hashed.
 * Without a promise when the payload hash is at hand (no body, or a small known one).
 */
export function signFetchRequest(request: Request, signing: FetchSigning): Request | Promise<Request> {
  const { settings } = signing;
  const destination = requestTarget(settings, request.url);
  const declaredPayload = request.headers.get('x-amz-content-sha256');
  const sign = (target: Request, payloadHash: string) =>
    signHeaders(target, destination, payloadHash, declaredPayload, signing);

  if (settings.unsignedPayload || declaredPayload === unsignedPayload) return sign(request, unsignedPayload);
  if (request.body === null || (request.body === undefined && !mayHaveBody(request.method)))
    return sign(request, emptyPayloadHash);
  const known = bodyBytes(signing.knownBody);
  if (known !== undefined) {
    const payloadHash = hashPayload(known, backend);
    return typeof payloadHash === 'string'
      ? sign(request, payloadHash)
      : payloadHash.then((hash) => sign(request, hash));
  }
  return (async () => {
    readBody ??= (await import('./read-body.ts')).readBody;
    const bytes = await readBody(request, settings.maxBodyBytes, signing.consumeBody);
    return sign(
      new Request(request, { body: bytes as Uint8Array<ArrayBuffer> }),
      await hashPayload(bytes, backend),
    );
  })();
}

/**
 * Where fetch has no body streams (React Native's whatwg-fetch), `body` is undefined whether or not there
 * is one; a GET or HEAD has none (fetch refuses it one), any other method is read to know.
 */
function mayHaveBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

function signHeaders(
  target: Request,
  { host, region, service, uriEscapePath, canonicalUri }: RequestTarget,
  payloadHash: string,
  declaredPayload: string | null,
  { credentials, settings, time }: FetchSigning,
): Request {
  const headers: Record<string, string> = Object.create(null);
  for (const [name, value] of target.headers) headers[name] = value;
  delete headers.authorization;
  delete headers['x-amz-date'];
  delete headers['x-amz-security-token'];
  headers.host = host;

  const signed = headerSignature(
    { method: target.method, path: '', query: {}, headers, canonicalUri },
    payloadHash,
    {
      credentials,
      region,
      service,
      time,
      uriEscapePath,
      backend,
      unsignableHeaders,
      // A payload header the caller set is kept truthful rather than signed as given.
      signPayloadHeader:
        settings.signPayloadHeader || payloadHash === unsignedPayload || declaredPayload !== null,
    },
  );
  if (credentials.sessionToken === undefined) target.headers.delete('x-amz-security-token');
  for (const name in signed.headers) target.headers.set(name, signed.headers[name]!);
  return target;
}
