import type { InterceptorContext } from '@ky-auth/core';

/**
 * Answers whether `response` is an AWS rejection of `request`'s signature for its time, and if so
 * teaches the context's clock the server's (see `learnFromRejection`): `true` asks for the one re-signed
 * retry. Any status but 400 and 403 is answered at once, without a promise; for those, the checks load
 * then, and read the body within the context's `readTimeoutMs`.
 */
export function learnClockSkew(
  response: Response,
  request: Request,
  context: Pick<InterceptorContext, 'clock' | 'readTimeoutMs'>,
): boolean | Promise<boolean> {
  if (response.status !== 400 && response.status !== 403) return false;
  // Copied now, before the caller can read the response.
  const copy = response.clone();
  return import('./skew-rejection.ts').then(({ learnFromRejection }) =>
    learnFromRejection(response, copy, request, context),
  );
}
