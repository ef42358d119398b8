import type { InterceptorContext } from '@ky-auth/core';
import { decodeUtf8 } from '@ky-auth/core/internal/decode-utf8';
import { readLimited } from '@ky-auth/core/internal/read-limited';

/** Error bodies are small: only their start is read. */
const maxErrorBodyBytes = 16 * 1024;

/** The `x-amzn-ErrorType` (or JSON `__type`, XML `Code`) names an AWS skew rejection is sent with. */
const skewErrorTypes = new Set([
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'RequestTimeTooSkewed',
]);

const amzTime = String.raw`(\d{8}T\d{6}Z)`;
/**
 * API Gateway's, Lambda function URLs' and every SigV4 service's words for a signature outside the
 * window, quoting the request's `X-Amz-Date`, the window's edge and the server's time:
 * `Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z (20240101T001500Z - 5 min.)`
 * `Signature not yet current: 20240101T003000Z is still later than 20240101T002000Z (20240101T001500Z + 5 min.)`
 */
const skewSentence = new RegExp(
  String.raw`^Signature (expired|not yet current): ${amzTime} is (?:now earlier|still later) than ${amzTime} \(${amzTime} ([-+]) (\d{1,3}) min\.\)$`,
);

/**
 * When `response` is an AWS rejection of `request`'s signature for its time, teaches `clock` the offset
 * between the server and this machine and answers `true` (re-sign and retry once); any other response,
 * `false`. An AWS skew rejection is recognised by all of: its status (403, or 400 from JSON and query
 * services), its error type when one can be read (`x-amzn-ErrorType`, JSON `__type`, the XML `Code`),
 * and a message in AWS's exact shape quoting this request's own `x-amz-date` (S3's
 * `RequestTimeTooSkewed` XML with its `RequestTime`; everyone else's `Signature expired: … (… - 5 min.)`
 * sentence, its arithmetic checked). An app's own 400 that merely mentions "signature expired" or
 * "RequestExpired" is not one, so a POST is never sent twice because of it.
 *
 * The server's time is the `Date` header, or, where a browser hides it (a cross-origin response without
 * `Access-Control-Expose-Headers: Date`), the time the message quotes (`ServerTime` for S3). Any other
 * status is answered at once, without a promise or a look at the body.
 */
export async function learnFromRejection(
  response: Response,
  copy: Response,
  request: Request,
  { clock, readTimeoutMs }: Pick<InterceptorContext, 'clock' | 'readTimeoutMs'>,
): Promise<boolean> {
  const signedAt = request.headers.get('x-amz-date');
  const errorType = response.headers.get('x-amzn-errortype')?.split(':', 1)[0];
  if (signedAt === null || (errorType !== undefined && errorType !== '' && !skewErrorTypes.has(errorType))) {
    // The copy is not read: cancelled, so the body is not kept for it.
    void copy.body?.cancel().catch(() => undefined);
    return false;
  }
  const quoted = quotedServerTime(await errorText(copy, readTimeoutMs), response.status, signedAt);
  if (quoted === undefined) return false;
  const dated = Date.parse(response.headers.get('date') ?? '');
  const serverTime = Number.isNaN(dated) ? quoted : dated;
  const localTime = clock.now() - clock.offset;
  clock.setOffset(serverTime - localTime);
  return true;
}

/**
 * The server's time quoted by an AWS skew rejection of a request signed at `signedAt`, in milliseconds;
 * `undefined` when `text` is not one.
 */
function quotedServerTime(text: string, status: number, signedAt: string): number | undefined {
  const start = text.trimStart();
  if (start.startsWith('{')) {
    if (status !== 400 && status !== 403) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof body !== 'object' || body === null) return undefined;
    const fields = body as Record<string, unknown>;
    // JSON services name the error in `__type` (`com.amazon.coral.service#InvalidSignatureException`).
    const type = typeof fields.__type === 'string' ? fields.__type.split('#').at(-1) : undefined;
    if (type !== undefined && !skewErrorTypes.has(type)) return undefined;
    const message = typeof fields.message === 'string' ? fields.message : fields.Message;
    return typeof message === 'string' ? sentenceServerTime(message, signedAt) : undefined;
  }
  if (!start.startsWith('<')) return undefined;
  const code = element(text, 'Code');
  if (code === 'RequestTimeTooSkewed') {
    // S3: `<Error><Code>RequestTimeTooSkewed</Code>…<RequestTime>20150604T232559Z</RequestTime>
    // <ServerTime>2015-06-04T22:26:16Z</ServerTime>…</Error>`, always a 403.
    if (status !== 403 || element(text, 'RequestTime') !== signedAt) return undefined;
    const serverTime = Date.parse(element(text, 'ServerTime') ?? '');
    return Number.isNaN(serverTime) ? undefined : serverTime;
  }
  // Query services (STS, SQS, …): `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>
  // <Message>Signature expired: …</Message></Error>…</ErrorResponse>`.
  if (code === undefined || !skewErrorTypes.has(code)) return undefined;
  const message = element(text, 'Message');
  return message === undefined ? undefined : sentenceServerTime(message, signedAt);
}

/** The server's time of a `Signature expired` / `not yet current` sentence about `signedAt`, checked. */
function sentenceServerTime(message: string, signedAt: string): number | undefined {
  const match = skewSentence.exec(message);
  if (match === null) return undefined;
  const [, kind, quotedSignedAt, edge, server, sign, minutes] = match as unknown as string[];
  if (quotedSignedAt !== signedAt) return undefined;
  const serverTime = basicTime(server!);
  const edgeTime = basicTime(edge!);
  const signedTime = basicTime(signedAt);
  const window = Number(minutes) * 60_000;
  const expired = kind === 'expired';
  // The sentence's own arithmetic: edge = server ∓ window, and the signature on the wrong side of it.
  if (sign !== (expired ? '-' : '+') || edgeTime !== serverTime + (expired ? -window : window))
    return undefined;
  if (expired ? !(signedTime < edgeTime) : !(signedTime > edgeTime)) return undefined;
  return serverTime;
}

/** `20240101T001500Z` in milliseconds since the epoch (NaN when it is no date). */
function basicTime(value: string): number {
  return Date.parse(value.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
}

/** The text of the first `<name>…</name>` element of an XML error (AWS never nests these). */
function element(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

/**
 * The start of an error response's body as text (`copy` is a clone: the caller still reads the
 * response), read within `timeoutMs`; empty when unreadable. A body that has not ended by then is cut
 * where it stands: a message that arrived whole is still recognised.
 */
async function errorText(copy: Response, timeoutMs: number): Promise<string> {
  try {
    const { bytes } = await readLimited(copy, { maxBytes: maxErrorBodyBytes, timeoutMs });
    // Lenient: a body cut short may end inside a character. Before 0.85, React Native has no TextDecoder.
    return typeof TextDecoder === 'function' ? new TextDecoder().decode(bytes) : decodeUtf8(bytes);
  } catch {
    // An unreadable body shows no AWS skew rejection: the request is not sent again.
    return '';
  }
}
