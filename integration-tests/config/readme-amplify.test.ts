import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  configureArguments,
  repairElisions,
  restEndpoint,
  seed,
  seedFiles,
  substitutePlaceholders,
  withoutLineNumbers,
} from '@ky-auth/test-kit/amplify-seeds';
import { cognitoIdentity, createTestUserPool } from '@ky-auth/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

// The root README's "Coming from Amplify": every Amplify block is a seed page's snippet, and every
// ky-auth (```ts) block runs, as its own module, against a stand-in that records what arrived.

const repoRoot = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', repoRoot), 'utf8');
const section = /\n## Coming from Amplify\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, language, code]) => ({
  language: language ?? '',
  code: code ?? '',
}));

// The stand-in: the APIs record every request; Cognito Identity hands out roles; a user is signed in.
const userPool = await createTestUserPool({ poolId: 'us-east-1_Example01' });
const identityPoolId = 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666';
const guest = { accessKeyId: 'ASIAGUEST', secretAccessKey: 'guest/secret', sessionToken: 'guest' };
const user = { accessKeyId: 'ASIAUSER', secretAccessKey: 'user/secret', sessionToken: 'user' };
const identity = cognitoIdentity({
  identityPoolId,
  allowUnauthenticated: true,
  roles: { unauth: guest, auth: user },
  userPool,
});
const idToken = await userPool.idToken({ username: 'alice' });
const accessToken = await userPool.accessToken({ username: 'alice' });
const gen1Endpoint = 'https://xyz.execute-api.us-east-1.amazonaws.com/Development';

const received: { method: string; url: string; headers: Record<string, string> }[] = [];
const record = ({ request }: { request: Request }) => {
  received.push({ method: request.method, url: request.url, headers: Object.fromEntries(request.headers) });
  return HttpResponse.json({ ok: true });
};
const server = setupServer(
  ...identity.handlers,
  http.all(`${restEndpoint}/*`, record),
  http.all(`${gen1Endpoint}/*`, record),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  received.length = 0;
});
afterAll(() => server.close());

// What the ky-auth blocks use without defining it, as the section's introduction says.
const cognitoBlock = JSON.parse(
  seed('002-native-3.json')
    .replace('"POOL-ID"', '"us-east-1_Example01"')
    .replace('"YOUR-COGNITO-IDENTITY-POOLID"', JSON.stringify(identityPoolId)),
) as object;
/** A native Amplify block as a file: placeholders substituted, beside the page's awsCognitoAuthPlugin. */
const nativeFile = (json: string) => ({
  ...(JSON.parse(substitutePlaceholders(repairElisions(json))) as object),
  awsCognitoAuthPlugin: cognitoBlock,
});
const outputs = {
  version: '1.4',
  auth: {
    aws_region: 'us-east-1',
    user_pool_id: 'us-east-1_Example01',
    user_pool_client_id: 'client',
    identity_pool_id: identityPoolId,
  },
  custom: { API: { myRestApi: { endpoint: restEndpoint, region: 'us-west-2', apiName: 'myRestApi' } } },
};
const apiKey = 'da2-gen2-header-key';
const authToken = 'custom-auth-token';
const fetchAuthSession = async () => ({
  tokens: { idToken: { toString: () => idToken }, accessToken: { toString: () => accessToken } },
});

/** Runs a ky-auth block as a module in this package's folder (so it imports the packages by name, as declared here). */
async function run(code: string, config?: unknown): Promise<void> {
  const scope: Record<string, unknown> = { config, outputs, fetchAuthSession, apiKey, authToken };
  const free = Object.keys(scope).filter(
    (name) => new RegExp(`\\b${name}\\b`).test(code) && !new RegExp(`import[^;]*\\b${name}\\b`).test(code),
  );
  (globalThis as { kyAuthReadme?: unknown }).kyAuthReadme = scope;
  const prelude = free.length === 0 ? '' : `const { ${free.join(', ')} } = globalThis.kyAuthReadme;\n`;
  const file = fileURLToPath(new URL(`.readme-amplify-${randomUUID()}.ts`, import.meta.url));
  writeFileSync(file, `${prelude}${code}\nexport {};\n`);
  try {
    await import(file);
  } finally {
    rmSync(file, { force: true });
  }
}

const signedBy = (headers: Record<string, string> | undefined) =>
  /^AWS4-HMAC-SHA256 Credential=(\w+)\//.exec(headers?.authorization ?? '')?.[1];
const one = () => {
  expect(received).toHaveLength(1);
  return received[0]?.headers ?? {};
};

/** Each ky-auth block in order: the Amplify block it answers (its `config`), and what must arrive. */
const expectations: readonly [title: string, check: () => void][] = [
  [
    "IAM: the signed-in user's role, logins from the file",
    () => expect(signedBy(one())).toBe(user.accessKeyId),
  ],
  ['API key from the entry', () => expect(one()['x-api-key']).toBe('[API_KEY]')],
  ['user pool: the access token', () => expect(one().authorization).toBe(accessToken)],
  ['OIDC: the ID token', () => expect(one().authorization).toBe(idToken)],
  [
    'NONE: the per-request header and the per-API interceptor, no auth',
    () => {
      const headers = one();
      expect([headers.headerfield, headers.headerkey, headers.authorization]).toEqual([
        'headerValue',
        'headerValue',
        undefined,
      ]);
    },
  ],
  [
    'custom: the authorizer registered under that name',
    () => expect(one().authorization).toBe('Bearer token-from-another-provider'),
  ],
  [
    'Gen1 custom_header: its Authorization, unsigned',
    () => expect([one().authorization, one()['x-amz-date']]).toEqual(['token', undefined]),
  ],
  ["Gen2 defaultAuthMode 'none': no auth", () => expect(one().authorization).toBeUndefined()],
  [
    'Gen2 headers: the header, and signed with the guest role',
    () => {
      const headers = one();
      expect([headers['x-api-key'], signedBy(headers)]).toEqual([apiKey, guest.accessKeyId]);
    },
  ],
  [
    "Gen2 Authorization header with defaultAuthMode 'none': sent as given",
    () => expect([one().authorization, one()['x-amz-date']]).toEqual([authToken, undefined]),
  ],
  [
    "per request: the call's own header, no signature",
    () =>
      expect(
        received.map(({ method, url, headers }) => [
          method,
          url,
          headers.authorization,
          headers['x-amz-date'],
        ]),
      ).toEqual([
        ['DELETE', `${restEndpoint}/items/1`, authToken, undefined],
        ['GET', `${restEndpoint}/public-endpoint`, undefined, undefined],
      ]),
  ],
];

describe('README: Coming from Amplify', () => {
  const tsBlocks = blocks.flatMap((block, index) => (block.language === 'ts' ? [index] : []));

  it('has one ky-auth block per expectation', () => {
    expect(tsBlocks).toHaveLength(expectations.length);
  });

  // The formatter (biome formats the README's code blocks) changes only whitespace and trailing commas.
  const asWritten = (code: string) =>
    code.replace(/,(\s*(?:\/\/[^\n]*)?\s*[}\])])/g, '$1').replace(/\s+/g, '');

  it('quotes the seed pages: each JSON and JavaScript Amplify block is a fixture, formatting aside', () => {
    const fixtures = seedFiles.map((file) => asWritten(withoutLineNumbers(seed(file))));
    const quoted = blocks.filter((block) => ['json', 'js', 'javascript'].includes(block.language));
    // The `custom` entry, which the page describes but does not print, is the one block of ours.
    const ours = quoted.filter((block) => !fixtures.includes(asWritten(block.code)));
    expect(ours.map((block) => asWritten(block.code))).toEqual([
      asWritten(seed('002-native-0.json').replace('"IAM"', '"custom"')),
      // 003's per-request example is request code, not configuration: it has no fixture.
      expect.stringContaining(asWritten("await del({ apiName: 'myRestApi', path: 'items/1'")),
    ]);
    expect(quoted).toHaveLength(10);
  });

  it.each(tsBlocks.map((blockIndex, order) => [expectations[order]?.[0] ?? '', blockIndex, order] as const))(
    '%s',
    async (_title, blockIndex, order) => {
      // The Amplify block this one answers: the nearest JSON or JavaScript block above it.
      const amplify = blocks
        .slice(0, blockIndex)
        .reverse()
        .find((block) => ['json', 'js', 'javascript'].includes(block.language));
      const config =
        amplify === undefined
          ? undefined
          : amplify.language === 'json'
            ? nativeFile(amplify.code)
            : amplify.code.startsWith('Amplify.configure({')
              ? configureArguments(amplify.code)[0]
              : undefined;
      await run(blocks[blockIndex]?.code ?? '', config);
      expectations[order]?.[1]();
    },
  );
});
