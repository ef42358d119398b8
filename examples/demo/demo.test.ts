import { beforeAll, describe, expect, it } from '@jest/globals';
import { type NodeRun, runNode } from '../support/run-node.ts';

// `pnpm demo` runs `node examples/demo/demo.ts`: the same command, checked row by row.
describe('the demo', () => {
  let run: NodeRun;
  let lines: string[];

  beforeAll(async () => {
    run = await runNode('examples/demo/demo.ts', 40_000);
    lines = run.stdout.split('\n');
  }, 45_000);

  const row = (api: string) => {
    const start = lines.findIndex((line) => line.startsWith(`${api} `));
    const end = lines.findIndex((line, index) => index > start && /^\S/.test(line));
    return start === -1 ? [] : lines.slice(start, end === -1 ? undefined : end);
  };
  const cells = (line: string | undefined) => (line ?? '').trim().split(/\s{2,}/);

  it('exits 0 after saying every row is as expected', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^All rows as expected \(\d+\.\d s\)\.$/m);
    expect(run.code).toBe(0);
  });

  it.each([
    [
      'ordersApi',
      'AWS_IAM',
      'authorization, x-amz-date, x-amz-security-token',
      /^clock skew \(server \+60 min\): 403, re-signed, 200$/,
    ],
    ['catalogApi', 'API_KEY', 'x-api-key', /^another origin: credentials withheld$/],
    [
      'profileApi',
      'AMAZON_COGNITO_USER_POOLS',
      'authorization',
      /^token expired \(2 s life\): refreshed, 200$/,
    ],
    ['partnerApi', 'OPENID_CONNECT', 'authorization', /^token revoked: 401, new token, 200$/],
    ['ledgerApi', 'AWS_LAMBDA', 'authorization', /^token rotated: 401, new token, 200$/],
    ['statusApi', 'NONE', '(none)', /^-$/],
  ])('%s (%s) sent %s, got 200 and shows its recovery', (api, type, sent, recovery) => {
    const [first, ...more] = row(api);
    expect(cells(first)).toEqual([api, type, sent, '200', expect.stringMatching(recovery), '✓']);
    if (type !== 'NONE') {
      expect([...cells(first), ...more.flatMap(cells)]).toContain('another origin: credentials withheld');
    }
  });

  it('shows one rejection explained: the orders API called with a configuration naming another region', () => {
    const start = lines.findIndex((line) => line.startsWith('ordersApi ') && line.includes('eu-west-1'));
    const end = lines.findIndex((line, index) => index > start && /^\S/.test(line));
    const [first, ...more] = lines.slice(start, end);
    expect(cells(first)).toEqual([
      'ordersApi',
      'AWS_IAM in eu-west-1',
      'authorization, x-amz-date, x-amz-security-token',
      '403',
      expect.stringMatching(/^explained: API Gateway refused the signature's/),
      '✓',
    ]);
    const explanation = [cells(first)[4], ...more.map((line) => line.trim())].join(' ');
    expect(explanation).toContain("it was signed for the region 'eu-west-1'");
    expect(explanation).toContain("The region option says 'eu-west-1': change it");
  });
});
