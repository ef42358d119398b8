import { RequestPolicyError } from '../../errors.ts';

// boundedFetch's refusal of a redirect: its words are needed only when one happens, so they load then (a
// dynamic import) and no bundle carries them up front.

/** The redirect of one of ky-auth's own requests, refused; neither the query nor the target is quoted. */
export function authServerRedirect(input: string | URL, status: number): RequestPolicyError {
  const url = new URL(input);
  return new RequestPolicyError(
    'ERR_AUTH_SERVER_REDIRECT',
    `${url.origin}${url.pathname} answered with a redirect (${status === 0 ? 'hidden by the browser' : `HTTP ${status}`}). ky-auth follows no redirect of its own requests, which carry passwords, tokens or a client secret: nothing was sent to its target. Configure the endpoint (or issuer) that answers itself.`,
  );
}
