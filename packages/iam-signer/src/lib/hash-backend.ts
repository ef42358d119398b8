import type * as NodeCrypto from 'node:crypto';
import { Sha256 as JsSha256 } from '@aws-crypto/sha256-js';
import type { HashBackend } from './checksum.ts';
import { nodeSha256 } from './node-sha256.ts';
import { WebCryptoSha256 } from './web-crypto-sha256.ts';

/** Pure JavaScript everywhere: the reference the other backends must agree with. */
export const jsBackend: HashBackend = {
  name: 'sha256-js',
  hash: JsSha256,
  bodyHash: JsSha256,
  bodyHashFrom: Number.POSITIVE_INFINITY,
};

/**
 * Browsers: the JavaScript hash of `@aws-crypto/sha256-js` for the short strings of signing (WebCrypto's
 * promise round trip costs more than hashing a few hundred bytes), WebCrypto for bodies from 8 KiB, where
 * it has `crypto.subtle` (secure contexts).
 */
export const browserBackend: HashBackend = {
  name: 'sha256-js + WebCrypto',
  hash: JsSha256,
  bodyHash: typeof globalThis.crypto?.subtle?.digest === 'function' ? WebCryptoSha256 : JsSha256,
  bodyHashFrom: 8 * 1024,
};

/** Node, Deno, Bun and workers with Node compatibility: `node:crypto` for everything. */
export function nodeBackend(crypto: typeof NodeCrypto): HashBackend {
  const NodeSha256 = nodeSha256(crypto);
  return { name: 'node:crypto', hash: NodeSha256, bodyHash: NodeSha256, bodyHashFrom: 0 };
}

let selected: HashBackend | undefined;

/**
 * The fastest backend this runtime has. `process.getBuiltinModule` reaches `node:crypto` without an
 * import statement, so browser bundlers never see a Node module and nothing needs a build condition.
 */
export function hashBackend(): HashBackend {
  if (selected !== undefined) return selected;
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process?.getBuiltinModule;
  const crypto =
    typeof getBuiltinModule === 'function'
      ? (getBuiltinModule('node:crypto') as typeof NodeCrypto | undefined)
      : undefined;
  selected = typeof crypto?.createHash === 'function' ? nodeBackend(crypto) : browserBackend;
  return selected;
}
