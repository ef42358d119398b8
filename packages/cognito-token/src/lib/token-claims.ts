import { unverifiedJwtClaims } from '@ky-auth/token';

/**
 * The claims a session needs from its tokens, read without verifying them (the API verifies): when the
 * token expires (ms since the epoch) and the user's Cognito username (`username` in access tokens,
 * `cognito:username` in ID tokens), which `SECRET_HASH` is computed over when refreshing. `undefined`
 * when the token is not a JWT.
 */
export function tokenClaims(
  token: string,
): { expiresAt: number | undefined; username: string | undefined } | undefined {
  const claims = unverifiedJwtClaims(token);
  if (claims === undefined) return undefined;
  const username = claims.username ?? claims['cognito:username'];
  return {
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined,
    username: typeof username === 'string' ? username : undefined,
  };
}
