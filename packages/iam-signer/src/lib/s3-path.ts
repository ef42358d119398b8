import { escapeUri } from './escape-uri.ts';

/**
 * The path S3 checks a signature against, from the path as it goes on the wire. S3 does not take the
 * path as sent: it decodes it (a `+` as a space) and encodes it again, every byte but
 * `A-Z a-z 0-9 - _ . ~` and `/` as `%XX`. So a key sent as `/photo%20(1).jpg` (fetch leaves `()` as they
 * are) is checked as `/photo%20%281%29.jpg`: encoded once, never twice, and without removing dot or
 * empty segments, which are part of an S3 key. This is aws4's rule, tested against live S3
 * (aws/aws-sdk-js#853); a path that is not valid percent-encoding is kept as sent.
 */
export function s3CanonicalPath(pathname: string): string {
  let path = pathname.replace(/\+/g, ' ');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding (`%zz`, a lone byte of UTF-8): S3 refuses it whatever is signed.
  }
  // A decoded `%2F` is a slash like any other: S3 does not encode slashes.
  return escapeUri(path).replace(/%2F/g, '/');
}
