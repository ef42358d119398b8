// The few parts of oidc-provider (which ships no types) that the test server uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    // biome-ignore lint/suspicious/noExplicitAny: event listeners get Koa contexts of many shapes.
    on(event: string, listener: (...args: any[]) => void): this;
  }
}
