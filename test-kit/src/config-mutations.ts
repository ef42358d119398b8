import fc from 'fast-check';

/** Where a node sits in a configuration: object keys and array indexes from the root. */
export type ConfigPath = readonly (string | number)[];

/** One change made to a configuration at one node. */
export type ConfigMutation =
  | { readonly kind: 'replace'; readonly value: unknown }
  | { readonly kind: 'delete' }
  | { readonly kind: 'wrap' }
  | { readonly kind: 'repeatFirst' }
  | { readonly kind: 'secret'; readonly form: number }
  | { readonly kind: 'huge' }
  | { readonly kind: 'deep'; readonly asArray: boolean }
  | { readonly kind: 'nullPrototype' }
  | { readonly kind: 'function' }
  | { readonly kind: 'editString'; readonly edit: number }
  | { readonly kind: 'addKey'; readonly key: string; readonly value: unknown };

/** A mutation and the node it applies to: `at` is taken modulo the nodes present when it applies. */
export interface PlacedMutation {
  readonly at: number;
  readonly change: ConfigMutation;
}

/** The mutation table of the configuration fuzz tests, planting one secret. */
export interface ConfigMutations {
  /** One mutation at a node chosen among those present at that moment. */
  readonly mutation: fc.Arbitrary<PlacedMutation>;
  /** Keys the mutations add: any short string, `__proto__` and its kin, and every key the styles use. */
  readonly keyNames: fc.Arbitrary<string>;
  /** Any value at all (null prototypes, boxed values, maps, sets, sparse arrays, bigints, dates, views). */
  readonly anyValue: fc.Arbitrary<unknown>;
  /** A copy of `input` with each mutation applied in turn; `input` is left as it was. */
  applyMutations(input: unknown, mutations: readonly PlacedMutation[]): unknown;
}

/**
 * The mutations both configuration fuzz tests apply (core's parseConfig against a model, and
 * integration-tests' fromConfig with every authorizer): any value anywhere, deletions, wrapping in an
 * array, repeated entries, `secret` planted in URLs and keys, 100,000-character URLs, 5,000-deep
 * nesting, null prototypes, functions, edited strings (case, spaces, `http:`, CR/LF header injection,
 * `javascript:`, user info, a query), and added keys such as `__proto__`. A secret is never planted in
 * an API's `name`: names are quoted in messages by design.
 *
 * @example
 * const { mutation, applyMutations } = configMutations('FuzzSecret-DoNotLeak-0123');
 * fc.assert(fc.property(validConfig, fc.array(mutation, { minLength: 1, maxLength: 4 }), (config, changes) =>
 *   expectSoundOutcome(applyMutations(config, changes)),
 * ));
 */
export function configMutations(secret: string): ConfigMutations {
  const keyNames = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'endpoint',
      'endpointType',
      'region',
      'authorizationType',
      'apiKey',
      'API_KEY',
      'name',
      'custom_header',
      // Near misses of an entry's keys, which the parser refuses rather than ignores.
      'authorisationType',
      'endPoint',
      'apikey',
      'headers',
      'plugins',
      'awsAPIPlugin',
      'REST',
      'API',
      'Auth',
      'auth',
      'custom',
      'version',
      'aws_project_region',
      'CognitoUserPool',
      'Default',
      'PoolId',
    ),
  );
  const anyValue = fc.anything({
    key: keyNames,
    maxDepth: 3,
    maxKeys: 5,
    withNullPrototype: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
    withSparseArray: true,
    withBigInt: true,
    withDate: true,
    withTypedArray: true,
  });
  const stringEdits: ((value: string) => string)[] = [
    (value) => value.toUpperCase(),
    (value) => value.toLowerCase(),
    (value) => ` ${value}\n`,
    (value) => value.replace('https:', 'http:'),
    (value) => `${value}?q=${secret}`,
    (value) => value.replace('://', `://user:${secret}@`),
    (value) => `${value}\r\nx-injected: 1`,
    (value) => `javascript:${value}`,
    (value) => value.slice(1),
    (value) => value.slice(0, Math.floor(value.length / 2)),
    () => '',
  ];
  const secretForms = [
    secret,
    `https://u:${secret}@api.example.com/`,
    `https://api.example.com/${secret}?k=${secret}`,
    { apiKey: secret },
  ];

  const mutation: fc.Arbitrary<PlacedMutation> = fc.record({
    at: fc.nat(),
    change: fc.oneof(
      { weight: 4, arbitrary: anyValue.map((value): ConfigMutation => ({ kind: 'replace', value })) },
      fc.constant<ConfigMutation>({ kind: 'delete' }),
      fc.constant<ConfigMutation>({ kind: 'wrap' }),
      fc.constant<ConfigMutation>({ kind: 'repeatFirst' }),
      fc.nat(secretForms.length - 1).map((form): ConfigMutation => ({ kind: 'secret', form })),
      fc.constant<ConfigMutation>({ kind: 'huge' }),
      fc.boolean().map((asArray): ConfigMutation => ({ kind: 'deep', asArray })),
      fc.constant<ConfigMutation>({ kind: 'nullPrototype' }),
      fc.constant<ConfigMutation>({ kind: 'function' }),
      {
        weight: 3,
        arbitrary: fc
          .nat(stringEdits.length - 1)
          .map((edit): ConfigMutation => ({ kind: 'editString', edit })),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(keyNames, anyValue)
          .map(([key, value]): ConfigMutation => ({ kind: 'addKey', key, value })),
      },
    ),
  });

  const nested = (depth: number, asArray: boolean) => {
    let value: unknown = secret;
    for (let level = 0; level < depth; level++) value = asArray ? [value] : { endpoint: value };
    return value;
  };

  function mutated(value: unknown, change: ConfigMutation): unknown {
    switch (change.kind) {
      case 'replace':
        return change.value;
      case 'wrap':
        return [value];
      case 'repeatFirst':
        return Array.isArray(value) && value.length > 0 ? [...value, value[0]] : value;
      case 'secret':
        return secretForms[change.form];
      case 'huge':
        return `https://api.example.com/${'a'.repeat(100_000)}`;
      case 'deep':
        return nested(5000, change.asArray);
      case 'nullPrototype': {
        const node = treeOf(value);
        return node === undefined || Array.isArray(node) ? value : Object.assign(Object.create(null), node);
      }
      case 'function':
        // aws-exports may hold a custom_header function; any value may turn out to be one.
        return async () => ({ 'x-from-function': 'yes' });
      case 'editString':
        return typeof value === 'string'
          ? (stringEdits[change.edit] as (text: string) => string)(value)
          : value;
      case 'addKey': {
        const node = treeOf(value);
        if (node !== undefined && !Array.isArray(node)) define(node, change.key, change.value);
        return value;
      }
      case 'delete':
        return undefined;
    }
  }

  function applyMutations(input: unknown, mutations: readonly PlacedMutation[]): unknown {
    let root = clone(input);
    for (const { at, change } of mutations) {
      const paths = pathsOf(root);
      const path = paths[at % paths.length] as ConfigPath;
      const key = path.at(-1);
      if (key === undefined) {
        root = mutated(root, change);
        continue;
      }
      // API names are quoted in messages by design (they name what is wrong): no secret is planted there.
      if (key === 'name' && (change.kind === 'secret' || change.kind === 'editString')) continue;
      const parent = treeOf(valueAt(root, path.slice(0, -1))) as Record<string, unknown>;
      if (change.kind === 'delete') delete parent[key as string];
      else define(parent, key, mutated(parent[key as string], change));
    }
    return root;
  }

  return { mutation, keyNames, anyValue, applyMutations };
}

/** A plain object or array, which mutations may edit in place; boxed values, maps and views are leaves. */
function treeOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Every node's path, breadth first, to a bounded depth: mutations may have nested things deeply. */
function pathsOf(root: unknown): ConfigPath[] {
  const paths: ConfigPath[] = [[]];
  for (let index = 0; index < paths.length && paths.length < 400; index++) {
    const path = paths[index] as ConfigPath;
    if (path.length >= 8) continue;
    const node = treeOf(valueAt(root, path));
    if (node === undefined) continue;
    for (const key of Object.keys(node)) paths.push([...path, Array.isArray(node) ? Number(key) : key]);
  }
  return paths;
}

function valueAt(root: unknown, path: ConfigPath): unknown {
  let node = root;
  for (const key of path) node = treeOf(node)?.[key as string];
  return node;
}

/** Sets an own property, even one called `__proto__`. */
function define(target: Record<string, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A deep copy of the plain objects and arrays (keys such as `__proto__` included), sharing the leaves.
 * Not structuredClone: under jest it makes objects of another realm, which treeOf would take for leaves.
 */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  const node = treeOf(value);
  if (node === undefined) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(node)) define(copy, key, clone(node[key]));
  return copy;
}
