import { createHash, randomBytes } from 'node:crypto';
import type { Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { shinglesOfText, type FingerprintParams } from '../sketch/fingerprint.js';
import { connect, isTransient, sleep, withTimeout, type RedisLike } from './redis-connect.js';
import { N_LIMIT, packRecords, packShapeCounts, scanRecords, shapeField, SHAPE_LOW, SHAPE_SHIFT, type PostingSource } from './redis-records.js';
import { batchShapeCounts, SHAPE_CAP, SHAPES_VERSION, shapesOfText } from './shapes.js';
import { keepBandHit, type BandFilter } from './band-filter.js';
import { documentOfRecord, documentRecord } from './entries.js';
import { redactCredentials, refuseExisting, type CorpusStore, type StoredEntry, type StoreMeta } from './store.js';

export { parseRedisUrl, type RedisLike } from './redis-connect.js';

export interface RedisStoreOptions {
  /** `redis://host:port/db`, `redis://host1:port1,host2:port2` for a Cluster, or a connected ioredis client (a `Redis` or a `Cluster`). */
  redis: string | RedisLike;
  /** Key prefix: several indexes can share one Redis. Default `wiretrace`. */
  prefix?: string;
  /** A command that takes longer fails with E_STORE instead of hanging. Default 5000 ms. */
  commandTimeout?: number;
  /**
   * How long `add` retries a batch through a failover (CLUSTERDOWN, TRYAGAIN, redirections,
   * dropped connections) before failing with E_STORE. Default 30000 ms.
   */
  retryFor?: number;
}

// The layout (see the class comment). Bucket sizes are fixed: they are part of the format.
/** Band postings: bucket of a band key = its top 10 bits; a record is (low 22 bits, n) in 6 bytes. */
const BAND_SHIFT = 22;
const BAND_LOW = (1 << BAND_SHIFT) - 1;
/** Winnowed postings: bucket of a hash = its top 18 bits; a record is (low 14 bits, n) in 5 bytes. */
const WIN_SHIFT = 14;
const WIN_LOW = (1 << WIN_SHIFT) - 1;
/** The parts a query reads of a winnowed bucket (GETRANGE from, to; whole records), each only if needed (see winnowPostings). */
const WIN_READS: readonly [number, number][] = [
  [0, 8_189],
  [8_190, 65_534],
  [65_535, -1],
];
/** id → n hashes: 16384 of them, small enough for Redis's compact encoding up to ~1,000,000 documents. */
const ID_SHARDS = 16384;
/** n → id hashes: 128 consecutive numbers each. */
const N_SHIFT = 7;
/**
 * Commands in flight at once while writing a batch. A command's timeout counts from when it is
 * sent, so the window bounds the work queued ahead of any one command: an append script costs
 * the server ~2 ms at 500,000 articles (it writes 256 buckets of a few KB, most of them
 * rewritten), so 256 of them are ~0.5 s of queue. (With 20,000, then 2,000, a loaded machine saw the last replies of a
 * write group come after the 5 s timeout, and again at every retry.)
 */
const WINDOW = 256;
/**
 * Commit bits read per BITFIELD command: a retried write group looks up all its 32,768 ids,
 * found from the failed attempt, which as one command is 98,304 arguments spread into a call.
 */
const BITS_PER_READ = 4096;
/** Documents per MSET on a standalone server. */
const MSET_DOCS = 64;
/**
 * Posting buckets are grouped (256 winnowed buckets, or 64 buckets of one band, a group) under
 * one hash tag, so that a batch appends to a whole group with one script call — the one
 * multi-key operation, hence the only hash tags. The groups' tags spread over the slots.
 */
const GROUP_SHIFT_WIN = 8;
const GROUP_SHIFT_BAND = 6;
// APPEND leaves up to as much again free when it must grow a string (Redis doubles it), so a
// bucket under 64 KB is never grown by APPEND: the script learns a bucket's allocation from
// MEMORY USAGE (nil: no bucket yet; exact for a string), and
// - under 2 KB rewrites it at its exact size (GET, join, SET: a copy of at most 2 KB);
// - from 2 KB to 64 KB appends in place when the records fit in the room the allocator's size
//   class left (MEMORY USAGE unchanged), else rewrites it at its exact size: the memory is the
//   rewrite's, to the byte. How often the records fit depends on the server: Redis 7.0 trims a
//   string SET with more than 10% of its length free, so the room is what is left of the top
//   tenth of a size class (a reviewer measured 36% of 150-byte appends and 52% of 30-byte ones in
//   place on 2–6 KB buckets); a rewrite costs ~2.3 µs of server CPU per KB of bucket (13.9 µs a
//   write at 4.8 KB, the winnowed buckets' size at 1,000,000 articles) against ~4 µs in place;
// - past 64 KB (a stock phrase's bucket) appends: a rewrite would copy it whole on every write.
// The size is never learnt by reading the bucket: a stock phrase's bucket (2 MB at 500,000
// articles) copied into the script by every write cost 10 ms a call (seen in SLOWLOG). A server
// that refuses MEMORY in scripts (an ACL without it, a renamed command, Redis 4's
// non-deterministic-command rule) gets APPEND_STRLEN instead (appendMany), the rule before this
// one: rewrite every bucket under 64 KB from its STRLEN.
const APPEND_MANY = `for i = 1, #KEYS do
  local k, v = KEYS[i], ARGV[i]
  local m = redis.call('MEMORY', 'USAGE', k)
  if not m then redis.call('SET', k, v)
  elseif m < 2048 then redis.call('SET', k, redis.call('GET', k) .. v)
  elseif m < 65536 then
    redis.call('APPEND', k, v)
    if redis.call('MEMORY', 'USAGE', k) > m then redis.call('SET', k, redis.call('GET', k)) end
  else redis.call('APPEND', k, v) end
end
return #KEYS`;
const APPEND_MANY_SHA = createHash('sha1').update(APPEND_MANY).digest('hex');
const APPEND_STRLEN = `for i = 1, #KEYS do
  local n = redis.call('STRLEN', KEYS[i])
  if n == 0 then redis.call('SET', KEYS[i], ARGV[i])
  elseif n < 65536 then redis.call('SET', KEYS[i], redis.call('GET', KEYS[i]) .. ARGV[i])
  else redis.call('APPEND', KEYS[i], ARGV[i]) end
end
return #KEYS`;
const APPEND_STRLEN_SHA = createHash('sha1').update(APPEND_STRLEN).digest('hex');
/**
 * HMGET and HSET over many small hashes in one call, for the id maps of a write (~0.9 commands
 * an article one by one: a command costs the client more than the server's work on such a
 * hash). ARGV holds, per key, its field count and then its fields (HMGET_MANY: the values come
 * back in order) or its fields and values (HSET_MANY). A standalone server only: the keys of a
 * call lie in any slot, so a Cluster keeps one command per hash.
 */
const HMGET_MANY = `local out, a = {}, 1
for i = 1, #KEYS do
  local c = tonumber(ARGV[a])
  local v = redis.call('HMGET', KEYS[i], unpack(ARGV, a + 1, a + c))
  for j = 1, c do out[#out + 1] = v[j] end
  a = a + c + 1
end
return out`;
const HMGET_MANY_SHA = createHash('sha1').update(HMGET_MANY).digest('hex');
const HSET_MANY = `local a = 1
for i = 1, #KEYS do
  local c = tonumber(ARGV[a])
  redis.call('HSET', KEYS[i], unpack(ARGV, a + 1, a + c))
  a = a + c + 1
end
return #KEYS`;
const HSET_MANY_SHA = createHash('sha1').update(HSET_MANY).digest('hex');
/**
 * Figure-shape counts (redis-records.ts has the layout), counted in (ARGV[1] = 1) or out (-1)
 * as ShapeCounts.apply does, SHAPE_CAP = ARGV[2]: per hash (KEYS[i]) one string of records
 * (ARGV[i + 2]: field 3 bytes, variant 4, count 4), a shape's together. A counted variant gets
 * the count added or taken; a new one is counted (adding) while the shape has fewer than
 * SHAPE_CAP; a variant at 0 or less is dropped, the shape's field too when none is left. One
 * script call is atomic, so writers at once give the counts one writer would. Many hashes a call
 * on a standalone server; one on a Cluster (the hashes spread over the slots, no hash tag).
 * Idempotent: ARGV[3] is the call's id (8 random bytes), and each hash keeps the ids of its last
 * 8 calls in field "o" (64 bytes: the hash stays listpack-encoded); a call whose id a hash holds
 * changes nothing there, so a call sent again — by the client after a lost reply, or by the
 * retry of the shape phase — is counted once. A hash left with only "o" is deleted.
 */
const SHAPES_APPLY = `local sign, cap, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
for i = 1, #KEYS do
  local k, recs, p = KEYS[i], ARGV[i + 3], 1
  local seen = redis.call('HGET', k, 'o') or ''
  for o = 1, #seen - 7, 8 do
    if string.sub(seen, o, o + 7) == id then p = #recs + 1 break end
  end
  local fresh = p <= #recs
  while p <= #recs do
    local f = string.sub(recs, p, p + 2)
    local cur = redis.call('HGET', k, f)
    local vs, cs = {}, {}
    if cur then
      for o = 1, #cur - 7, 8 do
        vs[#vs + 1] = string.sub(cur, o, o + 3)
        cs[#cs + 1] = struct.unpack('<I4', cur, o + 4)
      end
    end
    local changed = false
    while p <= #recs and string.sub(recs, p, p + 2) == f do
      local v, c = string.sub(recs, p + 3, p + 6), struct.unpack('<I4', recs, p + 7)
      p = p + 11
      local at = nil
      for j = 1, #vs do
        if vs[j] == v then at = j break end
      end
      if at then cs[at], changed = cs[at] + sign * c, true
      elseif sign > 0 and #vs < cap then vs[#vs + 1], cs[#cs + 1], changed = v, c, true end
    end
    if changed then
      local out = {}
      for j = 1, #vs do
        if cs[j] > 0 then out[#out + 1] = vs[j] .. struct.pack('<I4', cs[j]) end
      end
      if #out == 0 then redis.call('HDEL', k, f) else redis.call('HSET', k, f, table.concat(out)) end
    end
  end
  if fresh then
    seen = seen .. id
    if #seen > 64 then seen = string.sub(seen, #seen - 63) end
    redis.call('HSET', k, 'o', seen)
    if redis.call('HLEN', k) == 1 then redis.call('DEL', k) end
  end
end
return #KEYS`;
const SHAPES_APPLY_SHA = createHash('sha1').update(SHAPES_APPLY).digest('hex');
/** The variants counted of shapes: per hash its field count and fields (as HMGET_MANY), each answered by HSTRLEN (8 bytes a variant). */
const SHAPES_READ = `local out, a = {}, 1
for i = 1, #KEYS do
  local c = tonumber(ARGV[a])
  for j = 1, c do out[#out + 1] = redis.call('HSTRLEN', KEYS[i], ARGV[a + j]) end
  a = a + c + 1
end
return out`;
const SHAPES_READ_SHA = createHash('sha1').update(SHAPES_READ).digest('hex');
/** Hashes and arguments per HMGET_MANY or HSET_MANY call at most; fewer hashes than MANY_FROM go one command each. */
const HASHES_PER_CALL = 512;
const ARGS_PER_CALL = 8192;
const MANY_FROM = 32;

/** How a server says it will not run MEMORY in a script (before the script wrote anything: MEMORY is its first call). */
const MEMORY_REFUSED = /can't run this command|unknown (redis )?command|non deterministic|NOPERM/i;

type Client = RedisLike;
/** The committed-or-not bit of numbers. */
type Live = (n: number) => boolean;

/** The index of the first batch holding an id already committed or in an earlier batch of the list (-1: none). */
function firstRefused(batches: readonly (readonly StoredEntry[])[], there: ReadonlyMap<string, number>): number {
  const seen = new Set<string>();
  return batches.findIndex((b) => {
    const bad = b.some((e) => there.has(e.doc.id) || seen.has(e.doc.id));
    for (const e of b) seen.add(e.doc.id);
    return bad;
  });
}

type Recent = { doc: Doc; shingles?: Uint32Array };

/**
 * Runs commands with up to `limit` awaiting their replies, the next sent as soon as one is
 * answered: they go out pipelined by the client and the pipe never drains between windows.
 * The commands are taken from `cmds` as they are sent, so a lazy source makes each one's
 * arguments only then.
 */
async function inFlight(cmds: Iterable<() => Promise<unknown>>, limit: number): Promise<void> {
  const source = cmds[Symbol.iterator]();
  let failed = false;
  const lane = async (): Promise<void> => {
    try {
      for (;;) {
        if (failed) return; // checked before making the next command: a failed attempt builds no more
        const c = source.next();
        if (c.done) return;
        await c.value();
      }
    } catch (e) {
      failed = true; // the attempt has failed: send no more of it
      throw e;
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

/**
 * The sketches of a batch (numbers first, first + 1, …) as [n → s block, byte offset, bytes]
 * runs, one per block of 128 numbers: one SETRANGE writes a block's part of the batch.
 */
function sketchRuns(entries: readonly StoredEntry[], first: number): [number, number, Buffer][] {
  const out: [number, number, Buffer][] = [];
  const size = entries[0]?.sketch?.length ?? 0;
  if (size === 0 || entries.some((e) => e.sketch?.length !== size)) return out;
  for (let i = 0; i < entries.length; ) {
    const block = (first + i) >>> N_SHIFT;
    let j = i;
    while (j < entries.length && (first + j) >>> N_SHIFT === block) j++;
    out.push([block, ((first + i) & ((1 << N_SHIFT) - 1)) * size, Buffer.concat(entries.slice(i, j).map((e) => e.sketch!))]);
    i = j;
  }
  return out;
}

/**
 * Hashes with their fields in parts of at most HASHES_PER_CALL hashes and ARGS_PER_CALL fields
 * (an n → id hash holds 256 fields, and the arguments are spread into the call: ~60,000
 * overflow the stack inside ioredis).
 */
function callParts<T extends readonly [string, readonly string[]]>(hashes: readonly T[]): T[][] {
  const out: T[][] = [];
  let part: T[] = [];
  let args = 0;
  for (const h of hashes) {
    if (part.length > 0 && (part.length === HASHES_PER_CALL || args + h[1].length > ARGS_PER_CALL)) out.push(part), (part = []), (args = 0);
    part.push(h);
    args += h[1].length + 1;
  }
  if (part.length > 0) out.push(part);
  return out;
}

/** [keys, ARGV] of a HMGET_MANY / HSET_MANY call: per key its field count, then its fields. */
function manyArgs(part: readonly [string, readonly string[]][]): [string[], string[]] {
  const argv: string[] = [];
  for (const [, fields] of part) {
    argv.push(String(fields.length));
    for (const f of fields) argv.push(f);
  }
  return [part.map(([k]) => k), argv];
}

/** Appends a pair of values to the list under a key of a Map. */
function pushTo<K, V>(m: Map<K, V[]>, k: K, a: V, b: V): void {
  const l = m.get(k);
  if (l) l.push(a, b);
  else m.set(k, [a, b]);
}

/** Bytes as a Buffer (a view, not a copy). */
function asBuffer(a: Uint8Array): Buffer {
  return Buffer.isBuffer(a) ? a : Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** 2^k − 1 for k = 0…63, as the strings BITFIELD takes. */
const ONES = Array.from({ length: 64 }, (_, k) => ((BigInt(1) << BigInt(k)) - BigInt(1)).toString());

/**
 * BITFIELD arguments that set the bits of numbers first … first + count − 1 and no other: runs
 * of up to 63 ones (u63, the widest unsigned field), 4 arguments per 63 documents instead of per document.
 */
function setBits(first: number, count: number): (string | number)[] {
  const out: (string | number)[] = [];
  for (let o = 0; o < count; o += 63) {
    const k = Math.min(63, count - o);
    out.push('SET', `u${k}`, first + o, ONES[k]!);
  }
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A Redis store, lean enough for millions of articles and usable on a Redis Cluster. Each
 * document gets a number `n` (INCRBY on `<p>:seq`); the keys:
 * - `<p>:d:<n>` the document as compressed JSON (entries.ts: Brotli, or raw deflate in records
 *   written before; shingles are recomputed from the text);
 * - `<p>:i:<shard>` id → n and `<p>:n:<n/128>` n → id, small hashes Redis packs tightly;
 * - `<p>:b{…}:<bucket>` (per band) and `<p>:w{…}:<bucket>` postings as packed binary records
 *   (5–6 bytes a posting instead of a set member and a key each), appended by one script call
 *   per group of buckets: the only multi-key command, so the only keys with a hash tag;
 * - `<p>:s:<n/128>` the sketches (band-filter.ts) of 128 consecutive numbers, numPerm bytes each
 *   at (n mod 128) · numPerm, written with SETRANGE (a document without one reads as zeros);
 * - `<p>:live` a bitmap of committed numbers: a batch is committed by one BITFIELD command,
 *   so it becomes visible at once; a writer killed before it leaves records readers ignore;
 * - `<p>:f:<hash>` the figure-shape counts (shapes.ts; layout in redis-records.ts), written
 *   after the batches commit (writeShapes) and taken back by remove.
 * Removal takes the document's shape counts back (uncountShapes), then clears the bit and
 * deletes the document; its postings stay behind, ignored.
 */
export class RedisStore implements CorpusStore {
  readonly kind = 'redis' as const;
  private readonly r: Client;
  private readonly p: string;
  private readonly own: boolean;
  private readonly url: string;
  private ready?: Promise<void>;
  private lastError?: string;
  private params?: FingerprintParams;
  private readonly retryFor: number;
  /** The server refused MEMORY in the append script: APPEND_STRLEN is used instead. */
  private memoryRefused = false;

  constructor(opts: RedisStoreOptions) {
    this.p = opts.prefix ?? 'wiretrace';
    this.retryFor = opts.retryFor ?? 30_000;
    if (typeof opts.redis === 'string') {
      if (!/^rediss?:\/\//.test(opts.redis)) throw new WiretraceError('E_OPTIONS', 'CorpusIndex (redis)', `redis must be a redis:// URL (got "${redactCredentials(opts.redis)}")`);
      this.r = connect(opts.redis, opts.commandTimeout ?? 5000);
      this.own = true;
      // ioredis reports connection trouble as 'error' events (printed when unhandled): keep the last for our message
      this.r.on?.('error', (e) => {
        this.lastError = e.message;
      });
      this.url = redactCredentials(opts.redis);
    } else {
      this.r = opts.redis;
      this.own = false;
      this.url = 'the given client';
    }
  }

  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    if (this.own && this.r.connect && this.r.status === 'wait') this.ready ??= this.connectOnce();
    try {
      if (this.ready) await this.ready;
      return await f();
    } catch (e) {
      if (e instanceof WiretraceError) throw e;
      const msg = (e as Error)?.message ?? String(e);
      const why = this.lastError && this.lastError !== msg ? `${msg} (${this.lastError})` : msg;
      throw new WiretraceError('E_STORE', 'CorpusIndex (redis)', redactCredentials(`${what} at ${this.url} failed: ${why}`));
    }
  }

  /**
   * Connects our own client. A Cluster whose state is not ok never becomes ready: ioredis
   * retries, then ends the client without settling connect(), so the end is the failure here.
   */
  private connectOnce(): Promise<void> {
    return new Promise<void>((res, rej) => {
      this.r.once?.('end', () => rej(new Error(`no usable connection; the client gave up reconnecting${this.r.isCluster ? ' (is every slot served: cluster_state:ok?)' : ''}`)));
      this.r.connect!().then(res, rej);
    });
  }

  /** Where the index is, for messages: its key prefix and its URL, credentials hidden (or "the given client"). */
  get where(): string {
    return `the prefix "${this.p}" at ${this.url}`;
  }

  private k(...parts: (string | number)[]): string {
    return `${this.p}:${parts.join(':')}`;
  }
  private idKey(id: string): string {
    return this.k('i', fnv1a(id) % ID_SHARDS);
  }
  /** Band b's postings bucket for a band key: `<p>:b{b<band>.<group>}:<bucket>`. */
  private bandKey(b: number, key: number): { group: string; key: string } {
    const bucket = key >>> BAND_SHIFT;
    const group = `${this.p}:b{b${b}.${bucket >>> GROUP_SHIFT_BAND}}`;
    return { group, key: `${group}:${bucket}` };
  }
  /** The hash of figure-shape counts number `hash` (a shape's top 14 bits): `<p>:f:<hash>`. */
  private shapeKey(hash: number): string {
    return this.k('f', hash);
  }
  /** A winnowed hash's postings bucket: `<p>:w{w<group>}:<bucket>`. */
  private winKey(bucket: number): { group: string; key: string } {
    const group = `${this.p}:w{w${bucket >>> GROUP_SHIFT_WIN}}`;
    return { group, key: `${group}:${bucket}` };
  }

  async readMeta(): Promise<StoreMeta | undefined> {
    return this.call('reading the metadata', async () => {
      const v = await this.r.get(this.k('meta'));
      const meta = v === null ? undefined : (JSON.parse(v) as StoreMeta);
      if (meta) this.params = meta.params;
      return meta;
    });
  }

  async initMeta(meta: StoreMeta): Promise<StoreMeta> {
    await this.call('writing the metadata', () => this.r.set(this.k('meta'), JSON.stringify(meta), 'NX'));
    await this.call('marking the shape counts', () => this.markShapes());
    return (await this.readMeta())!;
  }

  /**
   * Marks whether the shape counts cover every document (`<p>:shapes` = SHAPES_VERSION) or not
   * (`incomplete`: an index that held documents before it counted shapes), as the SQLite store
   * does. Incomplete counts are neither kept nor read: every shape answers 0, the rule is off.
   */
  private async markShapes(): Promise<void> {
    if ((await this.r.get(this.k('shapes'))) !== null) return;
    const fresh = (await this.r.bitcount(this.k('live'))) === 0;
    await this.r.set(this.k('shapes'), fresh ? String(SHAPES_VERSION) : 'incomplete', 'NX');
  }

  /** Whether the shape counts are complete and of this version (markShapes); kept once known. */
  private async shapesCounted(): Promise<boolean> {
    if (this.countedShapes !== undefined) return this.countedShapes;
    const v = await this.r.get(this.k('shapes'));
    if (v !== null) this.countedShapes = v === String(SHAPES_VERSION);
    return v === String(SHAPES_VERSION);
  }
  private countedShapes: boolean | undefined;

  /** Committed-or-not bits for numbers, from one read of the bitmap. */
  private async liveBits(): Promise<Live> {
    const bits = (await this.r.getBuffer(this.k('live'))) ?? Buffer.alloc(0);
    return (n) => (n >>> 3 < bits.length ? (bits[n >>> 3]! & (0x80 >> (n & 7))) !== 0 : false);
  }

  /** The numbers of ids (undefined when unknown): one HMGET per shard, or per HASHES_PER_CALL shards on a standalone server. */
  private async numbersOf(ids: readonly string[]): Promise<Map<string, number>> {
    const byShard = new Map<string, string[]>();
    for (const id of ids) {
      const key = this.idKey(id);
      const l = byShard.get(key);
      if (l) l.push(id);
      else byShard.set(key, [id]);
    }
    const out = new Map<string, number>();
    const found = (list: readonly string[], ns: readonly (string | null)[], from = 0): void => list.forEach((id, i) => ns[from + i] != null && out.set(id, Number(ns[from + i])));
    if (this.many(byShard.size)) {
      await Promise.all(
        callParts([...byShard]).map(async (part) => {
          const ns = (await this.script(HMGET_MANY, HMGET_MANY_SHA, ...manyArgs(part))) as (string | null)[];
          let at = 0;
          for (const [, list] of part) found(list, ns, at), (at += list.length);
        }),
      );
      return out;
    }
    await Promise.all([...byShard].map(async ([key, list]) => found(list, await this.r.hmget(key, ...list))));
    return out;
  }

  /** Whether to reach `hashes` hashes by HMGET_MANY / HSET_MANY: on a standalone server, when there are many. */
  private many(hashes: number): boolean {
    return !this.r.isCluster && hashes >= MANY_FROM;
  }

  /** Ids of numbers, one HMGET per n → id hash. */
  private async idsOf(ns: readonly number[]): Promise<Map<number, string>> {
    const byKey = new Map<number, number[]>();
    for (const n of ns) {
      const l = byKey.get(n >>> N_SHIFT);
      if (l) l.push(n);
      else byKey.set(n >>> N_SHIFT, [n]);
    }
    const out = new Map<number, string>();
    await Promise.all(
      [...byKey].map(async ([b, list]) => {
        const ids = await this.r.hmget(this.k('n', b), ...list.map(String));
        list.forEach((n, i) => ids[i] != null && out.set(n, ids[i]!) && this.rememberNumber(ids[i]!, n));
      }),
    );
    return out;
  }

  /** Committed ids among `ids`, with their numbers. */
  private async committed(ids: readonly string[]): Promise<Map<string, number>> {
    const known = this.knownNumbers(ids);
    const unknown = ids.filter((id) => !known.has(id));
    const [found, bits] = await Promise.all([unknown.length ? this.numbersOf(unknown) : new Map<string, number>(), this.bitsOf([...known.values()])]);
    return this.keepCommitted(known, bits, found);
  }

  /** Numbers of ids learnt earlier (a query's candidates), to be checked against the commit bits. */
  private knownNumbers(ids: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const id of ids) if (this.numbers.has(id)) out.set(id, this.numbers.get(id)!);
    return out;
  }

  /** The commit bits of numbers, one BITFIELD command per 4,096 (not the whole bitmap: 125 KB at 1,000,000 documents). */
  private async bitsOf(ns: readonly number[]): Promise<number[]> {
    const parts: number[][] = [];
    for (let i = 0; i < ns.length; i += BITS_PER_READ) parts.push(ns.slice(i, i + BITS_PER_READ) as number[]);
    const read = await Promise.all(parts.map((p) => this.r.call('BITFIELD', [this.k('live'), ...p.flatMap((n) => ['GET', 'u1', n])]) as Promise<number[]>));
    return read.flat();
  }

  /**
   * The committed ids: known numbers whose bit is set, and the looked-up ones checked now. A
   * known number whose bit is clear was removed; its id may have been added again under a new
   * number, so it is looked up afresh.
   */
  private async keepCommitted(known: Map<string, number>, bits: number[], found: Map<string, number>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const again: string[] = [];
    [...known].forEach(([id, n], i) => (bits[i] === 1 ? out.set(id, n) : again.push(id)));
    for (const id of again) this.numbers.delete(id);
    const fresh = again.length ? await this.numbersOf(again) : new Map<string, number>();
    const looked = [...found, ...fresh];
    const lookedBits = await this.bitsOf(looked.map(([, n]) => n));
    looked.forEach(([id, n], i) => lookedBits[i] === 1 && out.set(id, n) && this.rememberNumber(id, n));
    return out;
  }

  async add(entries: readonly StoredEntry[]): Promise<void> {
    return this.addBatches([entries]);
  }

  /**
   * Documents given to addBatches at once (its batches still committed one by one): at 32,768 a
   * posting bucket takes about 30 records a write instead of one. Redis often rewrites a bucket it
   * appends to (exact sizes, for memory: APPEND_MANY), so its work per article grows with the size
   * of the postings over this number: at 8,192 it was ~0.5 ms per article at 500,000 articles.
   */
  readonly writeGroup = 32_768;
  /** Shingles are recomputed from the text; the documents' compressed JSON is made on the fingerprinting threads when there are some. */
  readonly entryParts = { shingles: false, record: 'compressed-json' } as const;

  /**
   * Adds batches in order, each committed on its own (whole or not at all) as `add` does, with
   * the records of all of them written together: a posting bucket is appended to once for the
   * lot instead of once a batch (an add costs mostly per bucket touched). A batch holding an id
   * already there is refused (E_INPUT) once the batches before it are committed.
   */

  async addBatches(batches: readonly (readonly StoredEntry[])[]): Promise<void> {
    const todo = batches.filter((b) => b.length > 0);
    if (todo.length === 0) return;
    // per attempt that wrote records, the first number of each batch: a commit may have gone through although its reply was lost
    const attempts: Map<number, number>[] = [];
    const done = new Set<number>();
    // the batches whose shape counts were sent (or begun): never sent again (see writeShapes)
    const shaped = new Set<number>();
    const deadline = Date.now() + this.retryFor;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call('adding documents', () => this.addOnce(todo, done, attempts, shaped));
      } catch (e) {
        // a failover, a resharding or a dropped connection: the batches not committed are written afresh (new numbers) once the cluster is whole again
        // (a client of ours that has given up reconnecting will not come back)
        if (!isTransient(e) || (this.own && this.r.status === 'end')) throw e;
        if (Date.now() >= deadline) throw this.gaveUp(e, attempt);
        await this.settle(attempt, deadline);
      }
    }
  }

  /**
   * One attempt: find what earlier attempts committed, refuse known ids, write the rest's records
   * together, commit batch by batch, then count the shapes of every committed batch whose shapes
   * were not sent yet.
   */
  private async addOnce(batches: readonly (readonly StoredEntry[])[], done: Set<number>, attempts: Map<number, number>[], shaped: Set<number>): Promise<void> {
    const open = batches.map((_, j) => j).filter((j) => !done.has(j));
    const there = await this.committed(open.flatMap((j) => batches[j]!.map((e) => e.doc.id)));
    const ours = (j: number, a: Map<number, number>): boolean => a.has(j) && batches[j]!.every((e, i) => there.get(e.doc.id) === a.get(j)! + i);
    for (const j of open) if (attempts.some((a) => ours(j, a))) done.add(j);
    const rest = open.filter((j) => !done.has(j));
    const bad = firstRefused(rest.map((j) => batches[j]!), there);
    const write = bad < 0 ? rest : rest.slice(0, bad);
    if (write.length > 0) await this.writeAndCommit(write, batches, attempts);
    await this.writeShapes([...done, ...write].filter((j) => !shaped.has(j)), batches, shaped);
    if (bad >= 0) refuseExisting(batches[rest[bad]!]!.map((e) => e.doc.id).filter((id) => there.has(id) || write.some((j) => batches[j]!.some((e) => e.doc.id === id))));
  }

  /** Numbers for the batches `js`, their records (pipelined), then one commit command per batch, in order. */
  private async writeAndCommit(js: readonly number[], batches: readonly (readonly StoredEntry[])[], attempts: Map<number, number>[]): Promise<void> {
    const entries = js.flatMap((j) => batches[j]!);
    const first = (await this.r.incrby(this.k('seq'), entries.length)) - entries.length + 1;
    if (first + entries.length > N_LIMIT) throw new WiretraceError('E_INPUT', 'CorpusIndex (redis)', `the index is full (${N_LIMIT - 1} document numbers used); make a new one`);
    const firsts = new Map<number, number>();
    let f = first;
    for (const j of js) firsts.set(j, f), (f += batches[j]!.length);
    attempts.push(firsts);
    await this.writeRecords(entries, first);
    await this.replicated();
    for (const j of js) await this.commit(firsts.get(j)!, batches[j]!.length);
    await this.replicated();
  }

  /**
   * A batch's commit: one command on one key, so the batch becomes visible at once. Its
   * arguments (4 per 63 documents) go as one array: spread, a batch of ~950,000 documents
   * overflowed the stack inside ioredis.
   */
  private commit(first: number, count: number): Promise<unknown> {
    return this.r.call('BITFIELD', [this.k('live'), ...setBits(first, count)]);
  }

  /** Waits before another attempt: a growing pause, then (on a Cluster) until the reachable nodes report cluster_state:ok. */
  private async settle(attempt: number, deadline: number): Promise<void> {
    await sleep(Math.min(200 * attempt, 1000));
    if (!this.r.isCluster) return;
    while (Date.now() < deadline && !(await this.clusterOk())) await sleep(250);
  }

  /** Whether every node that answers within a second reports cluster_state:ok (and one does). */
  private async clusterOk(): Promise<boolean> {
    const states = await Promise.all((this.r.nodes?.('all') ?? []).map((n) => withTimeout(n.call('CLUSTER', 'INFO'), 1000).then((v) => /cluster_state:ok/.test(String(v)), () => undefined)));
    const answered = states.filter((s) => s !== undefined);
    return answered.length > 0 && answered.every(Boolean);
  }

  /** The error after the last attempt: what was tried, for how long, and the last failure. */
  private gaveUp(e: unknown, attempts: number): WiretraceError {
    const why = (e as Error).message.replace(/^wiretrace: CorpusIndex \(redis\): /, '');
    return new WiretraceError('E_STORE', 'CorpusIndex (redis)', `adding a batch failed for ${this.retryFor / 1000} s (${attempts} attempts): ${why}. A batch is committed whole or not at all: has() tells which; add a missing one again`);
  }

  /**
   * Counts in the figure shapes of committed batches `js` (SHAPES_APPLY), pipelined. After the commit, never before: a writer that dies or
   * fails between the two leaves the batch's counts missing (the gate then raises an alarm it
   * could have spared), never counts of a batch that is not there. The batches are marked sent
   * before the first call goes out, and a retry of the add (a failover, a dropped connection)
   * does not send them again: a call whose reply was lost may have been applied, and counting it
   * twice would inflate the counts (the gate would then spare an alarm it should raise). So a
   * retry counts only the batches committed by an earlier attempt that failed before this point.
   */
  private async writeShapes(js: readonly number[], batches: readonly (readonly StoredEntry[])[], shaped: Set<number>): Promise<void> {
    if (js.length === 0 || !(await this.shapesCounted())) return;
    for (const j of js) shaped.add(j);
    const counts = batchShapeCounts(js.flatMap((j) => batches[j]!.map((e) => e.shapes)));
    await this.applyShapes(counts, 1);
  }

  /** Counts shapes in (1) or out (-1): one SHAPES_APPLY call per HASHES_PER_CALL hashes standalone, per hash on a Cluster, pipelined. */
  private async applyShapes(counts: ReadonlyMap<number, ReadonlyMap<number, number>>, sign: 1 | -1): Promise<void> {
    if (counts.size === 0) return;
    const groups = packShapeCounts(counts, (h) => this.shapeKey(h), this.r.isCluster ? 1 : HASHES_PER_CALL);
    const head = [String(sign), String(SHAPE_CAP)];
    // each call's id made once: sending a call again (the client after a lost reply, or the
    // attempts below) is counted once (SHAPES_APPLY), so the phase is retried whole
    const calls = groups.map(([keys, recs]) => {
      const id = randomBytes(8);
      return () => this.script(SHAPES_APPLY, SHAPES_APPLY_SHA, keys, [...head, id, ...recs]);
    });
    const deadline = Date.now() + this.retryFor;
    for (let attempt = 1; ; attempt++) {
      try {
        await inFlight(calls, WINDOW);
        return;
      } catch (e) {
        if (Date.now() >= deadline) throw e;
        await this.settle(attempt, deadline);
      }
    }
  }

  /**
   * For each shape, how many variants are counted (0 to SHAPE_CAP): one SHAPES_READ call on a
   * standalone server (a few if there are very many shapes), one per hash (one slot) on a
   * Cluster, all sent at once.
   */
  async shapeVariants(shapes: Uint32Array): Promise<Uint8Array> {
    return this.call('reading shape counts', async () => {
      const out = new Uint8Array(shapes.length);
      if (!(await this.shapesCounted())) return out;
      // per hash, its fields, each with the positions of the shapes asking for it
      const byHash = new Map<number, Map<number, number[]>>();
      shapes.forEach((s, i) => {
        const fields = byHash.get(s >>> SHAPE_SHIFT) ?? new Map<number, number[]>();
        byHash.set(s >>> SHAPE_SHIFT, fields);
        const at = fields.get(s & SHAPE_LOW);
        if (at) at.push(i);
        else fields.set(s & SHAPE_LOW, [i]);
      });
      const calls = this.shapeReadCalls([...byHash].sort((x, y) => x[0] - y[0]));
      await Promise.all(calls.map(async (part) => {
        const argv: Buffer[] = [];
        for (const [, fields] of part) argv.push(Buffer.from(String(fields.size)), ...[...fields.keys()].map(shapeField));
        const lens = (await this.script(SHAPES_READ, SHAPES_READ_SHA, part.map(([hash]) => this.shapeKey(hash)), argv)) as number[];
        let k = 0;
        for (const [, fields] of part) {
          for (const at of fields.values()) {
            const variants = Math.min(SHAPE_CAP, Math.floor(Number(lens[k++]) / 8));
            for (const i of at) out[i] = variants;
          }
        }
      }));
      return out;
    });
  }

  /** A read's hashes in calls: on a Cluster one per hash (one slot); standalone in parts of at most HASHES_PER_CALL hashes and ARGS_PER_CALL fields. */
  private shapeReadCalls(hashes: readonly [number, Map<number, number[]>][]): [number, Map<number, number[]>][][] {
    const out: [number, Map<number, number[]>][][] = [];
    let part: [number, Map<number, number[]>][] = [];
    let args = 0;
    for (const h of hashes) {
      const full = part.length === HASHES_PER_CALL || args + h[1].size + 1 > ARGS_PER_CALL;
      if (part.length > 0 && (full || this.r.isCluster === true)) out.push(part), (part = []), (args = 0);
      part.push(h);
      args += h[1].size + 1;
    }
    if (part.length > 0) out.push(part);
    return out;
  }

  /** Every record of a batch but the commit bit: documents, id maps and postings, pipelined. */
  private async writeRecords(entries: readonly StoredEntry[], first: number): Promise<void> {
    // the postings are sorted before anything is sent (see packRecords)
    await inFlight(this.recordWrites(entries, first, this.postingGroups(entries, first)), WINDOW);
  }

  /** The commands of writeRecords, each made as it is sent. */
  private *recordWrites(entries: readonly StoredEntry[], first: number, postings: readonly Iterable<[string[], Buffer[]]>[]): Generator<() => Promise<unknown>> {
    const names = new Map<number, string[]>();
    const ids = new Map<string, string[]>();
    entries.forEach((e, i) => {
      const n = first + i;
      pushTo(ids, this.idKey(e.doc.id), e.doc.id, String(n));
      pushTo(names, n >>> N_SHIFT, String(n), e.doc.id);
    });
    yield* this.docWrites(entries.map((e) => (e.record ? asBuffer(e.record) : documentRecord(e.doc))), first);
    yield* this.hashWrites([...ids, ...[...names].map(([b, fields]): [string, string[]] => [this.k('n', b), fields])]);
    for (const [b, offset, bytes] of sketchRuns(entries, first)) yield () => this.r.setrange(this.k('s', b), offset, bytes);
    for (const groups of postings) for (const [keys, values] of groups) yield () => this.appendMany(keys, values);
  }

  /** HSETs of the id maps: one per hash, or one HSET_MANY per HASHES_PER_CALL hashes on a standalone server. */
  private hashWrites(hashes: readonly [string, string[]][]): (() => Promise<unknown>)[] {
    if (!this.many(hashes.length)) return hashes.map(([key, fields]) => () => this.r.hset(key, ...fields));
    return callParts(hashes).map((part) => () => this.script(HSET_MANY, HSET_MANY_SHA, ...manyArgs(part)));
  }

  /**
   * The documents' SETs: one MSET per 64 documents on a standalone server; one SET each on a
   * Cluster, whose keys spread over the slots (an MSET must stay within one), or with a client
   * that has no `mset`.
   */
  private docWrites(docs: readonly Buffer[], first: number): (() => Promise<unknown>)[] {
    const mset = this.r.mset?.bind(this.r);
    if (this.r.isCluster || !mset) return docs.map((d, i) => () => this.r.set(this.k('d', first + i), d));
    const out: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < docs.length; i += MSET_DOCS) {
      const args = docs.slice(i, i + MSET_DOCS).flatMap((d, j) => [this.k('d', first + i + j), d]);
      out.push(() => mset(...args));
    }
    return out;
  }

  /**
   * Appends each value to its bucket with the append script (APPEND_MANY); on a server that
   * refuses MEMORY in scripts, with APPEND_STRLEN from then on (the refused call wrote nothing).
   */
  private async appendMany(keys: string[], values: Buffer[]): Promise<unknown> {
    if (!this.memoryRefused) {
      try {
        return await this.script(APPEND_MANY, APPEND_MANY_SHA, keys, values);
      } catch (e) {
        if (!MEMORY_REFUSED.test((e as Error)?.message ?? '')) throw e;
        this.memoryRefused = true;
      }
    }
    return this.script(APPEND_STRLEN, APPEND_STRLEN_SHA, keys, values);
  }

  /** A script by its SHA (the text is sent only to a node that does not know it yet). */
  private async script(text: string, sha: string, keys: string[], values: (string | Buffer)[]): Promise<unknown> {
    try {
      return await this.r.evalsha(sha, keys.length, ...keys, ...values);
    } catch (e) {
      if (!/NOSCRIPT/.test((e as Error)?.message ?? '')) throw e;
      return this.r.eval(text, keys.length, ...keys, ...values);
    }
  }


  /**
   * The batch's postings as packed records, one [bucket keys, record runs] per group of
   * buckets: the postings are counting-sorted by bucket into one buffer, so each bucket's
   * records are one slice, in document-number order.
   */
  private postingGroups(entries: readonly StoredEntry[], first: number): Iterable<[string[], Buffer[]]>[] {
    const bands = entries[0]?.bandKeys.length ?? 0;
    // bands: bucket id = band * 1024 + top 10 bits of the band key (a group: 64 buckets of one band); 6-byte records
    const band: PostingSource = (visit) => {
      for (let i = 0; i < entries.length; i++) {
        const keys = entries[i]!.bandKeys;
        for (let b = 0; b < keys.length; b++) visit(b * 1024 + (keys[b]! >>> BAND_SHIFT), keys[b]! & BAND_LOW, first + i);
      }
    };
    const bandGroups = packRecords(band, bands * 1024, 6, GROUP_SHIFT_BAND, (id) => this.bandKey(id >>> 10, (id & 1023) << BAND_SHIFT).key);
    // winnowed: bucket id = top 18 bits of the hash; 5-byte records
    const win: PostingSource = (visit) => {
      for (let i = 0; i < entries.length; i++) {
        const hs = entries[i]!.winnowed;
        for (let j = 0; j < hs.length; j++) visit(hs[j]! >>> WIN_SHIFT, hs[j]! & WIN_LOW, first + i);
      }
    };
    return [bandGroups, packRecords(win, 1 << (32 - WIN_SHIFT), 5, GROUP_SHIFT_WIN, (id) => this.winKey(id).key)];
  }

  /** On a Cluster with replicas: waits until every master has passed its writes to a replica, so a failover loses none. */
  private async replicated(): Promise<void> {
    if (!this.r.isCluster || !this.r.nodes) return;
    await Promise.all(
      this.r.nodes('master').map(async (m) => {
        // ROLE lists a master's replicas: one without (after a failover) is not waited for
        const role = (await m.call('ROLE')) as [string, number, unknown[]];
        if (role[0] !== 'master' || role[2].length === 0 || !m.wait) return;
        // a write no replica has acknowledged could be lost by a failover: the attempt fails, and is made again
        if ((await m.wait(1, 2000)) < 1) throw new Error('writes not on a replica within 2 s');
      }),
    );
  }

  async remove(id: string): Promise<boolean> {
    return this.call('removing a document', async () => {
      this.numbers.delete(id);
      const n = (await this.numbersOf([id])).get(id);
      if (n === undefined) return false;
      if ((await this.bitsOf([n]))[0] !== 1) return false;
      await this.uncountShapes(n);
      // clearing the bit is the removal (BITFIELD returns the old bit: two removers cannot both succeed)
      const [old] = (await this.r.call('BITFIELD', this.k('live'), 'SET', 'u1', n, 0)) as number[];
      if (old !== 1) return false;
      await Promise.all([this.r.hdel(this.idKey(id), id), this.r.hdel(this.k('n', n >>> N_SHIFT), String(n)), this.r.del(this.k('d', n))]);
      await this.replicated();
      return true;
    });
  }

  /**
   * Takes a committed document's figure shapes back out of the counts, re-derived from its stored
   * text (shapesOfText, as the entry's were made), before its bit is cleared, and waits for the
   * replicas: a remover that dies or fails after this point, or a failover that loses the
   * clearing, leaves a document whose counts are gone, and two removers at once both take them
   * out; either way a count is missing (the gate raises an alarm it could have spared), never
   * inflated, as it would be if the bit were cleared first and the decrement then lost.
   */
  private async uncountShapes(n: number): Promise<void> {
    const record = await this.r.getBuffer(this.k('d', n));
    if (!record || !this.params || !(await this.shapesCounted())) return;
    await this.applyShapes(batchShapeCounts([shapesOfText(documentOfRecord(record).text, this.params)]), -1);
    await this.replicated();
  }

  async has(id: string): Promise<boolean> {
    return this.call('reading', async () => (await this.committed([id])).has(id));
  }

  async size(): Promise<number> {
    return this.call('counting', () => this.r.bitcount(this.k('live')));
  }

  async candidates(bandKeys: Uint32Array, winnowed: Uint32Array, maxDf: number, minShared = 1, filter?: BandFilter): Promise<{ band: Set<string>; winnow: Map<string, number> }> {
    return this.call('querying', async () => {
      const liveRead = this.liveBits();
      const [live, bandNs, perHash] = await Promise.all([liveRead, this.bandPostings(bandKeys), this.winnowPostings(winnowed, liveRead, maxDf)]);
      let band = new Set<number>([...bandNs].filter(live));
      const counts = new Map<number, number>();
      for (const ns of perHash.values()) for (const n of ns) counts.set(n, (counts.get(n) ?? 0) + 1);
      // ids only for the numbers that can be candidates: a round trip per 128 numbers, not per posting
      for (const [n, c] of counts) if (c < minShared) counts.delete(n);
      // band hits that are not winnowed candidates: their sketches first, so that a dropped one's id is never read
      if (filter) {
        const unsure = [...band].filter((n) => !counts.has(n));
        const passed = await this.passing(unsure, filter);
        band = new Set([...band].filter((n) => counts.has(n) || passed.has(n)));
      }
      const names = await this.idsOf([...new Set([...band, ...counts.keys()])]);
      const winnow = new Map<string, number>();
      for (const [n, c] of counts) if (names.has(n)) winnow.set(names.get(n)!, c);
      return { band: new Set([...band].filter((n) => names.has(n)).map((n) => names.get(n)!)), winnow };
    });
  }

  /** Numbers sharing a band key with the query (committed or not). */
  private async bandPostings(bandKeys: Uint32Array): Promise<Set<number>> {
    const lists = await Promise.all(Array.from(bandKeys, (key, b) => this.r.getBuffer(this.bandKey(b, key).key)));
    const out = new Set<number>();
    lists.forEach((buf, b) => buf && scanRecords(buf, 6, bandKeys[b]! & BAND_LOW, (n) => !!out.add(n)));
    return out;
  }

  /**
   * For each winnowed hash of the query that is not a stock phrase (in more than maxDf committed
   * documents), the committed documents holding it. A bucket is read in parts (WIN_READS): the
   * first 8 KB (the whole of half the buckets a query wants), then the rest of the first 64 KB,
   * then the rest, each only while a wanted hash of it is undecided: not yet seen in more than
   * maxDf committed documents (a stock phrase, whose posting list grows with the corpus and
   * fills most of its bucket) and the bucket not read to its end. (Reading the first 64 KB of
   * every bucket at once sent ~5 MB a draft at 1,000,000 articles.)
   */
  private async winnowPostings(winnowed: Uint32Array, liveRead: Promise<Live>, maxDf: number): Promise<Map<number, number[]>> {
    const open = new Map<number, Map<number, number[]>>();
    for (const h of winnowed) {
      const lows = open.get(h >>> WIN_SHIFT) ?? new Map<number, number[]>();
      open.set(h >>> WIN_SHIFT, lows.set(h & WIN_LOW, []));
    }
    const out = new Map<number, number[]>();
    for (const [from, to] of WIN_READS) {
      const buckets = [...open.keys()];
      const [live, parts] = await Promise.all([liveRead, Promise.all(buckets.map((b) => this.r.getrangeBuffer(this.winKey(b).key, from, to)))]);
      buckets.forEach((b, i) => {
        const lows = open.get(b)!;
        const buf = parts[i]!;
        for (const [low, ns] of lows) {
          scanRecords(buf, 5, low, (n) => !live(n) || ns.push(n) <= maxDf);
          if (ns.length > maxDf) lows.delete(low); // a stock phrase
        }
        // read to its end: the hashes left are decided
        const end = to < 0 || buf.length < to - from + 1;
        if (end) for (const [low, ns] of lows) out.set(((b << WIN_SHIFT) | low) >>> 0, ns);
        if (end || lows.size === 0) open.delete(b);
      });
      if (open.size === 0) break;
    }
    return out;
  }

  async shingles(ids: readonly string[]): Promise<Map<string, Uint32Array>> {
    const p = this.params;
    if (!p) throw new WiretraceError('E_STORE', 'CorpusIndex (redis)', 'the index has no metadata yet');
    const out = new Map<string, Uint32Array>();
    for (const [id, e] of await this.entries(ids, 'reading shingles')) {
      // not stored (they would add half again to a document's bytes): recomputed from the text, exactly as they were made, and kept while the document is
      e.shingles ??= shinglesOfText(e.doc.text, p);
      out.set(id, e.shingles);
    }
    return out;
  }

  /** The numbers among `ns` whose sketches pass the filter (or that have none), one GETRANGE each, pipelined; a number written without a sketch reads as zeros. */
  private async passing(ns: readonly number[], filter: BandFilter): Promise<Set<number>> {
    const size = filter.sketch.length;
    const low = (n: number): number => n & ((1 << N_SHIFT) - 1);
    const bufs = await Promise.all(ns.map((n) => this.r.getrangeBuffer(this.k('s', n >>> N_SHIFT), low(n) * size, (low(n) + 1) * size - 1)));
    const out = new Set<number>();
    ns.forEach((n, i) => {
      const b = bufs[i];
      const none = !b || b.length !== size || b.every((x) => x === 0);
      if (keepBandHit(filter.sketch, none ? undefined : b, filter.min)) out.add(n);
    });
    return out;
  }

  async docs(ids: readonly string[]): Promise<Map<string, Doc>> {
    const out = new Map<string, Doc>();
    for (const [id, e] of await this.entries(ids, 'reading documents')) out.set(id, { ...e.doc });
    return out;
  }

  /**
   * Committed documents by id, from the cache or read (one GET each) and inflated. The documents
   * of known numbers are read in the same round trip as their commit bits.
   */
  private entries(ids: readonly string[], what: string): Promise<Map<string, Recent>> {
    return this.call(what, async () => {
      const known = this.knownNumbers(ids);
      const early = [...known.values()].filter((n) => !this.recent.has(n));
      const [nums] = await Promise.all([this.committed(ids), this.readDocs(early)]);
      await this.readDocs([...nums.values()].filter((n) => !this.recent.has(n)));
      const out = new Map<string, Recent>();
      for (const [id, n] of nums) if (this.recent.has(n)) out.set(id, this.recent.get(n)!);
      return out;
    });
  }

  /** Reads and inflates documents into the recent cache (a removed one is simply not there). */
  private async readDocs(ns: readonly number[]): Promise<void> {
    const bufs = await Promise.all(ns.map((n) => this.r.getBuffer(this.k('d', n))));
    ns.forEach((n, i) => bufs[i] && this.remember(n, { doc: documentOfRecord(bufs[i]!) }));
  }

  /**
   * Documents read lately (and their shingles once computed), by number: a number is never
   * reused, so an entry cannot go stale, and a removed document is left out by the committed
   * check first. A query reads its candidates for verification and then the matches again, and
   * a newsroom's drafts meet the same recent wire stories over and over.
   */
  private readonly recent = new Map<number, Recent>();
  /** Numbers of ids seen lately (65,536 at most): a query's candidates need no id → number lookup. */
  private readonly numbers = new Map<string, number>();
  private rememberNumber(id: string, n: number): boolean {
    this.numbers.set(id, n);
    if (this.numbers.size > 65_536) this.numbers.delete(this.numbers.keys().next().value!);
    return true;
  }
  private remember(n: number, e: Recent): void {
    this.recent.set(n, e);
    if (this.recent.size > 2048) this.recent.delete(this.recent.keys().next().value!);
  }

  async ids(): Promise<string[]> {
    return this.call('listing', async () => {
      const live = await this.liveBits();
      const out: string[] = [];
      for (let s = 0; s < ID_SHARDS; s += 512) {
        const lists = await Promise.all(Array.from({ length: 512 }, (_, j) => this.fieldsOf(this.k('i', s + j))));
        for (const l of lists) for (let i = 0; i < l.length; i += 2) if (live(Number(l[i + 1]))) out.push(l[i]!);
      }
      return out.sort();
    });
  }

  /** A hash as a flat [field, value, …] list (HSCAN: no plain object keyed by ids). */
  private async fieldsOf(key: string): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, l] = await this.r.hscan(key, cursor, 'COUNT', 1000);
      for (const x of l) out.push(x);
      cursor = next;
    } while (cursor !== '0');
    return out;
  }

  async byteSize(): Promise<number | undefined> {
    return undefined;
  }

  async close(): Promise<void> {
    if (!this.own) return;
    try {
      if (this.r.status === 'ready') await this.r.quit();
      else this.r.disconnect();
    } catch {
      this.r.disconnect();
    }
  }
}
