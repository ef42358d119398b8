import type { Authorizer, AuthorizerDecision } from './types.ts';

/**
 * What a {@link gatewayLambdaAuthorizer}'s `authorize` answers: `true` or a principal to allow, `false` for an
 * explicit deny policy (403), `'unauthorized'` for the Lambda failing with `Unauthorized` (401).
 *
 * @example
 * ```ts
 * const verdict: LambdaVerdict = { principalId: 'user-1', context: { plan: 'pro' } };
 * ```
 */
export type LambdaVerdict =
  | boolean
  | 'unauthorized'
  | { readonly principalId: string; readonly context?: Readonly<Record<string, unknown>> };

/**
 * Options of {@link gatewayLambdaAuthorizer}.
 *
 * @example
 * ```ts
 * const options: GatewayLambdaAuthorizerOptions = { authorize: (token) => token === 'allow-me' };
 * ```
 */
export interface GatewayLambdaAuthorizerOptions {
  /** The identity source header. Default `authorization`. */
  readonly header?: string;
  /** Your authorizer function: given the header's value and the request. */
  authorize(token: string, request: Request): LambdaVerdict | Promise<LambdaVerdict>;
}

/**
 * A REST API Lambda (`TOKEN`/`REQUEST`) authorizer whose decision is your function's. Missing identity
 * source → `401 {"message":"Unauthorized"}`; deny → `403 {"Message":"User is not authorized to access this
 * resource with an explicit deny"}` (`AccessDeniedException`, capital `M` as API Gateway writes it); a throwing
 * function → `500 {"message":null}` (`AuthorizerConfigurationException`).
 *
 * @example
 * ```ts
 * import { apiGateway, gatewayLambdaAuthorizer } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const gateway = apiGateway({
 *   endpoint: 'https://api.example.com',
 *   authorizer: gatewayLambdaAuthorizer({
 *     authorize: (token) => (token === 'allow' ? { principalId: 'me' } : token === 'deny' ? false : 'unauthorized'),
 *   }),
 * });
 * setupServer(...gateway.handlers).listen();
 * (await fetch('https://api.example.com/x', { headers: { authorization: 'deny' } })).status; // 403
 * ```
 */
export function gatewayLambdaAuthorizer(options: GatewayLambdaAuthorizerOptions): Authorizer {
  const header = options.header ?? 'authorization';
  const unauthorized = (reason: string): AuthorizerDecision => ({
    allow: false,
    denial: { status: 401, body: { message: 'Unauthorized' }, errorType: 'UnauthorizedException', reason },
  });
  return {
    type: 'lambda',
    async authorize(request) {
      const token = request.headers.get(header);
      if (token === null || token === '') return unauthorized(`no ${header} header`);
      let verdict: LambdaVerdict;
      try {
        verdict = await options.authorize(token, request);
      } catch (error) {
        return {
          allow: false,
          denial: {
            status: 500,
            body: { message: null },
            errorType: 'AuthorizerConfigurationException',
            reason: `the authorizer function threw: ${error instanceof Error ? error.message : String(error)}`,
          },
        };
      }
      if (verdict === 'unauthorized') return unauthorized('the authorizer answered Unauthorized');
      if (verdict === false) {
        return {
          allow: false,
          denial: {
            status: 403,
            body: { Message: 'User is not authorized to access this resource with an explicit deny' },
            errorType: 'AccessDeniedException',
            reason: 'the authorizer denied',
          },
        };
      }
      const principal = verdict === true ? { principalId: 'user', context: {} } : verdict;
      return {
        allow: true,
        principal: { type: 'lambda', principalId: principal.principalId, context: principal.context ?? {} },
      };
    },
  };
}
