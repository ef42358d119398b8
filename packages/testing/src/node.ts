// `@ky-auth/testing/node`: what needs Node's own types. Kept out of the root entry so a browser-only
// TypeScript project (no `@types/node`) typechecks `@ky-auth/testing`.
export type { HttpListenerOptions } from './http-listener.ts';
export { httpListener } from './http-listener.ts';
