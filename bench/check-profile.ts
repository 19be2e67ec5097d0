/**
 * Where a draft check's time goes, against an index already in a Redis (e.g. a `bench:stores
 * --save DIR` dump served again): `node --import tsx bench/check-profile.ts --redis URL
 * [--checks 500] [--warmup 50] [--size N]` (N: the corpus size the index was built from, for
 * the drafts: the same generator as bench:stores). Per check: the fingerprint of the draft, the
 * store's candidate lookup, the candidates' shingles (documents read and shingled), the
 * matches' documents, the query in all, and the rest of checkDraft (alignment, attributions,
 * report), and the check's CPU time in this process. Percentiles in ms; run under `node --cpu-prof` for a profile of the same work.
 */
import { checkDraft, openCorpusIndex } from '../src/index.js';
import { fingerprintWith } from '../src/sketch/fingerprint.js';
import { streamCorpus, type GeneratedDoc } from './generate.js';
import { argOf, percentile } from './util.js';

const args = process.argv.slice(2);
const URL = argOf(args, 'redis') ?? 'redis://127.0.0.1:6379';
const CHECKS = Number(argOf(args, 'checks') ?? 500);
const WARMUP = Number(argOf(args, 'warmup') ?? 50);
if (!Number.isInteger(CHECKS) || CHECKS < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) {
  console.error(`check-profile: --checks must be a whole number of 1 or more and --warmup of 0 or more (got ${CHECKS} and ${WARMUP})`);
  process.exit(2);
}
const SIZE = Number(argOf(args, 'size') ?? 1_000_000);
const PREFIX = argOf(args, 'prefix') ?? 'bench';

const derived: GeneratedDoc[] = [];
for (const d of streamCorpus({ size: SIZE, seed: 2024, words: 600, derivedShare: 0.3 })) if (d.parent && derived.push(d) >= WARMUP + CHECKS) break;
const drafts = derived.map((d) => ({ ...d, id: `check-${d.id}` }));

const ix = await openCorpusIndex({ redis: URL, prefix: PREFIX });
const store = ix.store;
const steps: Record<string, number[]> = { fingerprint: [], candidates: [], shingles: [], docs: [], query: [], rest: [], check: [], checkCpu: [] };
let current: Record<string, number> = {};
const timed = <A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
  const t = performance.now();
  try {
    return await f(...a);
  } finally {
    current[name] = (current[name] ?? 0) + performance.now() - t;
  }
};
store.candidates = timed('candidates', store.candidates.bind(store));
store.shingles = timed('shingles', store.shingles.bind(store));
store.docs = timed('docs', store.docs.bind(store));
ix.query = timed('query', ix.query.bind(ix));
for (const [i, d] of drafts.entries()) {
  current = {};
  const t0 = performance.now();
  fingerprintWith(d, ix.params, false);
  current.fingerprint = performance.now() - t0;
  const t = performance.now();
  const c = process.cpuUsage();
  await checkDraft(d, ix);
  current.check = performance.now() - t;
  const u = process.cpuUsage(c);
  current.checkCpu = (u.user + u.system) / 1000;
  current.rest = current.check - current.query!;
  if (i < WARMUP) continue;
  for (const k of Object.keys(steps)) steps[k]!.push(current[k] ?? 0);
}
await ix.close();
const row = (xs: number[]) => ({ p50: +percentile(xs, 50).toFixed(2), p95: +percentile(xs, 95).toFixed(2), p99: +percentile(xs, 99).toFixed(2), max: +Math.max(...xs).toFixed(2), mean: +(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2) });
const out = Object.fromEntries(Object.entries(steps).map(([k, xs]) => [k, row(xs)]));
console.log(JSON.stringify({ checks: CHECKS, warmup: WARMUP, steps: out }, null, 1));
