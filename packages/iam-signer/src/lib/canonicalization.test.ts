import { describe, expect, it } from '@jest/globals';
import { escapeUri as smithyEscapeUri } from '@smithy/core/protocols';
import { getCanonicalHeaders, getCanonicalQuery } from '@smithy/signature-v4';
import fc from 'fast-check';
import { canonicalHeaders } from './canonical-headers.ts';
import { canonicalQuery } from './canonical-query.ts';
import { escapeUri } from './escape-uri.ts';

// smithy (the AWS SDK for JavaScript's signer) is the reference: the package signed with it before, and a
// signature must not change because the canonicalization moved into the package.
type SmithyRequest = Parameters<typeof getCanonicalHeaders>[0];

/** A result or the kind of error thrown, so both sides are compared on inputs they refuse too. */
function outcome<T>(run: () => T): { value: T } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

/** Entries by name, so a record with a prototype and one without compare by content alone. */
const entries = (record: Record<string, string>) =>
  Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

// White space SigV4 folds and some it does not, unicode, a lone surrogate, and what RFC 3986 reserves.
const trickyCharacter = fc.constantFrom(
  ...' \t\r\n\u00a0\u2028\v\f\u0000\ud800aZ0é中😀',
  ...`!'()*~-_.+%&=/?#[]@:,;"\\`,
  ...['  ', '\r\n', '%20'],
);
const trickyString = fc.oneof(
  fc.array(trickyCharacter, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const mixCase = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

const knownHeaderName = fc.constantFrom(
  ...['host', 'content-type', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256', 'my-header'],
  ...['authorization', 'user-agent', 'x-amzn-trace-id', 'expect', 'connection', 'te', 'referer', 'pragma'],
  ...['cache-control', 'transfer-encoding', 'upgrade', 'from', 'keep-alive', 'max-forwards', 'trailer'],
  ...['proxy-authorization', 'proxy-', 'sec-fetch-mode', 'sec-', 'secret', 'proxyish', 'x-sec-token'],
  ...['content-length', 'via', 'x-forwarded-for', '__proto__', 'constructor', 'toString'],
);
const headerName = fc.oneof(knownHeaderName.chain(mixCase), trickyString);
const headerMap = fc
  .uniqueArray(fc.tuple(headerName, trickyString), { selector: ([name]) => name, maxLength: 10 })
  .map((pairs) => Object.fromEntries(pairs));
const unsignableSet = fc.option(
  fc.uniqueArray(fc.oneof(knownHeaderName, trickyString), { maxLength: 4 }).map((names) => new Set(names)),
  { nil: undefined },
);

// Not `__proto__`: smithy loses that key (it signs `[object Object]`); tested on its own below.
const queryKey = fc.oneof(
  fc.constantFrom('X-Amz-Signature', 'x-amz-signature', 'X-AMZ-SIGNATURE', 'X-Amz-Date', '', 'a', 'a-b'),
  trickyString.filter((key) => key !== '__proto__'),
);
const queryValues = fc.oneof(
  trickyString,
  fc.array(fc.oneof(trickyString, fc.constant('a')), { maxLength: 4 }),
);
const queryRecord = fc
  .uniqueArray(fc.tuple(queryKey, queryValues), { selector: ([key]) => key, maxLength: 8 })
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string | string[]>);

describe('canonicalization, compared with smithy', () => {
  it('canonicalHeaders gives the names and values getCanonicalHeaders gives', () => {
    fc.assert(
      fc.property(headerMap, unsignableSet, (headers, unsignable) => {
        const ours = outcome(() => entries(canonicalHeaders(headers, unsignable)));
        const smithys = outcome(() => entries(getCanonicalHeaders({ headers } as SmithyRequest, unsignable)));
        expect(ours).toEqual(smithys);
      }),
      { numRuns: 3000 },
    );
  });

  it('canonicalQuery gives the string getCanonicalQuery gives', () => {
    fc.assert(
      fc.property(queryRecord, (query) => {
        const ours = outcome(() => canonicalQuery(query));
        const smithys = outcome(() => getCanonicalQuery({ query } as unknown as SmithyRequest));
        expect(ours).toEqual(smithys);
      }),
      { numRuns: 3000 },
    );
  });

  it('escapeUri escapes as smithy escapeUri does', () => {
    fc.assert(
      fc.property(trickyString, (value) => {
        expect(outcome(() => escapeUri(value))).toEqual(outcome(() => smithyEscapeUri(value)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('canonicalQuery', () => {
  it('signs a __proto__ key like any other (smithy and aws4 both lose it)', () => {
    // SigV4: keys sorted by code point, and `_` (U+005F) comes before `a`.
    expect(
      canonicalQuery(
        Object.fromEntries([
          ['a', 'b'],
          ['__proto__', 'x y'],
        ]),
      ),
    ).toBe('__proto__=x%20y&a=b');
  });
});
