import {
  ConfigError,
  type Interceptor,
  isHeaderName,
  isHeaderValue,
  RequestPolicyError,
} from '@ky-auth/core';
import type { TokenSource } from './types.ts';

/**
 * Options of {@link tokenInterceptor}.
 *
 * @example
 * ```ts
 * const options: TokenInterceptorOptions = { name: 'partner', source, header: 'x-partner-token' };
 * ```
 */
export interface TokenInterceptorOptions {
  /** The interceptor's name, for error messages: `cognito`, `oidc`, `lambda`. */
  readonly name: string;
  /** Returns the token for a request; see {@link latestTokenSource}. */
  readonly source: TokenSource;
  /** The header that carries the token. Default `Authorization`. */
  readonly header?: string | undefined;
  /** Sent before the token with a space, such as `Bearer`. Default none: the raw token, as Amplify sends it. */
  readonly scheme?: string | undefined;
}

/** How many sent tokens an interceptor remembers, to tell its own from a caller's in a 401's request. */
const rememberedTokens = 16;

/**
 * The one token-bearing interceptor behind `oidcToken`, `lambdaToken` and `cognitoUserPoolToken`, for
 * any token source of your own. In the `auth` stage it puts the source's token in the header (after the
 * scheme, when one is given), unless the request already carries that header: a header set per request
 * wins. When the source answers with a token at hand, the header is set at once, without a promise. When
 * the API answers 401 to a token it sent, it asks the source for a newer one (`forceRefresh`, with the
 * rejected token as `stale`, so a burst of 401s causes one refresh) and asks for the single re-authorized
 * retry core allows, which carries the token that refresh gave; if that refresh fails, the request fails
 * with its `TokenError`. A call may carry its own token in ky's `context` (`{ token }`, as a server calling
 * for many users through one client does): it is sent as given (after the scheme) instead of asking the
 * source, and not refreshed on a 401. The source is also told the call's `context`. A token that cannot
 * be a header value fails with `RequestPolicyError` `ERR_INVALID_HEADER_VALUE`; no message contains the
 * token.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { latestTokenSource, tokenInterceptor } from '@ky-auth/token';
 *
 * const interceptor = tokenInterceptor({
 *   name: 'partner',
 *   source: latestTokenSource(() => partnerSdk.currentToken()),
 *   header: 'x-partner-token',
 * });
 * const endpoint = 'https://api.example.com/';
 * const api = ky.create({ prefix: endpoint, hooks: authHooks([interceptor], { endpoint }) });
 * ```
 */
export function tokenInterceptor({
  name,
  source,
  header = 'Authorization',
  scheme,
}: TokenInterceptorOptions): Interceptor {
  const prefix = scheme ? `${scheme} ` : '';
  const quoted = JSON.stringify(header);
  if (!isHeaderName(header)) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      `${name}.header`,
      `The ${name} token interceptor's header ${quoted} is not a header name: use letters, digits or !#$%&'*+-.^_\`|~ (RFC 9110 token).`,
    );
  }
  const check = (value: unknown, what: string) => {
    if (typeof value !== 'string' || !isHeaderValue(prefix + value)) {
      throw new RequestPolicyError(
        'ERR_INVALID_HEADER_VALUE',
        `The ${name} ${what} cannot go in the ${quoted} header: it is not a string, is over 8192 characters, or has a line break, control character or character above U+00FF. It is not shown; the request was not sent.`,
      );
    }
  };
  if (!isHeaderValue(prefix)) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      `${name}.scheme`,
      `The ${name} token interceptor's scheme cannot go in the ${quoted} header: it is over 8192 characters, or has a line break, control character or character above U+00FF.`,
    );
  }
  // The tokens it sent, oldest first; a token is checked and remembered when it changes, not per request.
  const sent = new Set<string>();
  let last: string | undefined;
  /**
   * What the source answered a call's forced refresh with, keyed by the call (core gives both attempts of
   * a call the same `options` object): that call's re-authorized retry carries it rather than asking again
   * (a source that fetches only when forced would answer the rejected token). Nothing else uses it, and
   * it goes with the call.
   */
  const refreshed = new WeakMap<object, string>();

  /**
   * The token the source gave each call (by its `options`), so a 401 to it is known for this interceptor's
   * even when a source answering per user has since given more than `rememberedTokens` others.
   */
  const sentFor = new WeakMap<object, string>();

  const authorize = (request: Request, token: string, call: object) => {
    if (token !== last || last === undefined) {
      check(token, 'token');
      sent.delete(token);
      sent.add(token);
      if (sent.size > rememberedTokens) sent.delete(sent.values().next().value as string);
      last = token;
    }
    sentFor.set(call, token);
    request.headers.set(header, prefix + token);
  };

  return {
    name,
    stage: 'auth',
    headerNames: [header.toLowerCase()],
    apply(request, { signal, reauthorizing, options }) {
      if (request.headers.has(header)) return;
      // A call's own token (ky's `context: { token }`, a server calling for one of many users) is sent as
      // given; the caller owns it, so a 401 to it is not refreshed (onResponse).
      const answer =
        (options.token as string | undefined) ?? (reauthorizing ? refreshed.get(options) : undefined);
      if (answer !== undefined) return authorize(request, answer, options);
      const token = source({ forceRefresh: false, signal, context: options });
      if (typeof token === 'string') return authorize(request, token, options);
      return Promise.resolve(token).then((fresh) => authorize(request, fresh, options));
    },
    onResponse(response, request, { signal, options }) {
      if (response.status !== 401 || options.token !== undefined) return false;
      const value = request.headers.get(header);
      const stale = value?.startsWith(prefix) ? value.slice(prefix.length) : undefined;
      if (stale === undefined || (sentFor.get(options) !== stale && !sent.has(stale))) return false;
      return Promise.resolve(source({ forceRefresh: true, stale, signal, context: options })).then(
        (fresh) => {
          refreshed.set(options, fresh);
          return true;
        },
      );
    },
    // Loaded on a rejection only: a bundle that splits dynamic imports carries none of it up front.
    explain: (rejection, context) =>
      import('./lib/explain-token-rejection.ts').then(({ explainTokenRejection }) =>
        explainTokenRejection(rejection, context, {
          name,
          header,
          prefix,
          sentByUs: (token) => sent.has(token),
        }),
      ),
  };
}
