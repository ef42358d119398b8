// A minimal React Native screen calling an IAM-authorized API Gateway with the guest credentials of a
// Cognito identity pool. Install: npm install ky @ky-auth/core @ky-auth/iam-signer react-native-url-polyfill
import { authHooks } from '@ky-auth/core';
import { fromCognitoIdentityPool, iamSigner } from '@ky-auth/iam-signer';
import ky from 'ky';
import { useEffect, useState } from 'react';
import { Text, View } from 'react-native';

const endpoint = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/';
const credentials = fromCognitoIdentityPool({
  identityPoolId: 'us-east-1:0a1b2c3d-1111-2222-3333-444455556666',
});
const api = ky.create({ prefix: endpoint, hooks: authHooks([iamSigner({ credentials })], { endpoint }) });

interface Orders {
  readonly count: number;
}

export default function App() {
  const [status, setStatus] = useState('Loading…');
  useEffect(() => {
    api
      .get('orders/recent')
      .json<Orders>()
      .then(
        (orders) => setStatus(`${orders.count} recent orders`),
        // A KyAuthError's message says what to fix; its `code` is stable (ERRORS.md).
        (error: Error) => setStatus(error.message),
      );
  }, []);
  return (
    <View style={{ flex: 1, alignItems: 'center', justifyContent: 'center' }}>
      <Text>{status}</Text>
    </View>
  );
}
