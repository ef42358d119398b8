// The official AWS SigV4 test suite (fixtures/sigv4 at the repository root) checks the canonicalizer, the key derivation
// and, where a case survives being a fetch Request, the whole IAM authorizer.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { fixedClock } from '../../fixed-clock.ts';
import { gatewayIamAuthorizer } from '../../iam-authorizer.ts';
import { canonicalRequest } from './canonical.ts';
import { sha256Hex, signatureHex } from './crypto.ts';

const SUITE = join(import.meta.dirname, '../../../../../fixtures/sigv4');

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  region: string;
  service: string;
  timestamp: string;
  normalize: boolean;
  omit_session_token?: boolean;
}

interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: string;
}

function parseRequest(text: string): RawRequest {
  const separator = text.indexOf('\n\n');
  const head = separator < 0 ? text : text.slice(0, separator);
  const body = separator < 0 ? '' : text.slice(separator + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(method.length + 1, requestLine.lastIndexOf(' '));
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (/^\s/.test(line) && headers.length > 0) headers.at(-1)![1] += ` ${line.trim()}`;
    else if (line.includes(':'))
      headers.push([line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]);
  }
  return { method, target, headers, body };
}

/** RFC 7230: repeated headers combine into one, values joined with commas. */
function signedHeaderValues(request: RawRequest, names: string[]): [string, string][] {
  return names.map((name) => [
    name,
    request.headers
      .filter(([header]) => header.toLowerCase() === name)
      .map(([, value]) => value.trim())
      .join(','),
  ]);
}

const read = (name: string, file: string) => readFileSync(join(SUITE, name, file), 'utf8');
const cases = readdirSync(SUITE, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => (JSON.parse(read(name, 'context.json')) as Context).normalize);

function splitTarget(target: string): { path: string; search: string } {
  const question = target.indexOf('?');
  return question < 0
    ? { path: target, search: '' }
    : { path: target.slice(0, question), search: target.slice(question) };
}

describe.each(cases)('AWS SigV4 suite: %s', (name) => {
  const context = JSON.parse(read(name, 'context.json')) as Context;

  it('reproduces the canonical request, string to sign and signature (Authorization header)', async () => {
    const signed = parseRequest(read(name, 'header-signed-request.txt'));
    const authorization = signed.headers.find(([header]) => header === 'Authorization')![1];
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
    const { path, search } = splitTarget(signed.target);
    // The suite's path is unencoded and encoded once: hand it to the canonicalizer as the "wire" path.
    const canonical = canonicalRequest({
      method: signed.method,
      wirePath: path,
      search,
      headers: signedHeaderValues(signed, signedHeaders),
      payloadHash: await sha256Hex(signed.body),
    });
    expect(canonical).toBe(read(name, 'header-canonical-request.txt'));
    const stringToSign = read(name, 'header-string-to-sign.txt');
    expect(stringToSign.split('\n')[3]).toBe(await sha256Hex(canonical));
    const [date = '', region = '', service = ''] = stringToSign.split('\n')[2]!.split('/');
    expect(
      await signatureHex(context.credentials.secret_access_key, { date, region, service }, stringToSign),
    ).toBe(read(name, 'header-signature.txt').trim());
  });
});

// `omit_session_token` adds the token to the query after presigning, for services (IoT) that leave it out of
// the canonical query; API Gateway's canonical query covers every parameter but the signature.
const presignedCases = cases.filter(
  (name) => !(JSON.parse(read(name, 'context.json')) as Context).omit_session_token,
);

describe.each(presignedCases)('AWS SigV4 suite, presigned: %s', (name) => {
  it('reproduces the canonical request of the presigned form', async () => {
    const signed = parseRequest(read(name, 'query-signed-request.txt'));
    const { path, search } = splitTarget(signed.target);
    const signedHeaders = decodeURIComponent(/X-Amz-SignedHeaders=([^&]+)/.exec(search)![1]!).split(';');
    const canonical = canonicalRequest({
      method: signed.method,
      wirePath: path,
      search,
      headers: signedHeaderValues(signed, signedHeaders),
      payloadHash: await sha256Hex(signed.body),
      omitQueryParameter: 'X-Amz-Signature',
    });
    expect(canonical).toBe(read(name, 'query-canonical-request.txt'));
  });
});

// Cases whose request a fetch Request carries unchanged: no path the URL parser would re-encode (the suite
// encodes once, API Gateway twice, and they agree only on paths with nothing to encode), no repeated or
// folded headers (a Request joins them differently).
const wireSafe = cases.filter((name) => {
  const request = parseRequest(read(name, 'header-signed-request.txt'));
  const url = new URL(`https://example.amazonaws.com${request.target}`);
  const names = request.headers.map(([header]) => header.toLowerCase());
  return (
    url.pathname === splitTarget(request.target).path &&
    /^[A-Za-z0-9/._~-]*$/.test(url.pathname) &&
    new Set(names).size === names.length &&
    !read(name, 'request.txt').includes('\n ')
  );
});

describe('the IAM authorizer accepts the suite’s signed requests', () => {
  it('covers most of the suite', () => {
    expect(wireSafe.length).toBeGreaterThanOrEqual(15);
  });

  it.each(
    wireSafe.flatMap((name) => [
      [name, 'header'] as const,
      ...((JSON.parse(read(name, 'context.json')) as Context).omit_session_token
        ? []
        : [[name, 'query'] as const]),
    ]),
  )('%s (%s)', async (name, form) => {
    const context = JSON.parse(read(name, 'context.json')) as Context;
    const signed = parseRequest(read(name, `${form}-signed-request.txt`));
    const authorizer = gatewayIamAuthorizer({
      credentials: [
        {
          accessKeyId: context.credentials.access_key_id,
          secretAccessKey: context.credentials.secret_access_key,
          sessionToken: context.credentials.token,
        },
      ],
      region: context.region,
      service: context.service,
    });
    const host = signed.headers.find(([header]) => header.toLowerCase() === 'host')![1];
    const request = new Request(`https://${host}${signed.target}`, {
      method: signed.method,
      headers: signed.headers.filter(
        ([header]) => !['host', 'content-length'].includes(header.toLowerCase()),
      ),
      ...(signed.body ? { body: signed.body } : {}),
    });
    const decision = await authorizer.authorize(request, {
      clock: fixedClock(context.timestamp),
      body: new TextEncoder().encode(signed.body),
    });
    expect(decision).toMatchObject({ allow: true, principal: { accessKeyId: 'AKIDEXAMPLE' } });
  });
});
