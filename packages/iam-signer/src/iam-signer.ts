import type { Interceptor } from '@ky-auth/core';
import { learnClockSkew } from './lib/clock-skew.ts';
import { credentialsFor, credentialsGetter } from './lib/credentials-source.ts';
import { isSigV4Authorization } from './lib/is-sigv4.ts';
import { signFetchRequest } from './lib/sign-fetch-request.ts';
import { signingSettings } from './lib/signing-settings.ts';
import type { AwsCredentials, IamSignerOptions } from './types.ts';

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
 * Fails the request (never sends it unsigned) with `CredentialsError` (`ERR_CREDENTIALS_*`) when there
 * are no usable credentials, and `SigningError` (`ERR_SIGNING_*`) when it cannot be signed.
 *
 * @param options - `credentials` (static, or a provider such as `fromCognitoIdentityPool`), and the
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
  const settings = signingSettings(options, 'iamSigner');
  const getCredentials = credentialsGetter(options.credentials);
  return {
    name: 'iam',
    stage: 'sign',
    headerNames: settings.headerNames,
    apply(request, context) {
      // An empty (or blank) Authorization is no credential: signed, as Amplify signs it.
      const authorization = request.headers.get('authorization')?.trim();
      if (authorization && !isSigV4Authorization(authorization)) return undefined;
      // Static or cached credentials and a hash at hand sign without a promise: the steady state of a GET.
      const sign = (credentials: AwsCredentials) => {
        const signed = signFetchRequest(request, {
          credentials,
          settings,
          time: context.clock.now(),
          knownBody: context.body,
          // authHooks may rebuild this request for a re-authorized retry: leave its body readable.
          consumeBody: false,
        });
        return signed instanceof Request ? unchanged(signed) : signed.then(unchanged);
      };
      const unchanged = (signed: Request) => (signed === request ? undefined : signed);
      try {
        const credentials = credentialsFor(getCredentials, context.signal, context.clock.now());
        return credentials instanceof Promise ? credentials.then(sign) : sign(credentials);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    onResponse(response, request, context) {
      // Only a rejection of this signer's own signature says anything about its clock.
      if (!isSigV4Authorization(request.headers.get('authorization') ?? '')) return false;
      return learnClockSkew(response, request, context.clock);
    },
    // Loaded on a rejection only: a bundle that splits dynamic imports carries none of it up front.
    explain: (rejection, context) =>
      import('./lib/explain-rejection.ts').then(({ explainRejection }) =>
        explainRejection(rejection, context, settings, options.credentials),
      ),
  };
}
