import type { AuthEngine } from './auth-engine.ts';

// What both ky majors' `beforeError` hooks do to ky's error: little, since ky's error never held a
// credential; the explanation itself was made (and its code loaded) when the refusal came.

/**
 * `error` as the caller gets it: for a cross-origin network failure in a browser of a request that
 * carried credentials (ky 2), a hint that CORS may have refused them; and why the API refused the call,
 * when an interceptor could tell. ky's error itself never held a credential: the engine put them only on
 * the copy it sent.
 */
export function processedError(
  error: Error,
  engine: Pick<AuthEngine, 'diagnosisOf' | 'sentHeaderNamesOf'>,
  request?: Request,
): Error | Promise<Error> {
  const location = (globalThis as { location?: { origin?: string } }).location;
  const names = engine.sentHeaderNamesOf(error.cause);
  if (
    request !== undefined &&
    names !== undefined &&
    (error.name === 'NetworkError' || error instanceof TypeError) &&
    'document' in globalThis &&
    typeof location?.origin === 'string' &&
    new URL(request.url).origin !== location.origin
  ) {
    error.message += ` (CORS? This cross-origin request carried ${names.join(', ')}; the API's preflight must list each in Access-Control-Allow-Headers.)`;
  }
  const diagnosis = engine.diagnosisOf((error as { response?: unknown }).response);
  return diagnosis === undefined ? error : diagnosis.then((explained) => explained(error));
}
