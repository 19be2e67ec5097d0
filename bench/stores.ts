/**
 * `npm run bench:stores` — bulk add into each persistent store, and query latency from it.
 * Options: --size N (default 100000), --batch N (default 1000), --workers N (fingerprinting threads,
 * default 1), --only sqlite,redis,redis-cluster,
 * --out FILE (results are merged into an existing --out file, so stores can be measured in
 * separate runs). Starts its own redis-server on a free loopback port, and for redis-cluster a
 * cluster of 3 masters + 3 replicas (Debian's redis-server and redis-cli); the SQLite file goes
 * to a temporary folder. Redis memory is the growth of used_memory (INFO memory) over the
 * empty server, summed over the masters of a cluster (the replicas hold as much again).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDraft, openCorpusIndex, type OpenIndexOptions } from '../src/index.js';
import { generateCorpus, type GeneratedDoc } from './generate.js';
import { argOf, percentile, startRedis, startRedisCluster, type RedisCluster, type RedisServer } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => argOf(args, name);
const SIZE = Number(arg('size') ?? 100_000);
const BATCH = Number(arg('batch') ?? 1000);
const WORKERS = Number(arg('workers') ?? 1);
const OUT = arg('out') ?? join(here, 'results', 'stores.json');
const ONLY = (arg('only') ?? 'sqlite,redis,redis-cluster').split(',');
const log = (s: string): void => void process.stderr.write(`${s}\n`);


/**
 * Memory of the redis-server on a port (bytes): `used_memory`, and the same less the buffers
 * that come and go with the traffic (replication buffers and backlog, clients' buffers), which a
 * loaded replica can leave at hundreds of MB for a while after a bulk write.
 */
function usedMemory(port: number): { used: number; data: number } {
  const out = spawnSync('redis-cli', ['-p', String(port), 'info', 'memory'], { encoding: 'utf8' }).stdout;
  const field = (f: string): number => Number(new RegExp(`${f}:(\\d+)`).exec(out)?.[1] ?? 0);
  const used = field('used_memory');
  return { used, data: used - field('mem_total_replication_buffers') - field('mem_clients_normal') };
}
/** The ports of a cluster's masters now. */
function masterPorts(c: RedisCluster): number[] {
  return c.ports.filter((p) => /role:master/.test(spawnSync('redis-cli', ['-p', String(p), 'info', 'replication'], { encoding: 'utf8' }).stdout));
}

log(`generating ${SIZE.toLocaleString('en-US')} articles…`);
// the corpus is generated again for each store and dropped after its add: a checking process
// does not hold 100,000 articles in its heap (whose major collections, ~100 ms each here, would
// otherwise land in the measured queries)
const corpus = (): GeneratedDoc[] => generateCorpus({ size: SIZE, seed: 2024, words: 600, derivedShare: 0.3 });
const derived = corpus().filter((d) => d.parent);
const drafts = derived.slice(0, 200).map((d) => ({ ...d, id: `draft-${d.id}` }));
// a few queries first, not measured: a service answers warm (compiled code, connections)
const warmup = derived.slice(200, 220).map((d) => ({ ...d, id: `warm-${d.id}` }));
derived.length = 0;
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>;
} catch {
  // no earlier results
}
const results: Record<string, unknown> = { ...previous, machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, date: new Date().toISOString().slice(0, 10), size: SIZE, batch: BATCH, workers: WORKERS };
const tmp = mkdtempSync(join(tmpdir(), 'wiretrace-bench-'));
const noRedis = (e: Error): undefined => void log(`no redis-server (${e.message}): the Redis store is left out`);
const redis: RedisServer | undefined = ONLY.includes('redis') ? await startRedis().catch(noRedis) : undefined;
const cluster: RedisCluster | undefined = ONLY.includes('redis-cluster') ? await startRedisCluster().catch(noRedis) : undefined;
/** Bytes the Redis servers of a target use (masters only), now. */
const redisBytes = (name: string): { used: number; data: number } => {
  const ports = name === 'redis' && redis ? [Number(redis.url.split(':').pop())] : name === 'redis-cluster' && cluster ? masterPorts(cluster) : [];
  return ports.map(usedMemory).reduce((a, m) => ({ used: a.used + m.used, data: a.data + m.data }), { used: 0, data: 0 });
};

const targets = ([
  ['sqlite', { sqlite: join(tmp, 'bench.db') }],
  ...(redis ? [['redis', { redis: redis.url, prefix: 'bench' }]] : []),
  ...(cluster ? [['redis-cluster', { redis: cluster.url, prefix: 'bench' }]] : []),
] as [string, OpenIndexOptions][]).filter(([n]) => ONLY.includes(n));
for (const [name, o] of targets) {
  const before = redisBytes(name);
  let docs: GeneratedDoc[] | undefined = corpus();
  const textBytes = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  let t0 = 0;
  let last = 0;
  // the rate of the first and the last tenth: does adding slow down as the index grows?
  const tenth = Math.max(BATCH, Math.floor(SIZE / 10 / BATCH) * BATCH);
  const marks: [number, number][] = [];
  // one add call, as `wiretrace index add` makes: the store commits batches of BATCH, and may write several together
  const onProgress = (done: number): void => {
    const now = performance.now();
    marks.push([done, now]);
    if (now - last < 10_000) return;
    last = now;
    log(`  ${name}: ${done.toLocaleString('en-US')} added, ${(done / ((last - t0) / 1000)).toFixed(0)} docs/s`);
  };
  const ix = await openCorpusIndex({ ...o, batchSize: BATCH, workers: WORKERS, onProgress });
  t0 = last = performance.now();
  const cpu0 = process.cpuUsage();
  await ix.add(docs);
  docs = undefined;
  const addS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const addCpuS = (cpu.user + cpu.system) / 1e6;
  /** Documents per second between the moments `lo` and `hi` documents were in. */
  const rateBetween = (lo: number, hi: number): number => {
    const start = lo === 0 ? t0 : ([...marks].reverse().find(([d]) => d <= lo)?.[1] ?? t0);
    const end = marks.find(([d]) => d >= hi)?.[1] ?? performance.now();
    return Math.round((hi - lo) / Math.max(1e-3, (end - start) / 1000));
  };
  for (const d of warmup) await ix.query(d);
  const lat: number[] = [];
  for (const d of drafts) {
    const t = performance.now();
    await ix.query(d);
    lat.push(performance.now() - t);
  }
  const latP: number[] = [];
  for (const d of drafts.slice(0, 50)) {
    const t = performance.now();
    await checkDraft(d, ix);
    latP.push(performance.now() - t);
  }
  const stats = await ix.stats();
  // Redis memory once our connection is closed: a big pipelined write leaves its input buffer on
  // the server while the client stays connected (tens of MB, not per article)
  await ix.close();
  await new Promise((r) => setTimeout(r, 500));
  const after = redisBytes(name);
  const bytes = name.startsWith('redis') ? after.data - before.data : (stats.bytes ?? 0);
  const r = {
    addSeconds: +addS.toFixed(1),
    docsPerS: Math.round(SIZE / addS),
    // this process's CPU time: the honest figure for the in-process SQLite store on a busy machine
    ...(name === 'sqlite' ? { addCpuSeconds: +addCpuS.toFixed(1), docsPerCpuS: Math.round(SIZE / addCpuS) } : {}),
    docsPerSFirstTenth: rateBetween(0, tenth),
    docsPerSLastTenth: rateBetween(SIZE - tenth, SIZE),
    bytesPerDoc: Math.round(bytes / SIZE),
    // beyond the text: SQLite keeps the text as it is (Redis deflates it, so the difference means nothing there)
    ...(name === 'sqlite' ? { textBytesPerDoc: Math.round(textBytes / SIZE), bytesPerDocBeyondText: Math.round((bytes - textBytes) / SIZE) } : {}),
    bytesMeasure: name === 'redis' ? 'redis used_memory growth, less replication and client buffers' : name === 'redis-cluster' ? 'used_memory growth less replication and client buffers, sum of the 3 masters (replicas hold as much again)' : 'file size after checkpoint',
    ...(name.startsWith('redis') ? { usedMemoryPerDoc: Math.round((after.used - before.used) / SIZE) } : {}),
    queryP50ms: +percentile(lat, 50).toFixed(2),
    queryP99ms: +percentile(lat, 99).toFixed(2),
    checkDraftP50ms: +percentile(latP, 50).toFixed(1),
    checkDraftP99ms: +percentile(latP, 99).toFixed(1),
  };
  results[name] = r;
  log(`${name}: added ${SIZE.toLocaleString('en-US')} in ${r.addSeconds} s (${r.docsPerS} docs/s${r.docsPerCpuS ? `, ${r.docsPerCpuS} per CPU second` : ''}, first tenth ${r.docsPerSFirstTenth}/s, last tenth ${r.docsPerSLastTenth}/s, batches of ${BATCH}); ${r.bytesPerDoc} B per article${r.bytesPerDocBeyondText !== undefined ? `, ${r.bytesPerDocBeyondText} B beyond its text` : ''} (${r.bytesMeasure}); query p50 ${r.queryP50ms} ms, p99 ${r.queryP99ms} ms; checkDraft with alignment p50 ${r.checkDraftP50ms} ms, p99 ${r.checkDraftP99ms} ms`);
}
redis?.stop();
cluster?.stop();
rmSync(tmp, { recursive: true, force: true });
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${OUT}`);
