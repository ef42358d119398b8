import type { AuthorizationType } from '../types.ts';
import { configError } from './config-error.ts';
import { describeType } from './json.ts';

const canonical: readonly AuthorizationType[] = [
  'AWS_IAM',
  'API_KEY',
  'AMAZON_COGNITO_USER_POOLS',
  'OPENID_CONNECT',
  'AWS_LAMBDA',
  'NONE',
];

// The spellings Amplify's own docs and code also use: `IAM` and `COGNITO_USER_POOL` (the native REST
// docs), `LAMBDA` (accepted by Amplify JS v6 for compatibility).
const aliases: ReadonlyMap<string, AuthorizationType> = new Map([
  ['IAM', 'AWS_IAM'],
  ['COGNITO_USER_POOL', 'AMAZON_COGNITO_USER_POOLS'],
  ['LAMBDA', 'AWS_LAMBDA'],
]);

const spellings: ReadonlyMap<string, AuthorizationType> = new Map([
  ...canonical.map((type) => [type, type] as const),
  ...aliases,
]);

const allowed = `${canonical.join(', ')} (or ${[...aliases.keys()].join(', ')})`;

/**
 * An API's authorization type in its canonical spelling; absent means `AWS_IAM`, as in Amplify. The
 * value is never repeated in a message (a key pasted into the wrong field must not leak).
 */
export function parseAuthorizationType(value: unknown, path: string): AuthorizationType {
  if (value === undefined || value === null) return 'AWS_IAM';
  if (typeof value !== 'string') {
    throw configError(
      'ERR_CONFIG_INVALID_TYPE',
      path,
      `expected the authorization type as a string, one of ${allowed}; got ${describeType(value)}.`,
    );
  }
  const type = spellings.get(value);
  if (type !== undefined) return type;
  const near =
    value.length <= 40 ? spellings.get(value.trim().toUpperCase().replaceAll('-', '_')) : undefined;
  throw configError(
    'ERR_CONFIG_UNKNOWN_AUTH_TYPE',
    path,
    `unknown authorization type: use one of ${allowed}.${near === undefined ? '' : ` Did you mean ${near}?`}`,
  );
}
