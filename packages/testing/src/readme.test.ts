import { expect, it, jest } from '@jest/globals';
import { runReadmeSnippet } from '@ky-auth/test-kit';

it('runs the README example and prints what its comments say', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await runReadmeSnippet(new URL('../README.md', import.meta.url));
    expect(log.mock.calls).toEqual([[200, 'alice'], [401, { message: 'Unauthorized' }], [1]]);
  } finally {
    log.mockRestore();
  }
});
