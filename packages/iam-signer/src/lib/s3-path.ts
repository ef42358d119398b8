import { escapeUri } from './escape-uri.ts';

/**
 * The path S3 checks a signature against, from the path as it goes on the wire. S3 does not take the
 * path as sent: it decodes it (a `+` as a space) and encodes it again, every byte but
 * `A-Z a-z 0-9 - _ . ~` and `/` as `%XX`. So a key sent as `/photo%20(1).jpg` (fetch leaves `()` as they
 * are) is checked as `/photo%20%281%29.jpg`: encoded once, never twice, and without removing dot or
 * empty segments, which are part of an S3 key. This is aws4's rule, tested against live S3
 * (aws/aws-sdk-js#853); a segment that is not valid percent-encoding is kept as sent.
 */
export function s3CanonicalPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => escapeUri(decoded(segment)))
    .join('/')
    .replace(/%2F/g, '/');
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding (`%zz`, a lone byte of UTF-8): S3 refuses it whatever is signed.
    return segment;
  }
}
