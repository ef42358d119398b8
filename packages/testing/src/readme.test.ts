import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it, jest } from '@jest/globals';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const example = readFileSync(join(import.meta.dirname, 'test-support', 'readme-example.ts'), 'utf8');

it('opens the README with the example this test runs', () => {
  const firstBlock = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(firstBlock).toBe(example);
});

it('runs the README example and prints what its comments say', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import('./test-support/readme-example.ts');
    expect(log.mock.calls).toEqual([[200, 'alice'], [401, { message: 'Unauthorized' }], [1]]);
  } finally {
    log.mockRestore();
  }
});
