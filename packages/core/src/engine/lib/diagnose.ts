import type { Interceptor, InterceptorContext, Rejection } from '../types.ts';
import type { Call } from './auth-engine.ts';

/** Error bodies are small (a canonical request and string-to-sign at most): only their start is read. */
export const maxRejectionBodyBytes = 16 * 1024;

/** Why the API refused a call's last credentialed request, in words, for the status it answered. */
export interface Diagnosis {
  readonly status: number;
  /** Settles once the body is read and the interceptors asked; never rejects. */
  readonly explanation: Promise<string | undefined>;
}

type Diagnose = (response: Response | Promise<Response>, call: Call) => Response | Promise<Response>;

/**
 * What `respond` hands every final response to: with no interceptor that can `explain`, the response
 * itself (nothing else is looked at); otherwise a `401` or `403` from the origin the request went to starts
 * reading a copy of its body and asking the interceptors why, and the call keeps the answer for
 * `beforeError`. Any other status costs one comparison; the response is never delayed.
 */
export function createDiagnose(
  interceptors: readonly Interceptor[],
  running: (call: Call) => readonly Interceptor[],
): Diagnose {
  if (!interceptors.some((interceptor) => interceptor.explain !== undefined)) return (response) => response;
  const check = (response: Response, call: Call): Response => {
    if ((response.status !== 401 && response.status !== 403) || !call.credentialed) return response;
    const sent = call.sent;
    if (sent === undefined || call.context === undefined) return response;
    // A response followed elsewhere (a redirect policy that left the origin) is not the API's to explain.
    if (response.url !== '' && new URL(response.url).origin !== new URL(sent.url).origin) return response;
    const explainers = running(call).filter((interceptor) => interceptor.explain !== undefined);
    if (explainers.length === 0) return response;
    const signed = running(call).some((interceptor) => interceptor.stage === 'sign');
    call.diagnosis = {
      status: response.status,
      explanation: explain(response, sent, call.context, explainers, signed).catch(() => undefined),
    };
    return response;
  };
  return (response, call) =>
    response instanceof Promise ? response.then((settled) => check(settled, call)) : check(response, call);
}

async function explain(
  response: Response,
  request: Request,
  context: InterceptorContext,
  explainers: readonly Interceptor[],
  signed: boolean,
): Promise<string | undefined> {
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
  return explanations.length === 0 ? undefined : explanations.join(' ');
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

/** The start of a response's body as text, from a copy; empty when unreadable. */
async function bodyText(response: Response): Promise<string> {
  const stream = response.clone().body;
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
    // The copy is not needed past its start: let the caller's own copy be the only one read to the end.
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

/**
 * `error` (ky's `HTTPError` for the response that was diagnosed) with the diagnosis appended to its
 * message, so that `catch` blocks written for ky keep working and a log line says why. Any other error,
 * or a diagnosis that found nothing to say, is returned as it is.
 */
export async function withDiagnosis(error: Error, diagnosis: Diagnosis): Promise<Error> {
  const response = (error as { response?: unknown }).response;
  if (error.name !== 'HTTPError' || !(response instanceof Response) || response.status !== diagnosis.status) {
    return error;
  }
  const explanation = await diagnosis.explanation;
  if (explanation !== undefined) error.message += `\nky-auth: ${explanation}`;
  return error;
}
