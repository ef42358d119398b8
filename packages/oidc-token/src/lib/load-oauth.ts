import { TokenError } from '@ky-auth/core';
import { decodeUtf8InScript } from '@ky-auth/core/internal/decode-utf8';

export type OAuth = typeof import('oauth4webapi');

let loading: Promise<OAuth> | undefined;

/**
 * oauth4webapi, loaded at the first token request rather than when the app starts: it creates a
 * `TextDecoder` at its module's top level, and Hermes has none before React Native 0.85. Where there is
 * none, one that decodes UTF-8 in script as core's `decodeUtf8` does (strictly: malformed input throws)
 * is lent on `globalThis` while the module loads, and taken back once it has, so the app's globals are as
 * they were. A load that fails (a chunk of the app's bundle that does not arrive) is a `TokenError`
 * `ERR_TOKEN_REFRESH_FAILED`, and the next call tries again. `load` is for tests.
 */
export function loadOAuth(load: () => Promise<OAuth> = () => import('oauth4webapi')): Promise<OAuth> {
  loading ??= withTextDecoder(load).catch((error: unknown) => {
    loading = undefined;
    throw new TokenError(
      'ERR_TOKEN_REFRESH_FAILED',
      'oauth4webapi, which oidcClient speaks OAuth through, failed to load on this platform; the request was not sent. See `cause`.',
      { cause: error },
    );
  });
  return loading;
}

async function withTextDecoder<T>(load: () => Promise<T>): Promise<T> {
  if (typeof globalThis.TextDecoder === 'function') return load();
  Object.defineProperty(globalThis, 'TextDecoder', {
    value: LentTextDecoder,
    configurable: true,
    writable: true,
  });
  try {
    return await load();
  } finally {
    if (globalThis.TextDecoder === (LentTextDecoder as unknown))
      delete (globalThis as { TextDecoder?: unknown }).TextDecoder;
  }
}

/**
 * What oauth4webapi asks of a `TextDecoder`: UTF-8 and `decode` of whole buffers. Exported for its tests.
 */
export class LentTextDecoder {
  readonly encoding = 'utf-8';

  constructor(label = 'utf-8') {
    if (!/^\s*(?:utf-?8|unicode-1-1-utf-8)\s*$/i.test(label)) {
      throw new RangeError(`This TextDecoder decodes UTF-8 only, not ${label}.`);
    }
  }

  decode(input: ArrayBuffer | ArrayBufferView = new Uint8Array()): string {
    const bytes = ArrayBuffer.isView(input)
      ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : new Uint8Array(input);
    return decodeUtf8InScript(bytes);
  }
}
