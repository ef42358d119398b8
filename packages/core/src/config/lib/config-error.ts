import { ConfigError } from '../../errors.ts';
import type { ConfigErrorCode } from '../error-codes.ts';

/** A {@link ConfigError} whose code is one of the documented {@link ConfigErrorCode}s. */
export function configError(code: ConfigErrorCode, path: string, message: string): ConfigError {
  return new ConfigError(code, path, message);
}
