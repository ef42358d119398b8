import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  jwtVerify,
} from 'jose';

/**
 * Where public keys come from: a JWKS document, its URL (fetched, through MSW if mocked), or a jose key getter.
 *
 * @example
 * ```ts
 * const fromDocument: JwksSource = pool.jwks;
 * const fromUrl: JwksSource = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/jwks.json';
 * ```
 */
export type JwksSource = JSONWebKeySet | string | URL | JWTVerifyGetKey;

export function keyResolver(jwks: JwksSource): JWTVerifyGetKey {
  if (typeof jwks === 'function') return jwks;
  if (typeof jwks === 'string' || jwks instanceof URL) return createRemoteJWKSet(new URL(jwks));
  return createLocalJWKSet(jwks);
}

/** The token of an `Authorization` value, with or without its `Bearer ` prefix. */
export function bearerToken(value: string): string {
  return value.replace(/^\s*Bearer\s+/i, '').trim();
}

export function tokenScopes(claims: JWTPayload): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter(Boolean);
  if (Array.isArray(claims.scp))
    return claims.scp.filter((scope): scope is string => typeof scope === 'string');
  return [];
}

/** A verification failure in words, for records and `www-authenticate` (never the token itself). */
export function failureReason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** A bearer token checked: its claims, or why it was refused (and jose's error, when it was jose). */
export type BearerCheck =
  | { readonly claims: JWTPayload }
  | { readonly failure: string; readonly error?: unknown };

/**
 * Reads the token from `header` (raw or `Bearer `) and verifies it with jose at the authorizer's time.
 * Shared by the Cognito and JWT authorizers, which differ only in the claims they check afterwards.
 */
export async function verifyBearer(
  request: Request,
  header: string,
  getKey: JWTVerifyGetKey,
  options: JWTVerifyOptions & { readonly now: number },
): Promise<BearerCheck> {
  const value = request.headers.get(header);
  const token = value === null ? '' : bearerToken(value);
  if (token === '') return { failure: `no ${header} header` };
  const { now, ...verifyOptions } = options;
  try {
    const { payload } = await jwtVerify(token, getKey, { ...verifyOptions, currentDate: new Date(now) });
    return { claims: payload };
  } catch (error) {
    return { failure: failureReason(error), error };
  }
}
