import type { NormalizedConfig } from '../types.ts';
import { quoteName } from './quote-name.ts';
import { describeType, fail, isObject, type JsonObject } from './read.ts';

type ConfigStyle = NormalizedConfig['style'];

const expected =
  'pass the parsed amplifyconfiguration.json, aws-exports, amplify_outputs.json, or the object given to Amplify.configure';

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
  if (
    raw === undefined ||
    raw === null ||
    (typeof raw === 'string' && raw.trim() === '') ||
    (isObject(raw) && Object.keys(raw).length === 0)
  ) {
    throw fail('EMPTY', '$', `the configuration is empty: ${expected}.`);
  }
  if (!isObject(raw)) {
    const parse = typeof raw === 'string' ? 'JSON.parse it' : expected;
    throw fail('UNRECOGNIZED', '$', `expected an object, got ${describeType(raw)}: ${parse}.`);
  }
  const found: [string, ConfigStyle][] = [];
  for (const key of Object.keys(raw)) {
    for (const style of stylesOfKey(key, raw[key])) {
      if (!found.some(([, known]) => known === style)) found.push([key, style]);
    }
  }
  const [first, second] = found;
  if (first === undefined) throw fail('UNRECOGNIZED', '$', `not an Amplify configuration: ${expected}.`);
  if (second !== undefined) {
    throw fail(
      'AMBIGUOUS',
      '$',
      `${quoteName(first[0])} is ${first[1]}, ${quoteName(second[0])} ${second[1]}: pass one style.`,
    );
  }
  return [raw, first[1]];
}
