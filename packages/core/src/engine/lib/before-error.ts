import type { AuthEngine } from './auth-engine.ts';

/**
 * What both ky majors' `beforeError` hooks do to ky's error, which never held a credential (the engine
 * put them only on the copy it sent): append why the API refused the call, when an interceptor could tell
 * (the explanation was made, and its code loaded, when the refusal came); or, for a browser's network
 * failure of a request that carried credentials, a hint that CORS may have refused them.
 */
export function processedError(
  error: Error,
  engine: Pick<AuthEngine, 'diagnosisOf' | 'sentHeaderNamesOf'>,
  request?: Request,
): Error | Promise<Error> {
  const diagnosis = engine.diagnosisOf((error as { response?: unknown }).response);
  if (diagnosis !== undefined) return diagnosis.then((explained) => explained(error));
  const names = engine.sentHeaderNamesOf(error.cause);
  if (names === undefined || request === undefined || !('document' in globalThis)) return error;
  return import('./cors-hint.ts').then(
    ({ withCorsHint }) => withCorsHint(error, request, names),
    () => error,
  );
}
