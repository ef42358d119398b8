import { childPath, fail, type JsonObject } from './read.ts';

// Case, `_` and `-` never tell two keys apart: `apikey`, `api_key` and `apiKey` are one word to a reader.
const loose = (key: string) => key.toLowerCase().replace(/[-_ ]/g, '');

/** The edit distance (insert, delete, replace, swap two neighbours) of `a` and `b`, capped at 3. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const rows = [...Array(a.length + 1)].map((_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The known key `key` is a misspelling of, if any: same letters but for case and `_`/`-`, or a typo or two. */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  if (known.includes(key)) return undefined;
  const misspelt = loose(key);
  let best: [string, number] | undefined;
  for (const candidate of known) {
    const allowed = candidate.length >= 8 ? 2 : 1;
    const found = distance(misspelt, loose(candidate));
    if (found <= allowed && (best === undefined || found < best[1])) best = [candidate, found];
  }
  return best?.[0];
}

/**
 * `ERR_CONFIG_UNKNOWN_KEY` for the first key of `object` that is a near miss of a `known` one
 * (`authorisationType`, `endPoint`, `apikey`), which would otherwise be ignored and its value lost.
 * Other unknown keys stay ignored: files carry keys of Amplify's that ky-auth has no use for.
 */
export function refuseNearMisses(object: JsonObject, path: string, known: readonly string[]): void {
  for (const key of Object.keys(object)) {
    const meant = nearMiss(key, known);
    if (meant === undefined) continue;
    throw fail(
      'UNKNOWN_KEY',
      childPath(path, key),
      `unknown key: did you mean "${meant}"? Its value is not read under this name.`,
    );
  }
}
