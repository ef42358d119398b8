import { format } from 'node:util';
import { reachableStrings } from './reachable-strings.ts';

/**
 * Collects everything the failure tests of one file caught or saw logged, and finds any secret in it.
 * An error is read as a user would see it when logging it: name, message, stack, `code`, `path`, the
 * whole `cause` chain (and `AggregateError.errors`), and the JSON of its own properties. A `Request` or
 * `Response` (or `Headers`) held by an error is read too: its URL and every header. ky's `HTTPError.request`
 * is ky's own request, which never holds what the interceptors added (they work on a copy).
 */
export interface SecretCollector {
  /** Feeds a caught error (or any value) to the collector; returns it, so `collect(await promise)` reads well. */
  collect<T>(value: T): T;
  /** Awaits a promise that must reject, collects the rejection and returns it. */
  rejection(promise: Promise<unknown>): Promise<unknown>;
  /** Adds a secret made during the tests (a minted token, a signature). */
  addSecret(label: string, secret: string): void;
  /** Records what `console` prints until the returned function is called. */
  captureConsole(): () => void;
  /** What was printed through `console` while it was captured. */
  readonly logged: readonly string[];
  /** How many texts were collected (a check over nothing proves nothing). */
  readonly size: number;
  /** Each leak: which secret (by label) appeared in which collected text. */
  leaks(): string[];
}

const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * A {@link SecretCollector} searching for `initial` (label → secret; each at least `minimumLength`
 * characters, 12 unless told, so it cannot match by accident).
 *
 * @example
 * const collector = secretCollector({ apiKey: 'da2-a-long-enough-api-key' });
 * collector.collect(await caught(() => client.get('items')));
 * expect(collector.leaks()).toEqual([]);
 */
export function secretCollector(
  initial: Readonly<Record<string, string>>,
  { minimumLength = 12 }: { readonly minimumLength?: number } = {},
): SecretCollector {
  const secrets = new Map<string, string>();
  const addSecret = (label: string, secret: string) => {
    // A short secret would match by accident in the thousands of texts a suite collects.
    if (secret.length < minimumLength) throw new Error(`secret ${label} is too short to search for`);
    secrets.set(secret, label);
  };
  for (const [label, secret] of Object.entries(initial)) addSecret(label, secret);
  const texts: string[] = [];
  const logged: string[] = [];

  const collect = <T>(value: T): T => {
    texts.push(...textsOf(value, new Set()));
    return value;
  };

  return {
    collect,
    addSecret,
    async rejection(promise) {
      try {
        await promise;
      } catch (error) {
        return collect(error);
      }
      throw new Error('expected the promise to reject, but it resolved');
    },
    captureConsole() {
      const originals = consoleMethods.map((method) => [method, console[method]] as const);
      for (const method of consoleMethods) {
        console[method] = (...args: unknown[]) => {
          const line = `console.${method}: ${format(...args)}`;
          texts.push(line);
          logged.push(line);
        };
      }
      return () => {
        for (const [method, original] of originals) console[method] = original;
      };
    },
    logged,
    get size() {
      return texts.length;
    },
    leaks() {
      const found: string[] = [];
      for (const text of texts) {
        for (const [secret, label] of secrets) {
          if (text.includes(secret) || text.includes(encodeURIComponent(secret))) {
            found.push(`${label} in: ${text.slice(0, 300)}`);
          }
        }
      }
      return found;
    },
  };
}

function textsOf(value: unknown, seen: Set<unknown>): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object') return [String(value)];
  if (seen.has(value)) return [];
  seen.add(value);
  if (isTransport(value)) return transportTexts(value);
  const texts: string[] = [];
  if (value instanceof Error) {
    texts.push(`${value.name}: ${value.message}`, value.stack ?? '', String(value));
    const { code, path } = value as { code?: unknown; path?: unknown };
    if (code !== undefined) texts.push(String(code));
    if (path !== undefined) texts.push(String(path));
    texts.push(...textsOf(value.cause, seen));
    if (value instanceof AggregateError)
      for (const inner of value.errors) texts.push(...textsOf(inner, seen));
  }
  texts.push(ownPropertiesJson(value));
  for (const key of Object.getOwnPropertyNames(value)) {
    if (key === 'cause' || key === 'stack') continue;
    const property = (value as Record<string, unknown>)[key];
    if (typeof property === 'object' && property !== null) texts.push(...textsOf(property, seen));
  }
  return texts;
}

function ownPropertiesJson(value: object): string {
  const seen = new WeakSet<object>();
  try {
    const own = Object.fromEntries(
      Object.getOwnPropertyNames(value).map((key) => [key, (value as Record<string, unknown>)[key]]),
    );
    return JSON.stringify(own, (_key, inner: unknown) => {
      if (typeof inner === 'bigint') return inner.toString();
      if (typeof inner !== 'object' || inner === null) return inner;
      if (isTransport(inner)) return `[${inner.constructor.name}]`;
      if (seen.has(inner)) return '[circular]';
      seen.add(inner);
      return inner;
    });
  } catch (error) {
    return `[unserializable: ${String(error)}]`;
  }
}

/** fetch's `Request`/`Response`/`Headers`: what ky's errors and hooks hold. */
function isTransport(value: object): value is Request | Response | Headers {
  return value instanceof Request || value instanceof Response || value instanceof Headers;
}

/** What logging a `Request`, `Response` or `Headers` can show: its URL and each header. */
function transportTexts(value: Request | Response | Headers): string[] {
  const headers = value instanceof Headers ? value : value.headers;
  const texts = [...headers].map(([name, text]) => `${name}: ${text}`);
  if (!(value instanceof Headers)) texts.push(value.url);
  return texts;
}

/**
 * Fails the test when `error` shows one of `secrets` anywhere a user could see it: name, message, stack,
 * `code`, `path`, the `cause` chain, `AggregateError.errors` and the JSON of its own properties (what
 * {@link secretCollector} reads). `secrets` is label → secret, or a list (reported as `secret #n`). For one error checked on the spot; a suite that gathers every error
 * it caught uses a collector instead.
 *
 * @example
 * const error = await caught(() => signRequest(request, { credentials }));
 * expectNoSecrets(error, { secretAccessKey: credentials.secretAccessKey });
 */
export function expectNoSecrets(
  error: unknown,
  secrets: Readonly<Record<string, string>> | readonly string[],
): void {
  const labelled = Array.isArray(secrets)
    ? Object.fromEntries(secrets.map((secret, index) => [`secret #${index + 1}`, secret]))
    : (secrets as Readonly<Record<string, string>>);
  // One error's texts, not a suite's: a short secret (a test's 'user/secret') is still worth searching.
  const collector = secretCollector(labelled, { minimumLength: 4 });
  collector.collect(error);
  if (collector.size === 0) throw new Error('expectNoSecrets was given nothing to read');
  const leaks = collector.leaks();
  // And what a log line or an error tracker could show: util.inspect at any depth, hidden fields too.
  const reachable = reachableStrings(error);
  for (const [label, secret] of Object.entries(labelled)) {
    if (reachable.some((text) => text.includes(secret))) leaks.push(`${label} in what util.inspect shows`);
  }
  if (leaks.length > 0) throw new Error(`the error shows a secret:\n${leaks.join('\n')}`);
}
