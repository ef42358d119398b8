/**
 * AWS credentials: an access key pair, with the session token of temporary credentials.
 *
 * @example
 * ```ts
 * import type { AwsCredentials } from '@ky-auth/iam-signer';
 *
 * const credentials: AwsCredentials = {
 *   accessKeyId: 'AKIDEXAMPLE',
 *   secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
 * };
 * ```
 */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** The session token of temporary credentials (STS, Cognito Identity), sent as `x-amz-security-token`. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working: they are refreshed shortly before. */
  readonly expiration?: Date | undefined;
}

/**
 * Returns credentials. The signer calls it once, keeps the result until shortly (5 minutes) before its
 * `expiration` (forever without one), and calls it again, once, however many requests are waiting.
 *
 * @example
 * ```ts
 * import type { CredentialsProvider } from '@ky-auth/iam-signer';
 *
 * const fromMyBackend: CredentialsProvider = async () => {
 *   const body = await (await fetch('/credentials')).json();
 *   return { ...body, expiration: new Date(body.expiration) };
 * };
 * ```
 */
export type CredentialsProvider = () => AwsCredentials | Promise<AwsCredentials>;

/**
 * How a request is signed. Region and service are inferred from execute-api and Lambda function URL hosts;
 * any other host needs them.
 *
 * @example
 * ```ts
 * import type { SigningOptions } from '@ky-auth/iam-signer';
 *
 * const customDomain: SigningOptions = { region: 'eu-west-1', service: 'execute-api' };
 * ```
 */
export interface SigningOptions {
  /** The region of the API. Default: from the host (`<id>.execute-api.<region>.amazonaws.com`, `<id>.lambda-url.<region>.on.aws`). */
  readonly region?: string | undefined;
  /** The signing name of the service. Default: from the host (`execute-api`, `lambda`). */
  readonly service?: string | undefined;
  /**
   * Also send (and sign) `x-amz-content-sha256` with the body's hash. Default `false`, as Amplify does,
   * so the API's CORS configuration needs no extra header; S3 requires it.
   */
  readonly signPayloadHeader?: boolean | undefined;
  /**
   * Sign the literal `UNSIGNED-PAYLOAD` instead of the body's hash, and send it as
   * `x-amz-content-sha256`: for large or streamed bodies, where the service accepts it (S3 does, API
   * Gateway does not). Default `false`.
   */
  readonly unsignedPayload?: boolean | undefined;
  /**
   * The largest body (a stream, `Blob` or `FormData`) read into memory to hash. Default 10 MiB; a larger
   * one fails with `ERR_SIGNING_BODY_TOO_LARGE`.
   */
  readonly maxBodyBytes?: number | undefined;
  /**
   * Encode the request's path once more for the canonical request and remove dot segments, as every
   * service but S3 expects. Default `true`, `false` when the service is `s3`, whose path is then signed
   * as S3 checks it: decoded and encoded once (`photo%20(1).jpg` as `photo%20%281%29.jpg`).
   */
  readonly uriEscapePath?: boolean | undefined;
}

/**
 * Options of `iamSigner`: where credentials come from, and how to sign.
 *
 * @example
 * ```ts
 * import { fromEnv, type IamSignerOptions } from '@ky-auth/iam-signer';
 *
 * const options: IamSignerOptions = { credentials: fromEnv(), region: 'us-east-1' };
 * ```
 */
export interface IamSignerOptions extends SigningOptions {
  /**
   * Static credentials, or a provider such as `fromCognitoIdentityPool(…)` or `fromEnv()`. A call's own
   * (ky's `context: { credentials }`) win; without these, every call must give its own.
   */
  readonly credentials?: AwsCredentials | CredentialsProvider | undefined;
}

/**
 * A time source in milliseconds since the epoch: a core `Clock`, or `{ now: () => fixed }` in tests.
 *
 * @example
 * ```ts
 * import type { TimeSource } from '@ky-auth/iam-signer';
 *
 * const fixed: TimeSource = { now: () => Date.parse('2015-08-30T12:36:00Z') };
 * ```
 */
export interface TimeSource {
  now(): number;
}
