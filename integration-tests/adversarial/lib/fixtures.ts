import {
  type AuthHooks,
  type AuthHooksOptionsWithEndpoint,
  authHooks,
  type Interceptor,
} from '@ky-auth/core';
import { type AuthOptions, authOptions } from '@ky-auth/core/ky1';
import type { KyInstance } from 'ky';
import ky1 from 'ky1';
import ky2 from 'ky2';

/**
 * Every secret the adversarial tests hand to ky-auth. None may appear in anything ky-auth throws or logs;
 * signatures and minted tokens are added to each file's collector as they are made.
 */
export const secrets = {
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYADVERSARY01',
  sessionToken: 'IQoJb3JpZ2luX2VjAdversarialSessionToken0001',
  apiKey: 'da2-adversarialapikeydonotleak0001',
  refreshToken: 'RT.adversarial-refresh-token.do-not-leak-0001',
  clientSecret: 'oidc-client-secret-do-not-leak-0001',
  opaqueToken: 'opaque-provider-token-do-not-leak-0001',
  headerSecret: 'tenant-header-secret-do-not-leak-0001',
  password: 'Correct-Horse-Battery-Staple-0001',
} as const;

export const region = 'us-east-1';
export const accessKeyId = 'ASIAADVERSARIAL00001';

/** Temporary credentials the IAM stand-in accepts. */
export const credentials = {
  accessKeyId,
  secretAccessKey: secrets.secretAccessKey,
  sessionToken: secrets.sessionToken,
};

/** An execute-api endpoint (region inferred from the host) per test, so gateways never overlap. */
export const executeApi = (id: string, stage = 'prod') =>
  `https://${id.toLowerCase().padEnd(10, '0').slice(0, 10)}.execute-api.${region}.amazonaws.com/${stage}`;

/** A ky instance of either major, typed as the root ky's (2): one code path drives both. */
export type KyBase = KyInstance;
/**
 * What one ky major's client needs from ky-auth, to spread into `create()` or `.extend()`: `{ hooks }` for
 * ky 2 (`authHooks` from `@ky-auth/core`), `{ hooks, fetch }` for ky 1 (`authOptions` from
 * `@ky-auth/core/ky1`). The shape of fromConfig's `apis.options(name)`.
 */
export type KyAuth = Partial<AuthOptions> & { readonly hooks: AuthHooks };
/** Makes one ky major's `KyAuth` from interceptors; a second set on the same ky 1 client gets the first's `fetch` in `options.fetch`. */
export type InstallOf = (
  interceptors: readonly Interceptor[],
  options: AuthHooksOptionsWithEndpoint,
) => KyAuth;
/** What fromConfig gets as `{ authOptions }` for one ky major: ky 1's `authOptions`, or undefined (ky 2). */
export type AuthOptionsOf = typeof authOptions | undefined;
/**
 * Each ky major with what ky-auth gives it: hand-built clients spread `install(...)`, and every fromConfig
 * whose clients extend `base` gets `{ authOptions }` (ky 1's; undefined for ky 2: options of one major fail
 * on the other).
 */
export const kys: readonly {
  major: 1 | 2;
  base: KyBase;
  install: InstallOf;
  authOptions: AuthOptionsOf;
}[] = [
  { major: 1, base: ky1 as unknown as KyBase, install: authOptions, authOptions },
  {
    major: 2,
    base: ky2 as unknown as KyBase,
    install: (interceptors, options) => ({ hooks: authHooks(interceptors, options) }),
    authOptions: undefined,
  },
];

/** A Gen2 resource config (`Amplify.configure` input) with REST APIs and, optionally, Cognito pools. */
export function gen2Config(
  apis: Record<string, { endpoint: string; authorizationType: string; apiKey?: string }>,
  auth: { userPoolId?: string; userPoolClientId?: string; identityPoolId?: string } = {},
): Record<string, unknown> {
  return {
    API: {
      REST: Object.fromEntries(Object.entries(apis).map(([name, entry]) => [name, { region, ...entry }])),
    },
    ...(Object.keys(auth).length > 0 && { Auth: { Cognito: { ...auth, allowGuestAccess: true } } }),
  };
}

/** The time a promise takes to settle, and how it settled. */
export async function timed<T>(
  promise: Promise<T>,
): Promise<{ ms: number } & ({ ok: true; value: T } | { ok: false; error: unknown })> {
  const start = performance.now();
  try {
    const value = await promise;
    return { ms: performance.now() - start, ok: true, value };
  } catch (error) {
    return { ms: performance.now() - start, ok: false, error };
  }
}
