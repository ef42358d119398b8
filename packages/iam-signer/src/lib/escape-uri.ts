/**
 * `value` percent-encoded as SigV4 requires (RFC 3986): everything but `A-Z a-z 0-9 - _ . ~` escaped.
 * `encodeURIComponent` leaves `!'()*` as they are, so those are escaped here.
 */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, hexEscape);
}

function hexEscape(character: string): string {
  return `%${character.charCodeAt(0).toString(16).toUpperCase()}`;
}
