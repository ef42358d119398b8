import {
  type AwsJsonAnswer,
  awsJsonCall,
  CredentialsError,
  isKyAuthErrorOrAbort,
  redactedCause,
} from '@ky-auth/core';
import type { AwsCredentials } from '../types.ts';
import type { Logins } from './logins.ts';

/**
 * A refusal by Cognito Identity; `serviceErrorType` is its `__type`, such as `NotAuthorizedException`.
 * Internal: users see a `CredentialsError` (by name too) with the type in its message.
 */
export class CognitoIdentityError extends CredentialsError {
  readonly serviceErrorType: string;

  constructor(serviceErrorType: string, message: string) {
    super('ERR_COGNITO_IDENTITY_REJECTED', message);
    this.name = 'CredentialsError';
    this.serviceErrorType = serviceErrorType;
  }
}

/** The two operations of Cognito Identity's JSON 1.1 API that credentials need, over `fetch`. */
export interface CognitoIdentityClient {
  getId(identityPoolId: string, logins: Logins | undefined): Promise<string>;
  getCredentialsForIdentity(identityId: string, logins: Logins | undefined): Promise<AwsCredentials>;
}

/**
 * `fetchFunction` defaults to `globalThis.fetch` as it is at the time of each call. Each call, answer
 * included, gets `timeoutMs`: one that hangs would hold the credentials refresh, and every request
 * waiting on it, forever. At most 256 KiB of an answer is read (core's default; Cognito Identity answers a
 * few KiB), and a redirect is refused with `RequestPolicyError` `ERR_AUTH_SERVER_REDIRECT`: the login
 * tokens go nowhere but `endpoint`.
 */
export function cognitoIdentityClient(
  endpoint: URL,
  fetchFunction: typeof globalThis.fetch | undefined,
  timeoutMs: number,
): CognitoIdentityClient {
  const call = async (
    operation: string,
    input: { readonly Logins: Logins | undefined; readonly [field: string]: unknown },
  ): Promise<unknown> => {
    let response: AwsJsonAnswer;
    try {
      response = await awsJsonCall(endpoint, `AWSCognitoIdentityService.${operation}`, input, {
        fetch: fetchFunction,
        timeoutMs,
      });
    } catch (error) {
      // A redirect refused (ERR_AUTH_SERVER_REDIRECT) keeps its code.
      if (isKyAuthErrorOrAbort(error)) throw error;
      throw new CredentialsError(
        'ERR_COGNITO_IDENTITY_UNREACHABLE',
        `Cognito Identity (${endpoint.origin}) could not be reached for ${operation}; the request was not sent. See \`cause\`.`,
        // fetch's error can quote what was sent: the login tokens are taken out (and any JWT or URL query).
        { cause: redactedCause(error, { secrets: Object.values(input.Logins ?? {}) }) },
      );
    }
    if (!response.complete) {
      throw new CredentialsError(
        'ERR_COGNITO_IDENTITY_INVALID_RESPONSE',
        `${endpoint.origin} answered ${operation} with more than 256 KiB, which is not a Cognito Identity response: check the endpoint option. The request was not sent.`,
      );
    }
    if (!response.ok) {
      const type = response.errorType;
      if (type === undefined) {
        // No error type: whatever answered (a web server's HTML 404, a proxy) is not Cognito Identity.
        throw new CredentialsError(
          'ERR_COGNITO_IDENTITY_INVALID_RESPONSE',
          `${endpoint.origin} answered ${operation} with HTTP ${response.status}, which is not a Cognito Identity response: check the endpoint option (or the identity pool's region). The request was not sent.`,
        );
      }
      // The service's own message is left out: it is free text that can quote the login token sent.
      throw new CognitoIdentityError(
        type,
        `Cognito Identity refused ${operation}: ${type} (HTTP ${response.status}); the request was not sent.`,
      );
    }
    return response.body;
  };

  return {
    async getId(identityPoolId, logins) {
      const body = (await call('GetId', { IdentityPoolId: identityPoolId, Logins: logins })) as {
        IdentityId?: unknown;
      };
      if (typeof body?.IdentityId !== 'string' || body.IdentityId === '') throw invalidResponse('GetId');
      return body.IdentityId;
    },
    async getCredentialsForIdentity(identityId, logins) {
      const body = (await call('GetCredentialsForIdentity', { IdentityId: identityId, Logins: logins })) as {
        Credentials?: Record<string, unknown>;
      };
      const credentials = body?.Credentials;
      const expiration = credentials?.Expiration;
      if (
        typeof credentials?.AccessKeyId !== 'string' ||
        typeof credentials.SecretKey !== 'string' ||
        typeof credentials.SessionToken !== 'string' ||
        (expiration !== undefined && typeof expiration !== 'number')
      ) {
        throw invalidResponse('GetCredentialsForIdentity');
      }
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretKey,
        sessionToken: credentials.SessionToken,
        // The JSON protocol sends timestamps as seconds since the epoch.
        expiration: typeof expiration === 'number' ? new Date(expiration * 1000) : undefined,
      };
    },
  };
}

function invalidResponse(operation: string): CredentialsError {
  return new CredentialsError(
    'ERR_COGNITO_IDENTITY_INVALID_RESPONSE',
    `Cognito Identity answered ${operation} with a body that is not what its API returns; check the endpoint option. The request was not sent.`,
  );
}
