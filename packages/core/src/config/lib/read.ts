import { configError } from './config-error.ts';
import { describeType, isObject, type JsonObject, own } from './json.ts';
import { childPath } from './json-path.ts';

/** An optional string: absent, `null` and `''` read as `undefined`; another type is an error. */
export function optionalString(object: JsonObject, key: string, path: string): string | undefined {
  const value = own(object, key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      childPath(path, key),
      `expected a string, got ${describeType(value)}.`,
    );
  }
  return value;
}

/** An optional object: absent and `null` read as `undefined`; another type is an error. */
export function optionalObject(object: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = own(object, key);
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      childPath(path, key),
      `expected an object, got ${describeType(value)}.`,
    );
  }
  return value;
}

/** An optional array: absent and `null` read as `undefined`; another type is an error. */
export function optionalArray(object: JsonObject, key: string, path: string): readonly unknown[] | undefined {
  const value = own(object, key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      childPath(path, key),
      `expected an array, got ${describeType(value)}.`,
    );
  }
  return value;
}

/** A string value and where it was read, for checks that involve two fields. */
export interface Field {
  readonly value: string | undefined;
  readonly path: string;
}

/** {@link optionalString} with its path kept. */
export function readField(object: JsonObject, key: string, path: string): Field {
  return { value: optionalString(object, key, path), path: childPath(path, key) };
}
