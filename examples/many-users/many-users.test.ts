import { expect, it } from '@jest/globals';
import { runNode } from '../support/run-node.ts';

// Run as a user runs it: three users' calls through the BFF at once, each signed with its own user's
// credentials, which the stand-in's IAM authorizer (@ky-auth/testing) verifies before naming the key.
it("node examples/many-users/many-users.ts signs each user's calls with their own credentials and exits 0", async () => {
  const run = await runNode('examples/many-users/many-users.ts');
  expect(run.stderr).toBe('');
  expect(run.stdout.trimEnd().split('\n')).toEqual([
    'alice GET /prod/me x2 -> IAM ASIAALICEEXAMPLE',
    'bob   GET /prod/me x2 -> IAM ASIABOBEXAMPLE',
    'carol GET /prod/me x2 -> IAM ASIACAROLEXAMPLE',
    'no session GET /me -> 401, nothing sent to the API',
  ]);
  expect(run.code).toBe(0);
}, 60_000);
