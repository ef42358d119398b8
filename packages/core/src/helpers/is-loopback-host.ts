/**
 * True for `localhost` (and `*.localhost`), `127.0.0.0/8` and `[::1]`: the hosts where plain `http:`
 * never leaves the machine, so credentials may travel over it.
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from '@ky-auth/core';
 *
 * isLoopbackHost(new URL('http://127.0.0.1:8080/').hostname); // true
 * isLoopbackHost('api.example.com'); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  const octets = host.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet));
}
