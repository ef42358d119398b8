import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { secretHash } from './secret-hash.ts';

// Cognito's definition, computed with node:crypto: Base64(HMAC-SHA256(clientSecret, username + clientId)).
const expected = (secret: string, username: string, clientId: string) =>
  createHmac('sha256', secret)
    .update(username + clientId)
    .digest('base64');

describe('secretHash', () => {
  const crypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')!;
  afterEach(() => {
    Object.defineProperty(globalThis, 'crypto', crypto);
  });

  it('is Cognito’s SECRET_HASH with WebCrypto', async () => {
    expect(await secretHash('s3cr3t-Zoë', 'alice@example.com', '4example')).toBe(
      expected('s3cr3t-Zoë', 'alice@example.com', '4example'),
    );
  });

  it('is the same without WebCrypto (React Native), from the JavaScript SHA-256', async () => {
    Object.defineProperty(globalThis, 'crypto', { value: {}, configurable: true });
    const longSecret = 'x'.repeat(100);
    expect(await secretHash('s3cr3t-Zoë', 'alice@example.com', '4example')).toBe(
      expected('s3cr3t-Zoë', 'alice@example.com', '4example'),
    );
    expect(await secretHash(longSecret, 'bob', '7secret8client')).toBe(
      expected(longSecret, 'bob', '7secret8client'),
    );
  });
});
