import type { AwsCredentials } from '../types.ts';
import type { ChecksumConstructor } from './checksum.ts';

/** Scopes kept per credentials: a day's key for each region and service they sign for. */
const scopesPerCredentials = 8;

// Keyed by the credentials object, so a key lives no longer than the credentials it came from; providers
// return the same object until they refresh.
const keysByHash = new WeakMap<ChecksumConstructor, WeakMap<AwsCredentials, Map<string, Uint8Array>>>();

/** The SigV4 signing key of a day, region and service: four chained HMACs, cached. */
export async function signingKey(
  Hash: ChecksumConstructor,
  credentials: AwsCredentials,
  shortDate: string,
  region: string,
  service: string,
): Promise<Uint8Array> {
  let byCredentials = keysByHash.get(Hash);
  if (byCredentials === undefined) {
    byCredentials = new WeakMap();
    keysByHash.set(Hash, byCredentials);
  }
  let keys = byCredentials.get(credentials);
  const scope = `${shortDate}/${region}/${service}`;
  const cached = keys?.get(scope);
  if (cached !== undefined) return cached;

  let key = await hmac(Hash, `AWS4${credentials.secretAccessKey}`, shortDate);
  key = await hmac(Hash, key, region);
  key = await hmac(Hash, key, service);
  key = await hmac(Hash, key, 'aws4_request');

  if (keys === undefined) {
    keys = new Map();
    byCredentials.set(credentials, keys);
  }
  if (keys.size >= scopesPerCredentials) keys.delete(keys.keys().next().value as string);
  keys.set(scope, key);
  return key;
}

export function hmac(Hash: ChecksumConstructor, key: string | Uint8Array, data: string): Promise<Uint8Array> {
  const mac = new Hash(key);
  mac.update(data);
  return mac.digest();
}
