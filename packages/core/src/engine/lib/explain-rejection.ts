import type { Interceptor, InterceptorContext, Rejection } from '../types.ts';
import type { Emit } from './emitter.ts';

/** Error bodies are small (a canonical request and string-to-sign at most): only their start is read. */
export const maxRejectionBodyBytes = 16 * 1024;

/**
 * Reads a rejection (a copy of its body, bounded) and asks each interceptor that can `explain` why; falls
 * back on what the engine itself can tell. Loaded by diagnose.ts only when a 401 or 403 needs it.
 */
export async function explain(
  response: Response,
  request: Request,
  context: InterceptorContext,
  ran: readonly Interceptor[],
  emit: Emit | undefined,
): Promise<(error: Error) => Error> {
  const explainers = ran.filter((interceptor) => interceptor.explain !== undefined);
  // A response followed elsewhere (a redirect policy that left the origin) is not the API's to explain.
  if (
    explainers.length === 0 ||
    (response.url !== '' && new URL(response.url).origin !== new URL(request.url).origin)
  ) {
    void response.body?.cancel().catch(() => undefined);
    return (error) => error;
  }
  const signed = ran.some((interceptor) => interceptor.stage === 'sign');
  const body = await bodyText(response);
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
  const explanation = explanations.join(' ');
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

/** The start of a response's body as text (the engine's own copy of it); empty when unreadable. */
async function bodyText(response: Response): Promise<string> {
  const stream = response.body;
  if (stream === null) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < maxRejectionBodyBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
    }
  } catch {
    return '';
  } finally {
    // The copy is not needed past its start: the caller's is the only one read to the end.
    void reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(length, maxRejectionBodyBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
    if (offset === bytes.byteLength) break;
  }
  return new TextDecoder().decode(bytes);
}
