import { describe, expect, it } from 'vitest';
import { deserializeSignature, estimateJaccard, fingerprint, MinHasher, serializeSignature, signText, winnow } from '../src/index.js';
import { fmix32, mulberry32 } from '../src/sketch/hash.js';
import { shingleSequence } from '../src/text/shingle.js';
import { seedDocs } from './helpers.js';

/** Two random sets of the given sizes with exactly `inter` shared elements. */
function setPair(rnd: () => number, inter: number, onlyA: number, onlyB: number): [Uint32Array, Uint32Array] {
  const used = new Set<number>();
  const fresh = (): number => {
    for (;;) {
      const v = Math.floor(rnd() * 4294967296);
      if (!used.has(v)) {
        used.add(v);
        return v;
      }
    }
  };
  const shared = Array.from({ length: inter }, fresh);
  return [Uint32Array.from([...shared, ...Array.from({ length: onlyA }, fresh)]), Uint32Array.from([...shared, ...Array.from({ length: onlyB }, fresh)])];
}

describe('MinHasher', () => {
  it('is deterministic and seed-dependent', () => {
    const s = Uint32Array.from([1, 2, 3, 99, 12345]);
    expect(new MinHasher({ seed: 7 }).sign(s)).toEqual(new MinHasher({ seed: 7 }).sign(s));
    expect(new MinHasher({ seed: 7 }).sign(s)).not.toEqual(new MinHasher({ seed: 8 }).sign(s));
    // pinned: a change to the hashing scheme must be deliberate (it invalidates stored indexes)
    expect(Array.from(new MinHasher({ numPerm: 8, seed: 1 }).sign(s))).toMatchInlineSnapshot(`
      [
        178954201,
        178954201,
        1075732104,
        2446160102,
        2446160102,
        1075732104,
        2446160102,
        178954201,
      ]
    `);
  });

  it.each([64, 128, 256, 100])('puts every hash in bin floor(h·k / 2^32), as the pinned scheme says (numPerm %i)', (k) => {
    // oracle: the scheme written out with a division; sets large enough that no bin is empty
    const rnd = mulberry32(k);
    const set = Array.from({ length: 40 * k }, () => Math.floor(rnd() * 4294967296));
    const h = new MinHasher({ numPerm: k, seed: 5 });
    const seedA = fmix32(5 ^ 0x5bd1e995);
    const want = new Uint32Array(k).fill(0xffffffff);
    for (const x of set) {
      let v = fmix32((x ^ seedA) >>> 0);
      if (v === 0xffffffff) v--;
      const bin = Math.floor((v * k) / 4294967296);
      if (v < want[bin]!) want[bin] = v;
    }
    expect(want.includes(0xffffffff)).toBe(false);
    expect(h.sign(set)).toEqual(want);
  });

  it.each([
    [128, 3],
    [100, 3],
    [128, 1],
    [100, 4],
    [256, 5],
    [8, 2],
  ])('signs word k-grams straight from token ids exactly as sign(shingleSequence) does (numPerm %i, k %i)', (numPerm, k) => {
    const rnd = mulberry32(numPerm * 31 + k);
    const h = new MinHasher({ numPerm, seed: 9 });
    for (const len of [0, 1, k - 1, k, k + 1, 50, 700]) {
      const ids = Uint32Array.from({ length: len + 3 }, () => Math.floor(rnd() * 4294967296));
      expect(h.signKGrams(ids, len, k)).toEqual(h.sign(shingleSequence(ids.subarray(0, len), k)));
    }
  });

  it('signText gives the signature of fingerprint, for default and explicit options', () => {
    for (const d of seedDocs()) {
      expect(signText(d.text)).toEqual(fingerprint(d).signature);
      expect(signText(d.text, { shingleSize: 4, numPerm: 96, stem: true })).toEqual(fingerprint(d, { shingleSize: 4, numPerm: 96, stem: true }).signature);
    }
  });

  it.each([64, 128, 256])('estimates Jaccard without bias and within sqrt(J(1-J)/k) (numPerm %i)', (k) => {
    const rnd = mulberry32(1234 + k);
    const hasher = new MinHasher({ numPerm: k, seed: 3 });
    for (const J of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const errs: number[] = [];
      for (let t = 0; t < 150; t++) {
        // sizes from 40 to 800 elements: small sets exercise the densification
        const union = 40 + Math.floor(rnd() * 760);
        const inter = Math.round(J * union);
        const onlyA = Math.floor((union - inter) / 2);
        const [a, b] = setPair(rnd, inter, onlyA, union - inter - onlyA);
        const exact = inter / union;
        errs.push(estimateJaccard(hasher.sign(a), hasher.sign(b)) - exact);
      }
      const mean = errs.reduce((x, y) => x + y, 0) / errs.length;
      const sd = Math.sqrt(errs.reduce((x, y) => x + (y - mean) ** 2, 0) / (errs.length - 1));
      const theory = Math.sqrt((J * (1 - J)) / k);
      expect(Math.abs(mean)).toBeLessThan(3 * (theory / Math.sqrt(errs.length)) + 0.005);
      expect(sd).toBeLessThan(theory * 1.25);
    }
  });

  it('gives 0 for empty sets and 1 for identical ones', () => {
    const h = new MinHasher({ numPerm: 32 });
    expect(estimateJaccard(h.sign([]), h.sign([]))).toBe(0);
    expect(estimateJaccard(h.sign([5, 6, 7]), h.sign([7, 6, 5, 5]))).toBe(1);
  });

  it('serialises compactly with its parameters and refuses mismatches', () => {
    const h = new MinHasher({ numPerm: 64, seed: 9 });
    const sig = { signature: h.sign([1, 2, 3]), params: h.params };
    const bytes = serializeSignature(sig);
    expect(bytes.length).toBe(16 + 4 * 64);
    const back = deserializeSignature(bytes);
    expect(back).toEqual(sig);
    const other = { signature: new MinHasher({ numPerm: 64, seed: 10 }).sign([1, 2, 3]), params: new MinHasher({ numPerm: 64, seed: 10 }).params };
    expect(() => estimateJaccard(back, other)).toThrow(expect.objectContaining({ code: 'E_PARAMS' }));
    expect(() => estimateJaccard(h.sign([1]), new MinHasher({ numPerm: 32 }).sign([1]))).toThrow(expect.objectContaining({ code: 'E_PARAMS' }));
    const bad = bytes.slice();
    bad[4] = 99;
    expect(() => deserializeSignature(bad)).toThrow(expect.objectContaining({ code: 'E_VERSION' }));
    expect(() => deserializeSignature(bytes.slice(0, 20))).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
  });

  it('validates its options, all at once', () => {
    expect(() => new MinHasher({ numPerm: 0, seed: -1 })).toThrow(/2 invalid options[\s\S]*numPerm[\s\S]*seed/);
  });
});

describe('winnow', () => {
  it('picks a fingerprint in every window and finds every shared run of w + k − 1 tokens', () => {
    const rnd = mulberry32(5);
    const w = 4;
    const seq = Uint32Array.from({ length: 500 }, () => Math.floor(rnd() * 4294967296));
    const { hashes, positions } = winnow(seq, w);
    // invariant: the gap between consecutive selected positions is at most w
    for (let i = 1; i < positions.length; i++) expect(positions[i]! - positions[i - 1]!).toBeLessThanOrEqual(w);
    expect(positions[0]).toBeLessThan(w);
    for (let i = 0; i < positions.length; i++) expect(hashes[i]).toBe(seq[positions[i]!]);
    // a run of w hashes copied into another sequence shares a selected fingerprint
    for (let start = 0; start + w <= 500; start += 37) {
      const other = Uint32Array.from({ length: 60 }, () => Math.floor(rnd() * 4294967296));
      other.set(seq.subarray(start, start + w), 20);
      const mine = new Set(winnow(other, w).hashes);
      expect([...hashes].some((h) => mine.has(h))).toBe(true);
    }
  });
});
