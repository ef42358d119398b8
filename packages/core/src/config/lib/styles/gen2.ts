import { collectApis } from '../collect-apis.ts';
import { parsePool } from '../parse-pools.ts';
import type { StyleReader } from '../parse-style.ts';
import { at } from '../read.ts';

/** Gen2's resource config, the first argument of `Amplify.configure`: pool regions are their IDs' prefixes. */
export const gen2: StyleReader = {
  read(root, collected) {
    collectApis(collected, at(root, 'API.REST'));
    const cognito = at(root, 'Auth.Cognito');
    return [
      parsePool(cognito, 'userPoolId', undefined, 'userPoolClientId'),
      parsePool(cognito, 'identityPoolId'),
      'API.REST',
    ];
  },
};
