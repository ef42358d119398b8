/**
 * The claims of a JWT, read without verifying its signature: enough to know when a token expires or whose
 * it is, never a reason to trust it (the API verifies). `undefined` when `token` is not three dot-separated
 * parts whose middle one is a base64url-encoded JSON object, as for an opaque token.
 *
 * @param token - A JWT in JWS compact serialization, or any other string.
 *
 * @example
 * ```ts
 * import { unverifiedJwtClaims } from '@ky-auth/token';
 *
 * const exp = unverifiedJwtClaims(accessToken)?.exp; // seconds since the epoch, or undefined
 * ```
 */
export function unverifiedJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    // The platform's decoders instead of jose's decodeJwt: nothing is verified here, and jose's
    // decoding brings its buffer utilities and error classes (1.6 kB minified) into every browser bundle.
    const bytes = Uint8Array.from(atob((parts[1] as string).replace(/-/g, '+').replace(/_/g, '/')), (c) =>
      c.charCodeAt(0),
    );
    // React Native before 0.85 has no TextDecoder, and the expiry check must not be skipped there: each
    // byte as %XX, then ECMAScript's URI decoding, which rejects what UTF-8 forbids as a fatal decoder does.
    const text =
      typeof TextDecoder === 'function'
        ? new TextDecoder('utf-8', { fatal: true }).decode(bytes)
        : decodeURIComponent(escape(String.fromCharCode(...bytes)));
    const claims: unknown = JSON.parse(text);
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
