import { boundedFetch } from './bounded-fetch.ts';

/** What an AWS JSON 1.1 API answered: its status, its body when that is a JSON object, and its error type. */
export interface AwsJsonAnswer {
  readonly status: number;
  readonly ok: boolean;
  /**
   * The body when it is a JSON object; `undefined` for anything else (empty, HTML, malformed, an array, one
   * larger than `maxBytes`).
   */
  readonly body: Readonly<Record<string, unknown>> | undefined;
  /** False when the body was larger than `maxBytes`: it was not read to its end, and `body` is `undefined`. */
  readonly complete: boolean;
  /**
   * For an answer that is not `ok`: the exception's name (`NotAuthorizedException`) from the body's
   * `__type` or the `x-amzn-ErrorType` header, namespace and documentation link cut off; `undefined` when
   * neither holds a name (whatever answered is probably not the service). Never the service's message:
   * free text that can quote what was sent.
   */
  readonly errorType: string | undefined;
}

/** Options of {@link awsJsonCall}. */
export interface AwsJsonCallOptions {
  /** Default `globalThis.fetch` as it is at the time of the call. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** How long the call may take, answer included, in ms. */
  readonly timeoutMs: number;
  /** The most bytes of the answer read. Default 256 KiB: the services' answers are a few KiB. */
  readonly maxBytes?: number | undefined;
  /** The caller's signal: aborting it ends the call with its reason. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * One call of an AWS JSON 1.1 API (Cognito user pools, Cognito Identity): a `POST` of `input` as JSON to
 * `endpoint` with the operation in `X-Amz-Target`, unsigned, through {@link boundedFetch}: a redirect is
 * refused (`RequestPolicyError` `ERR_AUTH_SERVER_REDIRECT`; the input holds passwords or tokens), at most
 * `maxBytes` of the answer are read, and the whole exchange, body included, is given `timeoutMs` and ends
 * with `signal`: a call that hangs would hold every request waiting on it. A network failure or a timeout
 * rejects with what `fetch` threw (keep it as a `cause` only through {@link redactedCause}: it can quote
 * the request); any other HTTP answer resolves, and the caller turns `errorType` (or `complete: false`)
 * into its own error.
 *
 * @param endpoint - The service's endpoint, such as `https://cognito-identity.us-east-1.amazonaws.com/`.
 * @param target - `<service>.<operation>`, such as `AWSCognitoIdentityService.GetId`.
 * @param input - The operation's input, sent as JSON.
 *
 * @example
 * ```ts
 * import { awsJsonCall } from '@ky-auth/core';
 *
 * const answer = await awsJsonCall(
 *   new URL('https://cognito-identity.us-east-1.amazonaws.com/'),
 *   'AWSCognitoIdentityService.GetId',
 *   { IdentityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666' },
 *   { timeoutMs: 10_000 },
 * );
 * if (!answer.ok) throw new Error(`GetId refused: ${answer.errorType ?? `HTTP ${answer.status}`}`);
 * ```
 */
export async function awsJsonCall(
  endpoint: URL,
  target: string,
  input: unknown,
  options: AwsJsonCallOptions,
): Promise<AwsJsonAnswer> {
  const { response, complete } = await boundedFetch(
    endpoint,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      body: JSON.stringify(input),
    },
    { ...options, maxBytes: options.maxBytes ?? 256 * 1024 },
  );
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const body =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  return {
    status: response.status,
    ok: response.ok,
    body,
    complete,
    errorType: response.ok
      ? undefined
      : errorType(typeof body?.__type === 'string' ? body.__type : response.headers.get('x-amzn-errortype')),
  };
}

/** `aws.cognito.identity#NotAuthorizedException:http://…` → `NotAuthorizedException`. */
function errorType(raw: string | null): string | undefined {
  const type = raw?.split(':')[0]?.split('#').at(-1)?.trim();
  return type !== undefined && /^[\w.-]{1,100}$/.test(type) ? type : undefined;
}
