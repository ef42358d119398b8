import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fromConfig, parseConfig } from '@ky-auth/core';
import { Amplify } from 'aws-amplify';
import { del, get, head, isCancelError, patch, post, put } from 'aws-amplify/api';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

// The root README's "Call sites" table: each row's Amplify call (Amplify's own `aws-amplify/api`) and its
// ky call run against one server, which records what arrived; the two must send the same requests and
// come back with the same value. Amplify is the reference: its column is its documented API, run as is.

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = /\n## Coming from Amplify\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
const callSites = /\n### Call sites\n([\s\S]*)$/.exec(section)?.[1] ?? '';
const rows = [...callSites.matchAll(/^\| `(.+?)` +\| `(.+?)` +\|$/gm)].map(([, amplify, ky]) => ({
  amplify: amplify!,
  ky: ky!,
}));

// The README's amplify_outputs.json example: the same API for both, as each reads its configuration.
const outputs = JSON.parse(
  [...readme.matchAll(/```json\n([\s\S]*?)```/g)].find(([, json]) => json?.includes('"custom"'))?.[1] ??
    'null',
) as { custom: { API: { myRestApi: { endpoint: string; region: string } } } };
const { endpoint } = outputs.custom.API.myRestApi;

interface Arrival {
  method: string;
  url: string;
  contentType: string | undefined;
  trace: string | null;
  body: string;
}
const arrivals: Arrival[] = [];
/** What the server answers: what it received, so an answer differs when the requests do. */
const echo = async ({ request }: { request: Request }) => {
  const body = await request.clone().text();
  arrivals.push({
    method: request.method,
    url: request.url,
    // Amplify writes `application/json; charset=UTF-8`, ky `application/json`: the same media type.
    contentType: request.headers.get('content-type')?.split(';')[0],
    trace: request.headers.get('x-trace'),
    body,
  });
  const url = new URL(request.url);
  return HttpResponse.json(
    {
      method: request.method,
      path: url.pathname,
      query: url.search,
      body,
      trace: request.headers.get('x-trace'),
    },
    { headers: { 'x-total': '2' } },
  );
};
const server = setupServer(
  http.all(`${endpoint}items`, echo),
  http.all(`${endpoint}items/1`, echo),
  http.get(`${endpoint}missing`, async (info) => {
    await echo(info);
    return HttpResponse.json({ message: 'Not Found' }, { status: 404 });
  }),
  http.get(`${endpoint}unavailable`, async (info) => {
    await echo(info);
    return HttpResponse.json({ message: 'Service Unavailable' }, { status: 503 });
  }),
  // Never answers: only a cancel or a timeout ends the call.
  http.get(`${endpoint}slow`, async (info) => {
    await echo(info);
    await delay('infinite');
    return HttpResponse.json({});
  }),
);

// The `credentials` mode each request was fetched with (`withCredentials`), seen where both call fetch.
const modes: string[] = [];
let realFetch: typeof fetch;
let api: ReturnType<ReturnType<typeof fromConfig>['client']>;

beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    modes.push(init?.credentials ?? (input instanceof Request ? input.credentials : 'same-origin'));
    return realFetch(input, init);
  };
  // Both without auth: the rows are about call shapes; the auth sections above are about auth.
  const libraryOptions = { API: { REST: { defaultAuthMode: 'none' as const } } };
  Amplify.configure({ API: { REST: outputs.custom.API } }, libraryOptions);
  api = fromConfig(outputs, { libraryOptions }).client('myRestApi');
});
afterAll(() => {
  globalThis.fetch = realFetch;
  server.close();
});

const AsyncFunction = (async () => {}).constructor as new (
  ...parameters: string[]
) => (...values: unknown[]) => Promise<unknown>;
const scope = { get, post, put, del, head, patch, isCancelError };

/** Runs a cell: statements separated by `; `, the last one's value returned. */
async function run(code: string, names: readonly string[], values: readonly unknown[]) {
  const statements = code.split('; ');
  const body = `${statements.slice(0, -1).join(';\n')};\nreturn ${statements.at(-1)};`;
  arrivals.length = 0;
  modes.length = 0;
  const value = await new AsyncFunction(...names, body)(...values);
  return { value, arrivals: [...arrivals], modes: [...modes] };
}

/** What the ky column gives, row by row: the server's answer as it defines it above. */
const answer = (
  method: string,
  path: string,
  extra: { query?: string; body?: string; trace?: string } = {},
) => ({
  method,
  path: `/prod/${path}`,
  query: extra.query ?? '',
  body: extra.body ?? '',
  trace: extra.trace ?? null,
});
const pen = JSON.stringify({ name: 'pen' });
const expected: readonly unknown[] = [
  200,
  answer('POST', 'items', { body: pen }),
  answer('PUT', 'items/1', { body: pen }),
  answer('PATCH', 'items/1', { body: pen }),
  200,
  '2',
  answer('GET', 'items', { trace: 't1' }),
  answer('GET', 'items', { query: '?q=blue+pen' }),
  JSON.stringify(answer('GET', 'items')),
  404,
  true,
  answer('GET', 'items'),
  'TimeoutError',
  503,
];

describe("README: Amplify's call sites in ky", () => {
  it('has a row for each call', () => {
    expect(rows).toHaveLength(expected.length);
    // Every one of Amplify's REST functions and options named in the issue has its row.
    const amplifyColumn = rows.map((row) => row.amplify).join('\n');
    for (const name of ['get(', 'post(', 'put(', 'del(', 'head(', 'patch(', '.cancel(', 'isCancelError(']) {
      expect(amplifyColumn).toContain(name);
    }
    for (const option of ['headers', 'queryParams', 'body', 'withCredentials', 'timeout', 'retryStrategy']) {
      expect(amplifyColumn).toContain(`${option}: `);
    }
  });

  it('reads the README amplify_outputs.json example with fromConfig', () => {
    expect(parseConfig(outputs).apis.get('myRestApi')?.endpoint.href).toBe(endpoint);
  });

  it.each(rows.map((row, index) => [row.ky, row.amplify, index] as const))(
    '%s',
    async (kyCode, amplifyCode, index) => {
      const amplify = await run(amplifyCode, Object.keys(scope), Object.values(scope));
      const ky = await run(kyCode, ['api'], [api]);
      expect(ky.value).toEqual(expected[index]);
      expect(ky.value).toEqual(amplify.value);
      // The same requests: one each (no retry on either side), the same method, URL, body and headers; none
      // for a call cancelled before it left (ky hands fetch the aborted signal, Amplify does not call it).
      expect(ky.arrivals).toEqual(amplify.arrivals);
      const cancelled = kyCode.includes('controller.abort()');
      expect(ky.arrivals).toHaveLength(cancelled ? 0 : 1);
      if (!cancelled) expect(ky.modes).toEqual(amplify.modes);
    },
  );
});
