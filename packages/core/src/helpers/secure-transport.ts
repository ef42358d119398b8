import { RequestPolicyError } from '../errors.ts';
import { isLoopbackHost } from './is-loopback-host.ts';

/**
 * The options every place that sends credentials or login tokens accepts about plain http.
 *
 * @example
 * ```ts
 * const options: TransportOptions = { allowInsecureHttp: true }; // a trusted test network only
 * ```
 */
export interface TransportOptions {
  /** Allows credentials over plain `http:` to hosts other than loopback. Default `false`. */
  readonly allowInsecureHttp?: boolean | undefined;
}

/**
 * Whether credentials or login tokens may travel to `url`: over `https:`, or over plain `http:` to a
 * literal loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), or anywhere over `http:` when the app
 * opted in with `allowInsecureHttp`. The one rule of ky-auth: the hooks, the config parser, the OIDC
 * client, the user-pool session and the identity-pool provider all ask it.
 *
 * @example
 * ```ts
 * import { isSecureTransport } from '@ky-auth/core';
 *
 * isSecureTransport(new URL('https://api.example.com/')); // true
 * isSecureTransport(new URL('http://127.0.0.1:3000/')); // true
 * isSecureTransport(new URL('http://api.localhost/')); // false
 * ```
 */
export function isSecureTransport(url: URL, options: TransportOptions = {}): boolean {
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  return options.allowInsecureHttp === true || isLoopbackHost(url.hostname);
}

/**
 * Throws `ERR_INSECURE_TRANSPORT` (a `RequestPolicyError`) unless {@link isSecureTransport} allows `url`.
 * `what` names what would have been sent, for the message. The message names the host only: never the
 * user-info, path or query of the URL.
 *
 * @example
 * ```ts
 * import { assertSecureTransport } from '@ky-auth/core';
 *
 * assertSecureTransport(new URL(tokenEndpoint), 'refresh tokens', options);
 * ```
 */
export function assertSecureTransport(url: URL, what: string, options: TransportOptions = {}): void {
  if (isSecureTransport(url, options)) return;
  throw new RequestPolicyError(
    'ERR_INSECURE_TRANSPORT',
    `Refusing to send ${what} over ${url.protocol.replace(':', '')} to ${url.host}: use https (plain http only to localhost, 127.0.0.1 or [::1]), or pass { allowInsecureHttp: true } if this network is trusted.`,
  );
}
