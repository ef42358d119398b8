export { caught } from './caught.ts';
export type { ConfigMutation, ConfigMutations, ConfigPath, PlacedMutation } from './config-mutations.ts';
export { configMutations } from './config-mutations.ts';
export { firstTypeScriptBlock, runReadmeSnippet } from './readme-snippet.ts';
export type { SecretCollector } from './secrets.ts';
export { expectNoSecrets, secretCollector } from './secrets.ts';
export type { FetchAnswer, StalledFetch } from './stalled-fetch.ts';
export { stalledFetch } from './stalled-fetch.ts';
export { rejectionAtTimeout } from './virtual-timeouts.ts';
