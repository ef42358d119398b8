import type { IdentityPoolConfig, UserPoolConfig } from '../types.ts';
import { childPath, fail, type Place, read } from './read.ts';
import { checkRegion, isAwsRegion } from './region.ts';

/**
 * A user pool from the keys its style names its fields with, all in one block; `undefined` when neither
 * the pool ID nor the app client ID is given. Without `regionKey` (Gen2), the region is the ID's prefix.
 */
export function parseUserPool(
  block: Place | undefined,
  idKey: string,
  clientKey: string,
  regionKey?: string,
  secretKey?: string,
): UserPoolConfig | undefined {
  if (block === undefined) return undefined;
  const [object, path] = block;
  const poolId = read(object, idKey, path, 'string');
  const clientId = read(object, clientKey, path, 'string');
  const clientSecret = secretKey && read(object, secretKey, path, 'string');
  if (poolId === undefined && clientId === undefined) return undefined;
  if (poolId === undefined || clientId === undefined) {
    throw fail(
      'ERR_CONFIG_MISSING_FIELD',
      childPath(path, poolId === undefined ? idKey : clientKey),
      'a user pool needs both its pool ID and its app client ID.',
    );
  }
  return Object.freeze({
    poolId,
    clientId,
    clientSecret,
    region: poolRegion(block, idKey, poolId, '_', regionKey),
  });
}

/** An identity pool, or `undefined` when no ID is given; its region as for {@link parseUserPool}. */
export function parseIdentityPool(
  block: Place | undefined,
  idKey: string,
  regionKey?: string,
): IdentityPoolConfig | undefined {
  const poolId = block && read(block[0], idKey, block[1], 'string');
  if (block === undefined || poolId === undefined) return undefined;
  return Object.freeze({ poolId, region: poolRegion(block, idKey, poolId, ':', regionKey) });
}

/**
 * A pool's region: the configured one, else the prefix of its ID (`us-east-1_AbC…`, `us-east-1:1a2b…`),
 * which Cognito always writes and which the configured one must match.
 */
function poolRegion(
  [object, path]: Place,
  idKey: string,
  poolId: string,
  separator: '_' | ':',
  regionKey: string | undefined,
): string {
  const cut = poolId.indexOf(separator);
  const fromId = cut > 0 && isAwsRegion(poolId.slice(0, cut)) ? poolId.slice(0, cut) : undefined;
  const idPath = childPath(path, idKey);
  if (regionKey === undefined) {
    if (fromId !== undefined) return fromId;
    throw fail(
      'ERR_CONFIG_INVALID_REGION',
      idPath,
      `the pool ID must start with its region, as in us-east-1${separator}….`,
    );
  }
  const regionPath = childPath(path, regionKey);
  const region = checkRegion(read(object, regionKey, path, 'string'), regionPath) ?? fromId;
  if (region === undefined) throw fail('ERR_CONFIG_MISSING_FIELD', regionPath, "give the pool's region.");
  if (fromId !== undefined && region !== fromId) {
    throw fail(
      'ERR_CONFIG_INVALID_REGION',
      regionPath,
      `not the region the pool ID at ${idPath} starts with.`,
    );
  }
  return region;
}
