import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../errors.ts';
import { parseConfig } from './parse-config.ts';

// A configuration's static custom headers are checked with the rules @ky-auth/custom-headers applies
// when it builds the interceptor (RFC 9110 field values, Latin-1 as fetch requires, at most 8192
// characters), so that a bad value in the file is a ConfigError at its path when the file is loaded,
// rather than another error type from fromConfig.

const secret = 'header-secret-never-in-messages';
const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod';

describe.each([
  ['a control character', `${secret}\u0007`],
  ['DEL', `${secret}\u007f`],
  ['a character above U+00FF', `${secret}😀`],
  ['a line separator', `${secret}\u2028`],
  ['more than 8192 characters', `${secret}${'x'.repeat(8192)}`],
])('a static header value with %s', (_label, value) => {
  it.each([
    [
      'aws-exports custom_header',
      { aws_cloud_logic_custom: [{ name: 'items', endpoint, custom_header: { 'x-tenant': value } }] },
      {},
      'aws_cloud_logic_custom[0].custom_header["x-tenant"]',
    ],
    [
      "Gen2 library options' headers",
      { API: { REST: { items: { endpoint } } } },
      { libraryOptions: { API: { REST: { headers: { 'x-tenant': value } } } } },
      'options.libraryOptions.API.REST.headers["x-tenant"]',
    ],
  ])('in %s: ERR_CONFIG_INVALID_VALUE at its path, value not shown', (_where, raw, options, path) => {
    let error: unknown;
    try {
      parseConfig(raw, options);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'ERR_CONFIG_INVALID_VALUE', path });
    expect((error as Error).message).not.toContain(secret);
  });
});

it('a tab and Latin-1 letters remain valid', () => {
  const config = parseConfig(
    { API: { REST: { items: { endpoint } } } },
    { libraryOptions: { API: { REST: { headers: { 'x-tenant': 'café\tcrème' } } } } },
  );
  expect(config.headers).toEqual({ 'x-tenant': 'café\tcrème' });
});
