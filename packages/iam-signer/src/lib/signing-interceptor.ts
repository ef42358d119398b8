import { CredentialsError, type Interceptor, type InterceptorContext } from '@ky-auth/core';
import type { AwsCredentials, CredentialsProvider } from '../types.ts';
import { learnClockSkew } from './clock-skew.ts';
import { credentialsFor, credentialsGetter } from './credentials-source.ts';
import { isSigV4Authorization } from './is-sigv4.ts';
import { signFetchRequest } from './sign-fetch-request.ts';
import type { SigningSettings } from './signing-settings.ts';

type Source = AwsCredentials | CredentialsProvider;

/** Where a call's credentials come from when it gives none in `context.credentials`: its logins, say. */
export type CallCredentials = (context: InterceptorContext) => Source | Promise<Source> | undefined;

/**
 * The SigV4 interceptor behind `iamSigner` and `iamAuthorizer`. Each call is signed with the credentials it
 * carries in ky's `context` (`{ credentials }`: static, or a provider, cached per provider function, so a
 * user's provider never serves another user), else those `forCall` finds for it, else `configured`.
 * Retries an AWS skew rejection once, explains a rejection.
 */
export function signingInterceptor(
  settings: SigningSettings,
  configured: Source | undefined,
  forCall?: CallCredentials,
): Interceptor {
  // The signer's own credentials, checked once.
  const own = configured && credentialsGetter(configured);
  const credentialsOf = (context: InterceptorContext) =>
    (context.options.credentials as Source | undefined) ?? forCall?.(context);
  return {
    name: 'iam',
    stage: 'sign',
    headerNames: settings.headerNames,
    apply(request, context) {
      // An empty (or blank) Authorization is no credential: signed, as Amplify signs it.
      const authorization = request.headers.get('authorization')?.trim();
      if (authorization && !isSigV4Authorization(authorization)) return undefined;
      // Static or cached credentials and a hash at hand sign without a promise: the steady state of a GET.
      const sign = (credentials: AwsCredentials) => {
        const signed = signFetchRequest(request, {
          credentials,
          settings,
          time: context.clock.now(),
          knownBody: context.body,
          // authHooks may rebuild this request for a re-authorized retry: leave its body readable.
          consumeBody: false,
        });
        return signed instanceof Request ? unchanged(signed) : signed.then(unchanged);
      };
      const unchanged = (signed: Request) => (signed === request ? undefined : signed);
      const signWith = (source: Source | undefined) => {
        const getter = source ? credentialsGetter(source) : own;
        if (getter === undefined) throw missingCredentials();
        const credentials = credentialsFor(getter, context.signal, context.clock.now());
        return credentials instanceof Promise ? credentials.then(sign) : sign(credentials);
      };
      try {
        const source = credentialsOf(context);
        return source instanceof Promise ? source.then(signWith) : signWith(source);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    onResponse(response, request, context) {
      // Only a rejection of this signer's own signature says anything about its clock.
      if (!isSigV4Authorization(request.headers.get('authorization') ?? '')) return false;
      return learnClockSkew(response, request, context);
    },
    // Loaded on a rejection only: a bundle that splits dynamic imports carries none of it up front.
    explain: (rejection, context) =>
      import('./explain-rejection.ts').then(async ({ explainRejection }) => {
        const credentials = (await credentialsOf(context)) ?? configured;
        return credentials && explainRejection(rejection, context, settings, credentials);
      }),
  };
}

function missingCredentials(): CredentialsError {
  return new CredentialsError(
    'ERR_CREDENTIALS_INVALID',
    'No credentials for this call; it was not sent. Give iamSigner credentials, or the call context.credentials.',
  );
}
