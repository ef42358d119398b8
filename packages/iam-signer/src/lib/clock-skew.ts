import type { Clock } from '@ky-auth/core';

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
 * offset between the server and this machine and answers `true` (re-sign and retry once).
 */
export async function learnClockSkew(response: Response, clock: Clock): Promise<boolean> {
  if (response.status !== 400 && response.status !== 401 && response.status !== 403) return false;
  const serverTime = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(serverTime)) return false;
  const errorType = response.headers.get('x-amzn-errortype') ?? '';
  const text = await leadingText(response.clone(), maxErrorBodyBytes);
  if (!skewMessage.test(`${errorType}\n${text}`)) return false;
  const localTime = clock.now() - clock.offset;
  clock.setOffset(serverTime - localTime);
  return true;
}

/** The first `limit` bytes of a body as text; empty when it cannot be read. */
async function leadingText(response: Response, limit: number): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      size += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
  } catch {
    // An unreadable body says nothing about skew; the error type header still may.
  }
  return text;
}
