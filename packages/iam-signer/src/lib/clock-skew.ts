import type { Clock } from '@ky-auth/core';
import { readStream } from './read-stream.ts';

/**
 * What services answer when a signature's time is too far from theirs: API Gateway's `Signature expired:
 * … is now earlier than …` and `Signature not yet current: …`, S3's `RequestTimeTooSkewed`, and the
 * `RequestExpired`/`RequestInTheFuture` codes of other services.
 */
const skewMessage =
  /Signature expired|Signature not yet current|RequestTimeTooSkewed|RequestExpired|RequestInTheFuture|time is too (?:skewed|large)|too skewed/i;

/** Error bodies are small: only their start is read. */
const maxErrorBodyBytes = 16 * 1024;

/**
 * When `response` rejects a signature for its time and carries the server's `Date`, teaches `clock` the
 * offset between the server and this machine and answers `true` (re-sign and retry once). Any other
 * response is answered at once, without a promise or a look at its headers.
 */
export function learnClockSkew(response: Response, clock: Clock): boolean | Promise<boolean> {
  if (response.status !== 400 && response.status !== 401 && response.status !== 403) return false;
  const serverTime = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(serverTime)) return false;
  return errorText(response).then((text) => {
    if (!skewMessage.test(`${response.headers.get('x-amzn-errortype') ?? ''}\n${text}`)) return false;
    const localTime = clock.now() - clock.offset;
    clock.setOffset(serverTime - localTime);
    return true;
  });
}

/** The start of an error response's body as text (of a copy: the caller still reads it); empty when unreadable. */
async function errorText(response: Response): Promise<string> {
  const copy = response.clone();
  if (copy.body === null) return '';
  try {
    if (copy.body !== undefined)
      return new TextDecoder().decode((await readStream(copy.body, maxErrorBodyBytes)).bytes);
    // No body streams and, before 0.85, no TextDecoder (React Native): read whole, by a reader loaded only
    // there, and taken byte for byte, which keeps the ASCII of the messages looked for.
    const { readLimited } = await import('@ky-auth/core/internal');
    const { bytes } = await readLimited(copy, { maxBytes: maxErrorBodyBytes });
    return Array.from(bytes, (byte) => String.fromCharCode(byte)).join('');
  } catch {
    // An unreadable body says nothing about skew; the error type header still may.
    return '';
  }
}
