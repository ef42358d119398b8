import { ApiCollector } from '../api-collector.ts';
import { collectApiMap } from '../collect-api-map.ts';
import { configError } from '../config-error.ts';
import type { JsonObject } from '../json.ts';
import { childPath } from '../json-path.ts';
import { parseIdentityPool, parseUserPool } from '../parse-pools.ts';
import { optionalObject, optionalString, readField } from '../read.ts';
import type { StyleOptions, StyleResult } from './style-result.ts';

interface Located {
  readonly block: JsonObject;
  readonly path: string;
}

/** A plugin block found at one of several places; giving it at two is ambiguous. */
function locate(candidates: readonly (Located | undefined)[]): Located | undefined {
  const [first, second] = candidates.filter((candidate) => candidate !== undefined);
  if (second !== undefined) {
    throw configError(
      'ERR_CONFIG_AMBIGUOUS',
      second.path,
      `the same block is also given at ${first?.path}: keep one.`,
    );
  }
  return first;
}

/** `category.plugins.pluginName`, as in amplifyconfiguration.json. */
function underPlugins(root: JsonObject, category: string, plugin: string): Located | undefined {
  const section = optionalObject(root, category, '$');
  if (section === undefined) return undefined;
  const plugins = optionalObject(section, 'plugins', category);
  if (plugins === undefined) {
    throw configError(
      'ERR_CONFIG_MISSING_FIELD',
      `${category}.plugins`,
      `expected the ${category} plugins here.`,
    );
  }
  const block = optionalObject(plugins, plugin, `${category}.plugins`);
  return block === undefined ? undefined : { block, path: `${category}.plugins.${plugin}` };
}

function atTop(root: JsonObject, plugin: string): Located | undefined {
  const block = optionalObject(root, plugin, '$');
  return block === undefined ? undefined : { block, path: plugin };
}

const endpointTypes = ['REST', 'GraphQL'];

/** An awsAPIPlugin entry's `endpointType`: `REST` (the default) or `GraphQL`, which ky-auth sets aside. */
function isRestEntry(entry: JsonObject, path: string): boolean {
  const endpointType = optionalString(entry, 'endpointType', path) ?? 'REST';
  if (endpointType === 'REST' || endpointType === 'GraphQL') return endpointType === 'REST';
  const near = endpointTypes.find(
    (type) => type.toLowerCase() === endpointType.slice(0, 16).trim().toLowerCase(),
  );
  throw configError(
    'ERR_CONFIG_INVALID_VALUE',
    childPath(path, 'endpointType'),
    `unknown endpoint type: use REST or GraphQL.${near === undefined ? '' : ` Did you mean ${near}?`}`,
  );
}

/**
 * The native `amplifyconfiguration.json` (Swift, Android, Flutter): `api.plugins.awsAPIPlugin` and
 * `auth.plugins.awsCognitoAuthPlugin`; also the plugin level the docs show (`{ "awsAPIPlugin": … }`)
 * and the bare contents of `awsCognitoAuthPlugin`.
 */
export function parseAmplifyConfiguration(root: JsonObject, options: StyleOptions): StyleResult {
  const collected = new ApiCollector();
  const apiPlugin = locate([underPlugins(root, 'api', 'awsAPIPlugin'), atTop(root, 'awsAPIPlugin')]);
  if (apiPlugin !== undefined)
    collectApiMap(apiPlugin.block, apiPlugin.path, collected, options, isRestEntry);
  const restApisPath = apiPlugin?.path ?? 'api.plugins.awsAPIPlugin';

  const bareAuth = Object.hasOwn(root, 'CognitoUserPool') || Object.hasOwn(root, 'CredentialsProvider');
  const authPlugin = locate([
    underPlugins(root, 'auth', 'awsCognitoAuthPlugin'),
    atTop(root, 'awsCognitoAuthPlugin'),
    bareAuth ? { block: root, path: '$' } : undefined,
  ]);
  const userPoolBlock = authPlugin && defaultOf(authPlugin, ['CognitoUserPool']);
  const identityPoolBlock = authPlugin && defaultOf(authPlugin, ['CredentialsProvider', 'CognitoIdentity']);
  return {
    collected,
    userPool:
      userPoolBlock &&
      parseUserPool({
        poolId: readField(userPoolBlock.block, 'PoolId', userPoolBlock.path),
        clientId: readField(userPoolBlock.block, 'AppClientId', userPoolBlock.path),
        clientSecret: readField(userPoolBlock.block, 'AppClientSecret', userPoolBlock.path),
        region: readField(userPoolBlock.block, 'Region', userPoolBlock.path),
      }),
    identityPool:
      identityPoolBlock &&
      parseIdentityPool({
        poolId: readField(identityPoolBlock.block, 'PoolId', identityPoolBlock.path),
        region: readField(identityPoolBlock.block, 'Region', identityPoolBlock.path),
      }),
    restApisPath,
    restApisHint: `add an entry with "endpointType": "REST" under ${restApisPath}`,
  };
}

/** The `Default` entry at the end of `keys` inside the auth plugin, such as `CognitoUserPool.Default`. */
function defaultOf(plugin: Located, keys: readonly string[]): Located | undefined {
  let block: JsonObject | undefined = plugin.block;
  let path = plugin.path;
  for (const key of [...keys, 'Default']) {
    block = optionalObject(block, key, path);
    path = childPath(path, key);
    if (block === undefined) return undefined;
  }
  return { block, path };
}
