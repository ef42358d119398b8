import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { fromAmplifyOutputs } from '@ky-auth/core/config/amplify-outputs';
import { caught, runReadmeSnippet } from '@ky-auth/test-kit';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';

// packages/core/README.md's "One format, fewer bytes": its snippet runs, as its own module, against a
// stand-in API that records the API key it receives.

const coreReadme = new URL('../../packages/core/README.md', import.meta.url);
const keys: (string | null)[] = [];
const server = setupServer(
  http.get('https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/recent', ({ request }) => {
    keys.push(request.headers.get('x-api-key'));
    return HttpResponse.json({ orders: [] });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

it('runs the snippet of "One format, fewer bytes": the amplify_outputs.json entry sends the API key', async () => {
  await runReadmeSnippet(coreReadme, {
    section: 'One format, fewer bytes',
    from: new URL('./', import.meta.url),
  });
  expect(keys).toEqual(['da2-example-key']);
});

it('refuses, as the section says, a file of another format, naming the entry that reads it', async () => {
  const awsExports = {
    aws_cloud_logic_custom: [
      { name: 'orders', endpoint: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod' },
    ],
  };
  const error = await caught(() => fromAmplifyOutputs(awsExports));
  expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG_UNRECOGNIZED', path: '$' });
  expect(error.message).toContain("use fromAwsExports from '@ky-auth/core/config/aws-exports'");
});
