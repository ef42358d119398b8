// A server that calls an IAM-protected API Gateway API for many signed-in users (a BFF, a Next.js route
// handler): one ky client for everyone, each call carrying its user's credentials in ky's `context`.
// Nothing is per-user in the client; a user's credentials never sign another user's call.
//
// Run it: node examples/many-users/many-users.ts (a local stand-in answers as the API).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authHooks } from '@ky-auth/core';
import { type AwsCredentials, iamSigner } from '@ky-auth/iam-signer';
import ky, { HTTPError } from 'ky';

/** What the API answers: who it authorized. */
interface Me {
  readonly principal: { readonly accessKeyId?: string } | null;
}

/**
 * Each signed-in user's credentials, by session id: what your sign-in stored (an identity pool's or STS's
 * temporary credentials, refreshed by your session code). Placeholders the local stand-in accepts.
 */
export const sessions = new Map<string, { readonly user: string; readonly credentials: AwsCredentials }>(
  ['alice', 'bob', 'carol'].map((user) => [
    `session-${user}`,
    {
      user,
      credentials: {
        accessKeyId: `ASIA${user.toUpperCase()}EXAMPLE`,
        secretAccessKey: `${user}-secret-example`,
        sessionToken: `${user}-session-token`,
      },
    },
  ]),
);

// One client for the whole server: the signer has no credentials of its own, every call brings its user's.
const endpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/';
const api = ky.create({ prefix: endpoint, timeout: 5_000, hooks: authHooks([iamSigner({})], { endpoint }) });

/** The BFF's one route: GET /me, for the user of the `session` cookie. */
async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const sessionId = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  const session = sessionId === undefined ? undefined : sessions.get(sessionId);
  if (session === undefined) {
    response.writeHead(401).end();
    return;
  }
  try {
    const me = await api.get('me', { context: { credentials: session.credentials } }).json<Me>();
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ user: session.user, signedBy: me.principal?.accessKeyId }));
  } catch (error) {
    response.writeHead(error instanceof HTTPError ? 502 : 500).end();
  }
}

export async function main(): Promise<void> {
  const server: Server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bff = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // Three users' browsers call the BFF at the same time, twice each.
    const users = [...sessions.keys(), ...sessions.keys()];
    const answers = await Promise.all(
      users.map(async (session) => {
        const response = await fetch(`${bff}/me`, { headers: { cookie: `session=${session}` } });
        return (await response.json()) as { user: string; signedBy: string };
      }),
    );
    for (const { user } of answers.slice(0, sessions.size)) {
      const again = answers.filter((answer) => answer.user === user).map((answer) => answer.signedBy);
      console.log(`${user.padEnd(5)} GET /prod/me x${again.length} -> IAM ${[...new Set(again)].join(', ')}`);
    }
    const anonymous = await fetch(`${bff}/me`);
    console.log(`no session GET /me -> ${anonymous.status}, nothing sent to the API`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

if (import.meta.main) {
  const { runWithLocalApi } = await import('./local-api.ts');
  const users = [...sessions.values()].map(({ credentials }) => ({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken ?? '',
  }));
  await runWithLocalApi(main, users);
}
