const redirectStatuses = [301, 302, 303, 307, 308];

/** Whether fetch would follow `response`: a redirect status with a `Location`. */
export function isRedirect(response: Response): boolean {
  return redirectStatuses.includes(response.status) && response.headers.has('location');
}

/** The URL a redirect response points to, or `undefined` when it is not a followable redirect. */
export function redirectTarget(response: Response, requestUrl: string): URL | undefined {
  if (!isRedirect(response)) return undefined;
  const location = response.headers.get('location')!;
  try {
    return new URL(location, response.url || requestUrl);
  } catch {
    return undefined;
  }
}

/** The method a redirected request uses, as fetch decides it (303, and 301/302 after POST, become GET). */
export function redirectMethod(status: number, method: string): string {
  if (status === 303 && method !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && method === 'POST') return 'GET';
  return method;
}
