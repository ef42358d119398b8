import { formatAmzDate } from './amz-date.ts';

/** The SigV4 fields of a request, from its `Authorization` header or its presigned query string. */
export interface SignatureFields {
  readonly presigned: boolean;
  readonly algorithm: string | undefined;
  readonly credential: string | undefined;
  readonly signedHeaders: string | undefined;
  readonly signature: string | undefined;
  readonly amzDate: string | undefined;
  /** `X-Amz-Expires` of a presigned URL, in seconds. */
  readonly expiresSeconds: number | undefined;
  readonly sessionToken: string | undefined;
}

/** True when the request carries any SigV4 authentication at all. */
export function hasSignature(request: Request, url: URL): boolean {
  return request.headers.has('authorization') || url.searchParams.has('X-Amz-Signature');
}

function headerParameters(authorization: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const afterAlgorithm = authorization.trim().replace(/^\S+\s*/, '');
  for (const part of afterAlgorithm.split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) parameters.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return parameters;
}

function dateHeader(request: Request): string | undefined {
  const amzDate = request.headers.get('x-amz-date');
  if (amzDate !== null) return amzDate;
  const httpDate = request.headers.get('date');
  if (httpDate === null) return undefined;
  const epochMs = Date.parse(httpDate);
  return Number.isNaN(epochMs) ? httpDate : formatAmzDate(epochMs);
}

export function signatureFields(request: Request, url: URL): SignatureFields {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const parameters = headerParameters(authorization);
    return {
      presigned: false,
      algorithm: authorization.trim().split(/\s+/)[0],
      credential: parameters.get('Credential'),
      signedHeaders: parameters.get('SignedHeaders'),
      signature: parameters.get('Signature'),
      amzDate: dateHeader(request),
      expiresSeconds: undefined,
      sessionToken: request.headers.get('x-amz-security-token') ?? undefined,
    };
  }
  const query = url.searchParams;
  const expires = query.get('X-Amz-Expires');
  return {
    presigned: true,
    algorithm: query.get('X-Amz-Algorithm') ?? undefined,
    credential: query.get('X-Amz-Credential') ?? undefined,
    signedHeaders: query.get('X-Amz-SignedHeaders') ?? undefined,
    signature: query.get('X-Amz-Signature') ?? undefined,
    amzDate: query.get('X-Amz-Date') ?? undefined,
    expiresSeconds: expires === null ? undefined : Number(expires),
    sessionToken:
      query.get('X-Amz-Security-Token') ?? request.headers.get('x-amz-security-token') ?? undefined,
  };
}

/** API Gateway's `IncompleteSignatureException` sentences for the fields a request lacks. */
export function missingFieldMessages(fields: SignatureFields): string[] {
  const where = fields.presigned ? 'AWS query-string parameters' : 'Authorization header';
  if (fields.presigned) {
    const missing = [
      ['X-Amz-Algorithm', fields.algorithm],
      ['X-Amz-Credential', fields.credential],
      ['X-Amz-Signature', fields.signature],
      ['X-Amz-SignedHeaders', fields.signedHeaders],
      ['X-Amz-Date', fields.amzDate],
    ].filter(([, value]) => value === undefined);
    return missing.length === 0
      ? []
      : [`${where} must contain ${missing.map(([name]) => `'${name}'`).join(', ')}.`];
  }
  const messages: string[] = [];
  if (fields.credential === undefined) messages.push(`${where} requires 'Credential' parameter.`);
  if (fields.signature === undefined) messages.push(`${where} requires 'Signature' parameter.`);
  if (fields.signedHeaders === undefined) messages.push(`${where} requires 'SignedHeaders' parameter.`);
  if (fields.amzDate === undefined) {
    messages.push(`${where} requires existence of either a 'X-Amz-Date' or a 'Date' header.`);
  }
  return messages;
}
