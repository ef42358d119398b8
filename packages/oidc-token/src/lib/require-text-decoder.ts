import { ConfigError } from '@ky-auth/core';

/**
 * Refuses, with what to do, a runtime without `TextDecoder`: oauth4webapi, the OpenID client library,
 * creates one when it loads, and React Native's Hermes has it only from 0.85. Checked before anything
 * touches oauth4webapi (React Native's Metro loads an import on its first use), so the app gets this
 * error rather than a ReferenceError from inside the library.
 */
export function requireTextDecoder(): void {
  if (typeof TextDecoder === 'function') return;
  throw new ConfigError(
    'ERR_CONFIG_INVALID',
    'oidcClient',
    'oidcClient needs TextDecoder, which this runtime lacks (React Native has it from 0.85): its OpenID library, oauth4webapi, creates one when it loads. Load a TextDecoder polyfill before anything imports @ky-auth/oidc-token, or give oidcToken a getLatestAuthToken of your own.',
  );
}
