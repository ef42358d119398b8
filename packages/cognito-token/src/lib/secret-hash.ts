import { hmacOf } from '@ky-auth/core/internal/hmac-of';
import { sha256 } from '@ky-auth/core/internal/sha256';

/**
 * Cognito's `SECRET_HASH` for an app client with a secret: Base64(HMAC-SHA256(clientSecret, username +
 * clientId)), with WebCrypto where there is one (browsers, Node), else with core's JavaScript SHA-256,
 * the one iam-signer signs with (React Native has no `crypto.subtle`).
 */
export async function secretHash(clientSecret: string, username: string, clientId: string): Promise<string> {
  const encoder = new TextEncoder();
  const subtle = globalThis.crypto?.subtle;
  let mac: Uint8Array;
  if (subtle === undefined) {
    mac = hmacOf(sha256)(clientSecret, username + clientId);
  } else {
    const key = await subtle.importKey(
      'raw',
      encoder.encode(clientSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    mac = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(username + clientId)));
  }
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}
