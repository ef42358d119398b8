import type { IdentityPoolConfig, UserPoolConfig } from '../types.ts';
import { configError } from './config-error.ts';
import type { Field } from './read.ts';
import { invalidRegion, isAwsRegion } from './region.ts';

export interface UserPoolFields {
  readonly poolId: Field;
  readonly clientId: Field;
  readonly clientSecret?: Field;
  /** Absent in styles that have no region key (Gen2): the region is the pool ID's prefix. */
  readonly region?: Field;
}

/** A user pool, or `undefined` when neither its ID nor its app client ID is given. */
export function parseUserPool(fields: UserPoolFields): UserPoolConfig | undefined {
  const { poolId, clientId } = fields;
  if (poolId.value === undefined && clientId.value === undefined) return undefined;
  if (poolId.value === undefined) {
    throw configError(
      'ERR_CONFIG_MISSING_FIELD',
      poolId.path,
      'the user pool has an app client ID but no pool ID.',
    );
  }
  if (clientId.value === undefined) {
    throw configError('ERR_CONFIG_MISSING_FIELD', clientId.path, 'the user pool has no app client ID.');
  }
  return Object.freeze({
    poolId: poolId.value,
    clientId: clientId.value,
    clientSecret: fields.clientSecret?.value,
    region: poolRegion(poolId, '_', fields.region),
  });
}

export interface IdentityPoolFields {
  readonly poolId: Field;
  readonly region?: Field;
}

/** An identity pool, or `undefined` when no ID is given. */
export function parseIdentityPool(fields: IdentityPoolFields): IdentityPoolConfig | undefined {
  const { poolId } = fields;
  if (poolId.value === undefined) return undefined;
  return Object.freeze({ poolId: poolId.value, region: poolRegion(poolId, ':', fields.region) });
}

/**
 * A pool's region: the configured one, else the prefix of its ID (`us-east-1_AbC…`, `us-east-1:1a2b…`),
 * which Cognito always writes and which the configured one must match.
 */
function poolRegion(poolId: Field, separator: '_' | ':', region: Field | undefined): string {
  const id = poolId.value ?? '';
  const cut = id.indexOf(separator);
  const prefix = cut > 0 ? id.slice(0, cut) : undefined;
  const fromId = prefix !== undefined && isAwsRegion(prefix) ? prefix : undefined;
  if (region?.value !== undefined) {
    if (!isAwsRegion(region.value)) throw invalidRegion(region.path);
    if (fromId !== undefined && fromId !== region.value) {
      throw configError(
        'ERR_CONFIG_INVALID_REGION',
        region.path,
        `the region differs from the one the pool ID at ${poolId.path} starts with.`,
      );
    }
    return region.value;
  }
  if (fromId !== undefined) return fromId;
  if (region !== undefined) {
    throw configError(
      'ERR_CONFIG_MISSING_FIELD',
      region.path,
      `the pool's region is missing, and the pool ID at ${poolId.path} does not start with one.`,
    );
  }
  throw configError(
    'ERR_CONFIG_INVALID_REGION',
    poolId.path,
    `the pool ID must start with its region, such as us-east-1${separator}…`,
  );
}
