import { type JwksSource, keyResolver, tokenScopes, verifyBearer } from './lib/jwt.ts';
import type { Authorizer, AuthorizerDecision } from './types.ts';

/**
 * Options of {@link gatewayJwtAuthorizer}.
 *
 * @example
 * ```ts
 * const options: GatewayJwtAuthorizerOptions = {
 *   issuer: 'https://issuer.example.com',
 *   audience: ['my-api'],
 *   jwks: 'https://issuer.example.com/.well-known/jwks.json',
 *   scopes: ['items:read'],
 * };
 * ```
 */
export interface GatewayJwtAuthorizerOptions {
  readonly issuer: string;
  /** Accepted audiences: the token's `aud`, or `client_id` when it has no `aud`, must be one of them. */
  readonly audience: string | readonly string[];
  readonly jwks: JwksSource;
  /** The route's authorization scopes: the token must hold at least one. */
  readonly scopes?: readonly string[];
  /** The identity source header. Default `authorization`. */
  readonly header?: string;
}

function challenge(scopes: readonly string[], error: string, description: string): string {
  return `Bearer scope="${scopes.join(' ')}" error="${error}" error_description="${description}"`;
}

/**
 * An HTTP API JWT authorizer (any OpenID Connect issuer): a missing or invalid token gets
 * `401 {"message":"Unauthorized"}` with a `www-authenticate: Bearer … error="invalid_token"` header saying
 * why; a valid token without any of the route's scopes gets `403 {"message":"Forbidden"}` with
 * `error="insufficient_scope"`. Only RSA keys (RS256) are accepted, as on HTTP APIs.
 *
 * @example
 * ```ts
 * import { apiGateway, createTestIssuer, gatewayJwtAuthorizer } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const issuer = await createTestIssuer({ issuer: 'https://login.example.com' });
 * const gateway = apiGateway({
 *   endpoint: 'https://api.example.com',
 *   authorizer: gatewayJwtAuthorizer({ issuer: issuer.issuer, jwks: issuer.jwks, audience: 'my-api', scopes: ['read'] }),
 * });
 * setupServer(...gateway.handlers).listen();
 * const token = await issuer.sign({ aud: 'my-api', scope: 'read' });
 * (await fetch('https://api.example.com/x', { headers: { authorization: `Bearer ${token}` } })).status; // 200
 * ```
 */
export function gatewayJwtAuthorizer(options: GatewayJwtAuthorizerOptions): Authorizer {
  const getKey = keyResolver(options.jwks);
  const header = options.header ?? 'authorization';
  const audiences: readonly string[] =
    typeof options.audience === 'string' ? [options.audience] : options.audience;
  const scopes = options.scopes ?? [];
  const unauthorized = (reason: string, description?: string): AuthorizerDecision => ({
    allow: false,
    denial: {
      status: 401,
      body: { message: 'Unauthorized' },
      ...(description
        ? { headers: { 'www-authenticate': challenge(scopes, 'invalid_token', description) } }
        : {}),
      reason,
    },
  });
  return {
    type: 'jwt',
    async authorize(request, { clock }) {
      const checked = await verifyBearer(request, header, getKey, {
        algorithms: ['RS256', 'RS384', 'RS512'],
        now: clock.now(),
      });
      if ('failure' in checked) {
        if (checked.error === undefined) return unauthorized(checked.failure);
        const expired = (checked.error as { code?: unknown }).code === 'ERR_JWT_EXPIRED';
        return unauthorized(checked.failure, expired ? 'the token has expired' : 'the token is not valid');
      }
      const { claims } = checked;
      if (claims.iss !== options.issuer) {
        return unauthorized(`issuer ${JSON.stringify(claims.iss)}`, 'the token does not have a valid issuer');
      }
      const tokenAudiences = claims.aud === undefined ? [claims.client_id] : [claims.aud].flat();
      if (!tokenAudiences.some((audience) => typeof audience === 'string' && audiences.includes(audience))) {
        return unauthorized(
          `audience ${JSON.stringify(tokenAudiences)}`,
          'the token does not have a valid audience',
        );
      }
      const granted = tokenScopes(claims);
      if (scopes.length > 0 && !scopes.some((scope) => granted.includes(scope))) {
        return {
          allow: false,
          denial: {
            status: 403,
            body: { message: 'Forbidden' },
            headers: {
              'www-authenticate': challenge(
                scopes,
                'insufficient_scope',
                `expected scopes: [${scopes.join(' ')}]`,
              ),
            },
            reason: `the token has none of the scopes ${scopes.join(' ')}`,
          },
        };
      }
      const tokenUse = typeof claims.token_use === 'string' ? claims.token_use : undefined;
      return { allow: true, principal: { type: 'jwt', tokenUse, claims, scopes: granted } };
    },
  };
}
