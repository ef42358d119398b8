import { ConfigError, SigningError } from '@ky-auth/core';
import type { SigningOptions } from '../types.ts';
import type { HostScope } from './infer-scope.ts';
import { inferScope } from './infer-scope.ts';

/** Signing options, checked once, with defaults applied. */
export interface SigningSettings {
  readonly region: string | undefined;
  readonly service: string | undefined;
  readonly signPayloadHeader: boolean;
  readonly unsignedPayload: boolean;
  readonly maxBodyBytes: number;
  readonly uriEscapePath: boolean | undefined;
  /** The headers the signer sets, for CORS `Access-Control-Allow-Headers`. */
  readonly headerNames: readonly string[];
}

export const defaultMaxBodyBytes = 10 * 1024 * 1024;
const scopePart = /^[a-z0-9-]+$/;

/**
 * Checks the options `caller` (`iamSigner`, `signRequest`, `presignUrl`) was given; a wrong one is a
 * `ConfigError` `ERR_CONFIG_INVALID` at the path `caller.option`, like every wrong option in ky-auth.
 */
export function signingSettings(options: SigningOptions, caller: string): SigningSettings {
  for (const name of ['region', 'service'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || !scopePart.test(value))) {
      throw new ConfigError(
        'ERR_CONFIG_INVALID',
        `${caller}.${name}`,
        `The ${name} option must be lower-case letters, digits and dashes, such as ${name === 'region' ? "'us-east-1'" : "'execute-api'"}.`,
      );
    }
  }
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new ConfigError(
      'ERR_CONFIG_INVALID',
      `${caller}.maxBodyBytes`,
      'The maxBodyBytes option must be a whole number of bytes, 0 or more.',
    );
  }
  const signPayloadHeader = options.signPayloadHeader === true;
  const unsignedPayload = options.unsignedPayload === true;
  return {
    region: options.region,
    service: options.service,
    signPayloadHeader,
    unsignedPayload,
    maxBodyBytes,
    uriEscapePath: options.uriEscapePath,
    headerNames: [
      'authorization',
      'x-amz-date',
      'x-amz-security-token',
      ...(signPayloadHeader || unsignedPayload ? ['x-amz-content-sha256'] : []),
    ],
  };
}

/** The service a host that names none is signed for: Amplify's REST APIs are API Gateway APIs. */
export const defaultService = 'execute-api';

/**
 * The region and service to sign a request to `url` for. An execute-api or Lambda function URL host names
 * both, and AWS checks the signature's scope against the host: there the host wins over the options (as
 * in Amplify), so a configuration that contradicts its own endpoint still signs right the first time. Any
 * other host (a custom domain, localhost) is signed for the options' region, never a guessed one
 * (`ERR_SIGNING_REGION_UNKNOWN` without it), and the options' service, else `execute-api`.
 */
export function signingScope(settings: SigningSettings, url: URL): HostScope {
  const inferred = inferScope(url.hostname);
  if (inferred !== undefined) return inferred;
  const region = settings.region;
  if (region === undefined) {
    throw new SigningError(
      'ERR_SIGNING_REGION_UNKNOWN',
      `Cannot tell which AWS region to sign requests to ${url.host} for: only execute-api and Lambda function URL hosts name it. Pass the API's region, such as { region: 'us-east-1' }.`,
    );
  }
  return { region, service: settings.service ?? defaultService };
}
