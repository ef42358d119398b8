import { ApiCollector } from '../api-collector.ts';
import { configError } from '../config-error.ts';
import { describeType, isObject, type JsonObject } from '../json.ts';
import { childPath } from '../json-path.ts';
import { parseIdentityPool, parseUserPool } from '../parse-pools.ts';
import { parseRestApi } from '../parse-rest-api.ts';
import { optionalArray, optionalObject, optionalString, readField } from '../read.ts';
import type { StyleOptions, StyleResult } from './style-result.ts';

/** `[{ name, endpoint, region?, service?, custom_header? }]`, the REST API list of Gen1 JavaScript. */
function collectEndpointList(
  list: readonly unknown[],
  listPath: string,
  collected: ApiCollector,
  options: StyleOptions,
): void {
  for (let index = 0; index < list.length; index++) {
    const entry = list[index];
    const path = childPath(listPath, index);
    if (!isObject(entry)) {
      throw configError(
        'ERR_CONFIG_INVALID_TYPE',
        path,
        `expected an object describing the API, got ${describeType(entry)}.`,
      );
    }
    const name = optionalString(entry, 'name', path);
    if (name === undefined) {
      throw configError('ERR_CONFIG_MISSING_FIELD', childPath(path, 'name'), 'the API has no name.');
    }
    collected.addRest(parseRestApi(name, entry, path, { ...options, customHeader: true }));
  }
}

/**
 * Gen1 JavaScript: the `aws-exports` object (`aws_cloud_logic_custom`, `aws_user_pools_id`, …) and
 * the older `Amplify.configure({ API: { endpoints }, Auth: { userPoolId, … } })`. Every API is signed
 * with IAM unless its entry says otherwise, as in Amplify.
 */
export function parseAwsExports(root: JsonObject, options: StyleOptions): StyleResult {
  const collected = new ApiCollector();
  const cloudLogic = optionalArray(root, 'aws_cloud_logic_custom', '$');
  if (cloudLogic !== undefined) collectEndpointList(cloudLogic, 'aws_cloud_logic_custom', collected, options);
  const api = optionalObject(root, 'API', '$');
  const endpoints = api && optionalArray(api, 'endpoints', 'API');
  if (endpoints !== undefined) collectEndpointList(endpoints, 'API.endpoints', collected, options);

  // Amplify 5 let a configure-time `Auth` block override the aws-exports keys.
  const auth = optionalObject(root, 'Auth', '$');
  const authUserPoolId = auth && readField(auth, 'userPoolId', 'Auth');
  const userPool =
    auth && authUserPoolId?.value !== undefined
      ? {
          poolId: authUserPoolId,
          clientId: readField(auth, 'userPoolWebClientId', 'Auth'),
          region: readField(auth, 'region', 'Auth'),
        }
      : {
          poolId: readField(root, 'aws_user_pools_id', '$'),
          clientId: readField(root, 'aws_user_pools_web_client_id', '$'),
          region: readField(root, 'aws_cognito_region', '$'),
        };
  const authIdentityPoolId = auth && readField(auth, 'identityPoolId', 'Auth');
  const identityPool =
    auth && authIdentityPoolId?.value !== undefined
      ? { poolId: authIdentityPoolId, region: authIdentityPoolRegion(auth) }
      : {
          poolId: readField(root, 'aws_cognito_identity_pool_id', '$'),
          region: readField(root, 'aws_cognito_region', '$'),
        };
  return {
    collected,
    userPool: parseUserPool(userPool),
    identityPool: parseIdentityPool(identityPool),
    restApisPath: api !== undefined && cloudLogic === undefined ? 'API.endpoints' : 'aws_cloud_logic_custom',
    restApisHint: 'add { name, endpoint, region } to aws_cloud_logic_custom (or API.endpoints)',
  };
}

function authIdentityPoolRegion(auth: JsonObject) {
  const identityPoolRegion = readField(auth, 'identityPoolRegion', 'Auth');
  return identityPoolRegion.value === undefined ? readField(auth, 'region', 'Auth') : identityPoolRegion;
}
