/**
 * 32-bit integer hashing. Everything is `Math.imul` arithmetic on uint32 values so that
 * results are identical on every platform and Node version (determinism is a contract).
 */

/** MurmurHash3's finaliser: a bijection on uint32 with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised with fmix32. Used once per distinct token. */
export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines two uint32 values order-sensitively (boost::hash_combine-like, then mixed). */
export function combine(h: number, v: number): number {
  return fmix32((Math.imul(h ^ v, 0x9e3779b1) + 0x7f4a7c15 + (h << 6) + (h >>> 2)) >>> 0);
}

/**
 * Hash of the k-gram of token hashes starting at `from`. One integer mix per token,
 * no string building: ~10x faster than hashing joined shingle strings.
 */
export function hashKGram(tokens: Uint32Array, from: number, k: number): number {
  let h = 0x9747b28c ^ k;
  for (let j = 0; j < k; j++) h = Math.imul(h ^ tokens[from + j]!, 0x5bd1e995) ^ (h >>> 15);
  return fmix32(h >>> 0);
}

/** A small deterministic PRNG (mulberry32) for generators and tests. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
