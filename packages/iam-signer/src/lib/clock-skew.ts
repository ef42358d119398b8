import type { Clock } from '@ky-auth/core';
import { readStream } from './read-stream.ts';

/**
 * Answers whether `response` is an AWS rejection of `request`'s signature for its time, and if so
 * teaches `clock` the server's (see `learnFromRejection`): `true` asks for the one re-signed retry. Any
 * status but 400 and 403 is answered at once, without a promise; for those, the checks load then.
 */
export function learnClockSkew(
  response: Response,
  request: Request,
  clock: Clock,
): boolean | Promise<boolean> {
  if (response.status !== 400 && response.status !== 403) return false;
  // Copied now, before the caller can read the response.
  const copy = response.clone();
  return import('./skew-rejection.ts').then(({ learnFromRejection }) =>
    learnFromRejection(response, copy, request, clock, readStream),
  );
}
