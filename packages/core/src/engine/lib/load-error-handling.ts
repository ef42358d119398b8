/**
 * What `beforeError` does (redaction, the CORS hint, the diagnosis), outside the up-front bundle: loaded in
 * the background when the hooks are made (ky awaits `beforeError`), so that an error met offline finds it
 * there. A failed load is reported by the first error's hook, not as an unhandled rejection.
 */
export function loadErrorHandling(): Promise<typeof import('./before-error.ts')> {
  const loading = import('./before-error.ts');
  loading.catch(() => undefined);
  return loading;
}
