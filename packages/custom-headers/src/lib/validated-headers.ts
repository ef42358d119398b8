import { validateHeader } from '@ky-auth/core';
import { headerEntries } from './header-entries.ts';

/** Validates every header of `init` (see `validateHeader`) and returns them as `Headers`. */
export function validatedHeaders(init: unknown, source: string): Headers {
  const entries = headerEntries(init, source);
  for (const [name, value] of entries) validateHeader(name, value, source);
  return new Headers(entries as Array<[string, string]>);
}
