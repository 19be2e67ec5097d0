import { createRequire } from 'node:module';
import type { Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { bufferToU32, redactCredentials, refuseExisting, u32ToBuffer, type CorpusStore, type StoredEntry, type StoreMeta } from './store.js';

/** The part of an ioredis client (Redis or Cluster) the store uses. */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, nx: 'NX'): Promise<unknown>;
  smismember(key: string, ...members: string[]): Promise<number[]>;
  sismember(key: string, member: string): Promise<number>;
  sadd(key: string, ...members: (string | Buffer)[]): Promise<number>;
  srem(key: string, ...members: string[]): Promise<number>;
  smembers(key: string): Promise<string[]>;
  scard(key: string): Promise<number>;
  hset(key: string, data: Record<string, string | Buffer>): Promise<number>;
  hgetBuffer(key: string, field: string): Promise<Buffer | null>;
  hmgetBuffer(key: string, ...fields: string[]): Promise<(Buffer | null)[]>;
  del(...keys: string[]): Promise<number>;
  eval?(script: string, numKeys: number, ...args: (string | Buffer | number)[]): Promise<unknown>;
  isCluster?: boolean;
  quit(): Promise<unknown>;
  disconnect(): void;
  connect?(): Promise<void>;
  on?(event: 'error', f: (e: Error) => void): unknown;
  status?: string;
}

export interface RedisStoreOptions {
  /** `redis://host:port/db`, or a connected ioredis client (a `Redis` or a `Cluster`). */
  redis: string | RedisLike;
  /** Key prefix: several indexes can share one Redis. Default `wiretrace`. */
  prefix?: string;
  /** A command that takes longer fails with E_STORE instead of hanging. Default 5000 ms. */
  commandTimeout?: number;
  /** Use Lua scripts (one round trip per document) on a standalone Redis. Default true; never on a Cluster. */
  scripts?: boolean;
}

// KEYS[1] the document hash, KEYS[2..] its posting sets; ARGV: id, doc JSON, shingles, winnowed, band keys
const WRITE_DOC = `redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'shingles', ARGV[3], 'winnowed', ARGV[4], 'bandkeys', ARGV[5])
for i = 2, #KEYS do redis.call('SADD', KEYS[i], ARGV[1]) end
return #KEYS`;
// KEYS: band keys then winnowed keys; ARGV[1] the number of band keys, ARGV[2] maxDf.
// A winnowed key with more members than maxDf comes back as {'#<size>'}.
const READ_POSTINGS = `local out = {}
local nb = tonumber(ARGV[1])
local maxdf = tonumber(ARGV[2])
for i = 1, #KEYS do
  if i > nb then
    local n = redis.call('SCARD', KEYS[i])
    if n > maxdf then out[i] = {'#' .. n} else out[i] = redis.call('SMEMBERS', KEYS[i]) end
  else
    out[i] = redis.call('SMEMBERS', KEYS[i])
  end
end
return out`;

function connect(url: string, commandTimeout: number): RedisLike {
  let mod: { Redis?: new (url: string, o: object) => RedisLike; default?: new (url: string, o: object) => RedisLike };
  try {
    mod = createRequire(import.meta.url)('ioredis') as typeof mod;
  } catch (e) {
    throw new WiretraceError('E_DEPENDENCY', 'CorpusIndex (redis)', `the Redis store needs the ioredis package: npm install ioredis (${(e as Error).message.split('\n')[0]})`);
  }
  const Redis = (mod.Redis ?? mod.default)!;
  return new Redis(url, {
    lazyConnect: true,
    // fail fast when the server is gone: no offline queue, one retry, bounded reconnects
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    commandTimeout,
    enableAutoPipelining: true,
    retryStrategy: (times: number) => (times > 3 ? null : 200 * times),
  });
}

/**
 * A Redis store: LSH bands and winnowed hashes are keys (`<prefix>:b:<band>:<key>`,
 * `<prefix>:w:<hash>`, sets of ids), so many processes and machines share one index. No
 * command spans two keys except on the single `<prefix>:ids` key, so the layout works on a
 * Redis Cluster. A batch is committed by one SADD of its ids to `<prefix>:ids`, written last:
 * a writer killed mid-batch leaves postings that readers ignore, never a half-visible batch.
 */
export class RedisStore implements CorpusStore {
  readonly kind = 'redis' as const;
  private readonly r: RedisLike;
  private readonly p: string;
  private readonly own: boolean;
  private ready?: Promise<void>;

  constructor(opts: RedisStoreOptions) {
    this.p = opts.prefix ?? 'wiretrace';
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
    this.scripts = typeof this.r.eval === 'function' && !this.r.isCluster && opts.scripts !== false;
  }
  private readonly url: string;
  private lastError?: string;
  /** Server-side scripts for one round trip per document (standalone Redis); per-key commands on a Cluster. */
  private readonly scripts: boolean;

  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    if (this.own && this.r.connect && this.r.status === 'wait') this.ready ??= this.r.connect();
    try {
      if (this.ready) await this.ready;
      return await f();
    } catch (e) {
      if (e instanceof WiretraceError) throw e;
      const why = this.lastError && this.lastError !== (e as Error).message ? `${(e as Error).message} (${this.lastError})` : (e as Error).message;
      throw new WiretraceError('E_STORE', 'CorpusIndex (redis)', redactCredentials(`${what} at ${this.url} failed: ${why}`));
    }
  }

  private k(...parts: (string | number)[]): string {
    return `${this.p}:${parts.join(':')}`;
  }

  async readMeta(): Promise<StoreMeta | undefined> {
    return this.call('reading the metadata', async () => {
      const v = await this.r.get(this.k('meta'));
      return v === null ? undefined : (JSON.parse(v) as StoreMeta);
    });
  }

  async initMeta(meta: StoreMeta): Promise<StoreMeta> {
    await this.call('writing the metadata', () => this.r.set(this.k('meta'), JSON.stringify(meta), 'NX'));
    return (await this.readMeta())!;
  }

  async add(entries: readonly StoredEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.call('adding documents', async () => {
      const ids = entries.map((e) => e.doc.id);
      const there = await this.r.smismember(this.k('ids'), ...ids);
      refuseExisting(ids.filter((_, i) => there[i] === 1));
      const writes: Promise<unknown>[] = [];
      for (const e of entries) {
        const id = e.doc.id;
        const fields = { doc: JSON.stringify(e.doc), shingles: u32ToBuffer(e.shingles), winnowed: u32ToBuffer(e.winnowed), bandkeys: u32ToBuffer(e.bandKeys) };
        const keys = [...Array.from(e.bandKeys, (key, b) => this.k('b', b, key)), ...Array.from(e.winnowed, (h) => this.k('w', h))];
        if (this.scripts) {
          // one round trip per document instead of one per posting (a cluster cannot run it: its keys span slots)
          writes.push(this.r.eval!(WRITE_DOC, keys.length + 1, this.k('doc', id), ...keys, id, fields.doc, fields.shingles, fields.winnowed, fields.bandkeys));
        } else {
          writes.push(this.r.hset(this.k('doc', id), fields));
          for (const key of keys) writes.push(this.r.sadd(key, id));
        }
      }
      await Promise.all(writes);
      // the commit: one command, so the batch becomes visible at once
      await this.r.sadd(this.k('ids'), ...ids);
    });
  }

  async remove(id: string): Promise<boolean> {
    return this.call('removing a document', async () => {
      const was = await this.r.srem(this.k('ids'), id);
      if (was === 0) return false;
      const [win, bands] = await this.r.hmgetBuffer(this.k('doc', id), 'winnowed', 'bandkeys');
      const writes: Promise<unknown>[] = [];
      if (bands) bufferToU32(bands).forEach((key, b) => writes.push(this.r.srem(this.k('b', b, key), id)));
      if (win) for (const h of bufferToU32(win)) writes.push(this.r.srem(this.k('w', h), id));
      await Promise.all(writes);
      await this.r.del(this.k('doc', id));
      return true;
    });
  }

  async has(id: string): Promise<boolean> {
    return this.call('reading', async () => (await this.r.sismember(this.k('ids'), id)) === 1);
  }

  async size(): Promise<number> {
    return this.call('counting', () => this.r.scard(this.k('ids')));
  }

  async candidates(bandKeys: Uint32Array, winnowed: Uint32Array, maxDf: number): Promise<{ band: Set<string>; winnow: Map<string, number> }> {
    return this.call('querying', async () => {
      const bKeys = Array.from(bandKeys, (key, b) => this.k('b', b, key));
      const wKeys = Array.from(winnowed, (h) => this.k('w', h));
      let bandLists: string[][];
      // null: a stock winnowed hash, in more than maxDf documents
      let winLists: (string[] | null)[];
      if (this.scripts) {
        // one round trip: members of every key, and only the size of a winnowed key past maxDf
        const lists = (await this.r.eval!(READ_POSTINGS, bKeys.length + wKeys.length, ...bKeys, ...wKeys, bKeys.length, maxDf)) as string[][];
        bandLists = lists.slice(0, bKeys.length);
        winLists = lists.slice(bKeys.length).map((l) => (l.length === 1 && l[0]!.startsWith('#') ? null : l));
      } else {
        bandLists = await Promise.all(bKeys.map((k) => this.r.smembers(k)));
        winLists = (await Promise.all(wKeys.map((k) => this.r.smembers(k)))).map((l) => (l.length > maxDf ? null : l));
      }
      const seen = new Set<string>();
      for (const l of bandLists) for (const id of l) seen.add(id);
      for (const l of winLists) if (l) for (const id of l) seen.add(id);
      // only committed documents count (a crashed writer may have left postings behind)
      const all = [...seen];
      const committed = new Set<string>();
      for (let i = 0; i < all.length; i += 1000) {
        const chunk = all.slice(i, i + 1000);
        const flags = await this.r.smismember(this.k('ids'), ...chunk);
        chunk.forEach((id, j) => flags[j] === 1 && committed.add(id));
      }
      const band = new Set<string>();
      for (const l of bandLists) for (const id of l) if (committed.has(id)) band.add(id);
      const winnow = new Map<string, number>();
      for (const l of winLists) if (l) for (const id of l) if (committed.has(id)) winnow.set(id, (winnow.get(id) ?? 0) + 1);
      return { band, winnow };
    });
  }

  shingles(ids: readonly string[]): Promise<Map<string, Uint32Array>> {
    return this.call('reading shingles', () => this.docField(ids, 'shingles', bufferToU32));
  }

  docs(ids: readonly string[]): Promise<Map<string, Doc>> {
    return this.call('reading documents', () => this.docField(ids, 'doc', (b) => JSON.parse(b.toString('utf8')) as Doc));
  }

  /** One field of each document's hash, decoded; documents without it are left out. */
  private async docField<T>(ids: readonly string[], field: string, decode: (b: Buffer) => T): Promise<Map<string, T>> {
    const bufs = await Promise.all(ids.map((id) => this.r.hgetBuffer(this.k('doc', id), field)));
    const out = new Map<string, T>();
    ids.forEach((id, i) => bufs[i] && out.set(id, decode(bufs[i]!)));
    return out;
  }

  async ids(): Promise<string[]> {
    return this.call('listing', async () => (await this.r.smembers(this.k('ids'))).sort());
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
