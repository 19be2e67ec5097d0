import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { startRedis, startRedisCluster, type RedisCluster, type RedisServer } from '../bench/util.js';
import { checkDraft, CorpusIndex, openCorpusIndex, type Doc, type StoredCorpusIndex } from '../src/index.js';
import { SHAPE_CAP, shapesOfText } from '../src/corpus/shapes.js';
import { resolveFingerprintParams } from '../src/sketch/fingerprint.js';
import { background, fewFigureNotice, notice } from './fixtures/formula-corpus.js';
import { paragraphs, ROOT } from './helpers.js';

// The figure-shape counts of the Redis store (src/corpus/redis.ts), standalone and on a Redis
// Cluster of 3 masters and 3 replicas, against the memory store's (ShapeCounts). Debian's
// redis-server and redis-cli: CI must run these tests; elsewhere, without them, they are skipped.
const has = (bin: string): boolean => spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).stdout.trim() !== '';
const available = has('redis-server') && has('redis-cli');
if (!available && process.env.CI) throw new Error('CI must provide redis-server and redis-cli (apt-get install redis-server redis-tools) for the shape-count tests');
if (!available) console.warn('shapes-redis.test: no redis-server/redis-cli found; skipping the Redis cases');

const WRITER = join(ROOT, 'test/fixtures/shape-writer.ts');
/** The store tests' writer: with crash-at-commit it kills itself at the commit of its second batch. */
const STORE_WRITER = join(ROOT, 'test/fixtures/store-writer.ts');

/** Every shape of the documents, sorted unique: what is asked of each store. */
function shapesOf(docs: readonly Doc[]): Uint32Array {
  const all = new Set<number>();
  for (const d of docs) {
    const p = shapesOfText(d.text, resolveFingerprintParams({}, 'test'));
    for (let k = 0; k < p.length; k += 2) all.add(p[k]!);
  }
  return Uint32Array.from([...all].sort((a, b) => a - b));
}

/** The ports of a store's servers (the standalone one, or every node of the cluster). */
type Target = { url: string; ports: number[] };

/** Shape-count keys of a prefix left on the servers (every node scanned). */
function shapeKeys(t: Target, prefix: string): string[] {
  return t.ports.flatMap((p) => spawnSync('redis-cli', ['-p', String(p), '--scan', '--pattern', `${prefix}:f:*`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean));
}

/** Runs a writer process (shape-writer.ts by default); resolves with its output, exit code and signal. */
function writer(args: string[], script = WRITER): Promise<{ out: string; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString()));
    p.stderr.on('data', (b: Buffer) => (out += b.toString()));
    p.on('exit', (code, signal) => res({ out, code, signal }));
  });
}

const KINDS = ['standalone', 'cluster'];
const formula = [...Array.from({ length: 14 }, (_, i) => notice(i)), ...background(6)];
const draft = `Qtly div 31 cts vs 29 cts prior\n    Pay June 24\n    Record June 12\n Reuter\n\n${paragraphs(999, 1)[0]!}`;

describe.skipIf(!available)('figure-shape counts in Redis, standalone and on a 3 + 3 Cluster', () => {
  let redis: RedisServer;
  let cluster: RedisCluster;
  const targets = new Map<string, Target>();
  beforeAll(async () => {
    [redis, cluster] = await Promise.all([startRedis('redis-server'), startRedisCluster()]);
    targets.set('standalone', { url: redis.url, ports: [Number(redis.url.split(':').pop())] });
    targets.set('cluster', { url: cluster.url, ports: cluster.ports });
  }, 90_000);
  afterAll(() => {
    redis?.stop();
    cluster?.stop();
  });

  let prefixes = 0;
  const open = (kind: string, name: string, batchSize = 4): Promise<StoredCorpusIndex> => openCorpusIndex({ redis: targets.get(kind)!.url, prefix: `s${prefixes++}-${name}`, batchSize });

  /** A Redis index and a memory store for the same documents, and `same`: asserts they count the documents' shapes alike, and gives the counts. */
  const paired = async (kind: string, name: string, docs: readonly Doc[]) => {
    const shapes = shapesOf(docs);
    const mem = await openCorpusIndex({ batchSize: 4 });
    const ix = await open(kind, name);
    const prefix = (ix.store as unknown as { p: string }).p;
    const same = async (): Promise<Uint8Array> => {
      const want = await mem.shapeVariants(shapes);
      expect(await ix.shapeVariants(shapes)).toEqual(want);
      return want;
    };
    return { mem, ix, prefix, same };
  };

  it.for(KINDS)('%s: reads no counts from an index that held documents before it counted shapes', { timeout: 60_000 }, async (kind) => {
    const docs = Array.from({ length: 12 }, (_, i) => notice(i));
    const shapes = shapesOf(docs);
    const name = `old${prefixes++}`;
    const first = await openCorpusIndex({ redis: targets.get(kind)!.url, prefix: name });
    await first.add(docs.slice(0, 8));
    expect(Math.max(...(await first.shapeVariants(shapes)))).toBeGreaterThanOrEqual(5);
    await first.close();
    // an index written before figure shapes: documents, no marker (its counts, if any, are another version's)
    const port = targets.get(kind)!.ports;
    for (const p of port) spawnSync('redis-cli', ['-p', String(p), '-c', 'DEL', `${name}:shapes`]);
    for (const readOnly of [true, false]) {
      const old = await openCorpusIndex({ redis: targets.get(kind)!.url, prefix: name, readOnly });
      if (!readOnly) await old.add(docs.slice(8));
      expect(Math.max(...(await old.shapeVariants(shapes)))).toBe(0);
      await old.close();
    }
  });

  it.for(KINDS)('%s: counts what the memory store counts through adds, the cap of 8 variants, removes and removal back to 0', { timeout: 60_000 }, async (kind) => {
    const docs = Array.from({ length: 40 }, (_, i) => notice(i));
    const { mem, ix, prefix, same } = await paired(kind, 'cap', docs);
    // add calls of several batches (written together, committed one by one)
    for (const part of [docs.slice(0, 10), docs.slice(10, 30)]) {
      await mem.add(part);
      await ix.add(part);
    }
    const full = await same();
    // the cap is reached, and some shapes are below it: the comparison means something
    expect(full.filter((v) => v === SHAPE_CAP).length).toBeGreaterThan(5);
    expect(full.filter((v) => v > 0 && v < SHAPE_CAP).length).toBeGreaterThan(5);
    // removing the notices that took the capped shapes' first slots, then adding others: variants not kept before are not counted later
    for (const d of docs.slice(0, 8)) expect([await mem.remove(d.id), await ix.remove(d.id)]).toEqual([true, true]);
    expect(await same()).not.toEqual(full);
    await mem.add(docs.slice(30));
    await ix.add(docs.slice(30));
    await same();
    // everything removed: no variant counted, no count key left
    for (const d of docs.slice(8)) await Promise.all([mem.remove(d.id), ix.remove(d.id)]);
    expect([...(await same())].every((v) => v === 0)).toBe(true);
    expect(shapeKeys(targets.get(kind)!, prefix)).toEqual([]);
    await ix.close();
  });

  it.for(KINDS)('%s: a shape-count call sent twice (a reply lost, the client sending it again) is counted once', { timeout: 60_000 }, async (kind) => {
    const docs = Array.from({ length: 16 }, (_, i) => notice(i));
    const { mem, ix, prefix, same } = await paired(kind, 'resend', docs);
    // every call of the counting script that adds goes out twice, as ioredis resends a command whose reply it lost
    const store = ix.store as unknown as { script: (text: string, sha: string, keys: string[], values: unknown[]) => Promise<unknown> };
    const send = store.script.bind(store);
    store.script = async (text, sha, keys, values) => {
      if (text.includes("HGET', k, 'o'") && values[0] === '1') await send(text, sha, keys, values);
      return send(text, sha, keys, values);
    };
    await mem.add(docs);
    await ix.add(docs);
    await same();
    for (const d of docs.slice(0, 10)) await Promise.all([mem.remove(d.id), ix.remove(d.id)]);
    await same();
    for (const d of docs.slice(10)) await Promise.all([mem.remove(d.id), ix.remove(d.id)]);
    expect(Math.max(...(await same()))).toBe(0);
    expect(shapeKeys(targets.get(kind)!, prefix)).toEqual([]);
    await ix.close();
  });

  it.for(KINDS)('%s: two writer processes at once count what one writer counts', { timeout: 120_000 }, async (kind) => {
    const docs = Array.from({ length: 120 }, (_, i) => fewFigureNotice(i));
    const shapes = shapesOf(docs);
    const ix = await open(kind, 'writers');
    const prefix = (ix.store as unknown as { p: string }).p;
    const url = targets.get(kind)!.url;
    // batches of 3 from each writer, interleaved: every batch touches the same shapes
    const runs = await Promise.all([writer([url, prefix, '0', '60', '3']), writer([url, prefix, '60', '120', '3'])]);
    for (const r of runs) expect(r.code, r.out).toBe(0);
    const mem = await openCorpusIndex({});
    await mem.add(docs);
    expect(await ix.size()).toBe(120);
    const counted = await mem.shapeVariants(shapes);
    expect(counted.every((v) => v > 0 && v < SHAPE_CAP)).toBe(true);
    expect(await ix.shapeVariants(shapes)).toEqual(counted);
    // a count that lost an update would reach 0 early as the documents go
    for (let i = 0; i < docs.length; i += 10) {
      for (const d of docs.slice(i, i + 10)) await Promise.all([mem.remove(d.id), ix.remove(d.id)]);
      expect(await ix.shapeVariants(shapes)).toEqual(await mem.shapeVariants(shapes));
    }
    expect(shapeKeys(targets.get(kind)!, prefix)).toEqual([]);
    await ix.close();
  });

  it('standalone: a writer killed at a commit leaves the counts of the batches it committed, none of the batch it was committing', { timeout: 60_000 }, async () => {
    const prefix = `s${prefixes++}-crash`;
    const r = await writer(['redis', redis.url, prefix, '0', '40', '10', 'crash-at-commit'], STORE_WRITER);
    expect(r.signal, r.out).toBe('SIGKILL');
    // the writer's documents (store-writer.ts): its first batch committed, its second written but not committed
    const docs = generateCorpus({ size: 40, seed: 77, words: 250, derivedShare: 0.4 });
    const shapes = shapesOf(docs);
    const ix = await openCorpusIndex({ redis: redis.url, prefix });
    expect(await ix.size()).toBe(10);
    const first = await openCorpusIndex({});
    await first.add(docs.slice(0, 10));
    const both = await openCorpusIndex({});
    await both.add(docs.slice(0, 20));
    const want = await first.shapeVariants(shapes);
    // the second batch's figures are other than the first's: counting them would show
    expect(await both.shapeVariants(shapes)).not.toEqual(want);
    expect(await ix.shapeVariants(shapes)).toEqual(want);
    await ix.close();
  });

  it.for(KINDS)('%s: the draft check gives the report of the in-memory index and the memory store on formula items, which the counts change', { timeout: 30_000 }, async (kind) => {
    const ref = new CorpusIndex();
    ref.add(formula);
    const expected = JSON.stringify(checkDraft(draft, ref));
    const mem = await openCorpusIndex({});
    await mem.add(formula);
    expect(JSON.stringify(await checkDraft(draft, mem))).toBe(expected);
    const ix = await open(kind, 'check', 64);
    await ix.add(formula);
    expect(JSON.stringify(await checkDraft(draft, ix))).toBe(expected);
    await ix.close();
    // a store without counts (no shapeVariants) does not know the formula: its report differs
    const blind = await openCorpusIndex({});
    await blind.add(formula);
    (blind.store as { shapeVariants?: unknown }).shapeVariants = undefined;
    expect(JSON.stringify(await checkDraft(draft, blind))).not.toBe(expected);
  });
});
