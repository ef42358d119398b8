import { describe, expect, it } from '@jest/globals';
import { hashBackend as browserBackend } from './lib/browser-hash.ts';
import { hashBackend as nodeBackend } from './lib/node-hash.ts';
import { hashPayload } from './lib/payload-hash.ts';
import { queryRecord } from './lib/query-record.ts';
import { headerSignature, querySignature, type SigningParams } from './lib/sigv4.ts';
import { presignUrl } from './presign-url.ts';
import { signRequest } from './sign-request.ts';
import { type SuiteCase, suiteCases } from './test-support/sigv4-suite.ts';

const backends = [nodeBackend, browserBackend];
const cases = suiteCases();

/** The suite writes literal paths: encoded once by a normalizing signer, given encoded to a literal one. */
function signable(suiteCase: SuiteCase) {
  const path = suiteCase.context.normalize
    ? suiteCase.path
    : suiteCase.path
        .split('/')
        .map((segment) =>
          encodeURIComponent(segment).replace(
            /[!'()*]/g,
            (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
          ),
        )
        .join('/');
  return {
    method: suiteCase.method,
    path,
    query: queryRecord(`?${suiteCase.rawQuery}`),
    headers: suiteCase.headers,
  };
}

function params(suiteCase: SuiteCase, backend: SigningParams['backend']): SigningParams {
  const { context } = suiteCase;
  return {
    credentials: {
      accessKeyId: context.credentials.access_key_id,
      secretAccessKey: context.credentials.secret_access_key,
      sessionToken: context.omit_session_token === true ? undefined : context.credentials.token,
    },
    region: context.region,
    service: context.service,
    time: Date.parse(context.timestamp),
    uriEscapePath: context.normalize,
    backend,
  };
}

/** The signed request's lines after the request line, as name/value pairs. */
function signedHeaderLines(text: string): Map<string, string> {
  const lines = text.split('\n\n')[0]!.split('\n').slice(1);
  return new Map(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1)]),
  );
}

it('reads all 38 cases of the suite', () => {
  expect(cases).toHaveLength(38);
});

describe.each(backends.map((backend) => [backend.name, backend] as const))('with %s', (_, backend) => {
  it.each(cases.map((suiteCase) => [suiteCase.name, suiteCase] as const))(
    '%s: Authorization header variant',
    async (_name, suiteCase) => {
      const payloadHash = await hashPayload(suiteCase.body, backend);
      const signed = await headerSignature(signable(suiteCase), payloadHash, {
        ...params(suiteCase, backend),
        signPayloadHeader: suiteCase.context.sign_body,
      });
      expect(signed.canonicalRequest).toBe(suiteCase.expected('header', 'canonical-request'));
      expect(signed.stringToSign).toBe(suiteCase.expected('header', 'string-to-sign'));
      expect(signed.signature).toBe(suiteCase.expected('header', 'signature'));
      const expectedHeaders = signedHeaderLines(suiteCase.expected('header', 'signed-request'));
      expect(signed.headers.authorization).toBe(expectedHeaders.get('authorization'));
      expect(signed.headers['x-amz-date']).toBe(expectedHeaders.get('x-amz-date'));
      expect(signed.headers['x-amz-security-token']).toBe(
        suiteCase.context.omit_session_token === true
          ? undefined
          : expectedHeaders.get('x-amz-security-token'),
      );
    },
  );

  it.each(cases.map((suiteCase) => [suiteCase.name, suiteCase] as const))(
    '%s: presigned (query) variant',
    async (_name, suiteCase) => {
      const payloadHash = await hashPayload(suiteCase.body, backend);
      const signed = await querySignature(signable(suiteCase), payloadHash, {
        ...params(suiteCase, backend),
        expiresIn: suiteCase.context.expiration_in_seconds,
      });
      expect(signed.canonicalRequest).toBe(suiteCase.expected('query', 'canonical-request'));
      expect(signed.stringToSign).toBe(suiteCase.expected('query', 'string-to-sign'));
      expect(signed.signature).toBe(suiteCase.expected('query', 'signature'));
      const requestLine = suiteCase.expected('query', 'signed-request').split('\n')[0]!;
      const target = requestLine.slice(requestLine.indexOf(' ') + 1, requestLine.lastIndexOf(' HTTP/1.1'));
      const expectedAuthParams = [...new URLSearchParams(target.slice(target.indexOf('?') + 1))].filter(
        ([name]) => name.startsWith('X-Amz-'),
      );
      const omitted = suiteCase.context.omit_session_token === true;
      expect(signed.query.map(([name, value]) => `${name}=${value}`).sort()).toEqual(
        expectedAuthParams
          .filter(([name]) => !(omitted && name === 'X-Amz-Security-Token'))
          .map(([name, value]) => `${name}=${value}`)
          .sort(),
      );
    },
  );
});

/**
 * The cases a fetch `Request` can carry unchanged: a path the URL parser leaves as written, headers the
 * `Headers` class keeps as written (no repeated or folded ones) and none a runtime computes itself.
 */
const requestCases = cases.filter((suiteCase) => {
  const url = new URL(`https://${suiteCase.headers.host}${suiteCase.path}`);
  const names = suiteCase.headerLines.map(([name]) => name.toLowerCase());
  return (
    suiteCase.context.normalize &&
    url.pathname === suiteCase.path &&
    new Set(names).size === names.length &&
    !suiteCase.headerLines.some(([, value]) => value.includes('\n')) &&
    !names.includes('content-length')
  );
});

function fetchRequest(suiteCase: SuiteCase): Request {
  const headers = suiteCase.headerLines
    .filter(([name]) => name.toLowerCase() !== 'host')
    .map(([name, value]): [string, string] => [name, value]);
  return new Request(
    `https://${suiteCase.headers.host}${suiteCase.path}${suiteCase.rawQuery === '' ? '' : `?${suiteCase.rawQuery}`}`,
    { method: suiteCase.method, headers, body: suiteCase.body === '' ? null : suiteCase.body },
  );
}

function publicOptions(suiteCase: SuiteCase) {
  const { credentials, ...rest } = params(suiteCase, browserBackend);
  return {
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
    region: rest.region,
    service: rest.service,
    clock: { now: () => rest.time },
  };
}

describe('through the public functions, for the cases a fetch Request can carry', () => {
  it('covers most of the suite', () => {
    expect(requestCases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(requestCases.map((suiteCase) => [suiteCase.name, suiteCase] as const))(
    '%s: signRequest',
    async (_name, suiteCase) => {
      const signed = await signRequest(fetchRequest(suiteCase), {
        ...publicOptions(suiteCase),
        signPayloadHeader: suiteCase.context.sign_body,
      });
      const expected = signedHeaderLines(suiteCase.expected('header', 'signed-request'));
      expect(signed.headers.get('authorization')).toBe(expected.get('authorization'));
    },
  );

  it.each(requestCases.map((suiteCase) => [suiteCase.name, suiteCase] as const))(
    '%s: presignUrl',
    async (_name, suiteCase) => {
      const url = await presignUrl(fetchRequest(suiteCase), {
        ...publicOptions(suiteCase),
        expiresIn: suiteCase.context.expiration_in_seconds,
      });
      expect(url.searchParams.get('X-Amz-Signature')).toBe(suiteCase.expected('query', 'signature'));
    },
  );
});
