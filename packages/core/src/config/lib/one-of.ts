import { fail, type Problem, typeError } from './read.ts';

/**
 * What the string `value` stands for in `allowed` (spelling → meaning); absent (`undefined`, `null`) is
 * `undefined`. Another string fails with `code`, listing the allowed spellings and naming the right one
 * when only case or a dash differs. The value is never repeated: a key pasted into the wrong field must
 * not leak.
 */
export function oneOf<T>(
  value: unknown,
  path: string,
  allowed: Readonly<Record<string, T>>,
  code: Problem,
): T | undefined {
  if (value == null) return undefined;
  if (typeof value !== 'string') throw typeError(path, 'a string', value);
  if (Object.hasOwn(allowed, value)) return allowed[value];
  const spellings = Object.keys(allowed);
  const loose = value.slice(0, 40).trim().toLowerCase().replaceAll('-', '_');
  const near = spellings.find((spelling) => spelling.toLowerCase() === loose);
  const list = `'${spellings.join("', '")}'`.replace(/, ('\w+')$/, ' or $1');
  throw fail(code, path, `use ${list}.${near === undefined ? '' : ` Did you mean ${near}?`}`);
}
