import type { JSONWebKeySet, JWTPayload } from 'jose';
import type { http } from 'msw';
import { jwksHandlers } from './lib/jwks-handlers.ts';
import { epochSeconds, mint } from './lib/mint.ts';
import { createSigningKey } from './lib/signing-key.ts';
import { sha256Hex } from './lib/sigv4/crypto.ts';
import type { NowClock } from './types.ts';

/**
 * Options of {@link createTestUserPool}.
 *
 * @example
 * ```ts
 * const options: TestUserPoolOptions = { region: 'eu-west-1', poolId: 'eu-west-1_AbCdEfGhI', clientId: 'abc' };
 * ```
 */
export interface TestUserPoolOptions {
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Default `<region>_KyAuthTst`. */
  readonly poolId?: string;
  /** The app client id tokens are issued to. Default `kyauthtestclient000000001`. */
  readonly clientId?: string;
  /** The clock for `iat`, `auth_time` and `exp`. Default `Date`. */
  readonly clock?: NowClock;
}

/**
 * How to mint one token; every field is optional.
 *
 * @example
 * ```ts
 * const expired: TestTokenOptions = { username: 'alice', expiresIn: -60 };
 * const admin: TestTokenOptions = { groups: ['admins'], scopes: ['openid', 'items/write'] };
 * ```
 */
export interface TestTokenOptions {
  /** `cognito:username` / `username`. Default `testuser`. */
  readonly username?: string;
  /** `sub`. Default a UUID derived from the pool and username, so it is stable. */
  readonly sub?: string;
  readonly email?: string;
  /** `cognito:groups`. */
  readonly groups?: readonly string[];
  /** The access token's `scope`. Default `aws.cognito.signin.user.admin`. */
  readonly scopes?: readonly string[];
  /** `aud` (ID token) / `client_id` (access token). Default the pool's client. */
  readonly clientId?: string;
  /** Lifetime in seconds from `issuedAt`; negative for a token already expired. Default 3600. */
  readonly expiresIn?: number;
  /** `iat` and `auth_time`. Default the pool clock's now. */
  readonly issuedAt?: Date | number | string;
  /** Overrides `iss`, to mint a token that claims another issuer with this pool's key. */
  readonly issuer?: string;
  /** Extra claims, applied last (they override the others). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * A Cognito user pool stand-in: mints RS256 ID and access tokens with Cognito's claims and serves its keys.
 *
 * @example
 * ```ts
 * const pool = await createTestUserPool();
 * const { idToken, accessToken } = await pool.tokens({ username: 'alice' });
 * ```
 */
export interface TestUserPool {
  readonly region: string;
  readonly poolId: string;
  readonly clientId: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: string;
  /** `cognito-idp.<region>.amazonaws.com/<poolId>`: the key of the pool in Cognito Identity `Logins`. */
  readonly providerName: string;
  /** `<issuer>/.well-known/jwks.json`. */
  readonly jwksUri: string;
  /** The public keys. */
  readonly jwks: JSONWebKeySet;
  /** MSW handlers serving the JWKS and the OpenID configuration at the issuer. */
  readonly handlers: ReturnType<typeof http.get>[];
  idToken(options?: TestTokenOptions): Promise<string>;
  accessToken(options?: TestTokenOptions): Promise<string>;
  tokens(options?: TestTokenOptions): Promise<{ idToken: string; accessToken: string }>;
}

async function stableUuid(seed: string): Promise<string> {
  const hex = await sha256Hex(seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates a {@link TestUserPool} with a fresh RS256 key pair.
 *
 * @example
 * ```ts
 * import { createTestUserPool } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const pool = await createTestUserPool({ region: 'us-east-1' });
 * setupServer(...pool.handlers).listen(); // serves pool.jwksUri
 * const idToken = await pool.idToken({ username: 'alice', groups: ['admins'] });
 * const expired = await pool.accessToken({ expiresIn: -1 });
 * ```
 */
export async function createTestUserPool(options: TestUserPoolOptions = {}): Promise<TestUserPool> {
  const region = options.region ?? 'us-east-1';
  const poolId = options.poolId ?? `${region}_KyAuthTst`;
  const clientId = options.clientId ?? 'kyauthtestclient000000001';
  const clock = options.clock ?? Date;
  const providerName = `cognito-idp.${region}.amazonaws.com/${poolId}`;
  const issuer = `https://${providerName}`;
  const key = await createSigningKey();
  const jwks = { keys: [key.publicJwk] };

  async function commonClaims(tokenOptions: TestTokenOptions): Promise<JWTPayload> {
    const username = tokenOptions.username ?? 'testuser';
    const iat = epochSeconds(tokenOptions.issuedAt ?? clock.now());
    return {
      sub: tokenOptions.sub ?? (await stableUuid(`${poolId}:${username}`)),
      iss: tokenOptions.issuer ?? issuer,
      ...(tokenOptions.groups ? { 'cognito:groups': [...tokenOptions.groups] } : {}),
      origin_jti: crypto.randomUUID(),
      event_id: crypto.randomUUID(),
      auth_time: iat,
      iat,
      exp: iat + (tokenOptions.expiresIn ?? 3600),
      jti: crypto.randomUUID(),
    };
  }

  async function idToken(tokenOptions: TestTokenOptions = {}): Promise<string> {
    const username = tokenOptions.username ?? 'testuser';
    return mint(
      {
        ...(await commonClaims(tokenOptions)),
        aud: tokenOptions.clientId ?? clientId,
        token_use: 'id',
        'cognito:username': username,
        ...(tokenOptions.email ? { email: tokenOptions.email, email_verified: true } : {}),
        ...tokenOptions.claims,
      },
      key,
    );
  }

  async function accessToken(tokenOptions: TestTokenOptions = {}): Promise<string> {
    return mint(
      {
        ...(await commonClaims(tokenOptions)),
        client_id: tokenOptions.clientId ?? clientId,
        token_use: 'access',
        scope: (tokenOptions.scopes ?? ['aws.cognito.signin.user.admin']).join(' '),
        username: tokenOptions.username ?? 'testuser',
        ...tokenOptions.claims,
      },
      key,
    );
  }

  return {
    region,
    poolId,
    clientId,
    issuer,
    providerName,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    jwks,
    handlers: jwksHandlers(issuer, jwks),
    idToken,
    accessToken,
    tokens: async (tokenOptions) => ({
      idToken: await idToken(tokenOptions),
      accessToken: await accessToken(tokenOptions),
    }),
  };
}
