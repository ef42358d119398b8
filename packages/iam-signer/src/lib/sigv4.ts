import type { AwsCredentials } from '../types.ts';
import { amzDate } from './amz-date.ts';
import { canonicalRequest, type SignableRequest } from './canonical-request.ts';
import type { HashBackend } from './hash-backend.ts';
import { toHex } from './hex.ts';
import { signingKey } from './signing-key.ts';

export const algorithm = 'AWS4-HMAC-SHA256';
export const unsignedPayload = 'UNSIGNED-PAYLOAD';

export interface SigningParams {
  readonly credentials: AwsCredentials;
  readonly region: string;
  readonly service: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly uriEscapePath: boolean;
  readonly backend: HashBackend;
  /** Headers of `request` to leave out of the signature, besides those no signer signs (canonical-headers.ts). */
  readonly unsignableHeaders?: Set<string> | undefined;
}

/** Every intermediate of one signature, so tests can compare each with the AWS test suite. */
export interface Signature {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly signedHeaders: string;
  /** `20150830/us-east-1/service/aws4_request` */
  readonly scope: string;
  readonly amzDate: string;
}

/** Signs a canonical request: string to sign, signing key (cached), HMAC. */
export function signature(
  request: SignableRequest,
  payloadHash: string,
  params: SigningParams,
  longDate: string,
): Signature {
  const { backend, credentials, region, service } = params;
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/${region}/${service}/aws4_request`;
  const canonical = canonicalRequest(request, payloadHash, params.uriEscapePath, params.unsignableHeaders);
  const stringToSign = `${algorithm}\n${longDate}\n${scope}\n${toHex(backend.sha256(canonical.canonicalRequest))}`;
  const key = signingKey(backend, credentials, shortDate, region, service);
  return {
    canonicalRequest: canonical.canonicalRequest,
    stringToSign,
    signature: toHex(backend.hmac(key, stringToSign)),
    signedHeaders: canonical.signedHeaders,
    scope,
    amzDate: longDate,
  };
}

/** The headers that carry a signature (`authorization`, `x-amz-date`, …), lower case, to set on the request. */
export interface HeaderSignature extends Signature {
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Signs with the `Authorization` header: adds `x-amz-date`, the session token and (when asked) the payload
 * hash to the signed headers, and returns them with `authorization`.
 */
export function headerSignature(
  request: SignableRequest,
  payloadHash: string,
  params: SigningParams & { readonly signPayloadHeader: boolean },
): HeaderSignature {
  const added: Record<string, string> = { 'x-amz-date': amzDate(params.time) };
  if (params.credentials.sessionToken !== undefined)
    added['x-amz-security-token'] = params.credentials.sessionToken;
  if (params.signPayloadHeader) added['x-amz-content-sha256'] = payloadHash;
  const signed = signature(
    { ...request, headers: { ...request.headers, ...added } },
    payloadHash,
    params,
    added['x-amz-date']!,
  );
  added.authorization = `${algorithm} Credential=${params.credentials.accessKeyId}/${signed.scope}, SignedHeaders=${signed.signedHeaders}, Signature=${signed.signature}`;
  return { ...signed, headers: added };
}

/** The query parameters of a presigned URL, in the order they are appended. */
export interface QuerySignature extends Signature {
  readonly query: readonly (readonly [string, string])[];
}

/**
 * Signs with query parameters (a presigned URL): `X-Amz-Algorithm`, `-Credential`, `-Date`, `-Expires`,
 * `-SignedHeaders`, `-Security-Token`, then `-Signature`.
 */
export function querySignature(
  request: SignableRequest,
  payloadHash: string,
  params: SigningParams & { readonly expiresIn: number },
): QuerySignature {
  const longDate = amzDate(params.time);
  const { signedHeaders } = canonicalRequest(
    request,
    payloadHash,
    params.uriEscapePath,
    params.unsignableHeaders,
  );
  const shortDate = longDate.slice(0, 8);
  const added: [string, string][] = [
    ['X-Amz-Algorithm', algorithm],
    [
      'X-Amz-Credential',
      `${params.credentials.accessKeyId}/${shortDate}/${params.region}/${params.service}/aws4_request`,
    ],
    ['X-Amz-Date', longDate],
    ['X-Amz-Expires', String(params.expiresIn)],
    ['X-Amz-SignedHeaders', signedHeaders],
  ];
  if (params.credentials.sessionToken !== undefined)
    added.push(['X-Amz-Security-Token', params.credentials.sessionToken]);
  const query: Record<string, string | readonly string[]> = { ...request.query };
  for (const [name, value] of added) query[name] = appendValue(query[name], value);
  const signed = signature({ ...request, query, canonicalUri: undefined }, payloadHash, params, longDate);
  added.push(['X-Amz-Signature', signed.signature]);
  return { ...signed, query: added };
}

function appendValue(existing: string | readonly string[] | undefined, value: string): string | string[] {
  if (existing === undefined) return value;
  return typeof existing === 'string' ? [existing, value] : [...existing, value];
}
