// The React Native app's entry with ky 1.14 (`authOptions` from @ky-auth/core/ky1). React Native's setup
// runs first, then the URL polyfill every app using ky-auth installs, as its README says.
import './setup.js';
import 'react-native-url-polyfill/auto';
import { authOptions } from '@ky-auth/core/ky1';
import ky from 'ky';
import { scenarios } from './scenarios.js';

const endpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/';
globalThis.scenarios = scenarios({
  client: (interceptors, options = {}) =>
    ky.create({ prefixUrl: endpoint, retry: 0, ...options, ...authOptions(interceptors, { endpoint }) }),
  forConfig: { authOptions },
  base: ky.create({ retry: 0 }),
});
