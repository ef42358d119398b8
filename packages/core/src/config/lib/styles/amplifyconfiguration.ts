import { collectApis } from '../collect-apis.ts';
import { parsePool } from '../parse-pools.ts';
import type { StyleReader } from '../parse-style.ts';
import { at, fail, missing, type Place } from '../read.ts';

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

/** The native file (Swift, Android, Flutter): `api.plugins.awsAPIPlugin`, `auth.plugins.awsCognitoAuthPlugin`. */
export const amplifyconfiguration: StyleReader = {
  read(root, collected) {
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
};
