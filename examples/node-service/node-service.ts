// A Node service calling an IAM-protected API Gateway API with the credentials of its environment:
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for a role's temporary credentials, AWS_SESSION_TOKEN
// (what Lambda, ECS and `aws sso` / `aws-vault exec` set). Bodies, query strings and paths with
// characters to escape are all covered by the signature.
//
// Run it: node examples/node-service/node-service.ts (a local stand-in answers).
import { authHooks } from '@ky-auth/core';
import { fromEnv, iamSigner } from '@ky-auth/iam-signer';
import ky from 'ky';

interface Echo {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  readonly bodyLength: number;
  readonly principal: { readonly type: string; readonly accessKeyId?: string } | null;
}

export function ordersClient() {
  const endpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/';
  return ky.create({
    prefix: endpoint,
    timeout: 5_000,
    hooks: authHooks([iamSigner({ credentials: fromEnv(), region: process.env.AWS_REGION })], { endpoint }),
  });
}

export async function main(): Promise<void> {
  const orders = ordersClient();

  const created = await orders.post('orders', { json: { sku: 'widget-42', quantity: 3 } }).json<Echo>();
  console.log(
    `${created.method} ${created.path} (${created.bodyLength} bytes) -> IAM ${created.principal?.accessKeyId}`,
  );

  const search = await orders
    .get('orders', {
      searchParams: [
        ['status', 'open'],
        ['status', 'held'],
        ['q', 'blue & green'],
      ],
    })
    .json<Echo>();
  console.log(
    `${search.method} ${search.path} ${JSON.stringify(search.query)} -> IAM ${search.principal?.accessKeyId}`,
  );

  const odd = await orders.get(`customers/${encodeURIComponent('Zoë O’Brien')}/orders`).json<Echo>();
  console.log(`${odd.method} ${odd.path} -> IAM ${odd.principal?.accessKeyId}`);
}

if (import.meta.main) {
  const { runWithLocalAws } = await import('../support/local-aws.ts');
  await runWithLocalAws(main);
}
