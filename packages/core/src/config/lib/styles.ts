import type { IdentityPoolConfig, NormalizedConfig, UserPoolConfig } from '../types.ts';
import { type CollectedApis, collectApis } from './collect-apis.ts';
import { parsePool } from './parse-pools.ts';
import { at, fail, missing, type Place, read } from './read.ts';

/** What one style's reader found besides its APIs: its pools, and where its REST APIs belong. */
type StyleResult = readonly [
  userPool: UserPoolConfig | undefined,
  identityPool: IdentityPoolConfig | undefined,
  restApisPath: string,
];

/**
 * An amplifyconfiguration.json plugin block: under `category.plugins`, at the top as the docs show
 * (`{ "awsAPIPlugin": … }`), or (`bare`) the document itself; giving it at two places is ambiguous.
 */
function plugin(root: Place, category: string, name: string, bare: boolean): Place | undefined {
  const section = at(root, category);
  if (section && !at(section, 'plugins')) {
    throw missing(`${category}.plugins`);
  }
  const [first, second] = [at(section, `plugins.${name}`), at(root, name), bare ? root : undefined].filter(
    (found) => found !== undefined,
  );
  if (second) throw fail('AMBIGUOUS', second[1], `also given at ${first?.[1]}: keep one.`);
  return first;
}

/**
 * How each style lays out a configuration: where its REST APIs are, and which keys its user pool and
 * identity pool use. Every API entry then reads the same way (see `parseApi`), every pool too.
 */
export const styles: Readonly<
  Record<NormalizedConfig['style'], (root: Place, collected: CollectedApis) => StyleResult>
> = {
  // The native file (Swift, Android, Flutter): `api.plugins.awsAPIPlugin`, `auth.plugins.awsCognitoAuthPlugin`.
  amplifyconfiguration(root, collected) {
    const api = plugin(root, 'api', 'awsAPIPlugin', false);
    collectApis(collected, api, true);
    const bare = ['CognitoUserPool', 'CredentialsProvider'].some((key) => Object.hasOwn(root[0], key));
    const auth = plugin(root, 'auth', 'awsCognitoAuthPlugin', bare);
    return [
      parsePool(at(auth, 'CognitoUserPool.Default'), 'PoolId', 'Region', 'AppClientId', 'AppClientSecret'),
      parsePool(at(auth, 'CredentialsProvider.CognitoIdentity.Default'), 'PoolId', 'Region'),
      api?.[1] ?? 'api.plugins.awsAPIPlugin',
    ];
  },

  // Gen1 JavaScript: `aws_cloud_logic_custom`, `aws_user_pools_id`, …, and Amplify 5's
  // `Amplify.configure({ API: { endpoints }, Auth: { userPoolId, … } })`, whose `Auth` overrides the keys.
  'aws-exports'(root, collected) {
    const cloudLogic = at(root, 'aws_cloud_logic_custom', 'an array');
    collectApis(collected, cloudLogic);
    const api = at(root, 'API');
    collectApis(collected, api && at(api, 'endpoints', 'an array'));
    const auth = at(root, 'Auth');
    const inAuth = (key: string) => auth && read(auth[0], key, 'Auth') !== undefined;
    return [
      inAuth('userPoolId')
        ? parsePool(auth, 'userPoolId', 'region', 'userPoolWebClientId')
        : parsePool(root, 'aws_user_pools_id', 'aws_cognito_region', 'aws_user_pools_web_client_id'),
      inAuth('identityPoolId')
        ? parsePool(auth, 'identityPoolId', inAuth('identityPoolRegion') ? 'identityPoolRegion' : 'region')
        : parsePool(root, 'aws_cognito_identity_pool_id', 'aws_cognito_region'),
      api && !cloudLogic ? 'API.endpoints' : 'aws_cloud_logic_custom',
    ];
  },

  // Gen2's resource config, the first argument of `Amplify.configure`: pool regions are their IDs' prefixes.
  gen2(root, collected) {
    collectApis(collected, at(root, 'API.REST'));
    const cognito = at(root, 'Auth.Cognito');
    return [
      parsePool(cognito, 'userPoolId', undefined, 'userPoolClientId'),
      parsePool(cognito, 'identityPoolId'),
      'API.REST',
    ];
  },

  // amplify_outputs.json: REST APIs under `custom.API`, where `backend.addOutput` puts them.
  amplify_outputs(root, collected) {
    collectApis(collected, at(root, 'custom.API'));
    const auth = at(root, 'auth');
    return [
      parsePool(auth, 'user_pool_id', 'aws_region', 'user_pool_client_id'),
      parsePool(auth, 'identity_pool_id', 'aws_region'),
      'custom.API',
    ];
  },
};
