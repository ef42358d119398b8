import { readdirSync, readFileSync } from 'node:fs';

// The configuration snippets of the five Amplify pages, committed verbatim in fixtures/amplify-seeds (see
// its README). Every repair a snippet needs before use is one of the named functions below.

const seedsDirectory = new URL('../../fixtures/amplify-seeds/', import.meta.url);

/** The fixture files, sorted. */
export const seedFiles: readonly string[] = readdirSync(seedsDirectory).sort();

/** A fixture's text, as the page printed it. */
export const seed = (file: string): string => readFileSync(new URL(file, seedsDirectory), 'utf8');

/**
 * Two JSON snippets elide the rest of the file with a `...` line and leave a trailing comma: drop both.
 * Not a parser feature; the parser refuses both.
 */
export function repairElisions(snippet: string): string {
  return snippet
    .split('\n')
    .filter((line) => line.trim() !== '...')
    .join('\n')
    .replace(/,(\s*\})/g, '$1');
}

/** The endpoint that stands in for the snippets' `"YOUR-REST-ENDPOINT"` and `"[REST-ENDPOINT]"`. */
export const restEndpoint = 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod';

/** The snippets' placeholders are not URLs or regions: they are replaced by real-looking ones. */
export function substitutePlaceholders(snippet: string): string {
  return snippet
    .replaceAll('"YOUR-REST-ENDPOINT"', JSON.stringify(restEndpoint))
    .replaceAll('"[REST-ENDPOINT]"', JSON.stringify(restEndpoint))
    .replaceAll('"[REGION]"', '"us-west-2"');
}

/** A JSON snippet, elisions repaired and placeholders substituted, parsed. */
export const seedJson = (file: string): unknown =>
  JSON.parse(substitutePlaceholders(repairElisions(seed(file)))) as unknown;

/** The rendered page 001 prints a line number before each line of code: remove the gutter. */
export const withoutLineNumbers = (snippet: string): string => snippet.replace(/^\d+/gm, '');

/** Whitespace collapsed, to compare a snippet that lost its line breaks (000) with one that kept them. */
export const collapsed = (snippet: string): string => snippet.replace(/\s+/g, ' ').trim();

/**
 * The arguments a JavaScript snippet passes to `Amplify.configure`, its object literals (functions
 * included) as written: the snippet runs with a stand-in `Amplify`, and `scope` gives the variables it
 * uses without defining them (`outputs`, `apiKey`, `authToken`, `customAuthToken`).
 */
export function configureArguments(
  snippet: string,
  scope: Readonly<Record<string, unknown>> = {},
): unknown[] {
  let captured: unknown[] | undefined;
  const Amplify = {
    configure: (...args: unknown[]) => {
      captured = args;
    },
  };
  const names = Object.keys(scope);
  // The snippet is the test's input, from a committed fixture: running it is the point.
  new Function('Amplify', ...names, snippet)(Amplify, ...names.map((name) => scope[name]));
  if (captured === undefined) throw new Error('the snippet did not call Amplify.configure');
  return captured;
}
