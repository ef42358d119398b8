/** The signers that only run in Node: aws4 (node:crypto) and the floor of the contract. */
import aws4 from 'aws4';
import { credentials, region, service } from './fixtures.ts';
import { type Signer, sentWith } from './peers.ts';

export const aws4Signer: Signer = {
  name: 'aws4 sign',
  contract: 'plain object',
  prepare(fixture) {
    const run = () => {
      const url = new URL(fixture.url);
      return aws4.sign(
        {
          host: url.host,
          path: `${url.pathname}${url.search}`,
          method: fixture.method,
          headers: { ...fixture.headers },
          ...(fixture.body === undefined ? {} : { body: fixture.body as string | Buffer }),
          service,
          region,
        },
        credentials,
      );
    };
    return { run };
  },
  async signed(fixture) {
    const output = this.prepare(fixture).run(undefined) as ReturnType<typeof aws4.sign>;
    return sentWith(fixture, output.headers as Record<string, string>);
  },
};

export { limit } from './limit.ts';
