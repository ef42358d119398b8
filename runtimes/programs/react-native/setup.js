// What React Native's InitializeCore installs for networking (Libraries/Core/setUpXHR.js: fetch, Headers,
// Request, Response from whatwg-fetch, URL, URLSearchParams, AbortController, AbortSignal), from the
// release's own modules. XMLHttpRequest, native in an app, is the harness's networking stand-in.
import 'react-native/Libraries/Core/setUpXHR';
import { polyfillGlobal } from 'react-native/Libraries/Utilities/PolyfillFunctions';

polyfillGlobal('XMLHttpRequest', () => globalThis.__harnessXMLHttpRequest);
