import { ApiCollector } from '../api-collector.ts';
import { collectApiMap } from '../collect-api-map.ts';
import type { JsonObject } from '../json.ts';
import { parseIdentityPool, parseUserPool } from '../parse-pools.ts';
import { optionalObject, readField } from '../read.ts';
import type { StyleOptions, StyleResult } from './style-result.ts';

/**
 * Gen2's resource config, the first argument of `Amplify.configure` (and what `Amplify.getConfig()`
 * returns): `API.REST` and `Auth.Cognito`, whose pool regions are the prefixes of their IDs.
 */
export function parseGen2(root: JsonObject, options: StyleOptions): StyleResult {
  const collected = new ApiCollector();
  const api = optionalObject(root, 'API', '$');
  const rest = api && optionalObject(api, 'REST', 'API');
  if (rest !== undefined) collectApiMap(rest, 'API.REST', collected, options);
  const auth = optionalObject(root, 'Auth', '$');
  const cognito = auth && optionalObject(auth, 'Cognito', 'Auth');
  return {
    collected,
    userPool:
      cognito &&
      parseUserPool({
        poolId: readField(cognito, 'userPoolId', 'Auth.Cognito'),
        clientId: readField(cognito, 'userPoolClientId', 'Auth.Cognito'),
      }),
    identityPool:
      cognito && parseIdentityPool({ poolId: readField(cognito, 'identityPoolId', 'Auth.Cognito') }),
    restApisPath: 'API.REST',
    restApisHint: 'add { [name]: { endpoint, region } } under API.REST',
  };
}
