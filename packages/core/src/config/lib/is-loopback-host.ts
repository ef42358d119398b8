const loopbackIpv4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * True when a URL's `hostname` is this machine: `localhost`, `127.0.0.0/8` or `[::1]`. The WHATWG URL
 * parser has already lower-cased names and normalized IP addresses (`127.1`, `0x7f.0.0.1`, `[0::1]`).
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || loopbackIpv4.test(hostname);
}
