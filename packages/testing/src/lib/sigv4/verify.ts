import type { AuthorizerDecision, Denial } from '../../types.ts';
import { formatAmzDate, parseAmzDate } from './amz-date.ts';
import { canonicalRequest } from './canonical.ts';
import { sameHex, sha256Hex, signatureHex } from './crypto.ts';
import { hasSignature, missingFieldMessages, signatureFields } from './signature-fields.ts';

export interface VerifiableCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
  /** When temporary credentials stop working: later requests get `ExpiredTokenException`. */
  readonly expiration?: Date | undefined;
}

export interface VerifyOptions {
  readonly credentials: readonly VerifiableCredentials[];
  readonly region: string;
  readonly service: string;
  readonly clockSkewMs: number;
  readonly now: number;
  readonly body: Uint8Array;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';

/**
 * API Gateway's signature-mismatch message: the fixed sentence, then the canonical request and the
 * string to sign it computed, each between quotes, as REST APIs answer it.
 */
function mismatchMessage(canonical: string, stringToSign: string): string {
  return `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`;
}

function forbidden(
  errorType: string,
  message: string,
  reason: string,
  details?: Record<string, string>,
): Denial {
  return { status: 403, body: { message }, errorType, reason, ...(details ? { details } : {}) };
}

const deny = (denial: Denial): AuthorizerDecision => ({ allow: false, denial });

function minutes(ms: number): string {
  return `${Math.round(ms / 60_000)} min.`;
}

/** Verifies a request's SigV4 signature the way API Gateway's `AWS_IAM` authorization does. */
export async function verifySigV4(request: Request, options: VerifyOptions): Promise<AuthorizerDecision> {
  const url = new URL(request.url);
  if (!hasSignature(request, url)) {
    return deny(
      forbidden('MissingAuthenticationTokenException', 'Missing Authentication Token', 'no SigV4 signature'),
    );
  }
  const fields = signatureFields(request, url);
  const missing = missingFieldMessages(fields);
  if (missing.length > 0 || fields.algorithm !== ALGORITHM) {
    const message = missing.length > 0 ? missing.join(' ') : `Unsupported algorithm: '${fields.algorithm}'.`;
    return deny(forbidden('IncompleteSignatureException', message, message));
  }
  const credential = fields.credential!;
  const signedHeaderNames = fields.signedHeaders!.split(';');
  const amzDate = fields.amzDate!;

  const scopeParts = credential.split('/');
  if (scopeParts.length !== 5) {
    const message = `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`;
    return deny(forbidden('IncompleteSignatureException', message, message));
  }
  const [accessKeyId, scopeDate, region, service, terminator] = scopeParts as [
    string,
    string,
    string,
    string,
    string,
  ];

  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    const message = `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`;
    return deny(forbidden('IncompleteSignatureException', message, message));
  }
  const { now, clockSkewMs } = options;
  const expiredMessage =
    fields.presigned && fields.expiresSeconds !== undefined
      ? signedAt + fields.expiresSeconds * 1000 < now
        ? `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - fields.expiresSeconds * 1000)} (${formatAmzDate(now)} - ${fields.expiresSeconds} sec.)`
        : undefined
      : signedAt < now - clockSkewMs
        ? `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - clockSkewMs)} (${formatAmzDate(now)} - ${minutes(clockSkewMs)})`
        : undefined;
  if (expiredMessage) return deny(forbidden('InvalidSignatureException', expiredMessage, expiredMessage));
  if (signedAt > now + clockSkewMs) {
    const message = `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + clockSkewMs)} (${formatAmzDate(now)} + ${minutes(clockSkewMs)})`;
    return deny(forbidden('InvalidSignatureException', message, message));
  }

  if (scopeDate !== amzDate.slice(0, 8)) {
    const message = `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`;
    return deny(forbidden('InvalidSignatureException', message, message));
  }
  if (region !== options.region) {
    const message = `Credential should be scoped to a valid region, not '${region}'. `;
    return deny(forbidden('InvalidSignatureException', message, message));
  }
  if (service !== options.service) {
    const message = `Credential should be scoped to correct service: '${options.service}'. `;
    return deny(forbidden('InvalidSignatureException', message, message));
  }
  if (terminator !== 'aws4_request') {
    const message = `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
    return deny(forbidden('InvalidSignatureException', message, message));
  }
  if (!signedHeaderNames.includes('host')) {
    const message = `'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.`;
    return deny(forbidden('InvalidSignatureException', message, message));
  }

  const known = options.credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (!known) {
    return deny(forbidden('UnrecognizedClientException', INVALID_TOKEN, `unknown access key ${accessKeyId}`));
  }
  if ((known.sessionToken ?? undefined) !== fields.sessionToken) {
    const reason =
      fields.sessionToken === undefined
        ? `access key ${accessKeyId} needs its session token (x-amz-security-token)`
        : `wrong or unexpected session token for access key ${accessKeyId}`;
    return deny(forbidden('UnrecognizedClientException', INVALID_TOKEN, reason));
  }
  if (known.expiration !== undefined && known.expiration.getTime() <= now) {
    return deny(
      forbidden('ExpiredTokenException', EXPIRED_TOKEN, `the credentials of ${accessKeyId} expired`),
    );
  }

  const payloadHash = await sha256Hex(options.body);
  const declaredHash = request.headers.get('x-amz-content-sha256');
  const canonical = canonicalRequest({
    method: request.method,
    wirePath: url.pathname,
    search: url.search,
    headers: signedHeaderNames.map(
      (name) => [name, signedHeaderValue(request, url, name, options.body)] as const,
    ),
    payloadHash,
    ...(fields.presigned ? { omitQueryParameter: 'X-Amz-Signature' } : {}),
  });
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, await sha256Hex(canonical)].join('\n');
  if (declaredHash !== null && declaredHash.toLowerCase() !== payloadHash) {
    return deny(
      forbidden(
        'InvalidSignatureException',
        mismatchMessage(canonical, stringToSign),
        `x-amz-content-sha256 is ${declaredHash} but the body hashes to ${payloadHash}`,
        { canonicalRequest: canonical, stringToSign },
      ),
    );
  }
  const expected = await signatureHex(
    known.secretAccessKey,
    { date: scopeDate, region, service },
    stringToSign,
  );
  if (!sameHex(expected, fields.signature!.toLowerCase())) {
    return deny(
      forbidden('InvalidSignatureException', mismatchMessage(canonical, stringToSign), 'signature mismatch', {
        canonicalRequest: canonical,
        stringToSign,
      }),
    );
  }
  return {
    allow: true,
    principal: {
      type: 'iam',
      accessKeyId,
      region,
      service,
      signedHeaders: signedHeaderNames,
      presigned: fields.presigned,
      sessionToken: fields.sessionToken !== undefined,
    },
  };
}

// Browsers never let a page set Host or Content-Length, so a signer signs the values the wire will carry;
// in-process interception (msw/node, setupWorker) never sees those headers, so they come from the URL and body.
function signedHeaderValue(request: Request, url: URL, name: string, body: Uint8Array): string {
  const value = request.headers.get(name);
  if (value !== null) return value;
  if (name === 'host') return url.host;
  if (name === 'content-length') return String(body.byteLength);
  return '';
}
