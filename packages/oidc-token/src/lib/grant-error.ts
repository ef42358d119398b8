import { KyAuthError, TokenError } from '@ky-auth/core';
import { ResponseBodyError, WWWAuthenticateChallengeError } from 'oauth4webapi';

/** OAuth errors that mean the grant itself is refused: asking again with the same one cannot succeed. */
const rejections = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/**
 * A `TokenError` for a failed token request: `ERR_TOKEN_REFRESH_REJECTED` when the provider refused the
 * grant or the client, `ERR_TOKEN_REFRESH_FAILED` otherwise (network, server error, malformed answer).
 * The message names the issuer and the OAuth error code only, and the `cause` keeps no more: an
 * `error_description` is the provider's free text and could echo what was sent.
 */
export function grantError(error: unknown, issuer: string, grant: string): Error {
  if (error instanceof KyAuthError) return error;
  const code = oauthErrorCode(error);
  // oauth4webapi's OAuth errors hold the provider's answer (its body, its challenge parameters), free
  // text that may repeat the refresh token or client secret that was sent: the cause keeps only the code.
  const cause = code === undefined ? error : oauthErrorWithoutText(error, code);
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

function oauthErrorCode(error: unknown): string | undefined {
  let code: unknown;
  if (error instanceof ResponseBodyError) code = error.error;
  else if (error instanceof WWWAuthenticateChallengeError)
    code = error.cause[0]?.parameters.error ?? 'invalid_client';
  else return undefined;
  return typeof code === 'string' && errorCode.test(code) ? code : 'unrecognized_error';
}

function oauthErrorWithoutText(error: unknown, code: string): Error {
  const status = (error as { status?: unknown }).status;
  const cause = new Error(
    `The provider answered${typeof status === 'number' ? ` HTTP ${status}` : ''} with the OAuth error ${code}; its description is left out, as it may repeat what was sent.`,
  );
  cause.name = (error as Error).name;
  return cause;
}
