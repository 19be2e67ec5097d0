import { OptionChecker, WiretraceError } from '../errors.js';
import { fmix32, hashKGram } from './hash.js';

let wasEmpty = new Uint8Array(256);

/** Marks a bin that no shingle fell into (real values are clamped below it). */
export const EMPTY_BIN = 0xffffffff;

export interface MinHasherOptions {
  /** Signature length k. Default 128. Error of a Jaccard estimate ≈ sqrt(J(1−J)/k). */
  numPerm?: number;
  /** Seed of the hash family. Default 1. Signatures only compare under the same seed. */
  seed?: number;
}

export interface SignatureParams {
  numPerm: number;
  seed: number;
  /** Hashing scheme; recorded so that signatures of different schemes never compare. */
  scheme: 'oph-dens';
}

/**
 * MinHash by one-permutation hashing with optimal densification (Shrivastava 2017).
 *
 * Classic MinHash evaluates k hash functions per shingle (O(n·k)); here every shingle is
 * hashed once, its high bits pick one of k bins and the bin keeps the smallest hash
 * (O(n + k)). Bins that stay empty borrow the value of the first non-empty bin along a
 * probe sequence that depends only on (bin, attempt, seed), so two documents borrow from
 * the same place and the collision probability stays exactly J — with a variance close to
 * that of k independent permutations (tested in test/minhash.test.ts).
 */
export class MinHasher {
  readonly numPerm: number;
  readonly seed: number;
  readonly params: SignatureParams;
  private readonly seedA: number;
  private readonly seedB: number;

  constructor(opts: MinHasherOptions = {}) {
    const c = new OptionChecker('MinHasher');
    c.known(opts, ['numPerm', 'seed']);
    c.int('numPerm', opts.numPerm, 1, 65536);
    c.int('seed', opts.seed, 0, 0xffffffff);
    c.done();
    this.numPerm = opts.numPerm ?? 128;
    this.seed = opts.seed ?? 1;
    this.params = { numPerm: this.numPerm, seed: this.seed, scheme: 'oph-dens' };
    this.seedA = fmix32(this.seed ^ 0x5bd1e995);
    this.seedB = fmix32(this.seed + 0x27d4eb2f);
  }

  /** Signature of a set of 32-bit shingle hashes (any order; duplicates are harmless). */
  sign(shingles: ArrayLike<number>): Uint32Array {
    const k = this.numPerm;
    const sig = new Uint32Array(k).fill(EMPTY_BIN);
    const n = shingles.length;
    if (n === 0) return sig;
    const sa = this.seedA;
    const shift = powerOfTwoShift(k);
    for (let i = 0; i < n; i++) {
      let h = fmix32((shingles[i]! ^ sa) >>> 0);
      if (h === EMPTY_BIN) h = EMPTY_BIN - 1;
      // bin from the high bits: floor(h * k / 2^32), exact in doubles for k ≤ 2^20 (a shift when k is a power of two)
      const bin = shift >= 0 ? h >>> shift : Math.floor((h * k) / 4294967296);
      if (h < sig[bin]!) sig[bin] = h;
    }
    this.densify(sig);
    return sig;
  }

  /**
   * The signature of the word k-grams of a token-id sequence: the same as
   * `sign(shingleSequence(ids, k))` without building the shingle array (the text → signature
   * hot path). Inlines hashKGram and fmix32; test/minhash.test.ts checks the equality.
   */
  signKGrams(ids: Uint32Array, count: number, k: number): Uint32Array {
    if (count === 0) return this.sign([]);
    if (count < k) return this.sign([hashKGram(ids, 0, count)]);
    const m = this.numPerm;
    const sig = new Uint32Array(m).fill(EMPTY_BIN);
    const sa = this.seedA;
    const shift = powerOfTwoShift(m);
    if (k === 3 && shift >= 0) {
      signTrigrams(ids, count, sig, sa, shift);
      this.densify(sig);
      return sig;
    }
    const seed = 0x9747b28c ^ k;
    for (let i = 0; i + k <= count; i++) {
      let g = seed;
      for (let j = 0; j < k; j++) g = Math.imul(g ^ ids[i + j]!, 0x5bd1e995) ^ (g >>> 15);
      // fmix32(g), then fmix32(shingle ^ seedA): the two mixes of hashKGram and sign
      g ^= g >>> 16;
      g = Math.imul(g, 0x85ebca6b);
      g ^= g >>> 13;
      g = Math.imul(g, 0xc2b2ae35);
      g ^= g >>> 16;
      let h = g ^ sa;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h = (h ^ (h >>> 16)) >>> 0;
      if (h === EMPTY_BIN) h = EMPTY_BIN - 1;
      const bin = shift >= 0 ? h >>> shift : Math.floor((h * m) / 4294967296);
      if (h < sig[bin]!) sig[bin] = h;
    }
    this.densify(sig);
    return sig;
  }

  private densify(sig: Uint32Array): void {
    const k = sig.length;
    let empty = 0;
    for (let i = 0; i < k; i++) if (sig[i] === EMPTY_BIN) empty++;
    if (empty === 0 || empty === k) return;
    if (wasEmpty.length < k) wasEmpty = new Uint8Array(k);
    for (let i = 0; i < k; i++) wasEmpty[i] = sig[i] === EMPTY_BIN ? 1 : 0;
    for (let i = 0; i < k; i++) {
      if (wasEmpty[i] === 0) continue;
      for (let attempt = 1; ; attempt++) {
        const j = Math.floor((fmix32((Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca77) ^ this.seedB) >>> 0) * k) / 4294967296);
        if (wasEmpty[j] === 0) {
          sig[i] = sig[j]!;
          break;
        }
      }
    }
  }
}

/**
 * signKGrams for word 3-grams and a power-of-two signature length (the defaults), unrolled:
 * the same arithmetic with each token read once.
 */
function signTrigrams(ids: Uint32Array, count: number, sig: Uint32Array, sa: number, shift: number): void {
  const seed = 0x9747b28c ^ 3;
  const seedShift = seed >>> 15;
  let a = ids[0]!;
  let b = ids[1]!;
  for (let i = 2; i < count; i++) {
    const c = ids[i]!;
    let g = Math.imul(seed ^ a, 0x5bd1e995) ^ seedShift;
    g = Math.imul(g ^ b, 0x5bd1e995) ^ (g >>> 15);
    g = Math.imul(g ^ c, 0x5bd1e995) ^ (g >>> 15);
    a = b;
    b = c;
    g ^= g >>> 16;
    g = Math.imul(g, 0x85ebca6b);
    g ^= g >>> 13;
    g = Math.imul(g, 0xc2b2ae35);
    g ^= g >>> 16;
    let h = g ^ sa;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
    if (h === EMPTY_BIN) h = EMPTY_BIN - 1;
    const bin = h >>> shift;
    if (h < sig[bin]!) sig[bin] = h;
  }
}

/** 32 − log2(k) when k is a power of two (the bin is then the hash's top bits), else −1. */
function powerOfTwoShift(k: number): number {
  return (k & (k - 1)) === 0 && k >= 1 ? 32 - Math.log2(k) : -1;
}

/** A signature together with the parameters it was made with (the checked form). */
export interface Signature {
  signature: Uint32Array;
  params: SignatureParams;
}

function unwrap(x: Uint32Array | Signature): [Uint32Array, SignatureParams | undefined] {
  return x instanceof Uint32Array ? [x, undefined] : [x.signature, x.params];
}

/**
 * Estimated Jaccard similarity from two signatures: the share of bins that agree. Pass
 * `{ signature, params }` objects to have the parameters checked as well as the lengths.
 */
export function estimateJaccard(a: Uint32Array | Signature, b: Uint32Array | Signature): number {
  const [sa, pa] = unwrap(a);
  const [sb, pb] = unwrap(b);
  if (sa.length !== sb.length) {
    throw new WiretraceError('E_PARAMS', 'estimateJaccard', `signatures have different lengths (${sa.length} vs ${sb.length}): they were made with different numPerm`);
  }
  if (pa && pb && (pa.seed !== pb.seed || pa.scheme !== pb.scheme || pa.numPerm !== pb.numPerm)) {
    throw new WiretraceError('E_PARAMS', 'estimateJaccard', `signatures were made with different parameters (${JSON.stringify(pa)} vs ${JSON.stringify(pb)})`);
  }
  if (sa.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < sa.length; i++) if (sa[i] === sb[i] && sa[i] !== EMPTY_BIN) same++;
  return same / sa.length;
}

const SIG_MAGIC = 0x31535457; // "WTS1" little-endian
/**
 * The fewest of `numPerm` signature values two documents at Jaccard `threshold` are all but sure
 * to agree on: the threshold less 4.5 standard errors of the estimate (15 of 128 at 0.3; a pair at
 * the threshold falls below it with probability ~3·10⁻⁶). Band hits that agree on fewer are
 * unrelated documents the banding let through.
 */
export function minAgreement(threshold: number, numPerm: number): number {
  return Math.max(1, Math.floor(numPerm * (threshold - 4.5 * Math.sqrt((threshold * (1 - threshold)) / numPerm))));
}

/** Version of the binary signature format written by serializeSignature. */
export const SIGNATURE_FORMAT_VERSION = 1;

/**
 * Compact, versioned binary form: 16-byte header (magic, version, scheme, numPerm, seed)
 * then numPerm little-endian uint32 values.
 */
export function serializeSignature(sig: Signature): Uint8Array {
  const k = sig.signature.length;
  if (k !== sig.params.numPerm) {
    throw new WiretraceError('E_INPUT', 'serializeSignature', `signature has ${k} values but params say numPerm ${sig.params.numPerm}`);
  }
  const buf = new ArrayBuffer(16 + 4 * k);
  const dv = new DataView(buf);
  dv.setUint32(0, SIG_MAGIC, true);
  dv.setUint16(4, SIGNATURE_FORMAT_VERSION, true);
  dv.setUint16(6, 1 /* oph-dens */, true);
  dv.setUint32(8, k, true);
  dv.setUint32(12, sig.params.seed >>> 0, true);
  for (let i = 0; i < k; i++) dv.setUint32(16 + 4 * i, sig.signature[i]!, true);
  return new Uint8Array(buf);
}

export function deserializeSignature(bytes: Uint8Array): Signature {
  const where = 'deserializeSignature';
  if (bytes.length < 16) throw new WiretraceError('E_INPUT', where, `need at least 16 bytes, got ${bytes.length}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== SIG_MAGIC) throw new WiretraceError('E_INPUT', where, 'not a wiretrace signature (bad magic)');
  const version = dv.getUint16(4, true);
  if (version !== SIGNATURE_FORMAT_VERSION) {
    throw new WiretraceError('E_VERSION', where, `unknown signature format version ${version} (this build reads ${SIGNATURE_FORMAT_VERSION})`);
  }
  if (dv.getUint16(6, true) !== 1) throw new WiretraceError('E_VERSION', where, `unknown hashing scheme ${dv.getUint16(6, true)}`);
  const k = dv.getUint32(8, true);
  if (bytes.length !== 16 + 4 * k) throw new WiretraceError('E_INPUT', where, `expected ${16 + 4 * k} bytes for numPerm ${k}, got ${bytes.length}`);
  const signature = new Uint32Array(k);
  for (let i = 0; i < k; i++) signature[i] = dv.getUint32(16 + 4 * i, true);
  return { signature, params: { numPerm: k, seed: dv.getUint32(12, true), scheme: 'oph-dens' } };
}
