/**
 * `npm run bench:stores` — bulk add into each persistent store, and query latency from it.
 * Options: --size N (default 100000), --batch N (default 1000), --workers N (fingerprinting threads,
 * default 1), --only sqlite,redis,redis-cluster, --chunk N (documents generated and given to one
 * add call, default 65536: the corpus is streamed, never held whole, so 1,000,000 articles fit),
 * --save DIR (the standalone Redis's data is saved there at the end, as dump.rdb),
 * --recall (also what the band filter changes: every draft queried and checked with allBandHits too),
 * --checks N (draft checks measured, default 500, after --check-warmup N more, default 50, reported apart),
 * --out FILE (results are merged into an existing --out file, so stores can be measured in
 * separate runs), --corpus reuters (instead of the generated corpus, Reuters-21578, figure-dense:
 * bench/reuters.ts, research use only; its last 220 + checks stories are the drafts, the rest
 * indexed, --size ignored). The Redis stores' figure-shape hashes are measured on their own
 * too (MEMORY USAGE of each `<prefix>:f:<hash>` key, summed over the masters). Starts its own
 * redis-server on a free loopback port, and for redis-cluster a cluster of 3 masters + 3 replicas (Debian's redis-server and redis-cli); the SQLite file goes
 * to a temporary folder. Redis memory is the growth of used_memory (INFO memory) over the
 * empty server, summed over the masters of a cluster (the replicas hold as much again); it is
 * also sampled at every tenth of the corpus. The Redis servers' CPU (used_cpu_user + used_cpu_sys
 * of INFO cpu, every node of a cluster, replicas included) is read before and after each add
 * call, beside this process's. The add rate counts the add calls only, not the
 * generation of the corpus between them; the load average is sampled at every chunk.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDraft, openCorpusIndex, type OpenIndexOptions, type StoredCorpusIndex } from '../src/index.js';
import type { Doc } from '../src/index.js';
import { streamCorpus, type GeneratedDoc } from './generate.js';
import { loadReutersFiles } from './reuters.js';
import { argOf, percentile, startRedis, startRedisCluster, type RedisCluster, type RedisServer } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => argOf(args, name);
/** Reuters-21578 instead of the generated corpus (figure-dense: the figure-shape counts' cost). */
const REUTERS = arg('corpus') === 'reuters';
const BATCH = Number(arg('batch') ?? 1000);
const WORKERS = Number(arg('workers') ?? 1);
const CHUNK = Number(arg('chunk') ?? 65_536);
/** A folder where the standalone Redis saves its data (dump.rdb) at the end, to query it again later. */
const SAVE = arg('save');
const OUT = arg('out') ?? join(here, 'results', 'stores.json');
/** Also measure what the band filter changes (every draft queried and checked with and without it). */
const RECALL = args.includes('--recall');
const ONLY = (arg('only') ?? 'sqlite,redis,redis-cluster').split(',');
/**
 * Draft checks measured, and the checks before them (reported apart): the p99 of 50 checks was
 * their slowest, so one garbage collection or one busy moment of the machine decided it.
 */
const CHECKS = Number(arg('checks') ?? 500);
const CHECK_WARMUP = Number(arg('check-warmup') ?? 50);
// checked before the index is built: a percentile of no checks would fail after a million adds
if (!Number.isInteger(CHECKS) || CHECKS < 1 || !Number.isInteger(CHECK_WARMUP) || CHECK_WARMUP < 1) {
  console.error(`bench:stores: --checks and --check-warmup must be whole numbers of 1 or more (got ${arg('checks') ?? 500} and ${arg('check-warmup') ?? 50})`);
  process.exit(2);
}
const log = (s: string): void => void process.stderr.write(`${s}\n`);
/** Reuters stories: the drafts (the last 220 + checks) and the indexed rest. */
const reuters = REUTERS ? loadReutersFiles([0, 21]) : [];
const held = 220 + CHECK_WARMUP + CHECKS;
const SIZE = REUTERS ? reuters.length - held : Number(arg('size') ?? 100_000);
const CORPUS = { size: SIZE, seed: 2024, words: 600, derivedShare: 0.3 };
/** The documents to index, in order. */
function corpusStream(): Iterable<Doc> {
  return REUTERS ? reuters.slice(0, SIZE) : streamCorpus(CORPUS);
}

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
/** Document numbers the store handed out (`<prefix>:seq`): more than the documents when an attempt failed and was retried (its records stay behind). */
function numbersUsed(port: number, cluster: boolean): number {
  return Number(spawnSync('redis-cli', [...(cluster ? ['-c'] : []), '-p', String(port), 'get', 'bench:seq'], { encoding: 'utf8' }).stdout.trim() || 0);
}
/** The ports of a cluster's masters now. */
function masterPorts(c: RedisCluster): number[] {
  return c.ports.filter((p) => /role:master/.test(spawnSync('redis-cli', ['-p', String(p), 'info', 'replication'], { encoding: 'utf8' }).stdout));
}

/**
 * The drafts (derived documents under new ids): the first 20 warm up the queries, the next 200
 * are measured; then CHECK_WARMUP + CHECKS drafts of their own for checkDraft (none of them
 * queried before: a draft is checked as it comes, its sources not yet read by an earlier query).
 */
function draftsOf(): { warmup: Doc[]; drafts: Doc[]; checks: Doc[] } {
  const derived: Doc[] = REUTERS ? reuters.slice(SIZE) : [];
  if (!REUTERS) for (const d of streamCorpus(CORPUS) as Iterable<GeneratedDoc>) if (d.parent && derived.push(d) >= held) break;
  return {
    drafts: derived.slice(0, 200).map((d) => ({ ...d, id: `draft-${d.id}` })),
    warmup: derived.slice(200, 220).map((d) => ({ ...d, id: `warm-${d.id}` })),
    checks: derived.slice(220).map((d) => ({ ...d, id: `check-${d.id}` })),
  };
}

log(`measuring ${SIZE.toLocaleString('en-US')} articles${REUTERS ? ' of Reuters-21578' : ''}, ${REUTERS ? 'added' : 'generated'} ${CHUNK.toLocaleString('en-US')} at a time`);
// a checking process does not hold the corpus in its heap (whose major collections, ~100 ms
// each here, would otherwise land in the measured queries): it is generated in chunks as it is added
const { warmup, drafts, checks } = draftsOf();
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>;
} catch {
  // no earlier results
}
const results: Record<string, unknown> = { ...previous, machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, date: new Date().toISOString().slice(0, 10), corpus: REUTERS ? 'reuters-21578 [0, 21]' : 'generated', size: SIZE, batch: BATCH, workers: WORKERS };
const tmp = mkdtempSync(join(tmpdir(), 'wiretrace-bench-'));
const noRedis = (e: Error): undefined => void log(`no redis-server (${e.message}): the Redis store is left out`);
if (SAVE) mkdirSync(SAVE, { recursive: true });
const redis: RedisServer | undefined = ONLY.includes('redis') ? await startRedis('redis-server', SAVE ? ['--dir', SAVE] : []).catch(noRedis) : undefined;
const cluster: RedisCluster | undefined = ONLY.includes('redis-cluster') ? await startRedisCluster().catch(noRedis) : undefined;
// a failed run must not leave its servers behind (stop() kills with SIGKILL: idempotent)
process.once('exit', () => {
  redis?.stop();
  cluster?.stop();
});
/** CPU seconds (user + sys, INFO cpu) a redis-server on a port has used since it started. */
function serverCpuOf(port: number): number {
  const out = spawnSync('redis-cli', ['-p', String(port), 'info', 'cpu'], { encoding: 'utf8' }).stdout;
  const field = (f: string): number => Number(new RegExp(`${f}:([\\d.]+)`).exec(out)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
/** CPU seconds the Redis servers of a target have used, now: every node of a cluster (masters and replicas share the 2 cores with the client). */
const serverCpu = (name: string): number => {
  const ports = name === 'redis' && redis ? [Number(redis.url.split(':').pop())] : name === 'redis-cluster' && cluster ? cluster.ports : [];
  return ports.reduce((a, p) => a + serverCpuOf(p), 0);
};
/** Bytes the Redis servers of a target use (masters only), now. */
const redisBytes = (name: string): { used: number; data: number } => {
  const ports = name === 'redis' && redis ? [Number(redis.url.split(':').pop())] : name === 'redis-cluster' && cluster ? masterPorts(cluster) : [];
  return ports.map(usedMemory).reduce((a, m) => ({ used: a.used + m.used, data: a.data + m.data }), { used: 0, data: 0 });
};

/**
 * Bytes of the figure-shape hashes (`bench:f:<hash>`) on the servers of a target (masters only): the
 * MEMORY USAGE of each, summed, and how many there are.
 */
function shapeBytes(name: string): { bytes: number; keys: number } {
  const ports = name === 'redis' && redis ? [Number(redis.url.split(':').pop())] : name === 'redis-cluster' && cluster ? masterPorts(cluster) : [];
  let bytes = 0;
  let keys = 0;
  for (const p of ports) {
    const list = spawnSync('redis-cli', ['-p', String(p), '--scan', '--pattern', 'bench:f:*'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout.split('\n').filter(Boolean);
    if (list.length === 0) continue;
    const input = list.map((k) => `MEMORY USAGE ${k} SAMPLES 0\n`).join('');
    const out = spawnSync('redis-cli', ['-p', String(p)], { input, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    for (const line of out.split('\n')) bytes += Number(line.trim()) || 0;
    keys += list.length;
  }
  return { bytes, keys };
}

interface AddRun {
  addS: number;
  cpuS: number;
  /** CPU seconds of the Redis servers (all nodes) during the add calls. */
  serverCpuS: number;
  textBytes: number;
  /** [documents in, add seconds so far], at the end of every write group. */
  marks: [number, number][];
  /** Memory per article (data bytes over the empty server) after each tenth. */
  memory: { docs: number; bytesPerDoc: number }[];
  load: number[];
}

/** Adds the streamed corpus chunk by chunk; times the add calls only. */
async function addAll(name: string, ix: StoredCorpusIndex, before: { data: number }, offset: { done: number; now: () => number }): Promise<AddRun> {
  const run: AddRun = { addS: 0, cpuS: 0, serverCpuS: 0, textBytes: 0, marks: [], memory: [], load: [] };
  const tenth = Math.max(CHUNK, Math.ceil(SIZE / 10 / CHUNK) * CHUNK);
  let chunk: Doc[] = [];
  let last = 0;
  const flush = async (): Promise<void> => {
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    const server0 = serverCpu(name);
    offset.now = () => run.addS + (performance.now() - t) / 1000;
    await ix.add(chunk);
    const cpu = process.cpuUsage(cpu0);
    run.cpuS += (cpu.user + cpu.system) / 1e6;
    run.serverCpuS += serverCpu(name) - server0;
    run.addS += (performance.now() - t) / 1000;
    offset.done += chunk.length;
    run.load.push(loadavg()[0]!);
    chunk = [];
    if (name.startsWith('redis') && (offset.done % tenth === 0 || offset.done === SIZE)) run.memory.push({ docs: offset.done, bytesPerDoc: Math.round((redisBytes(name).data - before.data) / offset.done) });
    if (run.addS - last >= 10) log(`  ${name}: ${offset.done.toLocaleString('en-US')} added, ${(offset.done / run.addS).toFixed(0)} docs/s (add time ${run.addS.toFixed(0)} s), load ${loadavg()[0]!.toFixed(1)}`), (last = run.addS);
  };
  for (const d of corpusStream()) {
    run.textBytes += Buffer.byteLength(d.text);
    chunk.push(d);
    if (chunk.length === CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  return run;
}

/** Documents per second (add time) over the marks that span `lo` to `hi` documents in. */
function rateBetween(marks: readonly [number, number][], lo: number, hi: number): number {
  const [d0, t0] = [...marks].reverse().find(([d]) => d <= lo) ?? [0, 0];
  const [d1, t1] = marks.find(([d]) => d >= hi) ?? marks[marks.length - 1]!;
  return Math.round((d1 - d0) / Math.max(1e-3, t1 - t0));
}

/**
 * Query latencies (ms) after the warm-up queries, and per query its CPU time (this process's:
 * less sensitive than wall time to a busy machine) and candidates (the documents whose shingles
 * it verifies); then checkDraft latencies and CPU times of the checks' drafts, the first
 * CHECK_WARMUP apart.
 */
async function latencies(ix: StoredCorpusIndex): Promise<{ lat: number[]; cpu: number[]; cands: number[]; check: number[]; checkCpu: number[]; checkWarm: number[] }> {
  for (const d of warmup) await ix.query(d);
  const lat: number[] = [];
  const cpu: number[] = [];
  const cands: number[] = [];
  const store = ix.store;
  const shingles = store.shingles.bind(store);
  store.shingles = (ids) => (cands.push(ids.length), shingles(ids));
  for (const d of drafts) {
    const t = performance.now();
    const c = process.cpuUsage();
    await ix.query(d);
    lat.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  store.shingles = shingles;
  const check: number[] = [];
  const checkCpu: number[] = [];
  for (const d of checks) {
    const t = performance.now();
    const c = process.cpuUsage();
    await checkDraft(d, ix);
    check.push(performance.now() - t);
    const u = process.cpuUsage(c);
    checkCpu.push((u.user + u.system) / 1000);
  }
  return { lat, cpu, cands, check: check.slice(CHECK_WARMUP), checkCpu: checkCpu.slice(CHECK_WARMUP), checkWarm: check.slice(0, CHECK_WARMUP) };
}

/**
 * What the band filter (src/corpus/band-filter.ts) changes, per draft: every match of the query
 * without a limit, filtered and with allBandHits, and the checkDraft reports both ways. A lost
 * match at Jaccard ≥ the index's threshold would be a miss of the LSH's own target; the reports
 * show whether any reuse the check reports (its shares, its sources) depends on the dropped hits.
 */
async function bandFilterRecall(ix: StoredCorpusIndex): Promise<Record<string, unknown>> {
  let matches = 0;
  let lost = 0;
  let lostAtThreshold = 0;
  let maxLostContainment = 0;
  let maxLostJaccard = 0;
  let topSame = 0;
  const candsAll: number[] = [];
  const store = ix.store;
  const shingles = store.shingles.bind(store);
  let counting = false;
  store.shingles = (ids) => (counting && candsAll.push(ids.length), shingles(ids));
  for (const d of drafts) {
    const kept = await ix.query(d, { limit: Number.MAX_SAFE_INTEGER });
    counting = true;
    const all = await ix.query(d, { limit: Number.MAX_SAFE_INTEGER, allBandHits: true });
    counting = false;
    const ids = new Set(kept.map((m) => m.id));
    matches += all.length;
    for (const m of all.filter((x) => !ids.has(x.id))) {
      lost++;
      if (m.jaccard >= ix.threshold) lostAtThreshold++;
      maxLostContainment = Math.max(maxLostContainment, m.queryInDoc, m.docInQuery);
      maxLostJaccard = Math.max(maxLostJaccard, m.jaccard);
    }
    if (kept.slice(0, 50).map((m) => m.id).join() === all.slice(0, 50).map((m) => m.id).join()) topSame++;
  }
  store.shingles = shingles;
  let reportsSame = 0;
  let sharesSame = 0;
  const sourcesLost: { draft: string; source: string; share: number; role: string; passageWords: number[] }[] = [];
  for (const d of drafts) {
    const kept = await checkDraft(d, ix);
    const all = await checkDraft(d, ix, { allBandHits: true });
    if (JSON.stringify(kept) === JSON.stringify(all)) reportsSame++;
    if (kept.reusedShare === all.reusedShare && kept.uncreditedShare === all.uncreditedShare) sharesSame++;
    const ids = new Set(kept.sources.map((x) => x.id));
    for (const x of all.sources.filter((y) => !ids.has(y.id))) sourcesLost.push({ draft: d.id, source: x.id, share: x.share, role: x.role, passageWords: x.passages.map((p) => p.draftText.split(/\s+/).length) });
  }
  const r = { drafts: drafts.length, matchesWithAllBandHits: matches, matchesLost: lost, matchesLostAtThreshold: lostAtThreshold, maxLostContainment: +maxLostContainment.toFixed(4), maxLostJaccard: +maxLostJaccard.toFixed(4), top50Same: topSame, candidatesWithAllBandHitsP50: percentile(candsAll, 50), candidatesWithAllBandHitsP99: percentile(candsAll, 99), checkReportsIdentical: reportsSame, checkSharesIdentical: sharesSame, checkSourcesLost: sourcesLost };
  log(`  band filter: ${JSON.stringify(r)}`);
  return r;
}

const targets = ([
  ['sqlite', { sqlite: join(tmp, 'bench.db') }],
  ...(redis ? [['redis', { redis: redis.url, prefix: 'bench' }]] : []),
  ...(cluster ? [['redis-cluster', { redis: cluster.url, prefix: 'bench' }]] : []),
] as [string, OpenIndexOptions][]).filter(([n]) => ONLY.includes(n));
/** Adds the corpus to one store, then queries it; the figures of that store. */
async function measure(name: string, o: OpenIndexOptions): Promise<Record<string, unknown>> {
  const before = redisBytes(name);
  const offset = { done: 0, now: () => 0 };
  const marks: [number, number][] = [];
  // the store commits batches of BATCH, and may write several together
  const onProgress = (done: number): void => void marks.push([offset.done + done, offset.now()]);
  const ix = await openCorpusIndex({ ...o, batchSize: BATCH, workers: WORKERS, onProgress });
  const started = new Date().toISOString();
  const run = await addAll(name, ix, before, offset);
  const { lat, cpu, cands, check, checkCpu, checkWarm } = await latencies(ix);
  const bandFilter = RECALL ? await bandFilterRecall(ix) : undefined;
  const stats = await ix.stats();
  // Redis memory once our connection is closed: a big pipelined write leaves its input buffer on
  // the server while the client stays connected (tens of MB, not per article)
  await ix.close();
  await new Promise((r) => setTimeout(r, 500));
  const after = redisBytes(name);
  const shapes = name.startsWith('redis') ? shapeBytes(name) : undefined;
  const port = name === 'redis' && redis ? Number(redis.url.split(':').pop()) : cluster?.ports[0];
  const used = name.startsWith('redis') && port ? numbersUsed(port, name === 'redis-cluster') : SIZE;
  const bytes = name.startsWith('redis') ? after.data - before.data : (stats.bytes ?? 0);
  const tenth = Math.floor(SIZE / 10);
  const r = {
    addSeconds: +run.addS.toFixed(1),
    docsPerS: Math.round(SIZE / run.addS),
    // this process's CPU time (its fingerprinting threads included): the honest figure for the
    // in-process SQLite store on a busy machine, and the client's share of a Redis add
    addCpuSeconds: +run.cpuS.toFixed(1),
    docsPerCpuS: Math.round(SIZE / run.cpuS),
    // client CPU per article, and the Redis servers' (every node, replicas included) over the add calls
    clientCpuMsPerDoc: +((run.cpuS * 1000) / SIZE).toFixed(3),
    ...(name.startsWith('redis') ? { serverCpuSeconds: +run.serverCpuS.toFixed(1), serverCpuMsPerDoc: +((run.serverCpuS * 1000) / SIZE).toFixed(3) } : {}),
    // the rate of the first and the last tenth: does adding slow down as the index grows?
    docsPerSFirstTenth: rateBetween(marks, 0, tenth),
    docsPerSLastTenth: rateBetween(marks, SIZE - tenth, SIZE),
    bytesPerDoc: Math.round(bytes / SIZE),
    // beyond the text: SQLite keeps the text as it is (Redis deflates it, so the difference means nothing there)
    ...(name === 'sqlite' ? { textBytesPerDoc: Math.round(run.textBytes / SIZE), bytesPerDocBeyondText: Math.round((bytes - run.textBytes) / SIZE) } : {}),
    bytesMeasure: name === 'redis' ? 'redis used_memory growth, less replication and client buffers' : name === 'redis-cluster' ? 'used_memory growth less replication and client buffers, sum of the 3 masters (replicas hold as much again)' : 'file size after checkpoint',
    ...(shapes ? { shapeBytesPerDoc: Math.round(shapes.bytes / SIZE), shapeHashes: shapes.keys } : {}),
    ...(name.startsWith('redis') ? { usedMemoryPerDoc: Math.round((after.used - before.used) / SIZE), bytesPerDocAt: run.memory, numbersOfFailedAttempts: used - SIZE } : {}),
    queryP50ms: +percentile(lat, 50).toFixed(2),
    queryP95ms: +percentile(lat, 95).toFixed(2),
    queryP99ms: +percentile(lat, 99).toFixed(2),
    queryMaxMs: +Math.max(...lat).toFixed(2),
    queryCpuP50ms: +percentile(cpu, 50).toFixed(2),
    queryCpuP99ms: +percentile(cpu, 99).toFixed(2),
    candidatesP50: percentile(cands, 50),
    candidatesP99: percentile(cands, 99),
    // CHECKS drafts, each checked once, after CHECK_WARMUP others (checkWarmup); CPU: this process's
    checks: check.length,
    checkDraftP50ms: +percentile(check, 50).toFixed(1),
    checkDraftP95ms: +percentile(check, 95).toFixed(1),
    checkDraftP99ms: +percentile(check, 99).toFixed(1),
    checkDraftMaxMs: +Math.max(...check).toFixed(1),
    checkDraftCpuP50ms: +percentile(checkCpu, 50).toFixed(1),
    checkDraftCpuP99ms: +percentile(checkCpu, 99).toFixed(1),
    checkWarmup: { checks: checkWarm.length, p50ms: +percentile(checkWarm, 50).toFixed(1), maxMs: +Math.max(...checkWarm).toFixed(1) },
    ...(bandFilter ? { bandFilter } : {}),
    // the machine is shared: the 1-minute load average while adding (min / median / max over the chunks) and at the end
    load: { started, addMin: +Math.min(...run.load).toFixed(2), addMedian: +percentile(run.load, 50).toFixed(2), addMax: +Math.max(...run.load).toFixed(2), end: +loadavg()[0]!.toFixed(2) },
  };
  log(`${name}: added ${SIZE.toLocaleString('en-US')} in ${r.addSeconds} s (${r.docsPerS} docs/s${r.docsPerCpuS ? `, ${r.docsPerCpuS} per CPU second` : ''}, client CPU ${r.clientCpuMsPerDoc} ms/article${'serverCpuMsPerDoc' in r ? `, server CPU ${r.serverCpuMsPerDoc} ms/article` : ''}, first tenth ${r.docsPerSFirstTenth}/s, last tenth ${r.docsPerSLastTenth}/s, batches of ${BATCH}); ${r.bytesPerDoc} B per article${'shapeBytesPerDoc' in r ? ` (figure shapes ${r.shapeBytesPerDoc} B in ${r.shapeHashes} hashes)` : ''}${r.bytesPerDocBeyondText !== undefined ? `, ${r.bytesPerDocBeyondText} B beyond its text` : ''} (${r.bytesMeasure}); query p50 ${r.queryP50ms} ms, p99 ${r.queryP99ms} ms; checkDraft with alignment (${r.checks} drafts after ${r.checkWarmup.checks}) p50 ${r.checkDraftP50ms} ms, p95 ${r.checkDraftP95ms} ms, p99 ${r.checkDraftP99ms} ms, max ${r.checkDraftMaxMs} ms; load ${JSON.stringify(r.load)}`);
  return r;
}
for (const [name, o] of targets) results[name] = await measure(name, o);
if (SAVE && redis) {
  spawnSync('redis-cli', ['-p', redis.url.split(':').pop()!, 'save']);
  log(`saved the Redis data in ${join(SAVE, 'dump.rdb')}`);
}
redis?.stop();
cluster?.stop();
rmSync(tmp, { recursive: true, force: true });
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${OUT}`);
