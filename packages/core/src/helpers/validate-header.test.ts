import { validateHeaderName, validateHeaderValue } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { RequestPolicyError } from '@ky-auth/core';
import { caught } from '@ky-auth/test-kit';
import fc from 'fast-check';
import { validateHeader } from './validate-header.ts';

/** Node's own HTTP client checks, an independent implementation of the same RFC 9110 rules. */
const nodeAccepts = (check: () => void): boolean => {
  try {
    check();
    return true;
  } catch {
    return false;
  }
};
const ours = (check: () => void): boolean => {
  try {
    check();
    return true;
  } catch (error) {
    if (!(error instanceof RequestPolicyError)) throw error;
    return false;
  }
};

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.integer({ min: 0, max: 0x17f }).map((code) => String.fromCharCode(code)),
    maxLength: 40,
  }),
);

describe('validateHeader', () => {
  it('accepts exactly the names node:http accepts (RFC 9110 tokens)', () => {
    fc.assert(
      fc.property(anyText, (name) => {
        expect(ours(() => validateHeader(name, 'v'))).toBe(nodeAccepts(() => validateHeaderName(name)));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly the values node:http accepts, and fetch takes every one of them', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const accepted = ours(() => validateHeader('x-test', value));
        expect(accepted).toBe(nodeAccepts(() => validateHeaderValue('x-test', value)));
        if (accepted) expect(() => new Headers([['x-test', value]])).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['a line feed', 'sekrit-value\nx-admin: true'],
    ['a carriage return', 'sekrit-value\rx-admin: true'],
    ['NUL', 'sekrit-value\0'],
    ['a control character', 'sekrit-value\x07'],
    ['DEL', 'sekrit-value\x7f'],
    ['a character above U+00FF', 'sekrit-value€'],
    ['more than 8192 characters', `sekrit-value${'a'.repeat(8192)}`],
  ])('refuses a value with %s, naming the header and not the value', async (_, value) => {
    const error = await caught(() => validateHeader('X-Tenant', value, 'custom headers of API "orders"'));
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
    expect(error.message).toContain('"X-Tenant"');
    expect(error.message).toContain('custom headers of API "orders"');
    expect(error.message).not.toContain('sekrit');
  });

  it.each([undefined, null, 42, { toString: () => 'sekrit-value' }])(
    'refuses a value that is %p, not a string',
    async (value) => {
      const error = await caught(() => validateHeader('x-tenant', value));
      expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_VALUE' });
      expect(error.message).toMatch(/must be a string, got (undefined|null|number|object)/);
      expect(error.message).not.toContain('sekrit');
    },
  );

  it('accepts tabs, spaces, Latin-1 and an empty value, and a value of exactly 8192 characters', () => {
    for (const value of ['a\tb c', 'café', '', 'a'.repeat(8192)]) {
      expect(() => validateHeader('x-test', value)).not.toThrow();
    }
  });

  it.each([
    ['empty', ''],
    ['with a space', 'x tenant'],
    ['with a colon', 'x:tenant'],
    ['with a non-ASCII letter', 'x-tenänt'],
    ['with a line break', 'x-tenant\r\n'],
    ['of 257 characters', 'a'.repeat(257)],
  ])('refuses a name %s', async (_, name) => {
    const error = await caught(() => validateHeader(name, 'v', 'custom headers'));
    expect(error).toBeInstanceOf(RequestPolicyError);
    expect(error).toMatchObject({ code: 'ERR_INVALID_HEADER_NAME' });
    expect(error.message).toContain('in custom headers');
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('names the bad header, quoted', async () => {
    const error = await caught(() => validateHeader('x tenant', 'v'));
    expect(error.message).toContain('"x tenant"');
  });
});
