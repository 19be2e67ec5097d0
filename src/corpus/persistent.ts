import { prepareAlignText, type AlignText } from '../compare/align.js';
import { validateDocs, type Doc } from '../doc.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { checkOptionNames, FINGERPRINT_OPTION_NAMES, fingerprintWith, resolveFingerprintParams, sameParams, type FingerprintOptions, type FingerprintParams } from '../sketch/fingerprint.js';
import { LshIndex } from '../sketch/lsh.js';
import { alignMatches, candidateIds, checkIndexOptions, DEFAULT_INDEX, QUERY_OPTION_NAMES, queryDoc, verifyCandidates, type CorpusIndexOptions, type Match, type QueryOptions } from './index.js';
import { bandFilter } from './band-filter.js';
import { entryOf, unpackEntries } from './entries.js';
import { fingerprintAndShapes } from './shapes.js';
import { WorkerPool } from '../parallel/pool.js';
import { RedisStore, type RedisLike } from './redis.js';
import { forgetDocument } from './analysis-cache.js';
import { SqliteStore, storeError } from './sqlite.js';
import { cleanMeta, fingerprintParamsOnly, MemoryStore, type CorpusStore, type StoredEntry, type StoreMeta } from './store.js';

export interface OpenIndexOptions extends CorpusIndexOptions {
  /** A SQLite file (created if missing). */
  sqlite?: string;
  /** A `redis://` URL (`redis://host1:port1,host2:port2` or `?cluster=1` for a Redis Cluster) or a connected ioredis client (Redis or Cluster). */
  redis?: string | RedisLike;
  /** Redis key prefix. Default `wiretrace`. */
  prefix?: string;
  /**
   * Open an existing index for reading only: the store is never created or altered (a
   * read-only SQLite file works), and a missing or foreign index is E_NOT_FOUND. Default false.
   */
  readOnly?: boolean;
  /** Documents per atomic batch in `add`. Default 500. */
  batchSize?: number;
  /** Progress of `add`: documents done, in all. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Threads that fingerprint the documents of `add` (worker threads, started at the first add
   * and stopped by close), while this one writes to the store: the next batch is fingerprinted
   * while the last is written. Default 1: no threads, all in the calling thread. Worth it for
   * bulk loads (SQLite 3,421 → 5,853 articles/s at 100,000 on 2 cores); see README, Benchmarks.
   */
  workers?: number;
}

/** The option names openCorpusIndex takes beyond a CorpusIndex's. */
const OPEN_OPTION_NAMES: readonly string[] = ['sqlite', 'redis', 'prefix', 'readOnly', 'batchSize', 'onProgress', 'workers'];

export interface IndexStats {
  store: CorpusStore['kind'];
  documents: number;
  params: FingerprintParams;
  threshold: number;
  bands: number;
  rows: number;
  /** Bytes on disk (SQLite), when known. */
  bytes?: number;
}

/**
 * Opens a persistent (or in-memory) corpus index behind one interface: `{ sqlite: 'wiretrace.db' }`,
 * `{ redis: 'redis://127.0.0.1:6379' }`, or neither for memory. The index records its
 * parameters; reopening with different ones is an E_PARAMS error.
 *
 * @example
 * const index = await openCorpusIndex({ sqlite: 'wire.db' });
 * await index.add(wireStories);
 * const report = await checkDraft(draft, index);
 * await index.close();
 */
export async function openCorpusIndex(opts: OpenIndexOptions = {}): Promise<StoredCorpusIndex> {
  const c = new OptionChecker('openCorpusIndex');
  c.known(opts, [...FINGERPRINT_OPTION_NAMES, 'threshold', 'minContainment', 'maxDocFrequency', ...OPEN_OPTION_NAMES]);
  c.check(!(opts.sqlite !== undefined && opts.redis !== undefined), 'give sqlite or redis, not both');
  c.check(opts.sqlite === undefined || (typeof opts.sqlite === 'string' && opts.sqlite.length > 0), 'sqlite must be a file path');
  c.int('batchSize', opts.batchSize, 1, 1_000_000);
  c.oneOf('readOnly', opts.readOnly, [true, false]);
  c.int('workers', opts.workers, 1, 1024);
  checkIndexOptions(c, opts);
  c.done();
  const store: CorpusStore = opts.sqlite !== undefined ? new SqliteStore(opts.sqlite, { readOnly: opts.readOnly === true }) : opts.redis !== undefined ? new RedisStore({ redis: opts.redis, ...(opts.prefix ? { prefix: opts.prefix } : {}) }) : new MemoryStore();
  try {
    const found = await store.readMeta();
    const stored = found && cleanMeta(found);
    const explicit = hasFingerprintOptions(opts);
    // the fingerprint parameters only: never the URL, password, client or path of the store
    const params = fingerprintParamsOnly(stored && !explicit ? stored.params : resolveFingerprintParams(fingerprintOptionsOf(opts), 'openCorpusIndex'));
    const threshold = opts.threshold ?? stored?.threshold ?? DEFAULT_INDEX.threshold;
    const lsh = new LshIndex({ threshold, numPerm: params.numPerm, weights: DEFAULT_INDEX.lshWeights });
    const wanted: StoreMeta = { format: 'wiretrace-index', version: 1, params, threshold, bands: lsh.bands, rows: lsh.rows };
    if (opts.readOnly === true && !stored) throw noIndex(store);
    const meta = opts.readOnly === true ? stored! : cleanMeta(await store.initMeta(wanted));
    if (meta.format !== 'wiretrace-index' || meta.version !== 1) throw new WiretraceError('E_VERSION', 'openCorpusIndex', `the store holds ${meta.format} version ${meta.version}; this wiretrace reads wiretrace-index version 1`);
    if (!sameParams(meta.params, params) || meta.threshold !== threshold || meta.bands !== lsh.bands) {
      throw new WiretraceError('E_PARAMS', 'openCorpusIndex', `the index was made with ${describe(meta)}; asked for ${describe(wanted)} (open it without these options, or use a new index)`);
    }
    return new StoredCorpusIndex(store, meta, lsh, opts);
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
}

/** A read-only open that found no index: a Redis one names its prefix (a mistyped one is the likeliest cause) and URL. */
function noIndex(store: CorpusStore): WiretraceError {
  if (store instanceof RedisStore) return new WiretraceError('E_NOT_FOUND', 'openCorpusIndex', `no wiretrace index under ${store.where} (nothing is stored under that prefix: is it mistyped?)`);
  const why = store.kind === 'sqlite' ? 'there (an empty SQLite file)' : 'in memory (readOnly opens an existing SQLite or Redis index)';
  return new WiretraceError('E_NOT_FOUND', 'openCorpusIndex', `no wiretrace index ${why}`);
}

/** Documents per worker task of `add` (fewer when a step has too few for every worker): ~50–100 ms of work, so that a worker's wait for its next task (this thread may be busy writing) is small beside it. */
const ENTRIES_TASK = 256;

const FINGERPRINT_OPTIONS = ['shingleSize', 'numPerm', 'seed', 'winnowWindow', 'stem', 'dropStopwords', 'boilerplate'] as const;

function hasFingerprintOptions(o: OpenIndexOptions): boolean {
  return FINGERPRINT_OPTIONS.some((k) => o[k] !== undefined);
}

/** The fingerprint options alone (the store options are not the fingerprint's business). */
function fingerprintOptionsOf(o: OpenIndexOptions | FingerprintParams): FingerprintOptions {
  const out: Record<string, unknown> = {};
  for (const k of FINGERPRINT_OPTIONS) if ((o as FingerprintOptions)[k] !== undefined) out[k] = (o as FingerprintOptions)[k];
  return out as FingerprintOptions;
}

function describe(m: StoreMeta): string {
  const p = m.params;
  return `shingleSize ${p.shingleSize}, numPerm ${p.numPerm}, seed ${p.seed}, winnowWindow ${p.winnowWindow}, stem ${p.stem}, dropStopwords ${p.dropStopwords}, boilerplate ${p.boilerplate}, threshold ${m.threshold}`;
}

/** The fewest shared winnowed hashes that make a candidate under `candidateIds`' rule (at most 3). */
function minSharedFor(queryWinnowed: number, minContainment: number): number {
  for (let n = 1; n < 3; n++) if (n / Math.max(1, queryWinnowed) >= minContainment) return n;
  return 3;
}

/** A corpus index over a store; every method is async. Made by `openCorpusIndex`. */
export class StoredCorpusIndex {
  readonly kind = 'stored' as const;
  readonly params: FingerprintParams;
  readonly threshold: number;
  readonly minContainment: number;
  readonly maxDocFrequency: number;
  private readonly batchSize: number;
  private readonly workers: number;
  private pool?: WorkerPool;
  private readonly onProgress?: (done: number, total: number) => void;

  /** @internal use openCorpusIndex */
  constructor(
    readonly store: CorpusStore,
    private readonly meta: StoreMeta,
    private readonly lsh: LshIndex,
    opts: OpenIndexOptions,
  ) {
    this.params = meta.params;
    this.threshold = meta.threshold;
    this.minContainment = opts.minContainment ?? DEFAULT_INDEX.minContainment;
    this.maxDocFrequency = opts.maxDocFrequency ?? DEFAULT_INDEX.maxDocFrequency;
    this.batchSize = opts.batchSize ?? 500;
    this.workers = opts.workers ?? 1;
    if (opts.onProgress) this.onProgress = opts.onProgress;
  }

  /**
   * Adds documents in atomic batches (ids must be new). Returns how many were added. The work
   * is a pipeline of steps: while the store writes one step's documents, the next step's are
   * fingerprinted — on the worker threads when there are some (sent to them before this thread
   * writes: a SQLite write holds the thread), else by this thread while it awaits the store's
   * replies (Redis).
   */
  async add(docs: readonly Doc[]): Promise<number> {
    validateDocs(docs, 'CorpusIndex.add');
    // a store that writes batches together gets about its writeGroup documents at a time, each batch still committed whole
    const step = this.batchSize * (this.store.addBatches ? Math.max(1, Math.floor((this.store.writeGroup ?? 1) / this.batchSize)) : 1);
    // with worker threads, a short first step: the first write starts early and overlaps the next
    // step's fingerprinting, instead of a whole step fingerprinted with nothing written (batches stay whole)
    const ends = stepEnds(docs.length, this.workers > 1 ? Math.min(step, FIRST_STEP_BATCHES * this.batchSize) : step, step);
    let done = 0;
    let next: Promise<StoredEntry[]> | undefined = docs.length > 0 ? this.entriesOf(docs.slice(0, ends[0])) : undefined;
    try {
      for (let k = 0; k < ends.length; k++) {
        const entries: StoredEntry[] = await next!;
        const later = docs.slice(ends[k], ends[k + 1] ?? ends[k]);
        next = undefined;
        if (this.workers > 1 && later.length > 0) next = this.entriesOf(later);
        const writing = this.write(entries);
        if (this.workers === 1 && later.length > 0) next = this.entriesOf(later);
        await writing;
        done += entries.length;
        this.progress(done, docs.length);
      }
    } catch (e) {
      // the step fingerprinted ahead is not wanted any more: its failure is not this call's
      next?.catch(() => undefined);
      throw e;
    }
    return done;
  }

  /** Entries in batches of batchSize, each committed whole. */
  private async write(entries: readonly StoredEntry[]): Promise<void> {
    const batches: StoredEntry[][] = [];
    for (let i = 0; i < entries.length; i += this.batchSize) batches.push(entries.slice(i, i + this.batchSize));
    if (this.store.addBatches) return this.store.addBatches(batches);
    for (const b of batches) await this.store.add(b);
  }

  /**
   * Documents as store entries: on the worker threads when there are some (with the store's
   * record of each, e.g. Redis's compressed JSON, so that this thread only writes), else here
   * (the store then makes its records as it writes).
   */
  private async entriesOf(docs: readonly Doc[]): Promise<StoredEntry[]> {
    const parts = this.store.entryParts ?? { shingles: true };
    if (this.workers === 1) return docs.map((d) => entryOf(d, fingerprintAndShapes(d, this.params), this.lsh, { shingles: parts.shingles }));
    const tasks: { docs: Doc[] }[] = [];
    const size = Math.min(ENTRIES_TASK, Math.ceil(docs.length / this.workers));
    for (let i = 0; i < docs.length; i += size) tasks.push({ docs: docs.slice(i, i + size) });
    const packed = await (this.pool ??= new WorkerPool({ workers: this.workers })).run('storeEntries', tasks, { params: this.params, bands: this.lsh.bands, rows: this.lsh.rows, parts });
    return packed.flatMap((p, k) => unpackEntries(tasks[k]!.docs, p, this.lsh.bands, this.params.numPerm));
  }

  private progress(done: number, total: number): number {
    this.onProgress?.(done, total);
    return done;
  }


  /** Removes a document; in a SQLite index, its stored analysis results (analyze --db) go with it. */
  async remove(id: string): Promise<boolean> {
    const removed = await this.store.remove(id);
    if (removed && this.store instanceof SqliteStore) {
      const store = this.store;
      try {
        forgetDocument(store.database(), id);
      } catch (e) {
        throw storeError(`removing the analysis results of "${id}" from ${store.file} failed`, e);
      }
    }
    return removed;
  }

  has(id: string): Promise<boolean> {
    return this.store.has(id);
  }

  async get(id: string): Promise<Doc | undefined> {
    // only committed documents: a writer killed mid-batch may have left a record behind
    if (!(await this.store.has(id))) return undefined;
    return (await this.store.docs([id])).get(id);
  }

  size(): Promise<number> {
    return this.store.size();
  }

  ids(): Promise<string[]> {
    return this.store.ids();
  }

  async stats(): Promise<IndexStats> {
    const bytes = await this.store.byteSize();
    return { store: this.store.kind, documents: await this.store.size(), params: this.params, threshold: this.threshold, bands: this.meta.bands, rows: this.meta.rows, ...(bytes !== undefined ? { bytes } : {}) };
  }

  /** Documents sharing wording with `query`, verified exactly on their shingles, best first; the same answer from every store. */
  async query(query: Doc | string, opts: QueryOptions = {}): Promise<Match[]> {
    checkOptionNames(opts, QUERY_OPTION_NAMES, 'CorpusIndex.query');
    const q = queryDoc(query, 'CorpusIndex.query');
    const fp = fingerprintWith(q, this.params, false);
    // band hits whose signatures rule out the threshold are dropped by the store, before their ids are read (band-filter.ts)
    const filter = opts.allBandHits === true ? undefined : bandFilter(fp.signature, this.threshold);
    const { band, winnow } = await this.store.candidates(this.lsh.bandKeys(fp.signature), fp.winnowed, this.maxDocFrequency, minSharedFor(fp.winnowed.length, this.minContainment), filter);
    const cands = [...candidateIds(band, winnow, fp.winnowed.length, this.minContainment)].filter((id) => id !== q.id).sort();
    const shingles = await this.store.shingles(cands);
    const verified = verifyCandidates(fp, q.id, cands, (id) => shingles.get(id), this.minContainment, this.threshold).slice(0, opts.limit ?? 50);
    const docs = await this.store.docs(verified.map((v) => v.id));
    const out: Match[] = verified.filter((v) => docs.has(v.id)).map((v) => ({ ...v, doc: docs.get(v.id)! }));
    if (opts.passages) alignMatches(q.text, out, opts.align, this, 'CorpusIndex.query');
    return out;
  }

  /** @internal For each shape (shapes.ts), how many of its variants the stored documents hold (at most SHAPE_CAP; 0 from a store that keeps none). */
  async shapeVariants(shapes: Uint32Array): Promise<Uint8Array> {
    if (shapes.length === 0 || !this.store.shapeVariants) return new Uint8Array(shapes.length);
    return this.store.shapeVariants(shapes);
  }

  /**
   * @internal A match's text, prepared for alignment; the last 512 are kept (by id, checked
   * against the text), since a newsroom's drafts meet the same recent wire stories over and over.
   */
  alignTextOf(m: Match, boilerplate: boolean): AlignText {
    const key = `${boilerplate ? 1 : 0}${m.id}`;
    const hit = this.prepared.get(key);
    if (hit && hit.text === m.doc.text) return hit.prepared;
    const prepared = prepareAlignText(m.doc.text, boilerplate);
    this.prepared.delete(key);
    this.prepared.set(key, { text: m.doc.text, prepared });
    if (this.prepared.size > 512) this.prepared.delete(this.prepared.keys().next().value!);
    return prepared;
  }
  private readonly prepared = new Map<string, { text: string; prepared: AlignText }>();

  async close(): Promise<void> {
    await this.pool?.close();
    await this.store.close();
  }
}

/** Batches in the first step of an add on worker threads (the rest go by the store's write group). */
const FIRST_STEP_BATCHES = 4;

/** Where each step of an add of `n` documents ends: the first after `first`, then every `step`. */
function stepEnds(n: number, first: number, step: number): number[] {
  const ends: number[] = [];
  for (let e = Math.min(first, n); ends.length === 0 || ends[ends.length - 1]! < n; e = Math.min(e + step, n)) ends.push(e);
  return ends;
}
