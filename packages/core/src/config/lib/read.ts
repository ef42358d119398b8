import { ConfigError } from '../../errors.ts';
import type { ConfigErrorCode } from '../error-codes.ts';

/** A parsed JSON object (or any non-array object), read only through {@link read} and {@link own}. */
export type JsonObject = { readonly [key: string]: unknown };

/** The JSON types the parser reads, as {@link describeType} names them. */
interface JsonTypes {
  readonly 'a string': string;
  readonly 'an object': JsonObject;
  readonly 'an array': readonly unknown[];
}

/** A {@link ConfigErrorCode} without its `ERR_CONFIG_` prefix. */
export type Problem = ConfigErrorCode extends `ERR_CONFIG_${infer problem}` ? problem : never;

/** The one way the parser reports a problem: a documented code, the JSON path, and what to fix. */
export function fail(problem: Problem, path: string, whatToFix: string): ConfigError {
  return new ConfigError(`ERR_CONFIG_${problem}`, path, whatToFix);
}

/** The JSON type of a value, for "expected …, got …" messages: never the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return `a${/^[aeiou]/.test(typeof value) ? 'n' : ''} ${typeof value}`;
}

/** `ERR_CONFIG_MISSING_FIELD`: the path names the field to add. */
export function missing(path: string): ConfigError {
  return fail('MISSING_FIELD', path, 'required: add it.');
}

/** `ERR_CONFIG_INVALID_TYPE`: names the JSON type found, never the value (it may be a key). */
export function typeError(path: string, expected: string, value: unknown): ConfigError {
  return fail('INVALID_TYPE', path, `expected ${expected}, got ${describeType(value)}.`);
}

/** True for objects, including null-prototype ones; false for arrays and `null`. */
export function isObject(value: unknown): value is JsonObject {
  return describeType(value) === 'an object';
}

/** The object's own property, so that `toString` or `constructor` never read as configuration. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * The path of `key` inside the value at `parent`: `api.plugins`, `aws_cloud_logic_custom[0]`,
 * `awsAPIPlugin["<YOUR-RESTENDPOINT-NAME>"]`. The document itself is `$`.
 */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!identifier.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '$' ? key : `${parent}.${key}`;
}

/**
 * The optional value `key` of the object at `path`, of JSON type `type` (default a string): absent and
 * `null` (and `''` for a string) read as `undefined`, another type is `ERR_CONFIG_INVALID_TYPE` at the
 * key's path.
 */
export function read<T extends keyof JsonTypes = 'a string'>(
  object: JsonObject,
  key: string,
  path: string,
  type: T = 'a string' as T,
): JsonTypes[T] | undefined {
  const value = own(object, key);
  if (value == null || (value === '' && type === 'a string')) return undefined;
  if (describeType(value) !== type) throw typeError(childPath(path, key), type, value);
  return value as JsonTypes[T];
}

/** A value and its JSON path. */
export type Place<T = JsonObject> = readonly [value: T, path: string];

/**
 * The value at the dotted `keys` (identifiers, such as `API.REST`) below `place`, each step an object
 * and the last of JSON type `type` (default an object), with its path; `undefined` when a step is absent.
 */
export function at<T extends keyof JsonTypes = 'an object'>(
  place: Place | undefined,
  keys: string,
  type: T = 'an object' as T,
): Place<JsonTypes[T]> | undefined {
  const dot = keys.indexOf('.');
  if (dot > 0) return at(at(place, keys.slice(0, dot)), keys.slice(dot + 1), type);
  if (place === undefined) return undefined;
  const value = read(place[0], keys, place[1], type);
  return value === undefined ? undefined : [value, childPath(place[1], keys)];
}
