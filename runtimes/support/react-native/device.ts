import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createContext, runInContext } from 'node:vm';
import type { ReactNativeRelease } from './metro.ts';

/**
 * Whose native networking the stand-in plays: both follow redirects themselves, before JavaScript sees
 * the response, and differ in what they carry to the next hop.
 *
 * - `android`: OkHttp (React Native's `OkHttpClientProvider` keeps `followRedirects` on). It follows 301,
 *   302, 303 (any method but GET/HEAD becomes a GET without body) and 307/308 (GET and HEAD only), and
 *   drops `Authorization`, and only it, when the next hop's scheme, host or port differs.
 * - `ios`: NSURLSession with React Native's `RCTHTTPRequestHandler` delegate, whose
 *   `willPerformHTTPRedirection` replaces every header of the next request with the cookie headers of
 *   its URL (none here): every hop after the first carries no header the app set. 301/302/303 turn a
 *   POST into a GET without body; 307/308 keep method and body.
 */
export type NativeNetworking = 'android' | 'ios';

/** One HTTP request as the stand-in sent it on the wire. */
export interface Hop {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface Device {
  /** Every request the app's networking sent, each redirect hop on its own. */
  readonly hops: Hop[];
  /** Runs `globalThis.scenarios[name](input)` of the bundle and returns what it resolved to, as JSON. */
  run(name: string, input?: unknown): Promise<unknown>;
}

/**
 * Loads a Metro bundle in a bare V8 context (node:vm) that has what React Native's Hermes runtime gives
 * an app and nothing more: ECMAScript, timers, `TextEncoder` (and `TextDecoder` from 0.85), `atob`/`btoa`,
 * `performance.now`, `navigator.product`. No `URL`, `fetch`, `AbortController`, streams, `crypto` or
 * `structuredClone`: the bundle gets those as an app does, from React Native's own modules (its setup
 * module) and react-native-url-polyfill. `XMLHttpRequest`, native in an app, is the stand-in here: it
 * sends over node:http to `port` on the loopback (every host name resolves there; https is served as
 * plain HTTP) and follows redirects as `networking` does.
 */
export function loadOnDevice(
  bundlePath: string,
  options: { release: ReactNativeRelease; networking: NativeNetworking; port: number },
): Device {
  const hops: Hop[] = [];
  const blobs = new Map<string, Buffer>();
  const context = createContext({});
  const make = runInContext('({ buffer: (n) => new ArrayBuffer(n) })', context) as {
    buffer(length: number): ArrayBuffer;
  };
  const globals: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setImmediate,
    clearImmediate,
    queueMicrotask,
    TextEncoder,
    atob,
    btoa,
    performance: { now: () => performance.now() },
    navigator: { product: 'ReactNative' },
    // The native modules React Native's own JavaScript uses here, as every app has them: PlatformConstants
    // (Platform reads it), BlobModule and FileReaderModule (Blob, FileReader, and with them fetch's
    // `blob()`, `arrayBuffer()` and `text()`).
    nativeModuleProxy: {
      PlatformConstants: platformConstants(options),
      BlobModule: blobModule(blobs),
      FileReaderModule: fileReaderModule(blobs),
    },
    __harnessXMLHttpRequest: standInXhr(options, hops, make, blobs, () => context.__harnessBlob),
  };
  if (options.release.textDecoder) globals.TextDecoder = TextDecoder;
  for (const [name, value] of Object.entries(globals)) {
    Object.defineProperty(context, name, { value, writable: true, configurable: true, enumerable: false });
  }
  runInContext('globalThis.global = globalThis;', context);
  runInContext(readFileSync(bundlePath, 'utf8'), context, { filename: bundlePath });
  const scenarios = runInContext('globalThis.scenarios', context) as Record<
    string,
    (input: unknown) => Promise<unknown>
  >;
  return {
    hops,
    async run(name, input) {
      const scenario = scenarios[name];
      if (scenario === undefined) throw new Error(`the bundle has no scenario ${name}`);
      // Out of the context as JSON: what the app saw, in the host's own objects.
      return JSON.parse(JSON.stringify(await scenario(input)));
    },
  };
}

/** What React Native's Blob holds: a native blob's id and the slice of it. */
interface BlobData {
  readonly blobId: string;
  readonly offset: number;
  readonly size: number;
  readonly type?: string;
  readonly lastModified?: number;
}

function sliceOf(blobs: Map<string, Buffer>, { blobId, offset, size }: BlobData): Buffer {
  const bytes = blobs.get(blobId);
  if (bytes === undefined) throw new Error(`no native blob ${blobId}`);
  return bytes.subarray(offset, offset + size);
}

/** React Native's BlobModule, the native side of Blob: blobs made of strings and other blobs. */
function blobModule(blobs: Map<string, Buffer>) {
  const ignore = () => undefined;
  return {
    getConstants: () => ({ BLOB_URI_SCHEME: 'content', BLOB_URI_HOST: null }),
    addNetworkingHandler: ignore,
    addWebSocketHandler: ignore,
    removeWebSocketHandler: ignore,
    sendOverSocket: ignore,
    createFromParts(parts: { type: 'string' | 'blob'; data: string | BlobData }[], blobId: string) {
      blobs.set(
        blobId,
        Buffer.concat(
          parts.map((part) =>
            part.type === 'string'
              ? Buffer.from(part.data as string, 'utf8')
              : sliceOf(blobs, part.data as BlobData),
          ),
        ),
      );
    },
    release(blobId: string) {
      blobs.delete(blobId);
    },
  };
}

/** React Native's FileReaderModule, which FileReader reads blobs through. */
function fileReaderModule(blobs: Map<string, Buffer>) {
  return {
    readAsDataURL: async (data: BlobData) =>
      `data:${data.type || 'application/octet-stream'};base64,${sliceOf(blobs, data).toString('base64')}`,
    readAsText: async (data: BlobData) => sliceOf(blobs, data).toString('utf8'),
  };
}

/** What React Native's PlatformConstants native module reports, as each platform shapes it. */
function platformConstants({
  release,
  networking,
}: {
  release: ReactNativeRelease;
  networking: NativeNetworking;
}) {
  const [major, minor] = release.version.split('.').map(Number);
  const reactNativeVersion = { major, minor, patch: 0, prerelease: null };
  const constants =
    networking === 'ios'
      ? { forceTouchAvailable: false, osVersion: '18.0', systemName: 'iOS', interfaceIdiom: 'phone' }
      : {
          Version: 35,
          Release: '15',
          Serial: 'unknown',
          Fingerprint: 'stand-in',
          Model: 'stand-in',
          ServerHost: '',
          uiMode: 'normal',
          Brand: 'stand-in',
          Manufacturer: 'stand-in',
        };
  return { getConstants: () => ({ ...constants, isTesting: false, reactNativeVersion }) };
}

const redirectCodes = new Set([301, 302, 303, 307, 308]);

/** The XMLHttpRequest class the stand-in networking gives the bundle. */
function standInXhr(
  options: { networking: NativeNetworking; port: number },
  hops: Hop[],
  make: { buffer(length: number): ArrayBuffer },
  blobs: Map<string, Buffer>,
  blobOf: () => (data: BlobData) => unknown,
) {
  return class XMLHttpRequest {
    static readonly UNSENT = 0;
    static readonly OPENED = 1;
    static readonly DONE = 4;
    readyState = 0;
    status = 0;
    statusText = '';
    responseURL = '';
    responseType = '';
    response: unknown = '';
    responseText = '';
    withCredentials = false;
    timeout = 0;
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onabort: (() => void) | null = null;
    onreadystatechange: (() => void) | null = null;
    #method = 'GET';
    #url = '';
    #headers: Record<string, string> = {};
    #responseHeaders: [string, string][] = [];
    #aborted = false;

    open(method: string, url: string) {
      this.#method = method.toUpperCase();
      this.#url = url;
      this.readyState = 1;
    }

    setRequestHeader(name: string, value: string) {
      const key = name.toLowerCase();
      this.#headers[key] = key in this.#headers ? `${this.#headers[key]}, ${value}` : String(value);
    }

    getAllResponseHeaders() {
      return this.#responseHeaders.map(([name, value]) => `${name}: ${value}\r\n`).join('');
    }

    getResponseHeader(name: string) {
      const found = this.#responseHeaders.filter(([key]) => key === name.toLowerCase());
      return found.length === 0 ? null : found.map(([, value]) => value).join(', ');
    }

    abort() {
      this.#aborted = true;
      setImmediate(() => this.onabort?.());
    }

    send(body: unknown) {
      void this.#follow(this.#method, this.#url, this.#headers, bytesOf(body, blobs), 0).then(
        (final) => {
          if (this.#aborted || final === undefined) return;
          this.status = final.status;
          this.statusText = final.statusText;
          this.responseURL = final.url;
          this.#responseHeaders = final.headers;
          if (this.responseType === 'blob') {
            // As React Native's networking answers: the bytes stay native, JavaScript gets a Blob of them.
            const blobId = randomUUID();
            blobs.set(blobId, final.body);
            const type = final.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
            this.response = blobOf()({
              blobId,
              offset: 0,
              size: final.body.length,
              type,
              lastModified: Date.now(),
            });
          } else if (this.responseType === 'arraybuffer') {
            const buffer = make.buffer(final.body.byteLength);
            new Uint8Array(buffer).set(final.body);
            this.response = buffer;
          } else {
            this.responseText = final.body.toString('utf8');
            this.response = this.responseText;
          }
          this.readyState = 4;
          this.onreadystatechange?.();
          this.onload?.();
        },
        () => {
          if (this.#aborted) return;
          this.readyState = 4;
          this.onreadystatechange?.();
          this.onerror?.();
        },
      );
    }

    async #follow(
      method: string,
      url: string,
      headers: Record<string, string>,
      body: Buffer | undefined,
      redirects: number,
    ): Promise<Answer | undefined> {
      const answer = await exchange(options.port, method, url, headers, body);
      hops.push({ method, url, headers, status: answer.status });
      const location = answer.headers.find(([name]) => name === 'location')?.[1];
      if (!redirectCodes.has(answer.status) || location === undefined || redirects === 20 || this.#aborted)
        return answer;
      const next = new URL(location, url).href;
      const keepsMethod = answer.status === 307 || answer.status === 308;
      if (options.networking === 'android') {
        if (keepsMethod && method !== 'GET' && method !== 'HEAD') return answer;
        const toGet = !keepsMethod && method !== 'GET' && method !== 'HEAD';
        const nextHeaders = { ...headers };
        if (toGet) {
          delete nextHeaders['content-type'];
          delete nextHeaders['content-length'];
        }
        const from = new URL(url);
        const to = new URL(next);
        if (from.protocol !== to.protocol || from.hostname !== to.hostname || from.port !== to.port)
          delete nextHeaders.authorization;
        return this.#follow(
          toGet ? 'GET' : method,
          next,
          nextHeaders,
          toGet ? undefined : body,
          redirects + 1,
        );
      }
      const toGet = !keepsMethod && method === 'POST';
      return this.#follow(toGet ? 'GET' : method, next, {}, toGet ? undefined : body, redirects + 1);
    }
  };
}

interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: [string, string][];
  readonly body: Buffer;
}

/**
 * A request body as React Native's XMLHttpRequest hands it to the native side (convertRequestBody.js): a
 * string as UTF-8, buffers and views as their bytes. Any other object (a URLSearchParams, say) goes over
 * as it is, and neither OkHttp's nor NSURLSession's module finds a body in it: none is sent.
 */
function bytesOf(body: unknown, blobs: Map<string, Buffer>): Buffer | undefined {
  if (body === null || body === undefined) return undefined;
  const blob = (body as { data?: BlobData }).data;
  if (typeof blob?.blobId === 'string') return sliceOf(blobs, blob);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (Object.prototype.toString.call(body) === '[object ArrayBuffer]')
    return Buffer.from(body as ArrayBuffer);
  return undefined;
}

/** One HTTP exchange with the loopback server, `url`'s host in the Host header. */
function exchange(
  port: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path: target.pathname + target.search,
        headers: { ...headers, host: target.host, ...(body && { 'content-length': String(body.length) }) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const pairs: [string, string][] = [];
          for (let index = 0; index < incoming.rawHeaders.length; index += 2)
            pairs.push([incoming.rawHeaders[index]!.toLowerCase(), incoming.rawHeaders[index + 1]!]);
          resolve({
            status: incoming.statusCode ?? 0,
            statusText: incoming.statusMessage ?? '',
            url,
            headers: pairs,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
