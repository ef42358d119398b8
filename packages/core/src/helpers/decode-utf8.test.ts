import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeUtf8, decodeUtf8InScript } from './decode-utf8.ts';

// The reference is the platform's own fatal TextDecoder (V8's), taken before the tests remove it, as
// React Native before 0.85 has none.
const Reference = globalThis.TextDecoder;
const reference = (bytes: Uint8Array) => {
  try {
    return { text: new Reference('utf-8', { fatal: true }).decode(bytes) };
  } catch (error) {
    return { throws: (error as Error).name };
  }
};
const ours = (bytes: Uint8Array) => {
  try {
    return { text: decodeUtf8(bytes) };
  } catch (error) {
    return { throws: (error as Error).name };
  }
};

describe('decodeUtf8 without TextDecoder (React Native before 0.85)', () => {
  beforeEach(() => {
    Reflect.deleteProperty(globalThis, 'TextDecoder');
  });
  afterEach(() => {
    globalThis.TextDecoder = Reference;
  });

  it.each([
    ['ASCII', [0x65, 0x78, 0x70]],
    ['two-byte', [0x5a, 0x6f, 0xc3, 0xab]],
    ['three-byte', [0xe2, 0x80, 0x99]],
    ['four-byte', [0xf0, 0x9f, 0x94, 0x91]],
    ['a leading byte order mark', [0xef, 0xbb, 0xbf, 0x7b, 0x7d]],
    ['a truncated sequence', [0xc3]],
    ['an overlong form', [0xe0, 0x80, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a byte never in UTF-8', [0xff]],
  ])('decodes %s as a fatal TextDecoder does', (_name, bytes) => {
    const input = new Uint8Array(bytes);
    expect(ours(input)).toEqual(reference(input));
  });

  it('agrees with a fatal TextDecoder on arbitrary bytes and on every string encoded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        expect(ours(bytes)).toEqual(reference(bytes));
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = new TextEncoder().encode(text);
        expect(ours(bytes)).toEqual(reference(bytes));
      }),
    );
  });
});

describe('decodeUtf8InScript', () => {
  afterEach(() => {
    globalThis.TextDecoder = Reference;
  });

  it('never asks the platform: it decodes while the global TextDecoder is one that only throws', () => {
    globalThis.TextDecoder = class {
      constructor() {
        throw new Error('the platform decoder was asked');
      }
    } as unknown as typeof TextDecoder;
    expect(decodeUtf8InScript(new Uint8Array([0x5a, 0x6f, 0xc3, 0xab]))).toBe('Zoë');
    expect(() => decodeUtf8InScript(new Uint8Array([0xc3]))).toThrow(TypeError);
  });

  it('decodes inputs larger than one call may spread, with sequences split across its chunks', () => {
    // 3-byte characters from offset 1 put a sequence across every 8 KiB boundary; 300 KiB in all.
    const bytes = new TextEncoder().encode(`x${'’'.repeat(100 * 1024)}`);
    expect(decodeUtf8InScript(bytes)).toBe(new Reference('utf-8', { fatal: true }).decode(bytes));
    const broken = bytes.slice(0, 0x2000 * 3 + 2);
    expect(() => decodeUtf8InScript(broken)).toThrow(TypeError);
  });
});

describe('decodeUtf8 with the platform TextDecoder', () => {
  it('is as strict as without one: malformed input throws a TypeError rather than decoding to U+FFFD', () => {
    expect(decodeUtf8(new Uint8Array([0x5a, 0x6f, 0xc3, 0xab]))).toBe('Zoë');
    // Node's decoder throws its own realm's TypeError: compared by name.
    for (const malformed of [[0xc3], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xff]]) {
      expect(ours(new Uint8Array(malformed))).toEqual({ throws: 'TypeError' });
    }
  });
});
