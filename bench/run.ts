/**
 * `npm run bench` — speed and accuracy of the similarity core beside its peers, in one run.
 * Options: --size N (largest corpus, default 100000), --quick (10,000), --out FILE,
 * --only sign,text,near,allpairs,analyze (sections to run; default all). The analyze section
 * runs analyze end to end at 1,000, 10,000, 20,000 and --size articles (--analyze-sizes a,b,c to
 * choose) on 1 and 2 workers, each run in a process of its own for its peak RSS.
 * Writes a table to stdout and JSON to bench/results/latest.json with the machine recorded.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { CorpusIndex, findNearDuplicates, fingerprint, LshIndex, MinHasher, signText, type Fingerprint } from '../src/index.js';
import { DEFAULT_PAIR_OPTIONS, effectiveMaxDf, forEachSharingPair } from '../src/compare/pairs.js';
import { intersectionSize } from '../src/compare/overlap.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { exactJaccardJoin } from './exact.js';
import { generateCorpus } from './generate.js';
import { argOf, percentile, threadCpuSeconds } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const Minhash = require('minhash').Minhash as new (o: { numPerm: number; seed: number }) => { update(s: string): void; hashvalues: number[] };

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => argOf(args, name);
const SIZE = args.includes('--quick') ? 10_000 : Number(arg('size') ?? 100_000);

/** --only sign,text,near,allpairs: run only those sections (default all). */
const ONLY = arg('only')?.split(',');
const want = (section: string): boolean => !ONLY || ONLY.includes(section);
// --only analyze keeps the other sections' figures in latest.json
const OUT = arg('out') ?? join(here, 'results', ONLY?.length === 1 && ONLY[0] === 'analyze' ? 'analyze.json' : 'latest.json');

const results: Record<string, unknown> = {};
const rows: [string, string, string][] = [];
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const row = (what: string, value: string, note = ''): void => {
  rows.push([what, value, note]);
  log(`  ${what}: ${value} ${note}`);
};
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const time = <T>(f: () => T): [T, number] => {
  const t = performance.now();
  const r = f();
  return [r, (performance.now() - t) / 1000];
};
/** Wall seconds and this process's CPU seconds (the honest figure for one thread on a shared machine). */
const timeCpu = <T>(f: () => T): [T, number, number] => {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = f();
  const u = process.cpuUsage(c);
  return [r, (performance.now() - t) / 1000, (u.user + u.system) / 1e6];
};
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
results.machine = machine;
results.date = new Date().toISOString().slice(0, 10);
log(`wiretrace bench on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; largest corpus ${fmt(SIZE)} articles of ~600 words`);

// ---- corpus -------------------------------------------------------------------------------
// (the analyze section generates its own corpora, one per child process)
const onlyAnalyze = ONLY?.length === 1 && ONLY[0] === 'analyze';
const [docs, genS] = time(() => (onlyAnalyze ? [] : generateCorpus({ size: SIZE, seed: 2024, words: 600, derivedShare: 0.3 })));
log(`generated ${fmt(docs.length)} articles in ${genS.toFixed(1)} s`);
const meanWords = docs.slice(0, 1000).reduce((n, d) => n + d.text.split(/\s+/).length, 0) / Math.max(1, Math.min(1000, docs.length));
results.corpus = { size: docs.length, meanWords: Math.round(meanWords), seed: 2024 };

const CORES = availableParallelism();
const distIndex = '../dist/index.js'; // built by `npm run bench`; a variable so that typecheck does not need dist/
const built = (await import(distIndex)) as Pick<typeof import('../src/index.js'), 'fingerprintMany' | 'findNearDuplicatesParallel'>;

if (want('sign')) {
  // ---- 1. signing on the same shingles ---------------------------------------------------------
  log('\n[1] signing the same shingle sets');
  const sample = docs.slice(0, 2000).map((d) => fingerprint(d, { keepTokens: false }).shingles);
  const sampleShingles = sample.reduce((n, s) => n + s.length, 0);
  const signing: Record<string, unknown> = {};
  for (const numPerm of [128, 256]) {
    const h = new MinHasher({ numPerm, seed: 1 });
    for (const s of sample.slice(0, 200)) h.sign(s); // warm-up
    const [, ws] = time(() => {
      for (let rep = 0; rep < 3; rep++) for (const s of sample) h.sign(s);
    });
    const ours = (3 * sample.length) / ws;
    const few = sample.slice(0, numPerm === 128 ? 60 : 30);
    const strs = few.map((s) => Array.from(s, String));
    const [, ms] = time(() => {
      for (const s of strs) {
        const m = new Minhash({ numPerm, seed: 1 });
        for (const x of s) m.update(x);
      }
    });
    const theirs = few.length / ms;
    const [, es] = time(() => {
      for (const s of sample) new Set(s);
    });
    signing[numPerm] = { wiretraceDocsPerS: Math.round(ours), wiretraceShinglesPerS: Math.round((ours * sampleShingles) / sample.length), minhashPkgDocsPerS: Math.round(theirs * 10) / 10, ratio: Math.round(ours / theirs), exactSetDocsPerS: Math.round(sample.length / es) };
    row(`sign, numPerm ${numPerm}`, `${fmt(ours)} docs/s`, `(${fmt((ours * sampleShingles) / sample.length / 1e6, 1)} M shingles/s); minhash pkg ${fmt(theirs, 1)} docs/s → ${fmt(ours / theirs)}×; exact Set ${fmt(sample.length / es)} docs/s`);
  }
  results.signing = signing;
}

if (want('text')) {
  // ---- 2. text → signature, one and all cores -------------------------------------------------------
  log('\n[2] text → signature (tokenise, shingle, sign)');
  const textSample = docs.slice(0, Math.min(20_000, docs.length)).map((d) => d.text);
  for (const t of textSample.slice(0, 500)) signText(t);
  const oneThread0 = threadCpuSeconds();
  const [, oneS, oneCpu] = timeCpu(() => {
    for (const t of textSample) signText(t);
  });
  const oneThread = oneThread0 === undefined ? undefined : threadCpuSeconds()! - oneThread0;
  const oneCore = textSample.length / oneS;
  const oneCoreCpu = textSample.length / oneCpu;
  const [, fpS] = time(() => {
    for (let i = 0; i < 5000 && i < docs.length; i++) fingerprint(docs[i]!, { keepTokens: false });
  });
  const fpRate = Math.min(5000, docs.length) / fpS;
  /**
   * Signs the texts split over `cores` worker threads (the built package): [wall docs/s, steady-state
   * docs/s, CPU seconds of each worker's own thread while signing (undefined off Linux)].
   */
  async function onCores(texts: string[], cores: number): Promise<[number, number, (number | undefined)[]]> {
    const per = Math.ceil(texts.length / cores);
    const t0 = performance.now();
    const parts = Array.from({ length: cores }, (_, k) => texts.slice(k * per, (k + 1) * per));
    const done = await Promise.all(
      parts.map(
        (p) =>
          new Promise<{ ms: number; cpuMs?: number }>((res, rej) => {
            const w = new Worker(new URL('./sign-worker.mjs', import.meta.url), { workerData: { texts: p } });
            w.once('message', (m: { ms: number; cpuMs?: number }) => {
              void w.terminate();
              res(m);
            });
            w.once('error', rej);
          }),
      ),
    );
    // wall time including worker start-up and copying the texts; and the steady state
    return [texts.length / ((performance.now() - t0) / 1000), texts.length / (Math.max(...done.map((d) => d.ms)) / 1000), done.map((d) => (d.cpuMs === undefined ? undefined : d.cpuMs / 1000))];
  }
  const allText = docs.slice(0, Math.min(40_000, docs.length)).map((d) => d.text);
  const [allWall, allSteady, workerCpu] = await onCores(allText, CORES);
  // the scaling by thread CPU: each worker's CPU per text against the one-core run's (what the code costs
  // with every core busy, whatever else the machine runs; the wall-time ratio also carries the machine's load)
  const perText = allText.length / CORES;
  const cpuRatio = oneThread !== undefined && workerCpu.every((c) => c !== undefined && c > 0) ? workerCpu.reduce<number>((r, c) => r + oneThread / textSample.length / (c! / perText), 0) : undefined;
  // the library's own parallel batch (fingerprintMany from dist/, all cores): full fingerprints, wall time
  const fmDocs = docs.slice(0, Math.min(20_000, docs.length));
  const fmStart = performance.now();
  await built.fingerprintMany(fmDocs, { keepTokens: false });
  const fmRate = fmDocs.length / ((performance.now() - fmStart) / 1000);
  results.textToSignature = { oneCoreDocsPerS: Math.round(oneCore), oneCoreDocsPerCpuS: Math.round(oneCoreCpu), cores: CORES, allCoresWallDocsPerS: Math.round(allWall), allCoresSteadyDocsPerS: Math.round(allSteady), ...(cpuRatio !== undefined ? { allCoresThreadCpuRatio: +cpuRatio.toFixed(2), oneCoreThreadCpuS: +oneThread!.toFixed(2), workerThreadCpuS: workerCpu.map((c) => +c!.toFixed(2)) } : {}), fullFingerprintDocsPerS: Math.round(fpRate), fingerprintManyAllCoresDocsPerS: Math.round(fmRate) };
  row('text → signature, 1 core', `${fmt(oneCore)} docs/s`, `(${fmt(oneCoreCpu)} per CPU second; target ≥ 20,000)`);
  row(`text → signature, ${CORES} cores`, `${fmt(allSteady)} docs/s`, `(${fmt(allSteady / oneCore, 2)}× one core; worker threads, steady state; ${fmt(allWall)} docs/s wall time for ${fmt(allText.length)} texts including start-up and copying${cpuRatio !== undefined ? `; by each thread's CPU per text: ${fmt(cpuRatio, 2)}× one core` : ''})`);
  row('full fingerprint, 1 core', `${fmt(fpRate)} docs/s`, '(+ sorted unique shingles and winnowing, needed for verification)');
  row(`fingerprintMany, ${CORES} workers`, `${fmt(fmRate)} docs/s`, `(full fingerprints of ${fmt(fmDocs.length)} documents, wall time with start-up and transfer)`);
}

if (want('near')) {
  // ---- 2b. findNearDuplicates with its defaults ----------------------------------------------------
  log('\n[2b] findNearDuplicates with default options (Jaccard ≥ 0.3 or containment ≥ 0.25)');
  const nearDup: Record<string, unknown> = {};
  const ndSizes = [...new Set([Math.min(20_000, SIZE), SIZE])];
  for (const n of ndSizes) {
    const sub = docs.slice(0, n);
    const [pairs, oneT, oneC] = timeCpu(() => findNearDuplicates(sub));
    sampleRss();
    const t0 = performance.now();
    const par = await built.findNearDuplicatesParallel(sub);
    const parT = (performance.now() - t0) / 1000;
    sampleRss();
    if (JSON.stringify(par) !== JSON.stringify(pairs)) throw new Error(`findNearDuplicatesParallel differs from findNearDuplicates at ${n}`);
    nearDup[n] = { oneThreadS: +oneT.toFixed(2), oneThreadCpuS: +oneC.toFixed(2), allCoresS: +parT.toFixed(2), pairs: pairs.length, maxDocFrequency: effectiveMaxDf(n, DEFAULT_PAIR_OPTIONS.maxDocFrequency) };
    row(`findNearDuplicates, ${fmt(n)} articles`, `${oneT.toFixed(2)} s one thread (${oneC.toFixed(2)} s CPU), ${parT.toFixed(2)} s on ${CORES} cores`, `(${fmt(pairs.length)} pairs; containment search skips fingerprints in > ${effectiveMaxDf(n, DEFAULT_PAIR_OPTIONS.maxDocFrequency)} documents; same output both ways)`);
  }
  if (ndSizes.length === 2) {
    const [a, b] = ndSizes as [number, number];
    const at = nearDup[a] as { oneThreadS: number; oneThreadCpuS: number };
    const bt = nearDup[b] as { oneThreadS: number; oneThreadCpuS: number };
    const exponent = Math.log(bt.oneThreadS / at.oneThreadS) / Math.log(b / a);
    const exponentCpu = Math.log(bt.oneThreadCpuS / at.oneThreadCpuS) / Math.log(b / a);
    nearDup.scalingExponent = +exponent.toFixed(2);
    nearDup.scalingExponentCpu = +exponentCpu.toFixed(2);
    row('findNearDuplicates scaling', `n^${exponent.toFixed(2)}`, `(one thread, ${fmt(a)} → ${fmt(b)} articles; n^${exponentCpu.toFixed(2)} by CPU time)`);
  }
  {
    // recall at 10,000 against the exact join of both criteria (every pair sharing any shingle, counted)
    const n = Math.min(10_000, SIZE);
    const sub = docs.slice(0, n);
    const fpsR = sub.map((d) => fingerprint(d, { keepTokens: false }));
    const truth = new Set<number>();
    forEachSharingPair(
      fpsR.map((f) => f.shingles),
      Number.MAX_SAFE_INTEGER,
      (i, j, c) => {
        const x = fpsR[i]!.shingles.length;
        const y = fpsR[j]!.shingles.length;
        if (c / (x + y - c) >= 0.3 || Math.max(c / x, c / y) >= 0.25) truth.add(i * n + j);
      },
    );
    const at = new Map(sub.map((d, i) => [d.id, i]));
    const got = new Set(findNearDuplicates(sub).map((p) => at.get(p.a)! * n + at.get(p.b)!));
    let hit = 0;
    for (const t of truth) if (got.has(t)) hit++;
    nearDup.recall10k = { recall: +(hit / truth.size).toFixed(4), exactPairs: truth.size, found: got.size };
    row(`findNearDuplicates recall, ${fmt(n)} articles`, `${(hit / truth.size).toFixed(4)}`, `(${fmt(got.size)} found of ${fmt(truth.size)} exact pairs at J ≥ 0.3 or containment ≥ 0.25; precision 1 by verification)`);
  }
  results.findNearDuplicates = nearDup;
}

// ---- 3. all pairs ---------------------------------------------------------------------------------
if (want('allpairs')) log('\n[3] all pairs at Jaccard ≥ 0.5 against exact all-pairs');
const allPairs: Record<string, unknown> = {};
const sizes = want('allpairs') ? [...new Set([Math.min(10_000, SIZE), SIZE])] : [];
let fps100: Fingerprint[] = [];
for (const n of sizes) {
  const sub = docs.slice(0, n);
  const [fps, fS] = time(() => sub.map((d) => fingerprint(d, { keepTokens: false })));
  sampleRss();
  const [lsh, insS] = time(() => {
    const idx = new LshIndex({ threshold: 0.5, numPerm: 128, weights: { falsePositive: 0.2, falseNegative: 0.8 } });
    fps.forEach((f, i) => idx.insert(String(i), f.signature));
    return idx;
  });
  const [cands, candS] = time(() => lsh.candidatePairs());
  sampleRss();
  const [found, verS] = time(() => {
    const out = new Set<string>();
    for (const [x, y] of cands) {
      const a = fps[Number(x)]!.shingles;
      const b = fps[Number(y)]!.shingles;
      const s = intersectionSize(a, b);
      if (s / (a.length + b.length - s) >= 0.5) out.add(`${x},${y}`);
    }
    return out;
  });
  // the oracle: the full exact join up to 10,000; above, the exact neighbour lists of 2,000
  // sampled documents (an unbiased estimate of recall; precision is 1 by construction, since
  // every reported pair was verified on the exact shingle sets)
  const sampled = n <= 10_000;
  const [truth, exS] = time(() => (sampled ? exactJaccardJoin(fps.map((f) => f.shingles), 0.5) : exactNeighbours(fps, 0.5, 2000)));
  sampleRss();
  let hit = 0;
  for (const t of truth) if (found.has(t)) hit++;
  const recall = truth.size ? hit / truth.size : 1;
  const precision = sampled ? (found.size ? [...found].filter((f) => truth.has(f)).length / found.size : 1) : 1;
  const bytesPerDoc = lsh.byteSize / n;
  const entry = {
    fingerprintS: +fS.toFixed(2),
    lshInsertS: +insS.toFixed(2),
    candidatesS: +candS.toFixed(2),
    verifyS: +verS.toFixed(2),
    totalOneCoreS: +(fS + insS + candS + verS).toFixed(2),
    candidates: cands.length,
    verifiedPairs: found.size,
    exactPairs: truth.size,
    exactOracle: sampled ? 'full prefix-filter join' : 'exact neighbours of 2,000 sampled documents',
    exactJoinS: +exS.toFixed(2),
    recall: +recall.toFixed(4),
    precision: +precision.toFixed(4),
    lshBytesPerDoc: Math.round(bytesPerDoc),
    signatureBytesPerDoc: 512,
    bands: lsh.bands,
    rows: lsh.rows,
  };
  allPairs[n] = entry;
  row(`all pairs, ${fmt(n)} articles`, `${entry.totalOneCoreS} s one core`, `(fingerprint ${entry.fingerprintS} s, LSH ${entry.lshInsertS} s, candidates ${entry.candidatesS} s, verify ${entry.verifyS} s; ${fmt(found.size)} pairs, recall ${entry.recall} (${fmt(truth.size)} exact pairs: ${entry.exactOracle}, ${entry.exactJoinS} s), precision ${entry.precision}; LSH ${entry.lshBytesPerDoc} B/doc + 512 B signature; ${lsh.bands}×${lsh.rows})`);
  if (n === SIZE) fps100 = fps;
}
results.allPairs = allPairs;

/** Exact Jaccard neighbours (≥ t) of `count` evenly spaced documents, by counting shared shingles over postings. */
function exactNeighbours(fps: Fingerprint[], t: number, count: number): Set<string> {
  // postings only for the shingles of the sampled documents: a Map of every shingle of
  // 100,000 articles would pass V8's 2^24-entry limit
  const step = Math.max(1, Math.floor(fps.length / count));
  const postings = new Map<number, number[]>();
  for (let q = 0; q < fps.length; q += step) for (const h of fps[q]!.shingles) if (!postings.has(h)) postings.set(h, []);
  fps.forEach((f, i) => {
    for (const h of f.shingles) postings.get(h)?.push(i);
  });
  const counts = new Int32Array(fps.length);
  const out = new Set<string>();
  for (let q = 0; q < fps.length; q += step) {
    const touched: number[] = [];
    for (const h of fps[q]!.shingles) for (const j of postings.get(h)!) {
      if (j === q) continue;
      if (counts[j] === 0) touched.push(j);
      counts[j]!++;
    }
    for (const j of touched) {
      const c = counts[j]!;
      counts[j] = 0;
      if (c / (fps[q]!.shingles.length + fps[j]!.shingles.length - c) >= t) out.add(q < j ? `${q},${j}` : `${j},${q}`);
    }
  }
  return out;
}

if (want('allpairs')) {
  // ---- 4. query latency ---------------------------------------------------------------------------------
  log('\n[4] query latency of a draft');
  const latency: Record<string, unknown> = {};
  const drafts = docs.filter((d) => d.parent).slice(0, 1000);
  const draftSigs = drafts.map((d) => signText(d.text));
  const idx = new LshIndex({ threshold: 0.3, numPerm: 128, weights: { falsePositive: 0.2, falseNegative: 0.8 } });
  fps100.forEach((f, i) => idx.insert(`d${i}`, f.signature));
  const measure = (label: string): void => {
    for (const s of draftSigs.slice(0, 50)) idx.query(s);
    const ms = draftSigs.map((s) => {
      const t = performance.now();
      idx.query(s);
      return performance.now() - t;
    });
    latency[label] = { p50ms: +percentile(ms, 50).toFixed(3), p99ms: +percentile(ms, 99).toFixed(3), lshBytesPerDoc: Math.round(idx.byteSize / idx.size) };
    row(`LSH query, ${label} signatures`, `p50 ${percentile(ms, 50).toFixed(3)} ms, p99 ${percentile(ms, 99).toFixed(3)} ms`, `(${Math.round(idx.byteSize / idx.size)} B/doc of LSH tables)`);
  };
  measure(fmt(idx.size));
  if (!args.includes('--quick')) {
    // fill to 1,000,000 with signatures of unrelated documents (random shingle sets)
    const rnd = mulberry32(7);
    const h = new MinHasher({ numPerm: 128, seed: 1 });
    const shingles = new Uint32Array(500);
    for (let i = idx.size; i < 1_000_000; i++) {
      for (let k = 0; k < 500; k++) shingles[k] = Math.floor(rnd() * 4294967296);
      idx.insert(`r${i}`, h.sign(shingles));
    }
    sampleRss();
    measure(fmt(idx.size));
  }
  // full draft check (candidates, exact verification, alignment) against a CorpusIndex of 10,000
  const ci = new CorpusIndex();
  ci.add(docs.slice(0, Math.min(10_000, docs.length)));
  const fullMs = drafts.slice(0, 200).map((d) => {
    const t = performance.now();
    ci.query(d, { passages: true, limit: 10 });
    return performance.now() - t;
  });
  latency.corpusIndex10k = { p50ms: +percentile(fullMs, 50).toFixed(2), p99ms: +percentile(fullMs, 99).toFixed(2) };
  row('checkDraft-style query with alignment, 10,000 indexed', `p50 ${percentile(fullMs, 50).toFixed(2)} ms, p99 ${percentile(fullMs, 99).toFixed(2)} ms`);
  results.queryLatency = latency;
}
if (want('analyze')) {
  // ---- 6. analyze end to end -----------------------------------------------------------------
  log('\n[6] analyze end to end (generated news-length articles; each run in its own process)');
  const sizes = arg('analyze-sizes')?.split(',').map(Number) ?? [...new Set([1000, 10_000, 20_000, SIZE])].filter((n) => n <= SIZE);
  const runs: { size: number; workers: number; seconds: number; cpuSeconds: number; stages: Record<string, number>; pairs: number; edges: number; peakRssMiB: number }[] = [];
  for (const size of sizes) {
    for (const workers of [1, Math.min(2, CORES)]) {
      if (runs.some((r) => r.size === size && r.workers === workers)) continue;
      const line = execFileSync(process.execPath, ['--import', 'tsx', join(here, 'analyze-one.ts'), '--size', String(size), '--workers', String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const r = JSON.parse(line.trim().split('\n').pop()!) as (typeof runs)[number];
      runs.push(r);
      row(`analyze, ${fmt(size)} articles, ${workers} worker${workers === 1 ? '' : 's'}`, `${r.seconds.toFixed(1)} s (${r.cpuSeconds.toFixed(1)} s CPU, all threads), peak RSS ${fmt(r.peakRssMiB)} MiB`, `(${Object.entries(r.stages).map(([k, v]) => `${k} ${v} s`).join(', ')}; ${fmt(r.pairs)} pairs, ${fmt(r.edges)} edges)`);
    }
  }
  const one = runs.filter((r) => r.workers === 1);
  if (one.length >= 2) {
    const [a, b] = [one[0]!, one[one.length - 1]!];
    const exponent = Math.log(b.seconds / a.seconds) / Math.log(b.size / a.size);
    const exponentCpu = Math.log(b.cpuSeconds / a.cpuSeconds) / Math.log(b.size / a.size);
    row('analyze scaling', `n^${exponentCpu.toFixed(2)} by CPU time`, `(one worker, ${fmt(a.size)} → ${fmt(b.size)} articles; n^${exponent.toFixed(2)} by wall time)`);
    results.analyzeScaling = { cpu: +exponentCpu.toFixed(2), wall: +exponent.toFixed(2) };
  }
  results.analyze = runs;
}

sampleRss();
results.peakRssMiB = Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20);
row('peak RSS', `${results.peakRssMiB} MiB`);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(mergedWithEarlier(results), null, 2)}\n`);
process.stdout.write(`\n| measure | result | notes |\n| --- | --- | --- |\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}\nwrote ${OUT}\n`);

/**
 * With --only, the other sections' figures of the file written before stay in it (a rerun of the
 * text section must not wipe the signing or all-pairs figures); `rerun` says which sections
 * were measured again, on which date, machine and corpus, with that run's peak RSS.
 */
function mergedWithEarlier(fresh: Record<string, unknown>): Record<string, unknown> {
  if (!ONLY || !existsSync(OUT)) return fresh;
  const earlier = JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>;
  const { machine: m, date, corpus, peakRssMiB, ...sections } = fresh;
  return { ...earlier, ...sections, rerun: { ...(earlier.rerun as object | undefined), [ONLY.join(',')]: { date, machine: m, corpus, peakRssMiB } } };
}
