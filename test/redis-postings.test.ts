import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../bench/util.js';
import { RedisStore } from '../src/corpus/redis.js';
import { scanRecords } from '../src/corpus/redis-records.js';
import { mulberry32 } from '../src/sketch/hash.js';

// How a query reads winnowed posting buckets: in parts (the first 8 KB, the rest of the first
// 64 KB, then the rest), each only while a wanted hash of the bucket is undecided, and each part
// searched for the wanted records with Buffer.indexOf. The buckets here are written by hand (the
// records' documented layout) so that they pass 8 KB and 64 KB, sizes a test corpus never
// reaches; the answer is compared with a plain reading of every record.

const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!redisBin && process.env.CI) throw new Error('CI must provide redis-server (apt-get install redis-server) for the Redis store tests');
if (!redisBin) console.warn('redis-postings.test: no redis-server found; skipping');

/** A record as the store writes it: n's 26 bits little-endian, then the key's low bits (14 or 22). */
function record(size: 5 | 6, n: number, low: number): Buffer {
  const b = Buffer.alloc(size);
  b[0] = n & 255;
  b[1] = (n >>> 8) & 255;
  b[2] = (n >>> 16) & 255;
  b[3] = ((n >>> 24) & 3) | ((low & 63) << 2);
  b[4] = (low >>> 6) & 255;
  if (size === 6) b[5] = (low >>> 14) & 255;
  return b;
}

/** Every record's (n, low), read one by one. */
function plainRead(buf: Buffer, size: 5 | 6): [number, number][] {
  const out: [number, number][] = [];
  for (let o = 0; o + size <= buf.length; o += size) {
    const low = (buf[o + 3]! >>> 2) | (buf[o + 4]! << 6) | (size === 6 ? buf[o + 5]! << 14 : 0);
    out.push([buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16) | ((buf[o + 3]! & 3) << 24), low]);
  }
  return out;
}

describe('scanRecords', () => {
  it('finds exactly the records of a low, numbers past 2^24 included, for both record sizes, and stops when told', () => {
    const rnd = mulberry32(7);
    for (const size of [5, 6] as const) {
      const bits = size === 5 ? 14 : 22;
      const lows = Array.from({ length: 12 }, () => Math.floor(rnd() * 2 ** bits));
      const recs: Buffer[] = [];
      for (let i = 0; i < 20_000; i++) {
        // numbers of every size up to 2^26 (their top bits sit in byte 3, beside the low bits), the wanted lows often
        const n = Math.floor(rnd() * 2 ** 26);
        const low = rnd() < 0.3 ? lows[Math.floor(rnd() * lows.length)]! : Math.floor(rnd() * 2 ** bits);
        recs.push(record(size, n, low));
      }
      const buf = Buffer.concat(recs);
      const all = plainRead(buf, size);
      for (const low of [...lows, 0, 2 ** bits - 1]) {
        const found: number[] = [];
        scanRecords(buf, size, low, (n) => !!found.push(n));
        const want = all.filter(([, l]) => l === low).map(([n]) => n);
        expect(found).toEqual(want);
        // stops after the third
        const some: number[] = [];
        scanRecords(buf, size, low, (n) => some.push(n) < 3);
        expect(some).toEqual(want.slice(0, 3));
      }
    }
  });
});

describe('scanRecords on a stock phrase\'s bucket (one low in nearly every record)', () => {
  it('finds the same records when the wanted top byte equals the repeated middle bytes (the dense path)', () => {
    const rnd = mulberry32(11);
    for (const size of [5, 6] as const) {
      const stock = size === 5 ? 0x1234 : 0x12_3456;
      // wanted lows whose top byte equals the stock records' byte 3 or byte 4, and one that does not
      const b3 = (stock & 63) << 2;
      const b4 = (stock >>> 6) & 255;
      const topShift = size === 5 ? 6 : 14;
      const wanted = [b3 << topShift, (b4 << topShift) | 5, (0x7f << topShift) | 1];
      const recs: Buffer[] = [];
      for (let i = 0; i < 30_000; i++) {
        const n = Math.floor(rnd() * 2 ** 26);
        const low = rnd() < 0.9 ? stock : wanted[Math.floor(rnd() * wanted.length)]!;
        recs.push(record(size, n, low));
      }
      const buf = Buffer.concat(recs);
      const all = plainRead(buf, size);
      for (const low of wanted) {
        const found: number[] = [];
        scanRecords(buf, size, low, (n) => !!found.push(n));
        expect(found).toEqual(all.filter(([, l]) => l === low).map(([n]) => n));
        const some: number[] = [];
        scanRecords(buf, size, low, (n) => some.push(n) < 5);
        expect(some).toEqual(found.slice(0, 5));
      }
    }
  });
});

describe.skipIf(!redisBin)('Redis store: winnowed buckets past 8 KB and 64 KB', () => {
  let redis: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis(redisBin);
    client = new Redis(redis.url);
  }, 20_000);
  afterAll(async () => {
    client?.disconnect();
    redis?.stop();
  });

  it('finds every committed holder of each wanted hash and leaves out the stock phrases, wherever their records sit in a bucket', async () => {
    const prefix = 'buckets';
    const rnd = mulberry32(11);
    const maxDf = 200;
    // buckets (top 18 bits of a hash) of ~150 KB, ~20 KB and ~3 KB; per bucket the wanted lows and how many records each has
    const plan: { bucket: number; records: number; wanted: { low: number; count: number; uncommitted: number }[] }[] = [
      {
        bucket: 70_001,
        records: 30_000,
        wanted: [
          { low: 11, count: 300, uncommitted: 0 }, // stock: more than maxDf committed, spread over the whole bucket
          { low: 12, count: 150, uncommitted: 0 }, // not stock: every one is wanted, the tail's too
          { low: 13, count: 260, uncommitted: 100 }, // 160 committed of 260: not stock
          { low: 14, count: 201, uncommitted: 0 }, // maxDf + 1 committed: stock
          { low: 15, count: 200, uncommitted: 0 }, // maxDf committed: not stock
        ],
      },
      { bucket: 70_002, records: 4_000, wanted: [{ low: 21, count: 10, uncommitted: 2 }] },
      { bucket: 140_003, records: 600, wanted: [{ low: 31, count: 3, uncommitted: 0 }] },
    ];
    const committed = new Set<number>();
    const holders = new Map<number, number[]>(); // hash -> committed numbers
    let nextN = 1;
    const winnowed: number[] = [];
    for (const p of plan) {
      const recs: Buffer[] = [];
      const special = new Map<number, { low: number; committed: boolean }>(); // record position -> wanted record
      for (const w of p.wanted) {
        const h = (p.bucket << 14) | w.low;
        winnowed.push(h);
        holders.set(h, []);
        for (let i = 0; i < w.count; i++) {
          let at: number;
          do at = Math.floor(rnd() * p.records);
          while (special.has(at));
          special.set(at, { low: w.low, committed: i >= w.uncommitted });
        }
      }
      for (let at = 0; at < p.records; at++) {
        const n = nextN++;
        const s = special.get(at);
        if (s) {
          recs.push(record(5, n, s.low));
          if (s.committed) {
            committed.add(n);
            holders.get((p.bucket << 14) | s.low)!.push(n);
          }
        } else {
          // filler: other lows of the bucket, committed or not
          let low: number;
          do low = Math.floor(rnd() * 16384);
          while (p.wanted.some((w) => w.low === low));
          recs.push(record(5, n, low));
          if (rnd() < 0.9) committed.add(n);
        }
      }
      await client.set(`${prefix}:w{w${p.bucket >>> 8}}:${p.bucket}`, Buffer.concat(recs));
    }
    // the commit bits and the n -> id maps the store reads
    const pipe = client.pipeline();
    for (const n of committed) pipe.setbit(`${prefix}:live`, n, 1);
    for (const ns of holders.values()) for (const n of ns) pipe.hset(`${prefix}:n:${n >>> 7}`, String(n), `doc-${n}`);
    await pipe.exec();
    expect(await client.strlen(`${prefix}:w{w${70_001 >>> 8}}:70001`)).toBeGreaterThan(65_535 * 2);
    expect(await client.strlen(`${prefix}:w{w${70_002 >>> 8}}:70002`)).toBeGreaterThan(8_190);

    const expected = new Map<string, number>();
    for (const ns of holders.values()) {
      if (ns.length > maxDf) continue;
      for (const n of ns) expected.set(`doc-${n}`, (expected.get(`doc-${n}`) ?? 0) + 1);
    }
    const store = new RedisStore({ redis: redis.url, prefix });
    try {
      const { band, winnow } = await store.candidates(new Uint32Array(0), Uint32Array.from(winnowed.sort((a, b) => a - b)), maxDf, 1);
      expect(band.size).toBe(0);
      expect(winnow.size).toBe(150 + 160 + 200 + 8 + 3);
      expect([...winnow].sort()).toEqual([...expected].sort());
    } finally {
      await store.close();
    }
  }, 60_000);
});
