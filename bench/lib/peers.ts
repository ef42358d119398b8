/**
 * The peers that run in Node and in the browser. Each returns, for a fixture, the call that is timed: it
 * builds the input the library takes from the fixture and signs it, so Request-contract signers pay for
 * `new Request` (the contract's "build the Request") and plain-object signers for their object.
 */
import { signRequest as amplifySignRequest } from '@aws-amplify/core/internals/aws-client-utils';
import { Sha256 as BrowserSha256 } from '@aws-crypto/sha256-browser';
import { Sha256 as JsSha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { signRequest as sigv4SignRequest } from 'aws-sigv4-sign';
import { AwsClient } from 'aws4fetch';
import { credentials, type Fixture, region, requestOf, service } from './fixtures.ts';
import type { Timed } from './measure.ts';

/** How a signer is called: a fetch `Request` in and out, plain objects, or a ky-auth interceptor's apply. */
export type Contract = 'Request' | 'plain object' | 'ky hook';

export interface Signer {
  readonly name: string;
  readonly contract: Contract;
  /** The call that is timed: it signs one fresh copy of the fixture. */
  prepare(fixture: Fixture): Timed;
  /** The signed request as it would be sent, for the check that every signature verifies. */
  signed(fixture: Fixture): Promise<Request>;
}

/** The fixture sent with the headers a plain-object signer returned (`host` comes from the URL). */
export function sentWith(fixture: Fixture, headers: Record<string, string | undefined>): Request {
  const sent = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'host' && value !== undefined) sent.set(name, value);
  }
  return new Request(fixture.url, { method: fixture.method, headers: sent, body: fixture.body ?? null });
}

export const aws4fetch: Signer = {
  name: 'aws4fetch AwsClient.sign',
  contract: 'Request',
  prepare(fixture) {
    const client = new AwsClient({ ...credentials, region, service });
    return { run: () => client.sign(requestOf(fixture)) };
  },
  signed(fixture) {
    return this.prepare(fixture).run(undefined) as Promise<Request>;
  },
};

export const awsSigv4Sign: Signer = {
  name: 'aws-sigv4-sign signRequest',
  contract: 'Request',
  prepare(fixture) {
    return { run: () => sigv4SignRequest(requestOf(fixture), { service, region, credentials }) };
  },
  signed(fixture) {
    return this.prepare(fixture).run(undefined) as Promise<Request>;
  },
};

export const amplify: Signer = {
  name: 'Amplify signRequest',
  contract: 'plain object',
  prepare(fixture) {
    const options = { credentials, signingRegion: region, signingService: service };
    return {
      run: () =>
        amplifySignRequest(
          {
            url: new URL(fixture.url),
            method: fixture.method,
            headers: { ...fixture.headers },
            ...(fixture.body === undefined ? {} : { body: fixture.body }),
          },
          options,
        ),
    };
  },
  async signed(fixture) {
    const output = this.prepare(fixture).run(undefined) as ReturnType<typeof amplifySignRequest>;
    return sentWith(fixture, output.headers);
  },
};

function smithy(name: string, sha256: typeof JsSha256 | typeof BrowserSha256): Signer {
  return {
    name,
    contract: 'plain object',
    prepare(fixture) {
      const signer = new SignatureV4({ credentials, region, service, sha256 });
      const run = () => {
        const url = new URL(fixture.url);
        const query: Record<string, string[]> = {};
        for (const [key, value] of url.searchParams) query[key] = [...(query[key] ?? []), value];
        return signer.sign({
          method: fixture.method,
          protocol: url.protocol,
          hostname: url.hostname,
          path: url.pathname,
          query,
          headers: { ...fixture.headers, host: url.host },
          body: fixture.body,
        });
      };
      return { run };
    },
    async signed(fixture) {
      const output = await (this.prepare(fixture).run(undefined) as ReturnType<SignatureV4['sign']>);
      return sentWith(fixture, output.headers);
    },
  };
}

export const smithyJs = smithy('@smithy/signature-v4 + sha256-js', JsSha256);
export const smithyBrowser = smithy('@smithy/signature-v4 + sha256-browser', BrowserSha256);
