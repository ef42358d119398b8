import { awsJsonCall } from '@ky-auth/core';

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
 * Calls one action of the Cognito user-pool API (`InitiateAuth`, `RevokeToken`): an AWS JSON 1.1 call
 * (`awsJsonCall` from `@ky-auth/core`) with the action in `X-Amz-Target`, given `timeoutMs` to answer in
 * full and at most 256 KiB of answer (core's default). These actions take no SigV4 signature. A failure
 * becomes a {@link CognitoServiceError} holding only the exception's name: Cognito's messages can echo what
 * was sent. A redirect rejects with core's `RequestPolicyError` `ERR_AUTH_SERVER_REDIRECT`, sent nowhere.
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
  const answer = await awsJsonCall(endpoint, `AWSCognitoIdentityProviderService.${action}`, body, {
    fetch,
    timeoutMs,
  });
  if (!answer.complete) {
    throw new Error(
      `${endpoint.origin} answered ${action} with more than 256 KiB, which no Cognito answer is: check the endpoint option.`,
    );
  }
  if (!answer.ok) throw new CognitoServiceError(answer.errorType ?? 'UnknownError', answer.status);
  return { ...answer.body };
}
