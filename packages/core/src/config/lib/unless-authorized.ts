import type { Interceptor, InterceptorContext } from '../../engine/types.ts';

/**
 * A Gen1 `custom_header` API's signers, as Amplify v5 runs them: a request whose headers carry
 * `Authorization` (from `custom_header`, or the call) goes with it, unsigned.
 */
export function unlessAuthorized(signers: readonly Interceptor[]): readonly Interceptor[] {
  const unsigned = new WeakSet<Request>();
  return signers.map((signer) => ({
    ...signer,
    apply(request, context) {
      if (!request.headers.has('authorization')) return signer.apply(request, context);
      unsigned.add(request);
    },
    ...(signer.onResponse && {
      // A response to a request this signer did not sign teaches it nothing (no clock skew, no refresh).
      onResponse: (response: Response, request: Request, context: InterceptorContext) =>
        !unsigned.has(request) && (signer.onResponse?.(response, request, context) ?? false),
    }),
  }));
}
