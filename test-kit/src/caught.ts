/**
 * The error `action` throws or rejects with; fails the test when it succeeds or throws a non-Error.
 * Typed with the optional `code` every ky-auth error carries, so a test can read it without a cast.
 *
 * @example
 * const error = await caught(() => apiKey({ key: 'bad\nkey' }));
 * expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
 */
export async function caught(action: () => unknown): Promise<Error & { code?: string }> {
  try {
    await action();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected an error, but none was thrown');
}
