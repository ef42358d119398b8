import { CredentialsError, type Interceptor, type InterceptorContext } from '@ky-auth/core';
import type { AwsCredentials, CredentialsProvider } from '../types.ts';
import { learnClockSkew } from './clock-skew.ts';
import { credentialsFor, credentialsGetter } from './credentials-source.ts';
import { isSigV4Authorization } from './is-sigv4.ts';
import { signFetchRequest } from './sign-fetch-request.ts';
import type { SigningSettings } from './signing-settings.ts';

/** Where one call's credentials come from: its `context`, else the signer's own; `undefined` for none. */
export type CallCredentials = (context: InterceptorContext) => CallSource | Promise<CallSource>;

type CallSource = AwsCredentials | CredentialsProvider | undefined;

/**
 * The credentials a call carries in ky's `context` (`{ credentials }`: static, or a provider cached per
 * provider function), else `fallback`. A provider given per call is one user's: its cache is its own, so
 * one user's credentials never sign another's call.
 */
export function contextCredentials(
  context: InterceptorContext,
  fallback: AwsCredentials | CredentialsProvider | undefined,
): AwsCredentials | CredentialsProvider | undefined {
  const given = context.options.credentials;
  if (given === undefined || given === null) return fallback;
  return given as AwsCredentials | CredentialsProvider;
}

/**
 * The SigV4 interceptor behind `iamSigner` and `iamAuthorizer`: signs with the credentials `credentialsOf`
 * finds for each call, retries an AWS skew rejection once, explains a rejection.
 */
export function signingInterceptor(settings: SigningSettings, credentialsOf: CallCredentials): Interceptor {
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
      const signWith = (source: CallSource) => {
        if (source === undefined) throw missingCredentials();
        const credentials = credentialsFor(credentialsGetter(source), context.signal, context.clock.now());
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
      return learnClockSkew(response, request, context.clock);
    },
    // Loaded on a rejection only: a bundle that splits dynamic imports carries none of it up front.
    explain: (rejection, context) =>
      Promise.all([import('./explain-rejection.ts'), credentialsOf(context)]).then(
        ([{ explainRejection }, credentials]) =>
          credentials === undefined ? undefined : explainRejection(rejection, context, settings, credentials),
      ),
  };
}

function missingCredentials(): CredentialsError {
  return new CredentialsError(
    'ERR_CREDENTIALS_INVALID',
    "No credentials for this call; it was not sent. Give the signer `credentials`, or the call ky's `context: { credentials }`.",
  );
}
