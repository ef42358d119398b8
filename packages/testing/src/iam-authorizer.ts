import { verifySigV4 } from './lib/sigv4/verify.ts';
import type { Authorizer } from './types.ts';

/**
 * AWS credentials the IAM authorizer knows, as a user's signer would hold them.
 *
 * @example
 * ```ts
 * const credentials: IamCredentials = {
 *   accessKeyId: 'AKIDEXAMPLE',
 *   secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
 * };
 * ```
 */
export interface IamCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials' token: requests must then carry it as `x-amz-security-token`. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working: requests signed with them get `ExpiredTokenException`. */
  readonly expiration?: Date | undefined;
}

/**
 * Options of {@link gatewayIamAuthorizer}.
 *
 * @example
 * ```ts
 * const options: GatewayIamAuthorizerOptions = {
 *   credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }],
 *   region: 'us-east-1',
 * };
 * ```
 */
export interface GatewayIamAuthorizerOptions {
  /** The credentials whose signatures are accepted; a function is asked on every request. */
  readonly credentials: readonly IamCredentials[] | (() => readonly IamCredentials[]);
  /** The API's region, which the credential scope must name. */
  readonly region: string;
  /** The service the credential scope must name. Default `execute-api`. */
  readonly service?: string;
  /** How far a signature's date may be from the gateway's clock. Default 5 minutes. */
  readonly clockSkewMs?: number;
}

/**
 * API Gateway's `AWS_IAM` authorization: recomputes each request's Signature Version 4 with its own
 * canonicalization (the path encoded twice, like every service but S3) over WebCrypto, and answers
 * exactly what API Gateway answers: `403` with `{"message": …}` and `x-amzn-ErrorType`
 * (`MissingAuthenticationTokenException`, `IncompleteSignatureException`, `InvalidSignatureException`
 * (with the canonical request and string to sign it expected, for a mismatch), `UnrecognizedClientException`,
 * `ExpiredTokenException`). Checks the credential scope (date, region, service, `aws4_request`), the
 * access key, the session token, the body hash and a ±5 minute clock window; presigned URLs
 * (`X-Amz-Signature` in the query) are verified too.
 *
 * @example
 * ```ts
 * import { apiGateway, gatewayIamAuthorizer } from '@ky-auth/testing';
 * import { setupServer } from 'msw/node';
 *
 * const gateway = apiGateway({
 *   endpoint: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
 *   authorizer: gatewayIamAuthorizer({
 *     credentials: [{ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
 *     region: 'us-east-1',
 *   }),
 * });
 * const server = setupServer(...gateway.handlers);
 * server.listen();
 * const response = await fetch('https://abc123.execute-api.us-east-1.amazonaws.com/prod/items');
 * response.status; // 403, {"message":"Missing Authentication Token"}
 * ```
 */
export function gatewayIamAuthorizer(options: GatewayIamAuthorizerOptions): Authorizer {
  const { region, service = 'execute-api', clockSkewMs = 5 * 60_000 } = options;
  return {
    type: 'iam',
    authorize(request, { clock, body }) {
      const credentials =
        typeof options.credentials === 'function' ? options.credentials() : options.credentials;
      return verifySigV4(request, { credentials, region, service, clockSkewMs, now: clock.now(), body });
    },
  };
}
