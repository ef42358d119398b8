import { isAwsRegion } from '../../helpers/aws-region.ts';
import type { IdentityPoolConfig, UserPoolConfig } from '../types.ts';
import { childPath, fail, missing, type Place, read } from './read.ts';
import { checkRegion } from './region.ts';

/**
 * A Cognito pool from the keys its style names its fields with, all in one block: a user pool (with
 * `clientKey`), `undefined` when neither its ID nor its app client ID is given, or an identity pool,
 * `undefined` when its ID is not. The region is `regionKey`'s, else the ID's prefix (`us-east-1_AbC…`,
 * `us-east-1:1a2b…`), which Cognito always writes and which the configured one must match.
 */
export function parsePool(
  block: Place | undefined,
  idKey: string,
  regionKey: string | undefined,
  clientKey: string,
  secretKey?: string,
): UserPoolConfig | undefined;
export function parsePool(
  block: Place | undefined,
  idKey: string,
  regionKey?: string,
): IdentityPoolConfig | undefined;
export function parsePool(
  block: Place | undefined,
  idKey: string,
  regionKey?: string,
  clientKey?: string,
  secretKey?: string,
): UserPoolConfig | IdentityPoolConfig | undefined {
  if (!block) return undefined;
  const [object, path] = block;
  const field = (key: string | undefined) => key && read(object, key, path);
  const poolId = field(idKey);
  const clientId = field(clientKey);
  const clientSecret = field(secretKey);
  if (!poolId && !clientId) return undefined;
  if (!poolId || (clientKey && !clientId)) {
    throw missing(childPath(path, poolId ? (clientKey as string) : idKey));
  }
  const cut = poolId.indexOf(clientKey ? '_' : ':');
  const fromId = cut > 0 && isAwsRegion(poolId.slice(0, cut)) ? poolId.slice(0, cut) : undefined;
  const idPath = childPath(path, idKey);
  const regionPath = regionKey ? childPath(path, regionKey) : idPath;
  const region = checkRegion(field(regionKey), regionPath) ?? fromId;
  if (!region) {
    throw !regionKey
      ? fail('INVALID_REGION', idPath, 'the pool ID must start with its region, such as us-east-1.')
      : missing(regionPath);
  }
  if (fromId && region !== fromId) {
    throw fail('INVALID_REGION', regionPath, `not the region the pool ID at ${idPath} starts with.`);
  }
  return Object.freeze(
    clientKey
      ? { poolId, clientId: clientId as string, clientSecret, region }
      : { poolId, region, path: idPath },
  );
}
