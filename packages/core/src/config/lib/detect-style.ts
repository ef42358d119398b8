import type { NormalizedConfig } from '../types.ts';
import { quoteName } from './quote-name.ts';
import { describeType, fail, isObject, type JsonObject } from './read.ts';

type ConfigStyle = NormalizedConfig['style'];

const expected =
  'pass a parsed amplifyconfiguration.json, aws-exports, amplify_outputs.json, or Amplify.configure object';

/** The styles a top-level key belongs to; most keys (`UserAgent`, `storage`) belong to none. */
function stylesOfKey(key: string, value: unknown): ConfigStyle[] {
  const has = (...names: string[]) => isObject(value) && names.some((name) => Object.hasOwn(value, name));
  if (/^(api|awsAPIPlugin|awsCognitoAuthPlugin|CognitoUserPool|CredentialsProvider)$/.test(key)) {
    return ['amplifyconfiguration'];
  }
  if (key === 'auth') return [has('plugins') ? 'amplifyconfiguration' : 'amplify_outputs'];
  if (/^(version|custom|data)$/.test(key)) return ['amplify_outputs'];
  if (key.startsWith('aws_')) return ['aws-exports'];
  if (key === 'Auth') {
    return [
      !has('Cognito') && has('userPoolId', 'userPoolWebClientId', 'identityPoolId') ? 'aws-exports' : 'gen2',
    ];
  }
  if (key !== 'API') return [];
  if (!has('endpoints')) return ['gen2'];
  return has('REST', 'GraphQL', 'Events') ? ['aws-exports', 'gen2'] : ['aws-exports'];
}

/**
 * Which style a configuration is, from its top-level keys. Nothing (`null`, `''`, `{}`) is
 * `ERR_CONFIG_EMPTY`; anything but an object, or an object of no known style, `ERR_CONFIG_UNRECOGNIZED`;
 * an object that mixes two styles is refused (`ERR_CONFIG_AMBIGUOUS`) rather than half read.
 */
export function detectStyle(raw: unknown): [JsonObject, ConfigStyle] {
  const keys = isObject(raw) ? Object.keys(raw) : [];
  if (raw == null || (typeof raw === 'string' && !raw.trim()) || (isObject(raw) && !keys.length)) {
    throw fail('EMPTY', '$', `the configuration is empty: ${expected}.`);
  }
  if (!isObject(raw)) {
    throw fail(
      'UNRECOGNIZED',
      '$',
      `expected an object, got ${describeType(raw)}${typeof raw === 'string' ? ' (JSON.parse it)' : ''}: ${expected}.`,
    );
  }
  const found = new Map<ConfigStyle, string>();
  for (const key of keys) {
    for (const style of stylesOfKey(key, raw[key])) if (!found.has(style)) found.set(style, key);
  }
  const [first, second] = found;
  if (!first) throw fail('UNRECOGNIZED', '$', `not an Amplify configuration: ${expected}.`);
  if (second) {
    throw fail(
      'AMBIGUOUS',
      '$',
      `${quoteName(first[1])} is ${first[0]}, ${quoteName(second[1])} ${second[0]}: pass one style.`,
    );
  }
  return [raw, first[0]];
}
