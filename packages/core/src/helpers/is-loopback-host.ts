/**
 * True for the literal loopback hosts: `localhost`, `127.0.0.0/8` and `[::1]`. Not `*.localhost`: a
 * resolver may send those names anywhere (Node's fetch asks DNS), so they are not trusted with plain http.
 *
 * @example
 * ```ts
 * import { isLoopbackHost } from '@ky-auth/core';
 *
 * isLoopbackHost(new URL('http://127.0.0.1:8080/').hostname); // true
 * isLoopbackHost('api.localhost'); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  const octets = host.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}
