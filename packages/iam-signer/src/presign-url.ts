import { ConfigError } from '@ky-auth/core';
import { hashBackend as backend } from '#hash';
import { credentialsFor, credentialsGetter } from './lib/credentials-source.ts';
import { escapeUri } from './lib/escape-uri.ts';
import { emptyPayloadHash, hashPayload } from './lib/payload-hash.ts';
import { queryRecord } from './lib/query-record.ts';
import { readBody } from './lib/read-body.ts';
import { s3CanonicalPath } from './lib/s3-path.ts';
import { signingScope, signingSettings } from './lib/signing-settings.ts';
import { querySignature, unsignedPayload } from './lib/sigv4.ts';
import type { AwsCredentials, CredentialsProvider, IamSignerOptions, TimeSource } from './types.ts';

/**
 * Options of {@link presignUrl}: those of `iamSigner`, plus how long the URL works.
 *
 * @example
 * ```ts
 * import type { PresignUrlOptions } from '@ky-auth/iam-signer';
 *
 * const options: PresignUrlOptions = { credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, expiresIn: 300 };
 * ```
 */
export interface PresignUrlOptions extends IamSignerOptions {
  /** Static credentials, or a provider such as `fromEnv()`. */
  readonly credentials: AwsCredentials | CredentialsProvider;
  /** Seconds the URL stays valid, 1 to 604800 (7 days). Default 900 (15 minutes). */
  readonly expiresIn?: number | undefined;
  /** The time to sign at. Default `Date.now`. */
  readonly clock?: TimeSource | undefined;
  /** The method the URL will be used with, when `input` is not a `Request`. Default `GET`. */
  readonly method?: string | undefined;
}

/** The query parameters a presigned URL carries; an input's own are replaced. */
const authParameters = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
];
const hostOnly = new Set(['content-length', 'accept-encoding']);
const maxExpiresIn = 7 * 24 * 60 * 60;

/**
 * Presigns a URL with AWS Signature Version 4: the signature and its parameters (`X-Amz-Algorithm`,
 * `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`, `X-Amz-Security-Token`,
 * `X-Amz-Signature`) travel in the query string, so the URL works without headers: a link, an `<img>`, a
 * WebSocket upgrade (`wss:`). A `Request`'s headers are signed too (its `x-amz-*` headers move into the
 * query) and must be sent with the URL. For `s3` the payload is `UNSIGNED-PAYLOAD`, as S3 expects.
 *
 * Fails with `CredentialsError` or `SigningError`, and with `ConfigError` `ERR_CONFIG_INVALID` (path
 * `presignUrl.expiresIn`) for an `expiresIn` outside 1…604800.
 *
 * @example
 * ```ts
 * import { presignUrl } from '@ky-auth/iam-signer';
 *
 * const url = await presignUrl('wss://abc123.execute-api.us-east-1.amazonaws.com/prod', {
 *   credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
 *   expiresIn: 60,
 * });
 * const socket = new WebSocket(url);
 * ```
 */
export async function presignUrl(input: string | URL | Request, options: PresignUrlOptions): Promise<URL> {
  const settings = signingSettings(options, 'presignUrl');
  const expiresIn = options.expiresIn ?? 900;
  if (!Number.isSafeInteger(expiresIn) || expiresIn < 1 || expiresIn > maxExpiresIn) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      'presignUrl.expiresIn',
      `The expiresIn option must be a whole number of seconds from 1 to ${maxExpiresIn} (7 days).`,
    );
  }
  const request = input instanceof Request ? input : undefined;
  const url = new URL(input instanceof Request ? input.url : input);
  for (const name of authParameters) if (url.searchParams.has(name)) url.searchParams.delete(name);
  const { region, service } = signingScope(settings, url);

  const headers: Record<string, string> = Object.create(null);
  const hoisted: string[] = [];
  for (const [name, value] of request?.headers ?? []) {
    if (name.startsWith('x-amz-')) hoisted.push(`${name}=${escapeUri(value)}`);
    else if (!hostOnly.has(name) && name !== 'authorization') headers[name] = value;
  }
  if (hoisted.length > 0)
    url.search = url.search === '' ? hoisted.join('&') : `${url.search}&${hoisted.join('&')}`;
  headers.host = url.host;

  const now = () => options.clock?.now() ?? Date.now();
  const credentials = await credentialsFor(credentialsGetter(options.credentials), request?.signal, now());
  const payloadHash =
    (options.unsignedPayload ?? service === 's3')
      ? unsignedPayload
      : request?.body != null
        ? await hashPayload(await readBody(request, settings.maxBodyBytes), backend)
        : emptyPayloadHash;

  const uriEscapePath = settings.uriEscapePath ?? service !== 's3';
  const signed = querySignature(
    {
      method: request?.method ?? options.method ?? 'GET',
      // S3 checks the path it decoded and encoded again: sign that, not the path as sent.
      path: service === 's3' && !uriEscapePath ? s3CanonicalPath(url.pathname) : url.pathname,
      query: queryRecord(url.search),
      headers,
    },
    payloadHash,
    {
      credentials,
      region,
      service,
      time: now(),
      uriEscapePath,
      backend,
      expiresIn,
    },
  );
  const added = signed.query.map(([name, value]) => `${name}=${escapeUri(value)}`).join('&');
  url.search = url.search === '' ? added : `${url.search}&${added}`;
  return url;
}
