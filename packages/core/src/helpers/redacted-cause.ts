/** What {@link redactedCause} keeps of an error: its kind, a scrubbed message and stack, and short codes. */
export interface RedactedCauseOptions {
  /** Strings that must not appear (tokens, secrets that were sent); each is replaced by `[redacted]`. */
  readonly secrets?: readonly (string | undefined)[] | undefined;
}

/** `code`-like fields are kept when they are short words: `ECONNREFUSED`, `OAUTH_RESPONSE_BODY_ERROR`. */
const shortCode = /^[\w.-]{1,64}$/;
/** OAuth error codes are snake-case words (RFC 6749 §5.2). */
const oauthCode = /^[a-z_]{1,64}$/;
/** A JWT, or a JWE, wherever it appears. */
const jwtLike = /eyJ[\w-]*\.[\w-]*\.[\w-]*(?:\.[\w-]*\.[\w-]*)?/g;
/** The user-info, query and fragment of a URL in free text. */
const urlParts = /\b([a-z][a-z\d+.-]*:\/\/)(?:[^\s/?#@]*@)?([^\s/?#]*)([^\s?#]*)(?:[?#][^\s]*)?/gi;

/**
 * A copy of a third-party error (an OAuth library's, a failed `fetch`'s, a storage callback's) that is safe
 * to keep as a `cause`: its `name`, its message and stack with every secret given, every JWT, and the
 * user-info and query of every URL taken out, and its short `code`, `status` (or the status of the
 * `Response` it holds as `cause`) and OAuth `error` fields.
 * Everything else goes: response bodies, headers, requests, challenge parameters, and causes that are not
 * errors. An error `cause` is copied the same way (three deep). What a thrown value that is not an error
 * was is not shown at all.
 *
 * @param error - What the third party threw.
 *
 * @example
 * ```ts
 * import { redactedCause, TokenError } from '@ky-auth/core';
 *
 * try {
 *   await exchange(refreshToken);
 * } catch (error) {
 *   throw new TokenError('ERR_TOKEN_REFRESH_FAILED', 'The refresh failed. See `cause`.', {
 *     cause: redactedCause(error, { secrets: [refreshToken] }),
 *   });
 * }
 * ```
 */
export function redactedCause(error: unknown, options: RedactedCauseOptions = {}): Error {
  const secrets = (options.secrets ?? []).filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 4,
  );
  const scrub = (text: string): string => {
    let clean = text;
    for (const secret of secrets) clean = clean.split(secret).join('[redacted]');
    return clean.replace(jwtLike, '[token]').replace(urlParts, '$1$2$3');
  };
  return copyOf(error, scrub, 0);
}

/**
 * An error of any realm: fetch's `TypeError` comes from the host's realm, not the one of a test runner's
 * or a worker's module (where `instanceof Error` is false), and is an error all the same.
 */
const isError = (value: unknown): value is Error =>
  value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';

function copyOf(error: unknown, scrub: (text: string) => string, depth: number): Error {
  if (!isError(error)) {
    const copy = new Error(
      `Something other than an Error was thrown (${error === null ? 'null' : typeof error}).`,
    );
    copy.stack = copy.message;
    return copy;
  }
  const copy = new Error(scrub(String(error.message).slice(0, 500)));
  if (typeof error.name === 'string' && /^\w{1,64}$/.test(error.name)) copy.name = error.name;
  copy.stack = scrub(String(error.stack ?? copy.message));
  const fields = error as unknown as Record<string, unknown>;
  const kept = copy as unknown as Record<string, unknown>;
  if (typeof fields.code === 'string' && shortCode.test(fields.code)) kept.code = fields.code;
  if (typeof fields.status === 'number') kept.status = fields.status;
  else if (typeof Response !== 'undefined' && error.cause instanceof Response)
    kept.status = error.cause.status;
  if (typeof fields.error === 'string' && oauthCode.test(fields.error)) kept.error = fields.error;
  if (isError(error.cause) && depth < 2) copy.cause = copyOf(error.cause, scrub, depth + 1);
  return copy;
}
