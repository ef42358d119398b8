/**
 * The brand that lets `instanceof` recognize the errors of another copy of `@ky-auth/core` (two versions
 * in one app). `Symbol.for` returns one symbol per key, realm-wide, so every copy brands under the same
 * key; each class has its own number, the same in every copy and every version: KyAuthError is 1, and a
 * number, once given, is never reused.
 */
export const brand = Symbol.for('ky-auth.error');

/** An object that may carry a class's brand number. */
export type Branded = { [brand]?: number };
