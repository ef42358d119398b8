import { RequestPolicyError } from '../errors.ts';
import { isSameOrigin } from './lib/auth-engine.ts';
import { redirectMethod, redirectTarget } from './lib/redirect-target.ts';
import type { RedirectPolicy } from './types.ts';

/**
 * The options of `followRedirects`.
 *
 * @example
 * ```ts
 * followRedirects({ crossOrigin: 'follow-without-credentials' });
 * ```
 */
export interface FollowRedirectsOptions {
  /**
   * A redirect to another origin: `'error'` (default) fails with `ERR_CROSS_ORIGIN_REDIRECT`;
   * `'follow-without-credentials'` follows it with the caller's own headers only.
   */
  readonly crossOrigin?: 'error' | 'follow-without-credentials' | undefined;
}

const redirectLimit = 20;
const credentialBearingHeaders = ['authorization', 'cookie', 'proxy-authorization'];
const contentHeaders = ['content-type', 'content-length', 'content-encoding', 'content-language'];

/**
 * A redirect policy for `authHooks` that follows redirects the way fetch would, without ever carrying
 * credentials where they do not belong: a same-origin redirect is followed with credentials made afresh
 * for the new URL (a SigV4 signature covers the path), a redirect to another origin fails with
 * `ERR_CROSS_ORIGIN_REDIRECT` unless `crossOrigin` is `'follow-without-credentials'`. In a browser,
 * where scripts cannot see a redirect's target, it fails with `ERR_REDIRECT_WITH_CREDENTIALS`.
 *
 * @example
 * ```ts
 * import ky from 'ky';
 * import { authHooks } from '@ky-auth/core';
 * import { followRedirects } from '@ky-auth/core/follow-redirects';
 * import { apiKey } from '@ky-auth/api-key';
 *
 * const endpoint = 'https://api.example.com/';
 * const api = ky.create({
 *   prefix: endpoint,
 *   hooks: authHooks([apiKey('my-key')], { endpoint, redirects: followRedirects() }),
 * });
 * ```
 */
export function followRedirects(options: FollowRedirectsOptions = {}): RedirectPolicy {
  return async (response, request, context) => {
    let current = response;
    let currentRequest = request;
    for (let hop = 0; ; hop += 1) {
      if (current.type === 'opaqueredirect') {
        throw new RequestPolicyError(
          'ERR_REDIRECT_WITH_CREDENTIALS',
          'The API answered with a redirect the browser hides from scripts; credentials are never sent to an unknown location. Call the final URL directly.',
        );
      }
      const target = redirectTarget(current, currentRequest.url);
      if (target === undefined) return current;
      if (hop === redirectLimit) {
        throw new RequestPolicyError(
          'ERR_TOO_MANY_REDIRECTS',
          `The API redirected more than ${redirectLimit} times.`,
        );
      }
      const inOrigin = isSameOrigin(currentRequest.url, target.origin);
      if (!inOrigin && options.crossOrigin !== 'follow-without-credentials') {
        throw new RequestPolicyError(
          'ERR_CROSS_ORIGIN_REDIRECT',
          `The API redirected a request carrying credentials to another origin (${target.origin}); ky-auth does not send them there. Pass followRedirects({ crossOrigin: 'follow-without-credentials' }) to follow it without credentials.`,
        );
      }
      const method = redirectMethod(current.status, currentRequest.method);
      const keepsBody = method === currentRequest.method && currentRequest.body !== null;
      const body = keepsBody
        ? (context.body() ?? (currentRequest.bodyUsed ? undefined : currentRequest.clone().body))
        : null;
      // A streamed body already sent cannot be sent again: the caller gets the redirect itself.
      if (body === undefined) return current;
      const headers = context.pristine();
      if (!keepsBody) for (const name of contentHeaders) headers.delete(name);
      if (!inOrigin)
        for (const name of [...credentialBearingHeaders, ...context.headerNames]) headers.delete(name);
      const next = new Request(target, {
        method,
        headers,
        signal: currentRequest.signal,
        redirect: inOrigin ? 'manual' : 'follow',
        body,
        ...(body instanceof ReadableStream && { duplex: 'half' }),
      } as RequestInit);
      void current.body?.cancel().catch(() => undefined);
      if (!inOrigin) {
        context.uncredentialed();
        return context.fetch(next);
      }
      currentRequest = await context.authorize(next);
      current = await context.fetch(currentRequest);
    }
  };
}
