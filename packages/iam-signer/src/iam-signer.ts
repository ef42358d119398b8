import type { Interceptor } from '@ky-auth/core';
import { signingInterceptor } from './lib/signing-interceptor.ts';
import { signingSettings } from './lib/signing-settings.ts';
import type { IamSignerOptions } from './types.ts';

/**
 * An interceptor that signs every request with AWS Signature Version 4 (IAM authorization), in the
 * `sign` stage, so the signature covers the headers set before it. It sets `authorization`, `x-amz-date`,
 * `x-amz-security-token` (temporary credentials) and, when asked, `x-amz-content-sha256`.
 *
 * A request that already carries an `Authorization` header that is not a SigV4 one (a Cognito token sent
 * to a default-IAM API, as Amplify documents) is left untouched; an empty or blank one is no credential
 * and the request is signed. When AWS rejects this signer's signature for its time (API Gateway's
 * `Signature expired: … (… - 5 min.)`, S3's `RequestTimeTooSkewed`; recognised by status, error type and
 * the exact message quoting the request's `x-amz-date`, never by a word in an app's own error) the
 * offset to the server's time (its `Date`, or the time the message quotes when a browser hides `Date`)
 * is learned and the request re-signed and retried once; later requests use the corrected clock.
 *
 * A call may carry its own credentials in ky's `context` (`api.get('me', { context: { credentials } })`,
 * static or a provider): a server calling APIs for many users through one client signs each call with
 * its user's. A provider is cached per provider function, so give each user their own and one user's
 * credentials never sign another's call. `credentials` may then be left out of the options.
 *
 * Fails the request (never sends it unsigned) with `CredentialsError` (`ERR_CREDENTIALS_*`) when there
 * are no usable credentials, and `SigningError` (`ERR_SIGNING_*`) when it cannot be signed.
 *
 * @param options - `credentials` (static, or a provider such as `fromCognitoIdentityPool`; optional when
 * every call gives its own), and the
 * signing options: `region` and `service` (inferred from execute-api and Lambda URL hosts),
 * `signPayloadHeader`, `unsignedPayload`, `maxBodyBytes`, `uriEscapePath`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { fromCognitoIdentityPool, iamSigner } from '@ky-auth/iam-signer';
 *
 * const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([
 *     iamSigner({ credentials: fromCognitoIdentityPool({ identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666' }) }),
 *   ], { endpoint }),
 * });
 * const items = await api.get('items').json();
 * ```
 */
export function iamSigner(options: IamSignerOptions): Interceptor {
  return signingInterceptor(signingSettings(options, 'iamSigner'), options.credentials);
}
