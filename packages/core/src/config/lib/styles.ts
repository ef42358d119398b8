import type { ConfigStyle, StyleReader } from './parse-style.ts';
import { amplifyOutputs } from './styles/amplify-outputs.ts';
import { amplifyconfiguration } from './styles/amplifyconfiguration.ts';
import { awsExports } from './styles/aws-exports.ts';
import { gen2 } from './styles/gen2.ts';

/**
 * Every style's reader, for `parseConfig` and `fromConfig` (as `(style) => styles[style]`). Each lives in a file of its own, so that a
 * per-format entry (`@ky-auth/core/config/amplify-outputs`, …) bundles only its own.
 */
export const styles: Readonly<Record<ConfigStyle, StyleReader>> = {
  amplifyconfiguration,
  'aws-exports': awsExports,
  gen2,
  amplify_outputs: amplifyOutputs,
};
