import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type KnownCredentials,
  type ReceivedRequest,
  receivedRequest,
  verifySignature,
} from '@ky-auth/test-kit/aws4-verifier';

/** What the smoke programs authenticate with; the server accepts these and nothing else. */
export interface ApiSecrets {
  readonly key: string;
  readonly accessToken: string;
  readonly credentials: KnownCredentials;
}

/** One request as the server judged it. */
export interface Judged {
  readonly route: string;
  readonly method: string;
  /** `null` when the credential was right; else why it was refused. */
  readonly refusal: string | null;
}

export interface ApiServer {
  /** `http://127.0.0.1:<port>/prod/`: the API's endpoint, as the programs' `prefix`. */
  readonly endpoint: string;
  readonly origin: string;
  readonly judged: Judged[];
  /** Files served as they are under `/static/` (the Chromium page and its bundle). */
  readonly files: Map<string, { type: string; body: string }>;
  close(): Promise<void>;
}

/**
 * The API the smoke programs call, on a loopback port, checking each credential independently of ky-auth:
 * `GET /prod/catalog` wants the API key in `x-api-key`, `GET /prod/profile` the access token, raw, in
 * `Authorization`, and `POST /prod/orders` a SigV4 signature that the `aws4` package recomputes
 * ({@link verifySignature}). It answers `200 { authorizedBy, principal, ... }` or `401`/`403` with the
 * reason, and records its verdict on every request.
 */
export async function startApiServer(secrets: ApiSecrets): Promise<ApiServer> {
  const judged: Judged[] = [];
  const files = new Map<string, { type: string; body: string }>();
  const server = createServer(async (incoming, response) => {
    const request = await receivedRequest(incoming);
    const path = request.target.split('?')[0] ?? '';
    const file = files.get(path);
    if (file !== undefined) {
      response.writeHead(200, { 'content-type': file.type });
      response.end(file.body);
      return;
    }
    if (!path.startsWith('/prod/')) {
      response.writeHead(404).end();
      return;
    }
    const answer = judge(request, path, secrets);
    judged.push({
      route: path,
      method: request.method,
      refusal: answer.status === 200 ? null : answer.reason,
    });
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.status === 200 ? answer.body : { message: answer.reason }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: `${origin}/prod/`,
    origin,
    judged,
    files,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Answer =
  | { readonly status: 200; readonly body: Record<string, unknown> }
  | { readonly status: 401 | 403 | 404; readonly reason: string };

function judge(request: ReceivedRequest, path: string, secrets: ApiSecrets): Answer {
  const route = `${request.method} ${path}`;
  if (route === 'GET /prod/catalog') {
    return request.headers['x-api-key'] === secrets.key
      ? { status: 200, body: { authorizedBy: 'API key' } }
      : { status: 403, reason: 'missing or wrong x-api-key' };
  }
  if (route === 'GET /prod/profile') {
    return request.headers.authorization === secrets.accessToken
      ? { status: 200, body: { authorizedBy: 'user-pool token' } }
      : { status: 401, reason: 'missing or wrong Authorization token' };
  }
  if (route === 'POST /prod/orders') {
    const verdict = verifySignature(request, {
      credentials: [secrets.credentials],
      region: 'us-east-1',
      service: 'execute-api',
    });
    return verdict.ok
      ? {
          status: 200,
          body: {
            authorizedBy: 'SigV4',
            principal: secrets.credentials.accessKeyId,
            order: JSON.parse(request.body.toString('utf8')),
          },
        }
      : { status: 403, reason: verdict.reason };
  }
  return { status: 404, reason: `no route ${route}` };
}
