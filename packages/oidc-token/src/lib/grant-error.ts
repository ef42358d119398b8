import { KyAuthError, TokenError } from '@ky-auth/core';
import { ResponseBodyError, WWWAuthenticateChallengeError } from 'oauth4webapi';

/** OAuth errors that mean the grant itself is refused: asking again with the same one cannot succeed. */
const rejections = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/**
 * A `TokenError` for a failed token request: `ERR_TOKEN_REFRESH_REJECTED` when the provider refused the
 * grant or the client, `ERR_TOKEN_REFRESH_FAILED` otherwise (network, server error, malformed answer).
 * The message names the issuer and the OAuth error code only: an `error_description` is the provider's
 * free text and could echo what was sent.
 */
export function grantError(error: unknown, issuer: string, grant: string): Error {
  if (error instanceof KyAuthError) return error;
  const code = oauthErrorCode(error);
  if (code !== undefined && rejections.has(code)) {
    return new TokenError(
      'ERR_TOKEN_REFRESH_REJECTED',
      `The OpenID provider ${issuer} rejected the ${grant} grant (${code}); the request was not sent.${grant === 'refresh_token' ? ' The refresh token is no longer used: sign in again.' : ' Check the client id and secret.'}`,
      { cause: error },
    );
  }
  return new TokenError(
    'ERR_TOKEN_REFRESH_FAILED',
    `A ${grant} token request to the OpenID provider ${issuer} failed${code === undefined ? '' : ` (${code})`}; the request was not sent. See \`cause\`.`,
    { cause: error },
  );
}

function oauthErrorCode(error: unknown): string | undefined {
  if (error instanceof ResponseBodyError) return error.error;
  if (error instanceof WWWAuthenticateChallengeError) {
    const code = error.cause[0]?.parameters.error;
    return typeof code === 'string' ? code : 'invalid_client';
  }
  return undefined;
}
