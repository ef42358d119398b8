// Plumbing the ky-auth packages share, behind `@ky-auth/core/internal`: not for apps, and kept out of the
// root entry so that a bundle which splits dynamic imports never pulls it up front through a re-export.
export type { BoundedAnswer, BoundedFetchOptions } from './helpers/bounded-fetch.ts';
export { boundedFetch } from './helpers/bounded-fetch.ts';
export { decodeUtf8, decodeUtf8InScript } from './helpers/decode-utf8.ts';
export { hmacOf } from './helpers/hmac-of.ts';
export type { LimitedRead, ReadLimits } from './helpers/read-limited.ts';
export { readLimited } from './helpers/read-limited.ts';
export { sha256 } from './helpers/sha256.ts';
export type { TimeoutSignal } from './helpers/timeout-signal.ts';
export { timeoutSignal } from './helpers/timeout-signal.ts';
