import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type LaunchedChromium, launchChromium } from '@ky-auth/test-kit/chromium';
import type { Page } from 'playwright-core';
import type { PageResult } from './page.ts';
import { type BrowserServers, catalogKey, guestRole, startBrowserServers, username } from './servers.ts';

/** Where the screenshot of the page's table goes (ignored by git). */
export const screenshotPath = new URL('./screenshot.png', import.meta.url).pathname;

// A real headless Chromium (Debian's `chromium`, never a downloaded one) loads an app from one loopback
// origin that calls APIs on another through ky-auth: SigV4 over WebCrypto, real CORS preflights answered
// by the gateway stand-in, and the browser's own enforcement of them. Without Chromium this fails.
describe('ky-auth in a real browser', () => {
  let servers: BrowserServers;
  let chromium: LaunchedChromium;
  let page: Page;
  let results: readonly PageResult[];
  let digests: number;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    servers = await startBrowserServers();
    chromium = await launchChromium();
    page = await chromium.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(servers.pageUrl);
    await page.waitForFunction(() => window.kyAuthResults !== undefined, undefined, { timeout: 20_000 });
    results = await page.evaluate(() => window.kyAuthResults ?? []);
    digests = await page.evaluate(() => window.kyAuthDigests ?? 0);
    await page.locator('#report').screenshot({ path: screenshotPath });
  }, 45_000);

  afterAll(async () => {
    await chromium?.close();
    await servers?.close();
  });

  const result = (api: string, call: string) =>
    results.find((entry) => entry.api === api && entry.call === call);

  it('runs the page without errors, in a secure context with WebCrypto', async () => {
    expect(pageErrors).toEqual([]);
    expect(
      await page.evaluate(() => window.isSecureContext && typeof crypto.subtle?.digest === 'function'),
    ).toBe(true);
  });

  it('signs IAM requests with identity-pool guest credentials through a real preflight', () => {
    expect(result('ordersApi', 'GET orders/recent')).toMatchObject({
      status: 200,
      detail: `IAM ${guestRole.accessKeyId}`,
    });
    const bodyBytes = JSON.stringify({ sku: 'widget-42', notes: 'x'.repeat(16 * 1024) }).length;
    expect(result('ordersApi', 'POST orders (16 KiB JSON)')).toMatchObject({
      status: 200,
      detail: `IAM ${guestRole.accessKeyId}, ${bodyBytes} bytes signed`,
    });
    // Cognito Identity's GetId and GetCredentialsForIdentity, cross-origin too.
    expect(servers.identity.count({ outcome: 'accepted' })).toBe(2);
    expect(servers.gateways.ordersApi.count({ outcome: 'preflight' })).toBeGreaterThanOrEqual(1);
    expect(servers.gateways.ordersApi.count({ outcome: 'accepted' })).toBe(2);
  });

  it('hashes the large body with WebCrypto', () => {
    expect(digests).toBeGreaterThanOrEqual(1);
  });

  it('sends the API key and the user-pool token through real preflights', () => {
    expect(result('catalogApi', 'GET items')).toMatchObject({
      status: 200,
      detail: `API key "${catalogKey.name}"`,
    });
    expect(result('profileApi', 'GET me')).toMatchObject({ status: 200, detail: `user ${username}` });
    expect(servers.gateways.catalogApi.count({ outcome: 'preflight' })).toBeGreaterThanOrEqual(1);
    expect(servers.gateways.profileApi.count({ outcome: 'preflight' })).toBeGreaterThanOrEqual(1);
  });

  it('explains a preflight that does not allow x-api-key: the browser blocks it and the error says CORS', () => {
    const blocked = result('narrowApi', 'GET items');
    expect(blocked?.status).toBe('NetworkError');
    expect(blocked?.detail).toMatch(/CORS\?/);
    expect(blocked?.detail).toMatch(
      /carried x-api-key; the API's preflight must list each in Access-Control-Allow-Headers/,
    );
    expect(blocked?.detail).not.toContain(catalogKey.value);
    // The browser asked, was refused, and never sent the request itself.
    expect(servers.gateways.narrowApi.count({ outcome: 'preflight' })).toBe(1);
    expect(servers.gateways.narrowApi.calls.filter((call) => call.outcome !== 'preflight')).toEqual([]);
  });

  it('saves a screenshot of the result table', () => {
    expect(statSync(screenshotPath).size).toBeGreaterThan(1000);
  });
});
