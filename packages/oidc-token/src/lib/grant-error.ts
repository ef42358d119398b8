import { isKyAuthErrorOrAbort, redactedCause, TokenError } from '@ky-auth/core';
import type { OAuth } from './load-oauth.ts';

/** The error classes of oauth4webapi, once it has loaded: what an OAuth refusal is told apart by. */
type OAuthErrors = Pick<OAuth, 'ResponseBodyError' | 'WWWAuthenticateChallengeError'>;

/** OAuth errors that mean the grant itself is refused: asking again with the same one cannot succeed. */
const rejections = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/**
 * A `TokenError` for a failed token request: `ERR_TOKEN_REFRESH_REJECTED` when the provider refused the
 * grant or the client, `ERR_TOKEN_REFRESH_FAILED` otherwise (network, server error, malformed answer).
 * The message names the issuer and the OAuth error code only, and the `cause` is a redacted copy of what
 * oauth4webapi or fetch threw: its kind, OAuth error code and HTTP status, without the response body (an
 * `error_description` is the provider's free text and could echo what was sent; a token response that
 * failed a check holds the new access and refresh tokens) and without any of `secrets`. `oauth` is the
 * loaded library, `undefined` when loading it is what failed.
 */
export function grantError(
  error: unknown,
  issuer: string,
  grant: string,
  secrets: readonly (string | undefined)[],
  oauth: OAuthErrors | undefined,
): Error {
  if (isKyAuthErrorOrAbort(error)) return error;
  const code = oauth === undefined ? undefined : oauthErrorCode(error, oauth);
  const cause = redactedCause(error, { secrets });
  if (rejections.has(code ?? '')) {
    return new TokenError(
      'ERR_TOKEN_REFRESH_REJECTED',
      `The OpenID provider ${issuer} rejected the ${grant} grant (${code}); the request was not sent.${grant === 'refresh_token' ? ' The refresh token is no longer used: sign in again.' : ' Check the client id and secret.'}`,
      { cause },
    );
  }
  return new TokenError(
    'ERR_TOKEN_REFRESH_FAILED',
    `A ${grant} token request to the OpenID provider ${issuer} failed${code === undefined ? '' : ` (${code})`}; the request was not sent. See \`cause\`.`,
    { cause },
  );
}

/** OAuth error codes are short snake-case words (RFC 6749 §5.2); anything else is not quoted. */
const errorCode = /^[a-z_]{1,64}$/;

function oauthErrorCode(error: unknown, oauth: OAuthErrors): string | undefined {
  let code: unknown;
  if (error instanceof oauth.ResponseBodyError) code = error.error;
  else if (error instanceof oauth.WWWAuthenticateChallengeError)
    code = error.cause[0]?.parameters.error ?? 'invalid_client';
  else return undefined;
  return typeof code === 'string' && errorCode.test(code) ? code : 'unrecognized_error';
}
