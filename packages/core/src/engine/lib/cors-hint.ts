/**
 * `error` (a browser's network failure of a cross-origin request that carried credentials) with a hint
 * that CORS may have refused them: the API's preflight must allow each header. Loaded when such a failure
 * happens; a failure to load it leaves the error as it is.
 */
export function withCorsHint(error: Error, request: Request, names: readonly string[]): Error {
  const location = (globalThis as { location?: { origin?: string } }).location;
  if (
    (error.name === 'NetworkError' || error instanceof TypeError) &&
    typeof location?.origin === 'string' &&
    new URL(request.url).origin !== location.origin
  ) {
    error.message += ` (CORS? This cross-origin request carried ${names.join(', ')}; the API's preflight must list each in Access-Control-Allow-Headers.)`;
  }
  return error;
}
