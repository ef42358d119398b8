import type { InterceptorContext, Rejection } from '@ky-auth/core';
import { hashBackend as backend } from '#hash';
import type { AwsCredentials, CredentialsProvider } from '../types.ts';
import { bodyBytes } from './body-bytes.ts';
import { canonicalDifference } from './canonical-difference.ts';
import { canonicalRequest } from './canonical-request.ts';
import { selfCachingProviders } from './credentials-source.ts';
import { inferScope } from './infer-scope.ts';
import { emptyPayloadHash, hashPayload } from './payload-hash.ts';
import { requestTarget } from './request-target.ts';
import { defaultService, type SigningSettings } from './signing-settings.ts';
import { unsignedPayload } from './sigv4.ts';

/** The parts of API Gateway's signature-mismatch message that quote what it computed. */
const expectedParts =
  /The Canonical String for this request should have been\n'([\s\S]*?)'\n\nThe String-to-Sign should have been\n'([\s\S]*?)'/;
const scopedRegion = /Credential should be scoped to a valid region, not '([^']*)'/;
const scopedService = /Credential should be scoped to correct service: '([^']*)'/;
const clockMessage = /Signature expired|Signature not yet current/;

/**
 * Why API Gateway (or a Lambda function URL) refused a request this signer signed, in words, with what to
 * change; `undefined` when the rejection is not about the signature or the credentials. Never quotes the
 * signature, the keys or the session token. The canonical request is recomputed from the request as sent
 * only here, after a rejection: signing keeps nothing per request.
 */
export function explainRejection(
  rejection: Rejection,
  context: InterceptorContext,
  settings: SigningSettings,
  credentials: AwsCredentials | CredentialsProvider,
): string | undefined | Promise<string | undefined> {
  const { errorType, message = '' } = rejection;
  const region = scopedRegion.exec(message);
  if (region !== null) return wrongRegion(region[1]!, rejection.request.url, settings);
  const service = scopedService.exec(message);
  if (service !== null) {
    return `API Gateway refused the signature's scope: it was signed for the service '${serviceOf(rejection.request.url, settings)}', and the API expects '${service[1]}'. Set it with iamSigner({ service: '${service[1]}' }) (the \`service\` option: 'execute-api' for API Gateway, 'lambda' for a function URL).`;
  }
  if (clockMessage.test(message)) {
    const direction = message.startsWith('Signature expired') ? 'behind' : 'ahead of';
    return context.reauthorizing
      ? `API Gateway refused the signature's time ("${message.split(':', 1)[0]}"): this device's clock is more than 5 minutes ${direction} the API's. ky-auth learned the API's time from the response (its Date header, or the time the message quotes) and retried once, re-signed, and that retry was refused too: check the device's date, time and time zone settings.`
      : `API Gateway refused the signature's time ("${message.split(':', 1)[0]}"): this device's clock is more than 5 minutes ${direction} the API's. ky-auth retries once, re-signed with the API's time learned from the response, but could not here (a body it could not send again, or a message that does not quote this request's x-amz-date); later requests use any offset learned. Check the device's date and time.`;
  }
  if (
    errorType === 'ExpiredTokenException' ||
    /security token included in the request is expired/i.test(message)
  ) {
    return `AWS refused the temporary credentials as expired (${errorType ?? 'ExpiredTokenException'}). They came from ${sourceOf(credentials)}; the signer refreshes credentials 5 minutes before their \`expiration\`, so the provider returned expired credentials or none with an \`expiration\`: return the \`expiration\` with temporary credentials, or fresh ones.`;
  }
  if (
    errorType === 'UnrecognizedClientException' ||
    /security token included in the request is invalid/i.test(message)
  ) {
    return `AWS does not recognise the credentials (${errorType ?? 'UnrecognizedClientException'}): the access key id is unknown (deleted, or from another account or partition), or temporary credentials were sent without their session token or with another's. They came from ${sourceOf(credentials)}: check that the access key id, secret key and sessionToken belong together.`;
  }
  if (/is not authorized to perform: execute-api:Invoke/.test(message)) {
    return `AWS accepted the signature and the credentials (from ${sourceOf(credentials)}), but their IAM policy does not allow execute-api:Invoke on ${rejection.request.method} ${new URL(rejection.request.url).pathname}: add it to the role's policy (for a Cognito identity pool, its authenticated or guest role).`;
  }
  if (message === 'Forbidden' && inferScope(new URL(rejection.request.url).hostname)?.service === 'lambda') {
    return `The Lambda function URL accepted no permission for these credentials (from ${sourceOf(credentials)}): the signature was checked, and neither the function's resource-based policy nor the role's IAM policy allows lambda:InvokeFunctionUrl on it. Add the permission (aws lambda add-permission --action lambda:InvokeFunctionUrl --function-url-auth-type AWS_IAM).`;
  }
  if (errorType === 'InvalidSignatureException' || /signature we calculated does not match/.test(message)) {
    return signatureMismatch(rejection, context, settings, credentials);
  }
  return undefined;
}

function wrongRegion(signedRegion: string, url: string, settings: SigningSettings): string {
  const fromHost = inferScope(new URL(url).hostname)?.region;
  const expected =
    fromHost !== undefined && fromHost !== signedRegion
      ? `the API's host names the region '${fromHost}'`
      : 'the API is in another region (the one in its invoke URL, <id>.execute-api.<region>.amazonaws.com)';
  const region = fromHost ?? '<the API region>';
  const where =
    settings.region !== undefined
      ? `The region option says '${settings.region}': change it in iamSigner({ region: '${region}' }), or the API's \`region\` in the configuration fromConfig reads.`
      : `Set it with iamSigner({ region: '${region}' }), or the API's \`region\` in the configuration fromConfig reads.`;
  return `API Gateway refused the signature's scope: it was signed for the region '${signedRegion}', but ${expected}. ${where}`;
}

function serviceOf(url: string, settings: SigningSettings): string {
  return inferScope(new URL(url).hostname)?.service ?? settings.service ?? defaultService;
}

/** Where the credentials came from, by what the signer was given (never their values). */
function sourceOf(credentials: AwsCredentials | CredentialsProvider): string {
  if (typeof credentials !== 'function') return 'the static `credentials` given to iamSigner';
  if (selfCachingProviders.has(credentials)) return 'fromCognitoIdentityPool (the identity pool)';
  return credentials.name === ''
    ? 'your credentials provider'
    : `the credentials provider \`${credentials.name}\``;
}

async function signatureMismatch(
  rejection: Rejection,
  context: InterceptorContext,
  settings: SigningSettings,
  credentials: AwsCredentials | CredentialsProvider,
): Promise<string> {
  const lead = 'API Gateway computed a different signature (InvalidSignatureException)';
  const expected = expectedParts.exec(rejection.message ?? '')?.[1];
  if (expected === undefined) {
    return `${lead} and did not say what it computed: the request changed after signing (a header, the path or the body), or the secret key does not belong to the access key id (credentials from ${sourceOf(credentials)}).`;
  }
  const signed = await signedCanonicalRequest(rejection.request, context, settings);
  if (signed === undefined) {
    return `${lead}; ky-auth could not rebuild what it signed to compare.`;
  }
  const difference = canonicalDifference(expected, signed.canonical, signed.payloadKnown);
  if (difference === undefined) return `${lead}; its canonical request could not be read to compare.`;
  if (difference === 'same') {
    return `${lead}, though the canonical request ky-auth signed is exactly the one API Gateway computed: the secret access key does not belong to the access key id. The credentials came from ${sourceOf(credentials)}.`;
  }
  return `${lead}: ${difference}`;
}

/**
 * The canonical request this signer signed for `request` (as sent): the signed-header list from its own
 * `Authorization` header, the values from the request, the payload hash from `x-amz-content-sha256`, no
 * body, or the body as the caller gave it.
 */
async function signedCanonicalRequest(
  request: Request,
  context: InterceptorContext,
  settings: SigningSettings,
): Promise<{ canonical: string; payloadKnown: boolean } | undefined> {
  const signedHeaders = /SignedHeaders=([^,\s]+)/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (signedHeaders === undefined) return undefined;
  let target: ReturnType<typeof requestTarget>;
  try {
    target = requestTarget(settings, request.url);
  } catch {
    return undefined;
  }
  const headers: Record<string, string> = Object.create(null);
  for (const name of signedHeaders.split(';')) {
    headers[name] = name === 'host' ? target.host : (request.headers.get(name) ?? '');
  }
  const declared = request.headers.get('x-amz-content-sha256');
  const known = bodyBytes(context.body);
  const payloadHash =
    declared ??
    (request.body === null
      ? emptyPayloadHash
      : known === undefined
        ? undefined
        : await hashPayload(known, backend));
  const { canonicalRequest: canonical } = canonicalRequest(
    { method: request.method, path: '', query: {}, headers, canonicalUri: target.canonicalUri },
    payloadHash ?? unsignedPayload,
    target.uriEscapePath,
  );
  return { canonical, payloadKnown: payloadHash !== undefined };
}
