// What React Native's InitializeCore installs for networking (Libraries/Core/setUpXHR.js: fetch, Headers,
// Request, Response from whatwg-fetch, URL, URLSearchParams, AbortController, AbortSignal, Blob,
// FileReader), from the release's own modules. XMLHttpRequest, native in an app, is the harness's
// networking stand-in (runtimes/support/react-native/device.ts), as are the native modules behind Blob.
// biome-ignore lint/suspicious/noReactNativeDeepImports: the harness runs what InitializeCore runs, without its native side
import 'react-native/Libraries/Core/setUpXHR';
// biome-ignore lint/suspicious/noReactNativeDeepImports: the harness runs what InitializeCore runs, without its native side
import { polyfillGlobal } from 'react-native/Libraries/Utilities/PolyfillFunctions';

polyfillGlobal('XMLHttpRequest', () => globalThis.__harnessXMLHttpRequest);

// How the networking stand-in hands a response body over as a Blob, as React Native's networking does.
globalThis.__harnessBlob = (data) =>
  // biome-ignore lint/suspicious/noReactNativeDeepImports: what React Native's networking module calls
  require('react-native/Libraries/Blob/BlobManager').default.createFromOptions(data);
