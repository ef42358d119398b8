// Test helpers shared by the token packages' suites (`@ky-auth/token/test-support`, a path that exists in
// the workspace only: the published package exports none of it).
export { forwardTo } from './forward.ts';
export { caught, expectNoSecrets, jwt, reachableStrings } from './helpers.ts';
export type { ApiCall, JwtApi, JwtApiOptions } from './jwt-api.ts';
export { startJwtApi } from './jwt-api.ts';
