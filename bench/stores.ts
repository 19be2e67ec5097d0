/**
 * `npm run bench:stores` — bulk add into each persistent store, and query latency from it.
 * Options: --size N (default 100000), --batch N (default 1000), --only sqlite,redis,redis-keys, --out FILE
 * (results are merged into an existing --out file, so stores can be measured in separate runs).
 * redis-keys is Redis without server-side scripts: one command per key, the path a Cluster takes.
 * Starts its own redis-server on a free loopback port when one is installed (Debian's
 * redis-server); the SQLite file goes to a temporary folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDraft, openCorpusIndex, type OpenIndexOptions } from '../src/index.js';
import { generateCorpus } from './generate.js';
import { argOf, percentile, startRedis } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => argOf(args, name);
const SIZE = Number(arg('size') ?? 100_000);
const BATCH = Number(arg('batch') ?? 1000);
const OUT = arg('out') ?? join(here, 'results', 'stores.json');
const ONLY = (arg('only') ?? 'sqlite,redis,redis-keys').split(',');
const log = (s: string): void => void process.stderr.write(`${s}\n`);


function rssOfPid(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

log(`generating ${SIZE.toLocaleString('en-US')} articles…`);
const docs = generateCorpus({ size: SIZE, seed: 2024, words: 600, derivedShare: 0.3 });
const drafts = docs.filter((d) => d.parent).slice(0, 200).map((d) => ({ ...d, id: `draft-${d.id}` }));
let previous: Record<string, unknown> = {};
try {
  previous = JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>;
} catch {
  // no earlier results
}
const results: Record<string, unknown> = { ...previous, machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, date: new Date().toISOString().slice(0, 10), size: SIZE, batch: BATCH };
const tmp = mkdtempSync(join(tmpdir(), 'wiretrace-bench-'));
const redis = await startRedis().catch((e: Error) => {
  log(`no redis-server (${e.message}): the Redis store is left out`);
  return undefined;
});

const targets = ([
  ['sqlite', { sqlite: join(tmp, 'bench.db') }],
  ...(redis
    ? [
        ['redis', { redis: redis.url, prefix: 'bench' }],
        ['redis-keys', { redis: redis.url, prefix: 'bench-keys', redisScripts: false }],
      ]
    : []),
] as [string, OpenIndexOptions][]).filter(([n]) => ONLY.includes(n));
for (const [name, o] of targets) {
  const ix = await openCorpusIndex({ ...o, batchSize: BATCH });
  const t0 = performance.now();
  let last = t0;
  for (let i = 0; i < docs.length; i += BATCH) {
    await ix.add(docs.slice(i, i + BATCH));
    if (performance.now() - last > 10_000) {
      last = performance.now();
      log(`  ${name}: ${Math.min(i + BATCH, docs.length).toLocaleString('en-US')} added, ${((i + BATCH) / ((last - t0) / 1000)).toFixed(0)} docs/s`);
    }
  }
  const addS = (performance.now() - t0) / 1000;
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
  // Redis: the server's RSS after this store's keys alone (the others are deleted below)
  const bytes = name.startsWith('redis') && redis ? rssOfPid(redis.proc.pid!) : (stats.bytes ?? 0);
  const r = {
    addSeconds: +addS.toFixed(1),
    docsPerS: Math.round(docs.length / addS),
    bytesPerDoc: Math.round(bytes / docs.length),
    bytesMeasure: name.startsWith('redis') ? 'redis-server RSS' : 'file size after checkpoint',
    queryP50ms: +percentile(lat, 50).toFixed(2),
    queryP99ms: +percentile(lat, 99).toFixed(2),
    checkDraftP50ms: +percentile(latP, 50).toFixed(1),
    checkDraftP99ms: +percentile(latP, 99).toFixed(1),
  };
  results[name] = r;
  log(`${name}: added ${docs.length.toLocaleString('en-US')} in ${r.addSeconds} s (${r.docsPerS} docs/s, batches of ${BATCH}); ${r.bytesPerDoc} B per article (${r.bytesMeasure}); query p50 ${r.queryP50ms} ms, p99 ${r.queryP99ms} ms; checkDraft with alignment p50 ${r.checkDraftP50ms} ms, p99 ${r.checkDraftP99ms} ms`);
  if (name.startsWith('redis') && redis) spawnSync('redis-cli', ['-u', redis.url, 'FLUSHALL'], { stdio: 'ignore' });
  await ix.close();
}
redis?.stop();
rmSync(tmp, { recursive: true, force: true });
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${OUT}`);
