/** A parsed JSON object (or any non-array object), read only through {@link own}. */
export type JsonObject = { readonly [key: string]: unknown };

/** True for objects, including null-prototype ones; false for arrays and `null`. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object's own property, so that `toString` or `constructor` never read as configuration. */
export function own(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The JSON type of a value, for "expected …, got …" messages: never the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'function':
      return 'a function';
    default:
      return `a ${typeof value}`;
  }
}
