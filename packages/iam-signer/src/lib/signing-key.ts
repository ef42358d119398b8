import type { AwsCredentials } from '../types.ts';
import type { HashBackend } from './hash-backend.ts';

/** Scopes kept per credentials: a day's key for each region and service they sign for. */
const scopesPerCredentials = 8;

// Keyed by the credentials object, so a key lives no longer than the credentials it came from; providers
// return the same object until they refresh.
const keysByCredentials = new WeakMap<AwsCredentials, Map<string, Uint8Array>>();

/** The SigV4 signing key of a day, region and service: four chained HMACs, cached. */
export function signingKey(
  backend: HashBackend,
  credentials: AwsCredentials,
  shortDate: string,
  region: string,
  service: string,
): Uint8Array {
  let keys = keysByCredentials.get(credentials);
  const scope = `${shortDate}/${region}/${service}`;
  const cached = keys?.get(scope);
  if (cached !== undefined) return cached;

  let key = backend.hmac(`AWS4${credentials.secretAccessKey}`, shortDate);
  key = backend.hmac(key, region);
  key = backend.hmac(key, service);
  key = backend.hmac(key, 'aws4_request');

  if (keys === undefined) {
    keys = new Map();
    keysByCredentials.set(credentials, keys);
  }
  if (keys.size >= scopesPerCredentials) keys.delete(keys.keys().next().value as string);
  keys.set(scope, key);
  return key;
}
