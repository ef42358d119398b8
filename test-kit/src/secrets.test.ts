import { describe, expect, it } from '@jest/globals';
import { expectNoSecrets, secretCollector } from './secrets.ts';

const secret = 'a-secret-long-enough-to-search';

describe('expectNoSecrets', () => {
  it('passes an error that shows no secret', () => {
    expect(() => expectNoSecrets(new Error('the key is missing'), { secret })).not.toThrow();
  });

  it.each([
    ['the message', new Error(`bad key ${secret}`)],
    ['a cause', new Error('signing failed', { cause: new Error(`bad key ${secret}`) })],
    ['an own property', Object.assign(new Error('signing failed'), { detail: { key: secret } })],
    ['an AggregateError member', new AggregateError([new Error(`bad key ${secret}`)], 'all failed')],
  ])('finds a secret in %s', (_where, error) => {
    expect(() => expectNoSecrets(error, { secret })).toThrow('the error shows a secret');
  });

  it('finds the URL-encoded form of a secret', () => {
    const signed = 'a-secret/with+signs=';
    const error = new Error(`GET https://api.example/?k=${encodeURIComponent(signed)} failed`);
    expect(() => expectNoSecrets(error, { signed })).toThrow('signed in: ');
  });

  it('refuses a secret too short to search for', () => {
    expect(() => expectNoSecrets(new Error('x'), { pin: '123' })).toThrow('secret pin is too short');
  });
});

describe('secretCollector', () => {
  it('finds secrets in what the console printed while captured, and only then', () => {
    const collector = secretCollector({ secret });
    const restore = collector.captureConsole();
    console.warn('refresh failed for', secret);
    restore();
    expect(collector.logged).toEqual([`console.warn: refresh failed for ${secret}`]);
    expect(collector.leaks()).toEqual([`secret in: console.warn: refresh failed for ${secret}`]);
  });
});
