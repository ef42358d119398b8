// The offline stand-in this example runs against: MSW intercepts this process's fetch to the API's host
// and answers with @ky-auth/testing's API Gateway, whose IAM authorizer verifies every signature against
// each user's credentials. Not part of the example; imported only when it is run directly.
import { apiGateway, gatewayIamAuthorizer } from '@ky-auth/testing';
import { setupServer } from 'msw/node';

/** Runs `main` with the API answered locally, knowing `credentials` (the users'). */
export async function runWithLocalApi(
  main: () => Promise<void>,
  credentials: readonly { accessKeyId: string; secretAccessKey: string; sessionToken?: string }[],
): Promise<void> {
  const gateway = apiGateway({
    endpoint: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
    authorizer: gatewayIamAuthorizer({
      credentials: [...credentials],
      region: 'us-east-1',
    }),
    routes: [{ method: 'GET', path: '/me', handler: ({ principal }) => ({ principal }) }],
  });
  const server = setupServer(...gateway.handlers);
  // The BFF itself (127.0.0.1) is reached for real.
  server.listen({ onUnhandledFrame: 'bypass' });
  try {
    await main();
  } finally {
    server.close();
  }
}
