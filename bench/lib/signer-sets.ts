/** Which signers run where, ky-auth first: every ratio is to ky-auth's `signRequest`. */
import { kyAuth, kyAuthHook } from './ky-auth.ts';
import { amplify, aws4fetch, awsSigv4Sign, type Signer, smithyBrowser, smithyJs } from './peers.ts';

/** Chromium: ky-auth against aws4fetch, Amplify's signer and smithy with either hash. */
export const browserSigners: readonly Signer[] = [
  kyAuth,
  kyAuthHook,
  aws4fetch,
  amplify,
  smithyJs,
  smithyBrowser,
];

/** Node, apart from the signers that need node:crypto (node-peers.ts). */
export const portableSigners: readonly Signer[] = [
  kyAuth,
  kyAuthHook,
  awsSigv4Sign,
  aws4fetch,
  amplify,
  smithyJs,
];
