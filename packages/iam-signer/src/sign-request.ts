import { credentialsFor, credentialsGetter } from './lib/credentials-source.ts';
import { signFetchRequest } from './lib/sign-fetch-request.ts';
import { signingSettings } from './lib/signing-settings.ts';
import type { AwsCredentials, CredentialsProvider, IamSignerOptions, TimeSource } from './types.ts';

/**
 * Options of {@link signRequest}: those of `iamSigner`, plus the time and the original body.
 *
 * @example
 * ```ts
 * import type { SignRequestOptions } from '@ky-auth/iam-signer';
 *
 * const body = JSON.stringify({ name: 'widget' });
 * const options: SignRequestOptions = { credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, body };
 * ```
 */
export interface SignRequestOptions extends IamSignerOptions {
  /** Static credentials, or a provider such as `fromEnv()`. */
  readonly credentials: AwsCredentials | CredentialsProvider;
  /** The time to sign at. Default `Date.now`. */
  readonly clock?: TimeSource | undefined;
  /**
   * The body the request was created with, when it is a string, `URLSearchParams`, `ArrayBuffer` or view:
   * it is hashed directly instead of reading a copy of the request's stream (faster, and the request is
   * returned as it is). It must be the request's body.
   */
  readonly body?: unknown;
}

/**
 * Signs one fetch `Request` with AWS Signature Version 4, for code that does not use ky. Returns the
 * request itself with `authorization`, `x-amz-date` (and `x-amz-security-token`, `x-amz-content-sha256`
 * when they apply) set, or, when the body had to be read to be hashed (a `Blob`, `FormData` or stream), a
 * copy that sends exactly the bytes that were hashed; the body of the request given is then used up, so
 * send the copy. Unlike `iamSigner`, it replaces an `Authorization` header the request already has.
 *
 * Fails with `CredentialsError` or `SigningError`, as `iamSigner` does.
 *
 * @example
 * ```ts
 * import { signRequest } from '@ky-auth/iam-signer';
 *
 * const body = JSON.stringify({ name: 'widget' });
 * const request = new Request('https://abc123.execute-api.us-east-1.amazonaws.com/prod/items', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body,
 * });
 * const signed = await signRequest(request, {
 *   credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! },
 *   body,
 * });
 * const response = await fetch(signed);
 * ```
 */
export async function signRequest(request: Request, options: SignRequestOptions): Promise<Request> {
  const settings = signingSettings(options, 'signRequest');
  const now = () => options.clock?.now() ?? Date.now();
  const credentials = await credentialsFor(credentialsGetter(options.credentials), request.signal, now());
  return signFetchRequest(request, {
    credentials,
    settings,
    time: now(),
    knownBody: options.body,
    consumeBody: true,
  });
}
