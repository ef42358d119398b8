import { collectApis } from '../collect-apis.ts';
import { parsePool } from '../parse-pools.ts';
import type { StyleReader } from '../parse-style.ts';
import { at } from '../read.ts';

/** amplify_outputs.json: REST APIs under `custom.API`, where `backend.addOutput` puts them. */
export const amplifyOutputs: StyleReader = {
  read(root, collected) {
    collectApis(collected, at(root, 'custom.API'));
    const auth = at(root, 'auth');
    return [
      parsePool(auth, 'user_pool_id', 'aws_region', 'user_pool_client_id'),
      parsePool(auth, 'identity_pool_id', 'aws_region'),
      'custom.API',
    ];
  },
};
