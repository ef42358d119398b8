export type {
  CustomHeadersFunction,
  CustomHeadersInput,
  CustomHeadersOptions,
  CustomHeadersSource,
} from './custom-headers.ts';
export { customHeaders } from './custom-headers.ts';
export { validateHeader } from './lib/validate-header.ts';
