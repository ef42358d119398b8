/**
 * What each promise costs in bytes: an entry bundled again with the files that keep it replaced by stubs
 * that keep nothing (the same exports, no checks, no messages), and the gzip bytes that saves. The stubs
 * exist only here, to measure; they break what SECURITY.md and the README promise.
 */

/** A promise and the stubs that drop it: source file (from the repository root) → what replaces it. */
export interface PromiseStub {
  readonly promise: string;
  readonly stubs: Readonly<Record<string, string>>;
}

const core = 'packages/core/src';

/** Kept by every client, whatever its interceptors. */
export const enginePromises: readonly PromiseStub[] = [
  {
    promise:
      'credentials only to the bound endpoint, never over plain http: but to loopback (checked when the hooks are made)',
    stubs: {
      [`${core}/engine/lib/bound-endpoints.ts`]:
        'export const boundEndpoints = (options: any) => [new URL(options.endpoint)];',
      [`${core}/engine/lib/checked-endpoint.ts`]: 'export const checkedEndpoint = (e: any) => new URL(e);',
      [`${core}/helpers/secure-transport.ts`]:
        'export const isSecureTransport = () => true; export const assertSecureTransport = () => {};',
      [`${core}/helpers/is-loopback-host.ts`]: 'export const isLoopbackHost = () => false;',
    },
  },
  {
    promise:
      'redirect stances shared by every hook set and copy of core, and ky 1 hooks that fail without their fetch',
    stubs: {
      [`${core}/engine/lib/credentialed-mark.ts`]: `export const markCredentialed = () => {};
        export const carriesCredentials = () => false;
        export const strictestStance = () => 'refuse';
        export const markAuthFetch = (wrapper: any) => wrapper;
        export const sendsThrough = () => true;`,
    },
  },
  {
    promise: "per-call and default auth modes (Gen2's authMode), an invalid one refused",
    stubs: {
      [`${core}/engine/lib/auth-mode.ts`]:
        "export const requestedAuthMode = () => undefined; export const configuredAuthMode = () => 'default';",
    },
  },
  {
    promise: 'header names and values checked before they are sent (no line break, no control character)',
    stubs: {
      [`${core}/helpers/validate-header.ts`]: `export const validateHeader = () => {};
        export const isHeaderValue = (value: unknown) => typeof value === 'string';
        export const isHeaderName = (name: unknown) => typeof name === 'string';
        export const headerValueProblem = () => undefined;`,
    },
  },
  {
    promise: "a credential source that hangs ends with the caller's abort",
    stubs: { [`${core}/helpers/abortable.ts`]: 'export const abortable = (promise: any) => promise;' },
  },
  {
    promise: "ky's errors explained (401-403) and hinted (CORS) by beforeError",
    stubs: { [`${core}/engine/lib/before-error.ts`]: 'export const processedError = (error: any) => error;' },
  },
  {
    promise: 'errors print their code, and instanceof holds across copies of core',
    stubs: {
      [`${core}/errors/ky-auth-error.ts`]: `export class KyAuthError extends Error {
        code: any;
        constructor(code: any, message: string, options?: any) { super(message, options); this.code = code; }
      }`,
    },
  },
  {
    promise:
      "the engine itself, against a toy that sets the headers on ky's own request: credentials only on a copy sent to fetch (never on ky's request, a hook's argument or an error), never through a redirect, stage order, one re-authorized retry, refusals read bounded and redacted",
    stubs: {
      [`${core}/engine/lib/auth-engine.ts`]: `export const isSameOrigin = (url: string, origin: string) => url.startsWith(origin);
        export function createAuthEngine(interceptors: any[]) {
          return {
            call: (source: any) => source,
            headerNames: [],
            diagnosisOf: () => undefined,
            sentHeaderNamesOf: () => undefined,
            async send(call: any, request: Request, init: any) {
              for (const interceptor of interceptors) await interceptor.apply(request, { options: call.context });
              return (call.fetch ?? globalThis.fetch)(request, init);
            },
          };
        }`,
    },
  },
];

/** Kept by fromConfig on top of those. */
export const configPromises: readonly PromiseStub[] = [
  {
    promise: 'a misspelt key in the file or the providers is named, with the key meant',
    stubs: {
      [`${core}/config/lib/near-miss.ts`]:
        'export const nearMiss = () => undefined; export const refuseNearMisses = () => {};',
    },
  },
  {
    promise:
      'SigV4 where WebCrypto is missing (React Native, insecure contexts): SHA-256 and HMAC in JavaScript',
    stubs: {
      [`${core}/helpers/sha256.ts`]: 'export const sha256 = (data: Uint8Array) => data;',
      [`${core}/helpers/hmac-of.ts`]: 'export const hmacOf = (hash: any) => hash;',
    },
  },
  {
    promise: "a third party's error kept as a cause without a secret, a JWT or a body",
    stubs: {
      [`${core}/helpers/redacted-cause.ts`]: 'export const redactedCause = (error: any) => error;',
    },
  },
];
