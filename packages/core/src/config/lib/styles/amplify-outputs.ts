import { ApiCollector } from '../api-collector.ts';
import { collectApiMap } from '../collect-api-map.ts';
import type { JsonObject } from '../json.ts';
import { parseIdentityPool, parseUserPool } from '../parse-pools.ts';
import { optionalObject, readField } from '../read.ts';
import type { StyleOptions, StyleResult } from './style-result.ts';

/**
 * Gen2's `amplify_outputs.json`: REST APIs under `custom.API` (where the Gen2 docs' `backend.addOutput`
 * puts them), the user and identity pools under `auth`, whose `aws_region` is both pools' region.
 */
export function parseAmplifyOutputs(root: JsonObject, options: StyleOptions): StyleResult {
  const collected = new ApiCollector();
  const custom = optionalObject(root, 'custom', '$');
  const apis = custom && optionalObject(custom, 'API', 'custom');
  if (apis !== undefined) collectApiMap(apis, 'custom.API', collected, options);
  const result = {
    collected,
    userPool: undefined,
    identityPool: undefined,
    restApisPath: 'custom.API',
    restApisHint:
      'add your REST APIs to custom.API, with backend.addOutput({ custom: { API: { [name]: { endpoint, region } } } })',
  };
  const auth = optionalObject(root, 'auth', '$');
  if (auth === undefined) return result;
  const region = readField(auth, 'aws_region', 'auth');
  return {
    ...result,
    userPool: parseUserPool({
      poolId: readField(auth, 'user_pool_id', 'auth'),
      clientId: readField(auth, 'user_pool_client_id', 'auth'),
      region,
    }),
    identityPool: parseIdentityPool({ poolId: readField(auth, 'identity_pool_id', 'auth'), region }),
  };
}
