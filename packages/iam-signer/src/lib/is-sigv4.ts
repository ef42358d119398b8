/** True when an `Authorization` value is a SigV4 signature (this signer's, from an earlier attempt). */
export function isSigV4Authorization(value: string): boolean {
  return value.startsWith('AWS4-HMAC-SHA256 ');
}
