/**
 * The brand that lets `instanceof` recognize the errors of another copy of `@ky-auth/core` (two versions
 * in one app). `Symbol.for` returns one symbol per key, realm-wide, so every copy brands under the same
 * key; each class has its own number, the same in every copy and every version: KyAuthError is 1, and a
 * number, once given, is never reused.
 */
export const brand = Symbol.for('ky-auth.error');

/** An object that may carry a class's brand number. */
export type Branded = { [brand]?: number };

/**
 * Gives an error class its literal name and its brand number. The name is a string, not the class's own
 * (`new.target.name`): a minifier renames classes, and `error.name`, the stack and `String(error)` would
 * then print `P` instead of `ConfigError`. It is set on the prototype, as the built-in errors have it, and
 * on the class, so that Node's inspect does not print the minified class name next to it.
 */
export function identify(errorClass: { readonly prototype: object }, name: string, number: number): void {
  Object.defineProperty(errorClass, 'name', { value: name });
  Object.assign(errorClass.prototype, { name, [brand]: number });
}
