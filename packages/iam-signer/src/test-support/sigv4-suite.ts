import { readdirSync, readFileSync, statSync } from 'node:fs';

/** One case of the AWS SigV4 test suite committed in fixtures/sigv4 at the repository root (see fixtures/README.md). */
export interface SuiteCase {
  readonly name: string;
  readonly context: {
    readonly credentials: { access_key_id: string; secret_access_key: string; token?: string };
    readonly expiration_in_seconds: number;
    readonly normalize: boolean;
    readonly region: string;
    readonly service: string;
    readonly sign_body: boolean;
    readonly timestamp: string;
    readonly omit_session_token?: boolean;
  };
  readonly method: string;
  /** The literal path of request.txt: unencoded (spaces, raw UTF-8). */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly rawQuery: string;
  /** Header names in lower case, repeated headers joined with `,`, folded lines kept with their `\n`. */
  readonly headers: Record<string, string>;
  /** Header lines as written, in order. */
  readonly headerLines: readonly (readonly [string, string])[];
  readonly body: string;
  readonly expected: (variant: 'header' | 'query', part: string) => string;
}

export const suiteDirectory = new URL('../../../../fixtures/sigv4/', import.meta.url);

export function suiteCases(): SuiteCase[] {
  return readdirSync(suiteDirectory)
    .filter((name) => statSync(new URL(name, suiteDirectory)).isDirectory())
    .sort()
    .map(readCase);
}

function readCase(name: string): SuiteCase {
  const folder = new URL(`${name}/`, suiteDirectory);
  const read = (file: string) => readFileSync(new URL(file, folder), 'utf8');
  const text = read('request.txt');
  const blank = text.indexOf('\n\n');
  const head = blank === -1 ? text : text.slice(0, blank);
  const body = blank === -1 ? '' : text.slice(blank + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' HTTP/1.1'));
  const queryAt = target.indexOf('?');

  const headerLines: [string, string][] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      const last = headerLines.at(-1)!;
      last[1] += `\n${line}`;
    } else if (line !== '') {
      const colon = line.indexOf(':');
      headerLines.push([line.slice(0, colon), line.slice(colon + 1)]);
    }
  }
  const headers: Record<string, string> = {};
  for (const [rawName, value] of headerLines) {
    const key = rawName.toLowerCase();
    headers[key] = key in headers ? `${headers[key]},${value}` : value;
  }

  return {
    name,
    context: JSON.parse(read('context.json')),
    method,
    path: queryAt === -1 ? target : target.slice(0, queryAt),
    rawQuery: queryAt === -1 ? '' : target.slice(queryAt + 1),
    headers,
    headerLines,
    body,
    expected: (variant, part) => read(`${variant}-${part}.txt`),
  };
}
