import { OptionChecker, WiretraceError } from '../errors.js';
import { fmix32, hashKGram } from './hash.js';
import { EMPTY_BIN } from './minhash.js';

export interface LshWeights {
  /** Weight of the false-positive probability mass. Default 0.5. */
  falsePositive: number;
  /** Weight of the false-negative probability mass. Default 0.5. */
  falseNegative: number;
}

/** P(two sets with Jaccard s become candidates) with b bands of r rows. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

function integrate(f: (x: number) => number, a: number, b: number): number {
  // composite Simpson's rule; the integrands are smooth, 128 intervals is plenty
  const n = 128;
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (s * h) / 3;
}

const paramCache = new Map<string, { bands: number; rows: number }>();

/**
 * Bands and rows that minimise the weighted false-positive plus false-negative probability
 * mass around `threshold` (the method of datasketch's MinHashLSH), with bands·rows ≤ numPerm.
 */
export function optimalLshParams(threshold: number, numPerm: number, weights?: Partial<LshWeights>): { bands: number; rows: number } {
  const c = new OptionChecker('optimalLshParams');
  c.num('threshold', threshold, 0.01, 0.99);
  c.int('numPerm', numPerm, 2, 65536);
  c.num('weights.falsePositive', weights?.falsePositive, 0, 1);
  c.num('weights.falseNegative', weights?.falseNegative, 0, 1);
  c.done();
  const wfp = weights?.falsePositive ?? 0.5;
  const wfn = weights?.falseNegative ?? 0.5;
  const key = `${threshold}|${numPerm}|${wfp}|${wfn}`;
  const hit = paramCache.get(key);
  if (hit) return { ...hit };
  let best = { bands: 1, rows: numPerm };
  let bestErr = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    const maxR = Math.floor(numPerm / b);
    for (let r = 1; r <= maxR; r++) {
      const fp = integrate((s) => candidateProbability(s, b, r), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, b, r), threshold, 1);
      const err = wfp * fp + wfn * fn;
      if (err < bestErr - 1e-15) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  paramCache.set(key, best);
  return { ...best };
}

export interface LshIndexOptions {
  /** Jaccard threshold the banding is tuned for. Default 0.5. */
  threshold?: number;
  /** Signature length the index accepts. Default 128. */
  numPerm?: number;
  /** Trade-off of missed pairs against extra candidates. Default { falsePositive: 0.5, falseNegative: 0.5 }. */
  weights?: Partial<LshWeights>;
  /** Explicit banding; overrides threshold/weights. */
  bands?: number;
  rows?: number;
}

/**
 * Banded LSH over MinHash signatures. Storage is typed arrays: per document, one uint32
 * band key and one chain link per band, and an open-addressing table (load ≤ 0.75) from
 * (band, key) to the head of its chain — about 20–25 bytes per band per document, no
 * per-entry JS objects.
 */
export class LshIndex {
  readonly bands: number;
  readonly rows: number;
  readonly numPerm: number;
  readonly threshold: number;

  private ids: (string | undefined)[] = [];
  private readonly idToIdx = new Map<string, number>();
  // entryNext: the next entry of the bucket's chain; a chain's last entry holds -3 - slot (so
  // remove() finds its bucket without storing the band key: 4 bytes less per band and document);
  // -2 marks a removed or empty entry
  private entryNext: Int32Array;
  private slotKey: Uint32Array;
  private slotBand: Uint16Array; // band + 1; 0 marks a free slot
  private slotHead: Int32Array;
  private slotsUsed = 0;
  private live = 0;

  constructor(opts: LshIndexOptions = {}) {
    const c = new OptionChecker('LshIndex');
    c.known(opts, ['threshold', 'numPerm', 'weights', 'bands', 'rows']);
    c.num('threshold', opts.threshold, 0.01, 0.99);
    c.int('numPerm', opts.numPerm, 2, 65536);
    c.int('bands', opts.bands, 1, 65535);
    c.int('rows', opts.rows, 1, 65536);
    c.check((opts.bands === undefined) === (opts.rows === undefined), 'bands and rows go together');
    const numPerm = opts.numPerm ?? 128;
    c.check(opts.bands === undefined || opts.bands * (opts.rows ?? 1) <= numPerm, `bands × rows must be ≤ numPerm (${numPerm})`);
    c.done();
    this.numPerm = numPerm;
    this.threshold = opts.threshold ?? 0.5;
    const p = opts.bands !== undefined ? { bands: opts.bands, rows: opts.rows! } : optimalLshParams(this.threshold, numPerm, opts.weights);
    this.bands = p.bands;
    this.rows = p.rows;
    this.entryNext = new Int32Array(64 * this.bands);
    this.slotKey = new Uint32Array(256);
    this.slotBand = new Uint16Array(256);
    this.slotHead = new Int32Array(256).fill(-1);
  }

  /** Number of documents in the index. */
  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.idToIdx.has(id);
  }

  /** The key of each band of a signature: what a persistent store keeps as (band, key) → id. */
  bandKeys(sig: Uint32Array): Uint32Array {
    this.checkSig(sig, 'LshIndex.bandKeys');
    const out = new Uint32Array(this.bands);
    for (let b = 0; b < this.bands; b++) out[b] = this.bandKey(sig, b);
    return out;
  }

  private bandKey(sig: Uint32Array, band: number): number {
    return fmix32((hashKGram(sig, band * this.rows, this.rows) ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0);
  }

  private checkSig(sig: Uint32Array, where: string): void {
    if (!(sig instanceof Uint32Array)) throw new WiretraceError('E_INPUT', where, 'signature must be a Uint32Array');
    if (sig.length !== this.numPerm) {
      throw new WiretraceError('E_PARAMS', where, `signature has ${sig.length} values, the index was made for numPerm ${this.numPerm}`);
    }
  }

  private findSlot(band: number, key: number): number {
    const mask = this.slotHead.length - 1;
    let s = (key ^ Math.imul(band, 0x27d4eb2f)) & mask;
    for (;;) {
      const sb = this.slotBand[s]!;
      if (sb === 0) return s;
      if (sb === band + 1 && this.slotKey[s] === key) return s;
      s = (s + 1) & mask;
    }
  }

  private growSlots(): void {
    const oldKey = this.slotKey;
    const oldBand = this.slotBand;
    const oldHead = this.slotHead;
    let live = 0;
    for (let s = 0; s < oldHead.length; s++) if (oldHead[s] !== -1) live++;
    let size = 256;
    while (size * 0.5 < live) size *= 2; // after a rehash the table is at most half full
    this.slotKey = new Uint32Array(size);
    this.slotBand = new Uint16Array(size);
    this.slotHead = new Int32Array(size).fill(-1);
    this.slotsUsed = 0;
    for (let s = 0; s < oldHead.length; s++) {
      if (oldHead[s] === -1) continue; // drop reserved slots whose chains emptied
      const t = this.findSlot(oldBand[s]! - 1, oldKey[s]!);
      this.slotKey[t] = oldKey[s]!;
      this.slotBand[t] = oldBand[s]!;
      this.slotHead[t] = oldHead[s]!;
      this.slotsUsed++;
    }
    // slots moved: re-mark every chain's tail with its new slot
    for (let t = 0; t < this.slotHead.length; t++) {
      let e = this.slotHead[t]!;
      if (e < 0) continue;
      while (this.entryNext[e]! >= 0) e = this.entryNext[e]!;
      this.entryNext[e] = -3 - t;
    }
  }

  /** Adds a signature under a new id. A repeated id is an error (remove it first). */
  insert(id: string, sig: Uint32Array): void {
    if (typeof id !== 'string') throw new WiretraceError('E_INPUT', 'LshIndex.insert', 'id must be a string');
    if (this.idToIdx.has(id)) throw new WiretraceError('E_INPUT', 'LshIndex.insert', `document "${id}" is already in the index`);
    this.checkSig(sig, 'LshIndex.insert');
    const idx = this.ids.length;
    this.ids.push(id);
    this.idToIdx.set(id, idx);
    this.live++;
    const b = this.bands;
    if ((idx + 1) * b > this.entryNext.length) {
      const grown = Math.ceil((this.entryNext.length * 1.5) / b) * b;
      const n2 = new Int32Array(grown);
      n2.set(this.entryNext);
      this.entryNext = n2;
    }
    if (sig[0] === EMPTY_BIN && sig.every((v) => v === EMPTY_BIN)) {
      // an empty document has nothing to share: kept for has()/size, never a candidate
      for (let band = 0; band < b; band++) this.entryNext[idx * b + band] = -2;
      return;
    }
    for (let band = 0; band < b; band++) {
      if ((this.slotsUsed + 1) * 4 > this.slotHead.length * 3) this.growSlots(); // load ≤ 0.75
      const key = this.bandKey(sig, band);
      const e = idx * b + band;
      const s = this.findSlot(band, key);
      if (this.slotBand[s] === 0) {
        this.slotBand[s] = band + 1;
        this.slotKey[s] = key;
        this.slotsUsed++;
      }
      this.entryNext[e] = this.slotHead[s] === -1 ? -3 - s : this.slotHead[s]!;
      this.slotHead[s] = e;
    }
  }

  /** Removes a document; returns whether it was there. */
  remove(id: string): boolean {
    const idx = this.idToIdx.get(id);
    if (idx === undefined) return false;
    const b = this.bands;
    for (let band = 0; band < b; band++) {
      const e = idx * b + band;
      if (this.entryNext[e] === -2) continue;
      let tail = e;
      while (this.entryNext[tail]! >= 0) tail = this.entryNext[tail]!;
      const s = -3 - this.entryNext[tail]!;
      let prev = -1;
      for (let cur = this.slotHead[s]!; cur >= 0; prev = cur, cur = this.entryNext[cur]!) {
        if (cur !== e) continue;
        const next = this.entryNext[cur]!;
        if (prev === -1) this.slotHead[s] = next >= 0 ? next : -1;
        else this.entryNext[prev] = next;
        break;
      }
      this.entryNext[e] = -2;
    }
    this.idToIdx.delete(id);
    this.ids[idx] = undefined;
    this.live--;
    return true;
  }

  /** Ids whose signatures share at least one band with `sig`, in insertion order. Never throws for an unseen signature. */
  query(sig: Uint32Array): string[] {
    this.checkSig(sig, 'LshIndex.query');
    const found = new Set<number>();
    const b = this.bands;
    for (let band = 0; band < b; band++) {
      const s = this.findSlot(band, this.bandKey(sig, band));
      for (let e = this.slotHead[s]!; e >= 0; e = this.entryNext[e]!) found.add((e / b) | 0);
    }
    return [...found].sort((x, y) => x - y).map((i) => this.ids[i]!);
  }

  /** Every pair of ids that shares a band bucket, each once, as [earlier, later] by insertion. */
  candidatePairs(): [string, string][] {
    const seen = new Set<number>();
    const out: [number, number][] = [];
    const b = this.bands;
    const N = this.ids.length;
    const members: number[] = [];
    for (let s = 0; s < this.slotHead.length; s++) {
      const head = this.slotHead[s]!;
      if (head < 0 || this.entryNext[head]! < 0) continue;
      members.length = 0;
      for (let e = head; e >= 0; e = this.entryNext[e]!) members.push((e / b) | 0);
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) {
          const x = Math.min(members[i]!, members[j]!);
          const y = Math.max(members[i]!, members[j]!);
          const key = x * N + y;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push([x, y]);
        }
      }
    }
    out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    return out.map(([x, y]) => [this.ids[x]!, this.ids[y]!]);
  }

  /** Approximate memory held by the index's typed arrays, in bytes. */
  get byteSize(): number {
    return this.entryNext.byteLength + this.slotKey.byteLength + this.slotBand.byteLength + this.slotHead.byteLength;
  }
}
