import type { Authorizer } from './types.ts';

/**
 * An API key the gateway accepts: the value alone, or a name (echoed as the principal) and the value.
 *
 * @example
 * ```ts
 * const keys: ApiKey[] = ['da2-plainvalue', { name: 'mobile', value: 'da2-mobilevalue' }];
 * ```
 */
export type ApiKey = string | { readonly name: string; readonly value: string };

/**
 * Options of {@link gatewayApiKeyAuthorizer}.
 *
 * @example
 * ```ts
 * const options: GatewayApiKeyAuthorizerOptions = { keys: ['da2-abc'] };
 * ```
 */
export interface GatewayApiKeyAuthorizerOptions {
  /** The keys of the usage plan. */
  readonly keys: readonly ApiKey[];
}

/**
 * A REST API method with "API key required": the `x-api-key` header must hold one of `keys`, or API Gateway
 * answers `403 {"message":"Forbidden"}` with `x-amzn-ErrorType: ForbiddenException`.
 *
 * @example
 * ```ts
 * import { apiGateway, gatewayApiKeyAuthorizer } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const gateway = apiGateway({
 *   endpoint: 'https://api.example.com',
 *   authorizer: gatewayApiKeyAuthorizer({ keys: [{ name: 'web', value: 'da2-secret' }] }),
 * });
 * setupServer(...gateway.handlers).listen();
 * (await fetch('https://api.example.com/items', { headers: { 'x-api-key': 'da2-secret' } })).status; // 200
 * (await fetch('https://api.example.com/items')).status; // 403
 * ```
 */
export function gatewayApiKeyAuthorizer(options: GatewayApiKeyAuthorizerOptions): Authorizer {
  const keys = options.keys.map((key, index) =>
    typeof key === 'string' ? { name: `key-${index + 1}`, value: key } : key,
  );
  return {
    type: 'apiKey',
    async authorize(request) {
      const sent = request.headers.get('x-api-key');
      const key = sent === null ? undefined : keys.find((candidate) => candidate.value === sent);
      if (key) return { allow: true, principal: { type: 'apiKey', name: key.name } };
      return {
        allow: false,
        denial: {
          status: 403,
          body: { message: 'Forbidden' },
          errorType: 'ForbiddenException',
          reason: sent === null ? 'no x-api-key header' : 'x-api-key is not a key of this API',
        },
      };
    },
  };
}
