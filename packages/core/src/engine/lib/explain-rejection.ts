import type { Interceptor, InterceptorContext, Rejection } from '../types.ts';
import type { Emit } from './emitter.ts';

/** Error bodies are small (a canonical request and string-to-sign at most): interceptors get their start. */
export const maxRejectionBodyBytes = 16 * 1024;

/** The most characters an explanation adds to a message: enough for two interceptors' words. */
const maxExplanationLength = 1_500;

/**
 * Asks each interceptor that can `explain` why the API refused (`text` is the start of the body, already
 * redacted); falls back on what the engine itself can tell. Loaded by diagnose.ts only when a 401 or 403
 * needs it. Server text reaches the explanation only sanitized and short.
 */
export async function explain(
  response: Response,
  text: string,
  request: Request,
  context: InterceptorContext,
  ran: readonly Interceptor[],
  emit: Emit | undefined,
  redact: (words: string) => string,
): Promise<(error: Error) => Error> {
  const explainers = ran.filter((interceptor) => interceptor.explain !== undefined);
  // A response followed elsewhere (a redirect policy that left the origin) is not the API's to explain.
  if (
    explainers.length === 0 ||
    (response.url !== '' && new URL(response.url).origin !== new URL(request.url).origin)
  ) {
    return (error) => error;
  }
  const signed = ran.some((interceptor) => interceptor.stage === 'sign');
  const body = text.slice(0, maxRejectionBodyBytes);
  const rejection: Rejection = {
    status: response.status,
    errorType: errorTypeOf(response.headers.get('x-amzn-errortype')),
    message: messageOf(body),
    body,
    request,
  };
  const explanations: string[] = [];
  for (const interceptor of explainers) {
    try {
      const explanation = await interceptor.explain?.(rejection, context);
      if (typeof explanation === 'string' && explanation !== '') explanations.push(explanation);
    } catch {
      // An explanation is a courtesy: its failure must not replace the API's answer.
    }
  }
  if (explanations.length === 0) {
    const generic = genericExplanation(rejection, signed);
    if (generic !== undefined) explanations.push(generic);
  }
  // An interceptor may quote the server: what reaches a message or a log is one line, printable, short.
  // Nor may it quote a credential the interceptors set.
  const explanation = sanitized(redact(explanations.join(' ')), maxExplanationLength);
  emit?.(request, {
    type: 'rejection',
    status: rejection.status,
    errorType: rejection.errorType,
    explanation: explanation === '' ? undefined : explanation,
  });
  // ky's HTTPError for this very response gets the words; any other error (a later attempt's) is left alone.
  return (error) => {
    const { response: answered } = error as { response?: unknown };
    if (
      explanation !== '' &&
      error.name === 'HTTPError' &&
      answered instanceof Response &&
      answered.status === response.status
    ) {
      error.message += `\nky-auth: ${explanation}`;
    }
    return error;
  };
}

/**
 * `x-amzn-ErrorType` without what follows its first `:` (API Gateway appends a namespace URL, as in
 * `UnauthorizedException:http://internal.amazon.com/coral/com.amazon.coral.service/`).
 */
export function errorTypeOf(header: string | null): string | undefined {
  if (header === null) return undefined;
  const type = header.split(':', 1)[0]!.trim();
  return type === '' ? undefined : type;
}

/** The JSON body's `message` (REST and HTTP APIs) or `Message` (explicit denies, Lambda function URLs). */
export function messageOf(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; Message?: unknown };
    const message = typeof parsed.message === 'string' ? parsed.message : parsed.Message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** What the engine itself can tell, knowing only whether a `sign`-stage interceptor ran. */
function genericExplanation(rejection: Rejection, signed: boolean): string | undefined {
  const missingToken =
    rejection.errorType === 'MissingAuthenticationTokenException' ||
    rejection.message === 'Missing Authentication Token';
  if (!missingToken) return undefined;
  const { pathname } = new URL(rejection.request.url);
  const target = `${rejection.request.method} ${pathname}`;
  return signed
    ? `API Gateway answers "Missing Authentication Token" when no resource or stage matches the request, and this one was signed: nothing matches ${target}. Check the stage name and the path in the URL (a missing stage, a typo, a trailing slash), and that the API was deployed to that stage since the route was added.`
    : `API Gateway answers "Missing Authentication Token" when no resource or stage matches the request (${target}), or when the method requires IAM authorization and the request is not signed, and no interceptor signed this one. If the method uses AWS_IAM, add iamSigner (authorizationType 'AWS_IAM' in the configuration); otherwise check the stage name and the path in the URL.`;
}

/** `text` as a message or a log may show it: printable, on one line, at most `max` characters. */
function sanitized(text: string, max: number): string {
  // C0 and C1 controls (newlines, ANSI escapes), and bidirectional overrides that reorder what is shown.
  const clean = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
