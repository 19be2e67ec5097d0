/**
 * One `analyze` run in a process of its own, so that its peak RSS is its own: run by the
 * `analyze` section of bench/run.ts (`node --import tsx bench/analyze-one.ts --size N --workers W`).
 * Generates the corpus (not timed), runs `analyzeParallel` of the built package (`workers: 1`
 * is the in-process path), and prints one JSON line: wall seconds per stage and in all, CPU
 * seconds of all threads, pairs, edges, peak RSS. With --module FILE it runs that module's
 * `analyze` instead (an older version, for a before/after on the same machine).
 */
import { generateCorpus } from './generate.js';
import { argOf } from './util.js';

const args = process.argv.slice(2);
const size = Number(argOf(args, 'size') ?? 1000);
const workers = Number(argOf(args, 'workers') ?? 1);
const distIndex = '../dist/index.js'; // built by `npm run bench`
const other = argOf(args, 'module');
type Api = Pick<typeof import('../src/index.js'), 'analyzeParallel' | 'analyze'>;
const api = (await import(other ?? distIndex)) as Api;
const analyzeParallel: Api['analyzeParallel'] = other ? async (d, o) => api.analyze(d, { onProgress: o?.onProgress }) : api.analyzeParallel;

const docs = generateCorpus({ size, seed: 2024, words: 600, derivedShare: 0.3 });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const stages: Record<string, number> = {};
let last = t0;
const analysis = await analyzeParallel(docs, {
  workers,
  onProgress: (stage, done, total) => {
    if (done !== total || stages[stage] !== undefined) return;
    const now = performance.now();
    stages[stage] = +((now - last) / 1000).toFixed(2);
    last = now;
  },
});
const seconds = (performance.now() - t0) / 1000;
const used = process.cpuUsage(cpu0);
const cpuSeconds = (used.user + used.system) / 1e6; // every thread of the process: the work done, whatever the machine's load
stages.graph = +((performance.now() - last) / 1000).toFixed(2);
const peakRssMiB = Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
process.stdout.write(`${JSON.stringify({ size, workers, seconds: +seconds.toFixed(2), cpuSeconds: +cpuSeconds.toFixed(2), stages, pairs: analysis.pairs.length, edges: analysis.graph.edges.length, peakRssMiB })}\n`);
