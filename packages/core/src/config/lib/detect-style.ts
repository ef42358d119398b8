import type { NormalizedConfig } from '../types.ts';
import { configError } from './config-error.ts';
import { isObject, type JsonObject } from './json.ts';
import { quoteName } from './quote-name.ts';

export type ConfigStyle = NormalizedConfig['style'];

const styleNames: Record<ConfigStyle, string> = {
  amplifyconfiguration: 'amplifyconfiguration.json',
  'aws-exports': 'aws-exports',
  gen2: "Amplify.configure's resource config",
  amplify_outputs: 'amplify_outputs.json',
};

const nativeKeys = new Set([
  'api',
  'awsAPIPlugin',
  'awsCognitoAuthPlugin',
  'CognitoUserPool',
  'CredentialsProvider',
]);
const outputsKeys = new Set(['version', 'custom', 'data']);
const legacyAuthKeys = ['userPoolId', 'userPoolWebClientId', 'identityPoolId'];

/** The styles a top-level key belongs to; most keys (`UserAgent`, `storage`) belong to none. */
function stylesOfKey(key: string, value: unknown): readonly ConfigStyle[] {
  if (nativeKeys.has(key)) return ['amplifyconfiguration'];
  if (outputsKeys.has(key)) return ['amplify_outputs'];
  if (key.startsWith('aws_')) return ['aws-exports'];
  const object = isObject(value) ? value : {};
  switch (key) {
    case 'auth':
      return [Object.hasOwn(object, 'plugins') ? 'amplifyconfiguration' : 'amplify_outputs'];
    case 'API': {
      const legacy = Object.hasOwn(object, 'endpoints');
      const gen2 = !legacy || ['REST', 'GraphQL', 'Events'].some((name) => Object.hasOwn(object, name));
      return [...(legacy ? (['aws-exports'] as const) : []), ...(gen2 ? (['gen2'] as const) : [])];
    }
    case 'Auth': {
      const legacy =
        !Object.hasOwn(object, 'Cognito') && legacyAuthKeys.some((name) => Object.hasOwn(object, name));
      return [legacy ? 'aws-exports' : 'gen2'];
    }
    default:
      return [];
  }
}

/**
 * Which style a configuration object is, from its top-level keys. An object that mixes two styles is
 * refused rather than half read.
 */
export function detectStyle(root: JsonObject): ConfigStyle {
  const found = new Map<ConfigStyle, string>();
  for (const key of Object.keys(root)) {
    for (const style of stylesOfKey(key, root[key])) if (!found.has(style)) found.set(style, key);
  }
  const [first, second] = found;
  if (first === undefined) {
    throw configError(
      'ERR_CONFIG_UNRECOGNIZED',
      '$',
      'not an Amplify configuration: expected amplifyconfiguration.json (api.plugins.awsAPIPlugin), aws-exports (aws_cloud_logic_custom), amplify_outputs.json (custom.API) or the resource config of Amplify.configure (API.REST).',
    );
  }
  if (second !== undefined) {
    throw configError(
      'ERR_CONFIG_AMBIGUOUS',
      '$',
      `the configuration mixes two styles: ${quoteName(first[1])} is ${styleNames[first[0]]}, ${quoteName(second[1])} is ${styleNames[second[0]]}. Pass one of them.`,
    );
  }
  return first[0];
}
