import { collectApis } from '../collect-apis.ts';
import { parsePool } from '../parse-pools.ts';
import type { StyleReader } from '../parse-style.ts';
import { at, read } from '../read.ts';
import { unlessAuthorized } from '../unless-authorized.ts';

/**
 * Gen1 JavaScript: `aws_cloud_logic_custom`, `aws_user_pools_id`, …, and Amplify 5's
 * `Amplify.configure({ API: { endpoints }, Auth: { userPoolId, … } })`, whose `Auth` overrides the keys.
 * Its entries' `custom_header` may carry an `Authorization` of their own, which Amplify v5 sends unsigned.
 */
export const awsExports: StyleReader = {
  read(root, collected) {
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
  customHeaderSigners: unlessAuthorized,
};
