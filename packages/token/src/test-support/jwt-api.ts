// An API that verifies JSON Web Tokens for real, as an API Gateway JWT or Cognito authorizer does: jose's
// jwtVerify against the issuer's JWKS, with the issuer, expiry, and the checks a test adds (audience,
// token_use, client_id). A plain node:http server on 127.0.0.1, so real ky clients reach it over TCP.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

export interface JwtApiOptions {
  /** The `iss` every token must have. */
  readonly issuer: string;
  /** Where the issuer's public keys are. */
  readonly jwksUri: string;
  /** The `aud` every token must have, when given. */
  readonly audience?: string;
  /** Further checks of verified claims: a reason to reject, or `undefined` to accept. */
  readonly check?: (claims: JWTPayload) => string | undefined;
  /** The header the token is read from. Default `authorization`; a `Bearer ` prefix is accepted. */
  readonly header?: string;
}

/** One request the API received. */
export interface ApiCall {
  readonly path: string;
  /** The token it carried (without `Bearer `), or undefined. */
  readonly token: string | undefined;
  readonly status: 200 | 401;
  /** Why it was rejected. */
  readonly reason: string | undefined;
}

export interface JwtApi {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Every request, in order of arrival. */
  readonly calls: readonly ApiCall[];
  /** Rejects this token from now on, as after a global sign-out. */
  revoke(token: string): void;
  /** Rejects every token from now on (`true`), or stops doing so. */
  rejectAll(reject: boolean): void;
  close(): Promise<void>;
}

/**
 * Starts the API on an ephemeral loopback port. Accepted requests get `200 {"sub": …, "path": …}`, others
 * `401 {"message":"Unauthorized"}`, as API Gateway answers.
 *
 * @example
 * ```ts
 * const api = await startJwtApi({ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: idp.resource });
 * await ky.get('items', { prefix: api.url, headers: { authorization: `Bearer ${token}` } });
 * api.calls; // [{ path: '/items', token, status: 200, reason: undefined }]
 * ```
 */
export async function startJwtApi(options: JwtApiOptions): Promise<JwtApi> {
  const keys = createRemoteJWKSet(new URL(options.jwksUri));
  const header = options.header ?? 'authorization';
  const calls: ApiCall[] = [];
  const revoked = new Set<string>();
  let rejectingAll = false;

  const verdict = async (token: string | undefined): Promise<{ claims?: JWTPayload; reason?: string }> => {
    if (token === undefined || token === '') return { reason: `no ${header} header` };
    if (rejectingAll || revoked.has(token)) return { reason: 'token revoked' };
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        ...(options.audience !== undefined && { audience: options.audience }),
      });
      const reason = options.check?.(payload);
      return reason === undefined ? { claims: payload } : { reason };
    } catch (error) {
      return {
        reason: error instanceof Error ? `${(error as { code?: string }).code ?? error.name}` : 'invalid',
      };
    }
  };

  const server = createServer(async (request, response) => {
    const value = request.headers[header];
    const token = typeof value === 'string' ? value.replace(/^Bearer /, '') : undefined;
    const path = new URL(request.url ?? '/', 'http://api').pathname;
    const { claims, reason } = await verdict(token);
    calls.push({ path, token, status: claims === undefined ? 401 : 200, reason });
    response.setHeader('content-type', 'application/json');
    if (claims === undefined) {
      response.statusCode = 401;
      response.end(JSON.stringify({ message: 'Unauthorized' }));
    } else {
      response.end(JSON.stringify({ sub: claims.sub, path }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    revoke: (token) => revoked.add(token),
    rejectAll(reject) {
      rejectingAll = reject;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
