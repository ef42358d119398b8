// The page of the browser clock-skew test: an app on one origin calling an IAM API on another through
// ky-auth, with the API's clock an hour ahead and no Access-Control-Expose-Headers. Bundled by esbuild.
import { authHooks, createClock } from '@ky-auth/core';
import { iamSigner } from '@ky-auth/iam-signer';
import ky from 'ky';

interface Setup {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** What the page found, for the test to read. */
export interface SkewResult {
  /** The `Date` the page can read of a cross-origin answer (the browser hides it: `null`). */
  readonly visibleDate: string | null;
  readonly status: number | string;
  readonly offsetMs: number;
}

declare global {
  interface Window {
    skewResult?: SkewResult;
  }
}

const setup = JSON.parse(document.getElementById('setup')?.textContent ?? '{}') as Setup;
const clock = createClock();
const api = ky.create({
  prefix: setup.endpoint,
  retry: 0,
  hooks: authHooks([iamSigner({ credentials: setup.credentials, region: setup.region })], {
    endpoint: setup.endpoint,
    clock,
  }),
});

const unsigned = await fetch(`${setup.endpoint}health`);
let status: number | string;
try {
  status = (await api.get('items')).status;
} catch (error) {
  status = String(error);
}
window.skewResult = { visibleDate: unsigned.headers.get('date'), status, offsetMs: clock.offset };
