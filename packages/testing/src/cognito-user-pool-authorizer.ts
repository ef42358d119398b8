import type { JWTPayload } from 'jose';
import { type JwksSource, keyResolver, tokenScopes, verifyBearer } from './lib/jwt.ts';
import type { Authorizer, AuthorizerDecision } from './types.ts';

/**
 * Options of {@link gatewayCognitoUserPoolAuthorizer}. A {@link TestUserPool} has `issuer` and `jwks`, so it can be
 * passed as it is.
 *
 * @example
 * ```ts
 * const options: GatewayCognitoUserPoolAuthorizerOptions = {
 *   issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI',
 *   jwks: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/jwks.json',
 *   tokenUse: 'id',
 * };
 * ```
 */
export interface GatewayCognitoUserPoolAuthorizerOptions {
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: string;
  /** The pool's public keys. */
  readonly jwks: JwksSource;
  /** When given, the app clients whose tokens are accepted (`aud` of ID tokens, `client_id` of access tokens). */
  readonly clientIds?: readonly string[];
  /** Which tokens are accepted. Default `'either'`; `scopes` imply `'access'`. */
  readonly tokenUse?: 'id' | 'access' | 'either';
  /** The method's OAuth scopes: an access token holding at least one of them is then required. */
  readonly scopes?: readonly string[];
  /** The identity source header. Default `authorization`. */
  readonly header?: string;
}

function unauthorized(reason: string): AuthorizerDecision {
  return {
    allow: false,
    denial: { status: 401, body: { message: 'Unauthorized' }, errorType: 'UnauthorizedException', reason },
  };
}

function tokenUseProblem(claims: JWTPayload, accepted: 'id' | 'access' | 'either'): string | undefined {
  const tokenUse = claims.token_use;
  if (tokenUse !== 'id' && tokenUse !== 'access') return `token_use is ${JSON.stringify(tokenUse)}`;
  if (accepted !== 'either' && tokenUse !== accepted)
    return `an ${tokenUse} token where ${accepted} is required`;
  return undefined;
}

/**
 * A REST API `COGNITO_USER_POOLS` authorizer: the identity source header holds a user pool token (raw or
 * `Bearer `), verified with jose against the pool's keys, issuer, expiry, `token_use`, and, when given,
 * client ids and scopes. An expired token is `401 {"message":"The incoming token has expired"}`, anything
 * else `401 {"message":"Unauthorized"}` (both `UnauthorizedException`), as API Gateway answers.
 *
 * @example
 * ```ts
 * import { apiGateway, gatewayCognitoUserPoolAuthorizer, createTestUserPool } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const pool = await createTestUserPool({ region: 'us-east-1' });
 * const gateway = apiGateway({
 *   endpoint: 'https://api.example.com',
 *   authorizer: gatewayCognitoUserPoolAuthorizer({ ...pool, clientIds: [pool.clientId] }),
 * });
 * setupServer(...gateway.handlers).listen();
 * const idToken = await pool.idToken({ username: 'alice' });
 * (await fetch('https://api.example.com/me', { headers: { authorization: idToken } })).status; // 200
 * ```
 */
export function gatewayCognitoUserPoolAuthorizer(
  options: GatewayCognitoUserPoolAuthorizerOptions,
): Authorizer {
  const getKey = keyResolver(options.jwks);
  const header = options.header ?? 'authorization';
  const scopes = options.scopes ?? [];
  const accepted = scopes.length > 0 ? 'access' : (options.tokenUse ?? 'either');
  return {
    type: 'cognitoUserPools',
    async authorize(request, { clock }) {
      const checked = await verifyBearer(request, header, getKey, {
        issuer: options.issuer,
        algorithms: ['RS256'],
        now: clock.now(),
      });
      if ('failure' in checked) {
        // API Gateway says why for this one failure only: its own message, still a 401.
        if ((checked.error as { code?: unknown } | undefined)?.code !== 'ERR_JWT_EXPIRED') {
          return unauthorized(checked.failure);
        }
        const denial = unauthorized(checked.failure);
        return denial.allow
          ? denial
          : {
              allow: false,
              denial: { ...denial.denial, body: { message: 'The incoming token has expired' } },
            };
      }
      const { claims } = checked;
      const useProblem = tokenUseProblem(claims, accepted);
      if (useProblem) return unauthorized(useProblem);
      const clientId = claims.token_use === 'id' ? claims.aud : claims.client_id;
      if (options.clientIds && !options.clientIds.some((id) => id === clientId)) {
        return unauthorized(`client ${JSON.stringify(clientId)} is not an accepted app client`);
      }
      const granted = tokenScopes(claims);
      if (scopes.length > 0 && !scopes.some((scope) => granted.includes(scope))) {
        return unauthorized(`the token has none of the scopes ${scopes.join(' ')}`);
      }
      return {
        allow: true,
        principal: {
          type: 'cognitoUserPools',
          tokenUse: claims.token_use as string,
          claims,
          scopes: granted,
        },
      };
    },
  };
}
