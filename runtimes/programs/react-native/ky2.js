// The React Native app's entry with ky 2 (`authHooks` from @ky-auth/core). React Native's setup runs
// first, then the URL polyfill every app using ky-auth installs, as its README says.
import './setup.js';
import 'react-native-url-polyfill/auto';
import { authHooks } from '@ky-auth/core';
import ky from 'ky';
import { scenarios } from './scenarios.js';

const endpoint = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/';
globalThis.scenarios = scenarios({
  client: (interceptors, options = {}) =>
    ky.create({ prefix: endpoint, retry: 0, ...options, hooks: authHooks(interceptors, { endpoint }) }),
  forConfig: { authHooks },
  base: ky.create({ retry: 0 }),
});
