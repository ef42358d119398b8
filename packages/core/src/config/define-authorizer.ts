import type { Interceptor } from '../engine/types.ts';
import type {
  AuthorizationType,
  AuthorizerFactory,
  AuthorizerInput,
  CustomAuthorizationType,
} from './types.ts';

/**
 * Marks `build` as the authorizer of one authorization type, for `fromConfig`'s `authorizers`: the
 * interceptor packages' `iamAuthorizer()`, `apiKeyAuthorizer()`, … are made with it, and so is an app's
 * authorizer for a custom `authorizationType` (the native pages' `custom`). `fromConfig` refuses a factory
 * without the mark (such as `apiKeyAuthorizer` passed uncalled) and one filed under another built-in
 * type's key (an IAM authorizer under `API_KEY`), so a request never goes out without its API's
 * credentials.
 *
 * @example
 * ```ts
 * import { defineAuthorizer, fromConfig } from '@ky-auth/core';
 *
 * // amplifyconfiguration.json: "authorizationType": "custom"
 * const apis = fromConfig(config, {
 *   authorizers: {
 *     custom: defineAuthorizer('custom', ({ api }) => ({
 *       name: `partner-token:${api.name}`,
 *       stage: 'auth',
 *       headerNames: ['x-partner-token'],
 *       apply: (request) => request.headers.set('x-partner-token', currentPartnerToken()),
 *     })),
 *   },
 * });
 * ```
 */
export function defineAuthorizer<
  const Type extends Exclude<AuthorizationType, 'NONE'> | CustomAuthorizationType,
>(
  authorizationType: Type,
  build: (input: AuthorizerInput) => Interceptor | readonly Interceptor[],
): AuthorizerFactory<Type> {
  // A wrapper, so that marking never changes a function the caller still holds.
  const factory = (input: AuthorizerInput) => build(input);
  return Object.defineProperty(factory, 'authorizationType', {
    value: authorizationType,
    enumerable: true,
  }) as AuthorizerFactory<Type>;
}
