// The browser side of browser.test.ts, bundled with esbuild: an app on one origin calling APIs on
// another through ky-auth, built from an amplify_outputs-style configuration. It renders a table of
// what happened and leaves the same rows in `window.kyAuthResults` for the test.
import { apiKeyAuthorizer } from '@ky-auth/api-key';
import { userPoolAuthorizer } from '@ky-auth/cognito-token';
import { fromConfig } from '@ky-auth/core';
import { iamAuthorizer } from '@ky-auth/iam-signer';
import ky from 'ky';

/** What the test server embeds in the page. */
export interface PageSetup {
  readonly outputs: unknown;
  readonly identityPoolEndpoint: string;
}

/** One call the page made. */
export interface PageResult {
  readonly api: string;
  readonly call: string;
  readonly status: number | string;
  /** The caller the API's echo reports, or the error's message. */
  readonly detail: string;
}

interface Echo {
  readonly bodyLength: number;
  readonly principal: { readonly type: string; readonly [key: string]: unknown } | null;
}

declare global {
  interface Window {
    kyAuthResults?: readonly PageResult[];
    kyAuthDigests?: number;
  }
}

// Counts WebCrypto digests, so the test can tell that SigV4 hashed the large body with it.
window.kyAuthDigests = 0;
const digest = crypto.subtle.digest.bind(crypto.subtle);
crypto.subtle.digest = (algorithm, data) => {
  window.kyAuthDigests = (window.kyAuthDigests ?? 0) + 1;
  return digest(algorithm, data);
};

const setup = JSON.parse(document.getElementById('setup')?.textContent ?? '{}') as PageSetup;

// The signed-in user's tokens, as a sign-in library would hold them (here: from the page's own server).
const tokens = async () =>
  (await fetch('/session')).json() as Promise<{ accessToken: string; idToken: string }>;

const apis = fromConfig(setup.outputs, {
  authorizers: {
    AWS_IAM: iamAuthorizer({ identityPoolEndpoint: setup.identityPoolEndpoint }),
    API_KEY: apiKeyAuthorizer(),
    AMAZON_COGNITO_USER_POOLS: userPoolAuthorizer({ tokens }),
  },
});

const describe = (echo: Echo): string => {
  const who = echo.principal;
  if (who === null) return 'no authorizer';
  if (who.type === 'iam')
    return `IAM ${String(who.accessKeyId)}${echo.bodyLength > 0 ? `, ${echo.bodyLength} bytes signed` : ''}`;
  if (who.type === 'apiKey') return `API key "${String(who.name)}"`;
  return `user ${String((who.claims as { username?: string }).username)}`;
};

async function attempt(api: string, call: string, send: () => Promise<Response>): Promise<PageResult> {
  try {
    const response = await send();
    return { api, call, status: response.status, detail: describe((await response.json()) as Echo) };
  } catch (error) {
    return {
      api,
      call,
      status: error instanceof Error ? error.name : 'error',
      detail: String((error as Error).message),
    };
  }
}

const largeOrder = { sku: 'widget-42', notes: 'x'.repeat(16 * 1024) };
const results = [
  await attempt('ordersApi', 'GET orders/recent', () => apis.client('ordersApi').get('orders/recent')),
  await attempt('ordersApi', 'POST orders (16 KiB JSON)', () =>
    apis.client('ordersApi').post('orders', { json: largeOrder }),
  ),
  await attempt('catalogApi', 'GET items', () => apis.client('catalogApi').get('items')),
  await attempt('profileApi', 'GET me', () => apis.client('profileApi').get('me')),
  await attempt('narrowApi', 'GET items', () =>
    apis.client('narrowApi', ky.create({ retry: 0 })).get('items'),
  ),
];

const table = document.createElement('table');
table.id = 'results';
table.innerHTML =
  '<caption>ky-auth in Chromium: cross-origin calls</caption><tr><th>API</th><th>Call</th><th>Status</th><th>Detail</th></tr>';
for (const result of results) {
  const row = table.insertRow();
  row.className = typeof result.status === 'number' && result.status < 300 ? 'ok' : 'failed';
  for (const text of [result.api, result.call, String(result.status), result.detail]) {
    row.insertCell().textContent = text;
  }
}
document.getElementById('report')?.append(table);
window.kyAuthResults = results;
