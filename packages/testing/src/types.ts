import type { JWTPayload } from 'jose';

/**
 * Anything that tells the time in milliseconds since the epoch: `Date`, a {@link TestClock}, or ky-auth's
 * own `Clock`.
 *
 * @example
 * ```ts
 * import { apiGateway, fixedClock } from '@ky-auth/testing';
 *
 * const clock: NowClock = fixedClock('2024-01-01T00:10:00Z');
 * const gateway = apiGateway({ endpoint: 'https://api.example.com', clock });
 * ```
 */
export interface NowClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/**
 * The identity an authorizer established for an accepted request; the echo route returns it and
 * {@link GatewayCall} records it.
 *
 * @example
 * ```ts
 * const response = await fetch('https://api.example.com/items', { headers: { 'x-api-key': 'k1' } });
 * const { principal } = (await response.json()) as { principal: Principal };
 * principal.type; // 'apiKey'
 * ```
 */
export type Principal = IamPrincipal | ApiKeyPrincipal | JwtPrincipal | LambdaPrincipal;

/**
 * The caller of a request whose SigV4 signature was verified.
 *
 * @example
 * ```ts
 * const principal: IamPrincipal = {
 *   type: 'iam',
 *   accessKeyId: 'AKIDEXAMPLE',
 *   region: 'us-east-1',
 *   service: 'execute-api',
 *   signedHeaders: ['host', 'x-amz-date'],
 *   presigned: false,
 *   sessionToken: false,
 * };
 * ```
 */
export interface IamPrincipal {
  readonly type: 'iam';
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  /** The `SignedHeaders` of the request, as sent. */
  readonly signedHeaders: readonly string[];
  /** True when the signature came in the query string (a presigned URL). */
  readonly presigned: boolean;
  /** True when the request carried a session token (temporary credentials). */
  readonly sessionToken: boolean;
}

/**
 * The caller of a request whose `x-api-key` was accepted.
 *
 * @example
 * ```ts
 * const principal: ApiKeyPrincipal = { type: 'apiKey', name: 'mobile-app' };
 * ```
 */
export interface ApiKeyPrincipal {
  readonly type: 'apiKey';
  /** The key's name as configured (the key itself for keys given as plain strings is never echoed). */
  readonly name: string;
}

/**
 * The caller of a request whose JSON Web Token was accepted by a Cognito user pool or JWT authorizer.
 *
 * @example
 * ```ts
 * const principal: JwtPrincipal = {
 *   type: 'cognitoUserPools',
 *   tokenUse: 'id',
 *   claims: { sub: 'user-1', token_use: 'id' },
 *   scopes: [],
 * };
 * ```
 */
export interface JwtPrincipal {
  readonly type: 'cognitoUserPools' | 'jwt';
  /** The token's `token_use` claim, when it has one. */
  readonly tokenUse: string | undefined;
  /** The verified claims. */
  readonly claims: JWTPayload;
  /** The scopes of the token (`scope`, space separated, or `scp`). */
  readonly scopes: readonly string[];
}

/**
 * The caller of a request that a Lambda authorizer allowed.
 *
 * @example
 * ```ts
 * const principal: LambdaPrincipal = { type: 'lambda', principalId: 'user-1', context: { tier: 'gold' } };
 * ```
 */
export interface LambdaPrincipal {
  readonly type: 'lambda';
  readonly principalId: string;
  readonly context: Readonly<Record<string, unknown>>;
}

/**
 * How an authorizer turns a request away: the status, JSON body and headers API Gateway answers with, and
 * a reason for the {@link GatewayCall} record.
 *
 * @example
 * ```ts
 * const denial: Denial = {
 *   status: 403,
 *   body: { message: 'Forbidden' },
 *   errorType: 'ForbiddenException',
 *   reason: 'no x-api-key header',
 * };
 * ```
 */
export interface Denial {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  /** The `x-amzn-ErrorType` header, when API Gateway sends one. */
  readonly errorType?: string;
  /** Further headers (`www-authenticate`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Why, in words, for test failure messages and `gateway.calls`. Never contains a secret. */
  readonly reason: string;
  /** For SigV4 mismatches: the canonical request and string to sign the authorizer computed. */
  readonly details?: Readonly<Record<string, string>>;
}

/**
 * What an authorizer decided about one request.
 *
 * @example
 * ```ts
 * const decision: AuthorizerDecision = { allow: true, principal: { type: 'apiKey', name: 'k1' } };
 * ```
 */
export type AuthorizerDecision =
  | { readonly allow: true; readonly principal: Principal }
  | { readonly allow: false; readonly denial: Denial };

/**
 * What an authorizer is given besides the request.
 *
 * @example
 * ```ts
 * const input: AuthorizeInput = { clock: { now: Date.now }, body: new Uint8Array() };
 * ```
 */
export interface AuthorizeInput {
  /** The gateway's clock. */
  readonly clock: NowClock;
  /** The request body as received. */
  readonly body: Uint8Array;
}

/**
 * An API Gateway authorizer: `gatewayIamAuthorizer`, `gatewayApiKeyAuthorizer`, `gatewayCognitoUserPoolAuthorizer`,
 * `gatewayJwtAuthorizer` or `gatewayLambdaAuthorizer`, or your own.
 *
 * @example
 * ```ts
 * const onlyGet: Authorizer = {
 *   type: 'custom',
 *   async authorize(request) {
 *     return request.method === 'GET'
 *       ? { allow: true, principal: { type: 'lambda', principalId: 'anyone', context: {} } }
 *       : { allow: false, denial: { status: 403, body: { message: 'Forbidden' }, reason: 'not a GET' } };
 *   },
 * };
 * ```
 */
export interface Authorizer {
  /** A short name recorded with each call (`'iam'`, `'apiKey'`, …). */
  readonly type: string;
  authorize(request: Request, input: AuthorizeInput): Promise<AuthorizerDecision>;
}
