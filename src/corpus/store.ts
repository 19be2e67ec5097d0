import type { Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import type { FingerprintParams } from '../sketch/fingerprint.js';
import { keepBandHit, type BandFilter } from './band-filter.js';
import { ShapeCounts } from './shapes.js';

/** What an index records about itself, so that a reopen with other parameters is refused. */
export interface StoreMeta {
  format: 'wiretrace-index';
  version: 1;
  params: FingerprintParams;
  threshold: number;
  bands: number;
  rows: number;
}

/** One indexed document as a store keeps it: enough to find, verify and align it. */
export interface StoredEntry {
  doc: Doc;
  /** Sorted unique shingle hashes (exact verification). */
  shingles: Uint32Array;
  /** Sorted unique winnowed hashes (partial-reuse candidates). */
  winnowed: Uint32Array;
  /** One LSH key per band. */
  bandKeys: Uint32Array;
  /** The low byte of each signature value (band-filter.ts): band hits are checked on it before verification. Optional: an entry without one is always verified. */
  sketch?: Uint8Array;
  /** The document as the store keeps it (EntryParts.record), when made beside the fingerprint; else the store makes it. */
  record?: Uint8Array;
  /** Its figure shapes (shapes.ts): sorted unique [shape, variant] pairs, flattened. Optional: a store counts none for an entry without. */
  shapes?: Uint32Array;
}

/** What a store reads of an entry beyond the document, winnowed hashes, band keys and sketch (entries.ts makes them so). */
export interface EntryParts {
  /** The shingles (the memory store verifies on them; the persistent stores recompute them from the text). Without: an empty array. */
  shingles: boolean;
  /** The document as the store keeps it, made beside the fingerprint (on the worker threads of `add`): `compressed-json` is the Redis store's (entries.ts). */
  record?: 'compressed-json';
}

/**
 * The one interface every store implements (memory, SQLite, Redis). A batch given to `add` is
 * all or nothing: after a crash, a reader sees either every document of the batch or none.
 */
export interface CorpusStore {
  readonly kind: 'memory' | 'sqlite' | 'redis';
  readMeta(): Promise<StoreMeta | undefined>;
  /** Writes the metadata unless some is there already; returns what is stored after the call. */
  initMeta(meta: StoreMeta): Promise<StoreMeta>;
  /** Adds a batch atomically; refuses (E_INPUT) ids already committed, adding none of the batch. */
  add(entries: readonly StoredEntry[]): Promise<void>;
  /**
   * Optional: adds batches in order as `add` would one after the other (each committed whole or
   * not at all; a refused batch after the ones before it are committed), writing their records
   * together. A store whose writes cost per key touched (Redis) is much faster so.
   */
  addBatches?(batches: readonly (readonly StoredEntry[])[]): Promise<void>;
  /** With addBatches: about how many documents to give it at a time. */
  readonly writeGroup?: number;
  /** What the store reads of an entry (default: the shingles too, no record). */
  readonly entryParts?: EntryParts;
  remove(id: string): Promise<boolean>;
  has(id: string): Promise<boolean>;
  size(): Promise<number>;
  /**
   * Committed ids sharing a band key with the query, and for each committed id the number of
   * shared winnowed hashes (hashes in more than `maxDocFrequency` documents are skipped). A store
   * may leave out of `winnow` the ids sharing fewer than `minShared` hashes (they cannot be
   * candidates). With `filter`, a band hit sharing fewer than `minShared` hashes whose sketch
   * agrees with `filter.sketch` on fewer than `filter.min` values is left out of `band`
   * (band-filter.ts; one without a sketch stays): before its id is looked up.
   */
  candidates(bandKeys: Uint32Array, winnowed: Uint32Array, maxDocFrequency: number, minShared?: number, filter?: BandFilter): Promise<{ band: Set<string>; winnow: Map<string, number> }>;
  /**
   * For each shape of `shapes` (shapes.ts), how many of its variants committed documents hold, at
   * most SHAPE_CAP. Optional: a store without it knows no shapes (every count 0).
   */
  shapeVariants?(shapes: Uint32Array): Promise<Uint8Array>;
  /** Shingles of committed documents. */
  shingles(ids: readonly string[]): Promise<Map<string, Uint32Array>>;
  docs(ids: readonly string[]): Promise<Map<string, Doc>>;
  /** Every committed id, sorted. */
  ids(): Promise<string[]>;
  /** Bytes the store uses on disk or in memory, when it can tell. */
  byteSize(): Promise<number | undefined>;
  close(): Promise<void>;
}

/**
 * The fingerprint parameters alone, picked field by field: whatever else an options object
 * holds (a Redis URL with its password, a client, a file path) never reaches the stored meta.
 */
export function fingerprintParamsOnly(p: FingerprintParams): FingerprintParams {
  return { version: p.version, shingleSize: p.shingleSize, numPerm: p.numPerm, seed: p.seed, winnowWindow: p.winnowWindow, stem: p.stem, dropStopwords: p.dropStopwords, boilerplate: p.boilerplate };
}

/** A meta with only its known fields (an index written by an older wiretrace may hold more). */
export function cleanMeta(m: StoreMeta): StoreMeta {
  return { format: m.format, version: m.version, params: fingerprintParamsOnly(m.params ?? ({} as FingerprintParams)), threshold: m.threshold, bands: m.bands, rows: m.rows };
}

/**
 * Hides the credentials of every URL-like `user:password@` or `:password@` in a message (the host
 * stays), and the value of a `?password=` or `&password=` (ioredis reads a URL's query as options).
 */
export function redactCredentials(s: string): string {
  return s
    .replace(/[^\s"'()<>]+@/g, (m) => {
      const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(m)?.[0] ?? '';
      const userinfo = m.slice(scheme.length, -1);
      if (scheme) return userinfo.includes('/') ? m : `${scheme}***@`;
      return userinfo.includes(':') ? '***@' : m;
    })
    .replace(/([?&]password=)[^\s"'()<>&#]+/gi, '$1***');
}

/** Whether this machine stores numbers little-endian, as the stored arrays are: then they are copied in one go. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The u32s as little-endian bytes, in a buffer of their own. */
export function u32ToBuffer(a: Uint32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const b = Buffer.alloc(a.length * 4);
  for (let i = 0; i < a.length; i++) b.writeUInt32LE(a[i]!, i * 4);
  return b;
}

/** The u32s of little-endian bytes (a trailing partial u32 dropped), in an array of their own. */
export function bufferToU32(b: Uint8Array): Uint32Array {
  const n = b.byteLength >>> 2;
  if (LITTLE_ENDIAN) return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + 4 * n));
  const out = new Uint32Array(n);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < n; i++) out[i] = v.getUint32(i * 4, true);
  return out;
}

/** The in-memory store: the same interface, nothing persisted. */
export class MemoryStore implements CorpusStore {
  readonly kind = 'memory' as const;
  private meta?: StoreMeta;
  private readonly entries = new Map<string, StoredEntry>();
  private readonly bandPostings = new Map<string, Set<string>>();
  private readonly winnowPostings = new Map<number, Set<string>>();
  private readonly shapes = new ShapeCounts();

  async readMeta(): Promise<StoreMeta | undefined> {
    return this.meta;
  }
  async initMeta(meta: StoreMeta): Promise<StoreMeta> {
    this.meta ??= meta;
    return this.meta;
  }
  async add(entries: readonly StoredEntry[]): Promise<void> {
    refuseExisting(entries.filter((e) => this.entries.has(e.doc.id)).map((e) => e.doc.id));
    for (const e of entries) {
      this.entries.set(e.doc.id, e);
      e.bandKeys.forEach((k, b) => addTo(this.bandPostings, `${b}:${k}`, e.doc.id));
      for (const h of e.winnowed) addTo(this.winnowPostings, h, e.doc.id);
      if (e.shapes) this.shapes.apply(e.shapes, 1);
    }
  }
  async remove(id: string): Promise<boolean> {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    e.bandKeys.forEach((k, b) => removeFrom(this.bandPostings, `${b}:${k}`, id));
    for (const h of e.winnowed) removeFrom(this.winnowPostings, h, id);
    if (e.shapes) this.shapes.apply(e.shapes, -1);
    return true;
  }
  async shapeVariants(shapes: Uint32Array): Promise<Uint8Array> {
    return this.shapes.variants(shapes);
  }
  async has(id: string): Promise<boolean> {
    return this.entries.has(id);
  }
  async size(): Promise<number> {
    return this.entries.size;
  }
  async candidates(bandKeys: Uint32Array, winnowed: Uint32Array, maxDf: number, minShared = 1, filter?: BandFilter): Promise<{ band: Set<string>; winnow: Map<string, number> }> {
    const winnow = new Map<string, number>();
    for (const h of winnowed) {
      const l = this.winnowPostings.get(h);
      if (!l || l.size > maxDf) continue;
      for (const id of l) winnow.set(id, (winnow.get(id) ?? 0) + 1);
    }
    const band = new Set<string>();
    bandKeys.forEach((k, b) => {
      for (const id of this.bandPostings.get(`${b}:${k}`) ?? []) band.add(id);
    });
    if (filter) for (const id of band) if ((winnow.get(id) ?? 0) < minShared && !keepBandHit(filter.sketch, this.entries.get(id)?.sketch, filter.min)) band.delete(id);
    return { band, winnow };
  }
  async shingles(ids: readonly string[]): Promise<Map<string, Uint32Array>> {
    return this.pick(ids, (e) => e.shingles);
  }
  async docs(ids: readonly string[]): Promise<Map<string, Doc>> {
    return this.pick(ids, (e) => e.doc);
  }
  private pick<T>(ids: readonly string[], f: (e: StoredEntry) => T): Map<string, T> {
    const out = new Map<string, T>();
    for (const id of ids) {
      const e = this.entries.get(id);
      if (e) out.set(id, f(e));
    }
    return out;
  }
  async ids(): Promise<string[]> {
    return [...this.entries.keys()].sort();
  }
  async byteSize(): Promise<number | undefined> {
    return undefined;
  }
  async close(): Promise<void> {}
}

export function refuseExisting(ids: readonly string[]): void {
  if (ids.length > 0) throw new WiretraceError('E_INPUT', 'CorpusIndex.add', `already in the index: ${ids.slice(0, 10).map((i) => `"${i}"`).join(', ')}${ids.length > 10 ? ` and ${ids.length - 10} more` : ''} (remove them first to replace); nothing of this batch was added`);
}

function addTo<K>(m: Map<K, Set<string>>, k: K, id: string): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(id);
}
function removeFrom<K>(m: Map<K, Set<string>>, k: K, id: string): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(id);
  if (s.size === 0) m.delete(k);
}
