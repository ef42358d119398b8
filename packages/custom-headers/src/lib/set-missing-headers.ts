/**
 * Copies `headers` onto `target`, except those `target` already has: a header the caller set for this
 * request, or an earlier interceptor set, wins.
 */
export function setMissingHeaders(target: Headers, headers: Headers): void {
  for (const [name, value] of headers) {
    if (!target.has(name)) target.set(name, value);
  }
}
