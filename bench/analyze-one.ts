/**
 * One `analyze` run in a process of its own, so that its peak RSS is its own: run by the
 * `analyze` section of bench/run.ts (`node --import tsx bench/analyze-one.ts --size N --workers W`).
 * Generates the corpus (not timed), runs `analyzeParallel` of the built package (`workers: 1`
 * is the in-process path), and prints one JSON line: wall seconds per stage and in all, CPU
 * seconds of all threads, pairs, edges, peak RSS. With --module FILE it runs that module's
 * `analyze` instead (an older version, for a before/after on the same machine). With --rss-trace
 * a thread of its own samples VmRSS every 50 ms (the main thread is busy in synchronous stages,
 * where a timer would not fire) and the line also gives the peak's time, the largest sample of each
 * second, and the RSS when each stage ended and at each `globalThis.__wtMark(label)` a build may
 * call (`atMarks`, MiB); at the marks, WT_HEAP=1 adds this thread's process.memoryUsage()
 * (rss/heapTotal/heapUsed/external/arrayBuffers) and WT_SMAPS=1 the RSS of /proc/self/smaps by
 * kind of mapping. The sampling thread adds ~10 MiB: leave --rss-trace off for the figures.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
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
const trace = args.includes('--rss-trace') ? rssTrace() : undefined;
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
    trace?.mark(stage);
    last = now;
  },
});
const seconds = (performance.now() - t0) / 1000;
const used = process.cpuUsage(cpu0);
const cpuSeconds = (used.user + used.system) / 1e6; // every thread of the process: the work done, whatever the machine's load
stages.graph = +((performance.now() - last) / 1000).toFixed(2);
const peakRssMiB = Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
const traced = trace ? { rss: await trace.stop(t0) } : {};
process.stdout.write(`${JSON.stringify({ size, workers, seconds: +seconds.toFixed(2), cpuSeconds: +cpuSeconds.toFixed(2), stages, pairs: analysis.pairs.length, edges: analysis.graph.edges.length, peakRssMiB, ...traced })}\n`);
if (trace) process.exit(0);

/** VmRSS sampled by a thread of its own; marks are (label, time) pairs taken in this thread. */
function rssTrace(): { mark(label: string): void; stop(t0: number): Promise<{ peakMiB: number; peakAtS: number; atMarks: Record<string, number>; perSecond: number[] }> } {
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    const samples = [];
    const read = () => Number(/VmRSS:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
    const timer = setInterval(() => samples.push([performance.timeOrigin + performance.now(), read()]), 50);
    parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(samples); });`;
  const w = new Worker(code, { eval: true });
  const marks: [string, number][] = [];
  const heap: Record<string, string> = {};
  const smaps: Record<string, Record<string, number>> = {};
  (globalThis as { __wtMark?: (l: string) => void }).__wtMark = (l) => {
    marks.push([l, performance.timeOrigin + performance.now()]);
    if (process.env.WT_SMAPS) smaps[l] = smapsByKind();
    if (process.env.WT_HEAP) {
      const m = process.memoryUsage();
      heap[l] = [m.rss, m.heapTotal, m.heapUsed, m.external, m.arrayBuffers].map((x) => Math.round(x / 2 ** 20)).join('/');
    }
  };
  return {
    mark: (l) => marks.push([l, performance.timeOrigin + performance.now()]),
    async stop(t0) {
      const samples = await new Promise<[number, number][]>((res) => {
        w.once('message', res);
        w.postMessage('stop');
      });
      await w.terminate();
      const start = performance.timeOrigin + t0;
      let peak: [number, number] = [0, 0];
      for (const s of samples) if (s[0] >= start && s[1] > peak[1]) peak = s;
      const atMarks: Record<string, number> = {};
      for (const [l, t] of marks) {
        const before = samples.filter((s) => s[0] <= t).at(-1);
        atMarks[`${l}@${((t - start) / 1000).toFixed(1)}s`] = Math.round(before?.[1] ?? 0);
      }
      const perSecond: number[] = []; // the largest sample of each second of the run
      for (const [t, r] of samples) if (t >= start) perSecond[Math.floor((t - start) / 1000)] = Math.max(perSecond[Math.floor((t - start) / 1000)] ?? 0, Math.round(r));
      return { peakMiB: Math.round(peak[1]), peakAtS: +((peak[0] - start) / 1000).toFixed(1), atMarks, ...(process.env.WT_HEAP ? { heap } : {}), ...(process.env.WT_SMAPS ? { smaps } : {}), perSecond: [...perSecond].map((r) => r ?? 0) };
    },
  };
}

/** RSS (MiB) of this process's mappings by kind: [heap], anonymous by mapping size, files. Measurement only. */
function smapsByKind(): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      const size = (parseInt(m[2]!, 16) - parseInt(m[1]!, 16)) / 2 ** 20;
      const name = m[3]!;
      kind = name === '[heap]' ? 'brk' : name.startsWith('/') ? 'file' : name ? name : size >= 64 ? 'anon>=64M' : size >= 1 ? 'anon1-64M' : 'anon<1M';
      continue;
    }
    const r = /^Rss:\s+(\d+) kB/.exec(line);
    if (r) out[kind] = (out[kind] ?? 0) + Number(r[1]) / 1024;
  }
  for (const k of Object.keys(out)) out[k] = Math.round(out[k]!);
  return out;
}
