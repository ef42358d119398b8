// Plumbing the ky-auth packages share, behind `@ky-auth/core/internal`: not for apps, and kept out of the
// root entry so that a bundle which splits dynamic imports never pulls it up front through a re-export.
export type { LimitedRead, ReadLimits } from './helpers/read-limited.ts';
export { readLimited } from './helpers/read-limited.ts';
