import { describe, expect, it } from 'vitest';
import { candidateProbability, LshIndex, MinHasher, optimalLshParams } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';

describe('optimalLshParams', () => {
  it('puts the S-curve step at the threshold and respects numPerm', () => {
    for (const t of [0.2, 0.3, 0.5, 0.8]) {
      const { bands, rows } = optimalLshParams(t, 128);
      expect(bands * rows).toBeLessThanOrEqual(128);
      expect(candidateProbability(t - 0.15, bands, rows)).toBeLessThan(candidateProbability(t, bands, rows));
      expect(candidateProbability(Math.min(0.99, t + 0.2), bands, rows)).toBeGreaterThan(0.9);
    }
  });

  it('shifts toward recall when false negatives weigh more', () => {
    const even = optimalLshParams(0.5, 128);
    const recall = optimalLshParams(0.5, 128, { falsePositive: 0.1, falseNegative: 0.9 });
    expect(candidateProbability(0.5, recall.bands, recall.rows)).toBeGreaterThan(candidateProbability(0.5, even.bands, even.rows));
  });

  it('refuses out-of-range arguments', () => {
    expect(() => optimalLshParams(1.5, 128)).toThrow(expect.objectContaining({ code: 'E_OPTIONS' }));
  });
});

describe('LshIndex', () => {
  const hasher = new MinHasher({ numPerm: 64, seed: 2 });
  const rnd = mulberry32(77);
  const base = Array.from({ length: 300 }, () => Math.floor(rnd() * 4294967296));
  const near = [...base.slice(0, 280), ...Array.from({ length: 20 }, () => Math.floor(rnd() * 4294967296))];
  const far = Array.from({ length: 300 }, () => Math.floor(rnd() * 4294967296));

  it('finds a near copy, not an unrelated set, and never throws on an unseen key', () => {
    const idx = new LshIndex({ threshold: 0.5, numPerm: 64 });
    idx.insert('base', hasher.sign(base));
    idx.insert('far', hasher.sign(far));
    expect(idx.query(hasher.sign(near))).toEqual(['base']);
    expect(idx.query(hasher.sign([1, 2, 3]))).toEqual([]);
    expect(idx.size).toBe(2);
  });

  it('removes cleanly, refuses duplicate ids and mismatched signatures', () => {
    const idx = new LshIndex({ threshold: 0.5, numPerm: 64 });
    idx.insert('base', hasher.sign(base));
    idx.insert('near', hasher.sign(near));
    expect(idx.candidatePairs()).toEqual([['base', 'near']]);
    expect(() => idx.insert('base', hasher.sign(far))).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => idx.insert('x', new MinHasher({ numPerm: 32 }).sign(base))).toThrow(expect.objectContaining({ code: 'E_PARAMS' }));
    expect(idx.remove('base')).toBe(true);
    expect(idx.remove('base')).toBe(false);
    expect(idx.has('base')).toBe(false);
    expect(idx.query(hasher.sign(base))).toEqual(['near']);
    expect(idx.candidatePairs()).toEqual([]);
    idx.insert('base', hasher.sign(base));
    expect(idx.candidatePairs()).toEqual([['near', 'base']]);
  });

  it('matches a brute-force oracle of shared bands, through growth and removals', () => {
    const idx = new LshIndex({ numPerm: 64, bands: 16, rows: 4 });
    const r = mulberry32(9);
    const sigs = new Map<string, Uint32Array>();
    // families of related sets so that buckets collide
    for (let i = 0; i < 400; i++) {
      const fam = Math.floor(r() * 40);
      const set = Array.from({ length: 50 }, (_, j) => (r() < 0.7 ? fam * 1000 + j : Math.floor(r() * 4294967296)));
      const id = `s${i}`;
      sigs.set(id, hasher.sign(set));
      idx.insert(id, sigs.get(id)!);
    }
    for (let i = 0; i < 400; i += 3) {
      idx.remove(`s${i}`);
      sigs.delete(`s${i}`);
    }
    const ids = [...sigs.keys()];
    const shareBand = (a: Uint32Array, b: Uint32Array): boolean => {
      for (let band = 0; band < 16; band++) {
        let same = true;
        for (let j = band * 4; j < band * 4 + 4 && same; j++) same = a[j] === b[j];
        if (same) return true;
      }
      return false;
    };
    const expected: string[] = [];
    for (let x = 0; x < ids.length; x++) for (let y = x + 1; y < ids.length; y++) if (shareBand(sigs.get(ids[x]!)!, sigs.get(ids[y]!)!)) expected.push(`${ids[x]},${ids[y]}`);
    const got = idx.candidatePairs().map(([a, b]) => `${a},${b}`);
    expect(got.sort()).toEqual(expected.sort());
    expect(expected.length).toBeGreaterThan(100);
    for (const id of ids.slice(0, 20)) {
      const q = idx.query(sigs.get(id)!);
      const want = ids.filter((o) => shareBand(sigs.get(o)!, sigs.get(id)!));
      expect(q.sort()).toEqual(want.sort());
    }
  });
});

describe('LshIndex against a naive model (fixed seed)', () => {
  it('answers like brute-force band matching through inserts, removes, re-inserts and table growth', () => {
    const rnd = mulberry32(4242);
    const idx = new LshIndex({ numPerm: 16, bands: 8, rows: 2 });
    const live = new Map<string, Uint32Array>();
    // values from a tiny alphabet, so that band buckets collide and chains grow long
    const sig = (): Uint32Array => Uint32Array.from({ length: 16 }, () => Math.floor(rnd() * 3));
    const naive = (q: Uint32Array): string[] => {
      const qk = idx.bandKeys(q);
      return [...live].filter(([, s]) => idx.bandKeys(s).some((k, b) => k === qk[b])).map(([id]) => id);
    };
    let n = 0;
    for (let step = 0; step < 3000; step++) {
      const r = rnd();
      if (r < 0.6 || live.size === 0) {
        const id = `d${n++}`;
        const s = sig();
        idx.insert(id, s);
        live.set(id, s);
      } else {
        const ids = [...live.keys()];
        const id = ids[Math.floor(rnd() * ids.length)]!;
        expect(idx.remove(id)).toBe(true);
        live.delete(id);
      }
      if (step % 97 === 0) {
        const q = sig();
        const order = (xs: string[]): string[] => [...xs].sort();
        expect(order(idx.query(q))).toEqual(order(naive(q)));
      }
    }
    expect(idx.size).toBe(live.size);
    const [someId, someSig] = [...live][0]!;
    expect(idx.query(someSig)).toContain(someId);
    // every pair from candidatePairs shares a band, and every such live pair is listed
    const pairs = new Set(idx.candidatePairs().map(([a, b]) => (a < b ? `${a} ${b}` : `${b} ${a}`)));
    const entries = [...live];
    let expected = 0;
    for (let i = 0; i < entries.length; i++) {
      const ki = idx.bandKeys(entries[i]![1]);
      for (let j = i + 1; j < entries.length; j++) {
        if (!idx.bandKeys(entries[j]![1]).some((k, b) => k === ki[b])) continue;
        expected++;
        const [a, b] = [entries[i]![0], entries[j]![0]];
        expect(pairs.has(a < b ? `${a} ${b}` : `${b} ${a}`)).toBe(true);
      }
    }
    expect(pairs.size).toBe(expected);
  });
});
