import type { FromConfigProviders, fromConfig } from '../from-config.ts';
import { configure } from './configure.ts';
import type { ConfigStyle, StyleReader } from './parse-style.ts';
import { fail } from './read.ts';

// Each style's own entry, named when a file of that style reaches another style's entry.
const entryNames: Readonly<Record<ConfigStyle, string>> = {
  amplifyconfiguration: 'AmplifyConfiguration',
  'aws-exports': 'AwsExports',
  gen2: 'Gen2Config',
  amplify_outputs: 'AmplifyOutputs',
};

/**
 * A per-format entry, `fromConfig` for one `style` read by `reader`: a file of any other style is
 * `ERR_CONFIG_UNRECOGNIZED`, naming the entry that reads it. `name` is the entry's own, for its messages
 * and stack frames.
 */
export function oneStyle(style: ConfigStyle, reader: StyleReader, name: string): typeof fromConfig {
  const readers = (found: ConfigStyle) => {
    if (found === style) return reader;
    throw fail(
      'UNRECOGNIZED',
      '$',
      `a configuration of the ${found} style, which ${name} does not read: use from${entryNames[found]} from '@ky-auth/core/config/${found.replace('_', '-')}', or fromConfig from '@ky-auth/core' (every style).`,
    );
  };
  // A computed key names the function (`fromAmplifyOutputs`), as a declaration would. Typed as
  // fromConfig is: the API names a configuration's type spells out type the result.
  return {
    [name]: (raw: unknown, providers?: FromConfigProviders) => configure(raw, providers, readers, name),
  }[name] as typeof fromConfig;
}
