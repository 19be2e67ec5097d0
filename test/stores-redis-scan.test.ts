import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../bench/util.js';
import { RedisStore } from '../src/corpus/redis.js';
import { mulberry32 } from '../src/sketch/hash.js';

// A querying client remembers the winnowed hashes it found to be stock phrases and skips them
// until a removal (the index's removal epoch). The buckets here are written by hand (the
// records' documented layout) with two stock lows and two rare ones in one bucket, records
// appended between queries, a second client, a removal, and numbers past 2^24; each answer is
// compared with a plain reading of every record.

const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!redisBin && process.env.CI) throw new Error('CI must provide redis-server (apt-get install redis-server) for the Redis store tests');
if (!redisBin) console.warn('stores-redis-scan.test: no redis-server found; skipping');

/** A 5-byte winnowed record as the store writes it: n's 26 bits little-endian, then the hash's low 14 bits. */
function record(n: number, low: number): Buffer {
  return Buffer.from([n & 255, (n >>> 8) & 255, (n >>> 16) & 255, ((n >>> 24) & 3) | ((low & 63) << 2), (low >>> 6) & 255]);
}

describe.skipIf(!redisBin)('Redis store: stock phrases remembered by the querying client', () => {
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

  for (const base of [1, 2 ** 24 + 5]) {
    it(`gives the plain reading's holders through remembered stock phrases, appended records and a removal (numbers from ${base})`, async () => {
      const prefix = `scan${base}`;
      const rnd = mulberry32(base);
      const maxDf = 20;
      const bucket = 90_001;
      const key = `${prefix}:w{w${bucket >>> 8}}:${bucket}`;
      // two stock lows and two rare ones share the bucket; 70 and 71 are the stock ones
      const lows = [70, 71, 72, 73];
      const records: [number, number][] = [];
      let next = base;
      const write = async (count: number): Promise<void> => {
        const recs: Buffer[] = [];
        for (let i = 0; i < count; i++) {
          const r = rnd();
          const low = r < 0.3 ? 70 : r < 0.5 ? 71 : r < 0.52 ? 72 : r < 0.53 ? 73 : 1000 + Math.floor(rnd() * 5000);
          records.push([next, low]);
          recs.push(record(next, low));
          // every third of low 71's holders is never committed: its first records alone do not decide it
          if (!(low === 71 && next % 3 === 0)) await client.setbit(`${prefix}:live`, next, 1);
          await client.hset(`${prefix}:n:${next >>> 7}`, String(next), `doc-${next}`);
          next++;
        }
        await client.append(key, Buffer.concat(recs));
      };
      const expected = async (): Promise<[string, number][]> => {
        const out = new Map<string, number>();
        for (const low of lows) {
          const holders: number[] = [];
          for (const [n, l] of records) if (l === low && (await client.getbit(`${prefix}:live`, n)) === 1) holders.push(n);
          if (holders.length > maxDf) continue;
          for (const n of holders) out.set(`doc-${n}`, (out.get(`doc-${n}`) ?? 0) + 1);
        }
        return [...out].sort();
      };
      const winnowed = Uint32Array.from(lows.map((l) => ((bucket << 14) | l) >>> 0));
      const ask = async (store: RedisStore): Promise<[string, number][]> => [...(await store.candidates(new Uint32Array(0), winnowed, maxDf, 1)).winnow].sort();
      await write(60);
      const store = new RedisStore({ redis: redis.url, prefix });
      try {
        // low 71: ~12 records, a third never committed: not stock yet; low 70 (~18) is not either
        expect(await ask(store)).toEqual(await expected());
        await write(200);
        // now both are stock; a second client (nothing remembered) finds them again
        const other = new RedisStore({ redis: redis.url, prefix });
        try {
          const want = await expected();
          expect(want.length).toBeGreaterThan(0);
          expect(await ask(store)).toEqual(want);
          expect(await ask(other)).toEqual(want);
          expect(await ask(other)).toEqual(want);
        } finally {
          await other.close();
        }
        // removals (bits cleared and the epoch raised, as remove() does) until low 71 has maxDf committed holders: it counts again
        const holders71: number[] = [];
        for (const [n, l] of records) if (l === 71 && (await client.getbit(`${prefix}:live`, n)) === 1) holders71.push(n);
        expect(holders71.length).toBeGreaterThan(maxDf);
        await client.incr(`${prefix}:removals`);
        for (const n of holders71.slice(maxDf)) await client.setbit(`${prefix}:live`, n, 0);
        const after = await expected();
        expect(after.filter(([id]) => holders71.includes(Number(id.slice(4)))).length).toBe(maxDf);
        expect(await ask(store)).toEqual(after);
      } finally {
        await store.close();
      }
    }, 60_000);
  }
});
