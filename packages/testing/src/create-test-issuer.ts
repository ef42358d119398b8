import type { JSONWebKeySet, JWTPayload } from 'jose';
import type { http } from 'msw';
import { jwksHandlers } from './lib/jwks-handlers.ts';
import { epochSeconds, mint } from './lib/mint.ts';
import { createSigningKey } from './lib/signing-key.ts';
import type { NowClock } from './types.ts';

/**
 * Options of {@link createTestIssuer}.
 *
 * @example
 * ```ts
 * const options: TestIssuerOptions = { issuer: 'https://login.example.com', audience: 'my-api' };
 * ```
 */
export interface TestIssuerOptions {
  /** The `iss` of its tokens and the base of its discovery and JWKS URLs. */
  readonly issuer: string;
  /** Default `aud` of its tokens. */
  readonly audience?: string;
  /** The clock for `iat` and `exp`. Default `Date`. */
  readonly clock?: NowClock;
}

/**
 * Options of one {@link TestIssuer.sign} call.
 *
 * @example
 * ```ts
 * const options: TestSignOptions = { expiresIn: -30 }; // already expired
 * ```
 */
export interface TestSignOptions {
  /** Lifetime in seconds; negative for a token already expired. Default 3600. */
  readonly expiresIn?: number;
  /** `iat`. Default the issuer clock's now. */
  readonly issuedAt?: Date | number | string;
}

/**
 * A generic OpenID Connect issuer stand-in.
 *
 * @example
 * ```ts
 * const issuer = await createTestIssuer({ issuer: 'https://login.example.com', audience: 'my-api' });
 * const token = await issuer.sign({ sub: 'alice', scope: 'read' });
 * ```
 */
export interface TestIssuer {
  readonly issuer: string;
  /** `<issuer>/.well-known/jwks.json`. */
  readonly jwksUri: string;
  readonly jwks: JSONWebKeySet;
  /** MSW handlers serving the JWKS and the OpenID configuration. */
  readonly handlers: ReturnType<typeof http.get>[];
  /** Mints an RS256 token: `iss`, `sub` (`test-subject`), `aud` (the default audience), `iat`, `exp`, then `claims`. */
  sign(claims?: JWTPayload, options?: TestSignOptions): Promise<string>;
}

/**
 * Creates a {@link TestIssuer} with a fresh RS256 key pair.
 *
 * @example
 * ```ts
 * import { createTestIssuer } from '@ky-auth/testing';
 *
 * const issuer = await createTestIssuer({ issuer: 'https://login.example.com', audience: 'my-api' });
 * const token = await issuer.sign({ scope: 'items:read' });
 * const other = await issuer.sign({ aud: 'someone-else' });
 * ```
 */
export async function createTestIssuer(options: TestIssuerOptions): Promise<TestIssuer> {
  const { issuer } = options;
  const clock = options.clock ?? Date;
  const key = await createSigningKey();
  const jwks = { keys: [key.publicJwk] };
  return {
    issuer,
    jwksUri: `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
    jwks,
    handlers: jwksHandlers(issuer, jwks),
    sign(claims = {}, signOptions = {}) {
      const iat = epochSeconds(signOptions.issuedAt ?? clock.now());
      return mint(
        {
          iss: issuer,
          sub: 'test-subject',
          ...(options.audience ? { aud: options.audience } : {}),
          iat,
          exp: iat + (signOptions.expiresIn ?? 3600),
          jti: crypto.randomUUID(),
          ...claims,
        },
        key,
      );
    },
  };
}
