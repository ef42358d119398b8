export { validateHeader } from '@ky-auth/core';
export type {
  CustomHeadersFunction,
  CustomHeadersInput,
  CustomHeadersOptions,
  CustomHeadersSource,
} from './custom-headers.ts';
export { customHeaders } from './custom-headers.ts';
