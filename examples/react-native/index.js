// The app's entry. The URL polyfill comes first, before anything imports ky-auth: React Native's own URL
// cannot read a URL's parts, and ky-auth needs them to bind the API's origin and to sign.
import 'react-native-url-polyfill/auto';
import { AppRegistry } from 'react-native';
import App from './App';

AppRegistry.registerComponent('KyAuthExample', () => App);
