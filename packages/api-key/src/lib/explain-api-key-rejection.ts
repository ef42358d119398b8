import type { Rejection } from '@ky-auth/core';

/**
 * Why API Gateway answered `403 {"message":"Forbidden"}` to a request that carried an API key: the key,
 * its usage plan, the stage (read from an execute-api URL). `undefined` for any other rejection, or a
 * request without the key's header. Names the header, never the key.
 */
export function explainApiKeyRejection(
  rejection: Rejection,
  header: string,
  place: string,
): string | undefined {
  if (rejection.status !== 403 || rejection.message !== 'Forbidden') return undefined;
  if (!rejection.request.headers.has(header)) return undefined;
  const url = new URL(rejection.request.url);
  // An execute-api URL's first path segment is the stage the usage plan must list.
  const stage = /\.execute-api\./.test(url.hostname) ? url.pathname.split('/')[1] : undefined;
  return `API Gateway refused the API key in ${place} (403 Forbidden): the key is not one of the API's, is disabled, or is not in a usage plan that includes this API${stage ? ` and its stage "${stage}"` : ' and stage'}. Check the key's value, that it is enabled, and that its usage plan lists the stage.`;
}
