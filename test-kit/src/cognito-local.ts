// A real Cognito user-pool stand-in for tests and the demo: the `cognito-local` package, run as a child
// process on 127.0.0.1 in a fresh temporary directory (its data lives in `./.cognito` there), driven
// through the same JSON API as Amazon Cognito.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An app client of a test pool. */
export interface TestUserPoolClient {
  readonly clientId: string;
  /** Present when the client was created with `generateSecret`. */
  readonly clientSecret: string | undefined;
  /** Changes the lifetime of the access and ID tokens issued from now on (`UpdateUserPoolClient`). */
  setTokenValidity(seconds: number): Promise<void>;
}

export interface TestUserPoolClientOptions {
  /** Access token lifetime in seconds (cognito-local honours `TokenValidityUnits`). Default 3600. */
  readonly accessTokenValidity?: number;
  /** ID token lifetime in seconds. Default: the access token's. */
  readonly idTokenValidity?: number;
  /** Gives the client a secret: requests must then carry `SECRET_HASH` (cognito-local does not check it). */
  readonly generateSecret?: boolean;
}

/** A user pool on the stand-in. */
export interface TestUserPool {
  readonly userPoolId: string;
  /** `http://127.0.0.1:<port>/<poolId>`: the `iss` of its tokens. */
  readonly issuer: string;
  /** `<issuer>/.well-known/jwks.json`. (Its discovery document names port 9229 whatever the real port.) */
  readonly jwksUri: string;
  createClient(options?: TestUserPoolClientOptions): Promise<TestUserPoolClient>;
  /** Creates a confirmed user (`AdminCreateUser`, then a permanent `AdminSetUserPassword`). */
  createUser(username: string, password: string): Promise<void>;
}

export interface CognitoLocal {
  /** `http://127.0.0.1:<port>/`: pass it as `userPoolSession({ endpoint })`. */
  readonly endpoint: string;
  /** Calls an action of the Cognito user-pool API (`AdminGetUser`, `RevokeToken`, …); throws on errors. */
  call(action: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
  createUserPool(name?: string): Promise<TestUserPool>;
  /** Stops the process and deletes its data directory. */
  stop(): Promise<void>;
}

/**
 * Starts cognito-local on a free loopback port and waits until `/health` answers.
 *
 * @example
 * ```ts
 * const cognito = await startCognitoLocal();
 * const pool = await cognito.createUserPool();
 * const { clientId } = await pool.createClient({ accessTokenValidity: 2 });
 * await pool.createUser('alice@example.com', 'Passw0rd!');
 * // … userPoolSession({ userPoolId: pool.userPoolId, clientId, region: 'us-east-1', endpoint: cognito.endpoint })
 * await cognito.stop();
 * ```
 */
export async function startCognitoLocal(): Promise<CognitoLocal> {
  const bin = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  let lastFailure: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const cwd = mkdtempSync(join(tmpdir(), 'cognito-local-'));
    const child = spawn(process.execPath, [bin], {
      cwd,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const endpoint = `http://127.0.0.1:${port}/`;
    if (await healthy(endpoint, child)) return connected(endpoint, child, cwd);
    child.kill();
    rmSync(cwd, { recursive: true, force: true });
    lastFailure = new Error(`cognito-local did not start on port ${port}:\n${output}`);
  }
  throw lastFailure;
}

function connected(endpoint: string, child: ChildProcess, cwd: string): CognitoLocal {
  const call = async (action: string, body: Record<string, unknown>) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`cognito-local ${action} failed: ${response.status} ${JSON.stringify(result)}`);
    return result;
  };

  return {
    endpoint,
    call,
    async createUserPool(name = 'ky-auth-test') {
      const { UserPool } = (await call('CreateUserPool', { PoolName: name })) as { UserPool: { Id: string } };
      const userPoolId = UserPool.Id;
      const issuer = `${endpoint}${userPoolId}`;
      return {
        userPoolId,
        issuer,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        async createClient(options = {}) {
          const accessTokenValidity = options.accessTokenValidity ?? 3600;
          const { UserPoolClient } = (await call('CreateUserPoolClient', {
            UserPoolId: userPoolId,
            ClientName: 'ky-auth-test-client',
            GenerateSecret: options.generateSecret === true,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            AccessTokenValidity: accessTokenValidity,
            IdTokenValidity: options.idTokenValidity ?? accessTokenValidity,
            TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'days' },
          })) as { UserPoolClient: { ClientId: string; ClientSecret?: string } };
          const clientId = UserPoolClient.ClientId;
          return {
            clientId,
            clientSecret: UserPoolClient.ClientSecret,
            async setTokenValidity(seconds) {
              await call('UpdateUserPoolClient', {
                UserPoolId: userPoolId,
                ClientId: clientId,
                AccessTokenValidity: seconds,
                IdTokenValidity: seconds,
              });
            },
          };
        },
        async createUser(username, password) {
          await call('AdminCreateUser', {
            UserPoolId: userPoolId,
            Username: username,
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: username },
              { Name: 'email_verified', Value: 'true' },
            ],
          });
          await call('AdminSetUserPassword', {
            UserPoolId: userPoolId,
            Username: username,
            Password: password,
            Permanent: true,
          });
        },
      };
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill();
        await once(child, 'exit');
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** A port the system just had free on 127.0.0.1 (cognito-local must be told its port up front). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Polls `/health` until it answers (true) or the process exits or 15 s pass (false). */
async function healthy(endpoint: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${endpoint}health`)).ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
