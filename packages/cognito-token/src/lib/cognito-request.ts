/** A Cognito user-pool API error: its exception name (`NotAuthorizedException`) and HTTP status only. */
export class CognitoServiceError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, status: number) {
    super(`Cognito answered ${status} ${type}`);
    this.name = 'CognitoServiceError';
    this.type = type;
    this.status = status;
  }
}

/**
 * Calls one action of the Cognito user-pool API (`InitiateAuth`, `RevokeToken`): a JSON 1.1 POST to the
 * endpoint's root with the action in `X-Amz-Target`, given `timeoutMs` to answer in full. These actions take
 * no SigV4 signature. A failure
 * becomes a {@link CognitoServiceError} holding only the exception's name: Cognito's messages can echo
 * what was sent.
 */
export async function cognitoRequest(
  endpoint: URL,
  action: string,
  body: Record<string, unknown>,
  fetch: typeof globalThis.fetch,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  // The whole exchange, body included, is bounded: a refresh that hangs would hold every request
  // waiting on it, and the next ones too.
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
    signal,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  if (!response.ok) throw new CognitoServiceError(errorType(result, response), response.status);
  return result;
}

/** `NotAuthorizedException` from `__type` (`…#NotAuthorizedException` too) or `x-amzn-ErrorType`. */
function errorType(body: Record<string, unknown>, response: Response): string {
  const raw =
    typeof body.__type === 'string' ? body.__type : (response.headers.get('x-amzn-errortype') ?? '');
  const name = raw.split('#').pop()?.split(':')[0]?.trim() ?? '';
  return /^\w+$/.test(name) ? name : 'UnknownError';
}
