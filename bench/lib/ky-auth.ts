/** ky-auth's signer, as a caller uses it: `signRequest` on a fetch `Request`, and the ky hook's interceptor. */
import type { InterceptorContext } from '@ky-auth/core';
import { iamSigner, signRequest } from '@ky-auth/iam-signer';
import { interceptorContext } from '@ky-auth/testing';
import { credentials, type Fixture, region, requestOf, service } from './fixtures.ts';
import type { Signer } from './peers.ts';

export const kyAuth: Signer = {
  name: 'ky-auth signRequest',
  contract: 'Request',
  prepare(fixture) {
    const options = { credentials, region, service };
    return { run: () => signRequest(requestOf(fixture), options) };
  },
  signed(fixture) {
    return this.prepare(fixture).run(undefined) as Promise<Request>;
  },
};

function hookContext(fixture: Fixture): InterceptorContext {
  return interceptorContext({ body: fixture.body ?? null });
}

/**
 * What authHooks does on every attempt: the `iamSigner` interceptor's `apply` on the `Request` ky built
 * (built outside the timing, as ky builds it whatever the signer), with the body the caller gave ky in
 * `context.body`, so the signer hashes it instead of reading the request's stream.
 */
export const kyAuthHook: Signer = {
  name: 'ky-auth iamSigner apply (context.body)',
  contract: 'ky hook',
  prepare(fixture) {
    const interceptor = iamSigner({ credentials, region, service });
    const context = hookContext(fixture);
    return {
      input: () => requestOf(fixture),
      run: (request: Request) => interceptor.apply(request, context),
    };
  },
  async signed(fixture) {
    const request = requestOf(fixture);
    return (
      (await iamSigner({ credentials, region, service }).apply(request, hookContext(fixture))) ?? request
    );
  },
};
