/**
 * `npm run bench:serve` — load test of `wiretrace serve`: the built CLI serves a SQLite index of
 * generated articles, and many clients check drafts at once over loopback HTTP.
 * Options: --size N articles (default 100000), --requests N (default 10000), --concurrency N
 * (default 200), --workers N (server index workers; default the server's own), --out FILE.
 * Reports p50/p90/p99/max latency, throughput, errors (any status but 200, or a failed
 * connection), how many drafts were traced to the article they were made from, and the
 * server's RSS (VmRSS of the process, workers included) sampled over the run.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCorpusIndex } from '../src/index.js';
import { generateCorpus } from './generate.js';
import { argOf, freePort, percentile } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string): string | undefined => argOf(args, name);
const SIZE = Number(arg('size') ?? 100_000);
const REQUESTS = Number(arg('requests') ?? 10_000);
const CONCURRENCY = Number(arg('concurrency') ?? 200);
const WORKERS = arg('workers');
const OUT = arg('out') ?? join(here, 'results', 'serve.json');
const TOKEN = 'bench-check-token-0123456789';
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const mib = (b: number): number => Math.round(b / 2 ** 20);

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

async function buildIndex(file: string): Promise<{ drafts: { text: string; parent: string }[]; seconds: number }> {
  log(`generating ${SIZE.toLocaleString('en-US')} articles…`);
  const docs = generateCorpus({ size: SIZE, seed: 2024, words: 600, derivedShare: 0.3 });
  // drafts: 500 derived articles, checked as new drafts against the index that holds their source
  const drafts = docs.filter((d) => d.parent).slice(0, 500).map((d) => ({ text: d.text, parent: d.parent! }));
  const t0 = performance.now();
  const ix = await openCorpusIndex({ sqlite: file, batchSize: 1000 });
  for (let i = 0; i < docs.length; i += 5000) await ix.add(docs.slice(i, i + 5000));
  await ix.close();
  return { drafts, seconds: (performance.now() - t0) / 1000 };
}

async function startServe(file: string): Promise<{ url: string; pid: number; stop: () => Promise<number> }> {
  const port = await freePort();
  const cli = join(here, '..', 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, 'serve', '--db', file, '--port', String(port), '-q', ...(WORKERS ? ['--workers', WORKERS] : [])], { env: { ...process.env, WIRETRACE_TOKEN: `check:${TOKEN}` }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise<string>((res, rej) => {
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) res(m[1]!);
    });
    child.once('exit', (c) => rej(new Error(`serve exited (${c}): ${err}`)));
  });
  const exited = new Promise<number>((res) => child.once('exit', (c) => res(c ?? -1)));
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      const t = performance.now();
      child.kill('SIGTERM');
      await exited;
      return performance.now() - t;
    },
  };
}

interface Sample {
  ms: number;
  ok: boolean;
  traced: boolean;
}

async function check(url: string, d: { text: string; parent: string }): Promise<Sample> {
  const t = performance.now();
  try {
    const res = await fetch(`${url}/api/check`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: d.text }) });
    const body = (await res.json()) as { sources?: { id: string }[] };
    return { ms: performance.now() - t, ok: res.status === 200, traced: (body.sources ?? []).some((s) => s.id === d.parent) };
  } catch {
    return { ms: performance.now() - t, ok: false, traced: false };
  }
}

/** `total` requests from `concurrency` clients at once; the server's RSS every 5% of the run. */
async function load(url: string, pid: number, drafts: { text: string; parent: string }[], total: number, concurrency: number): Promise<{ samples: Sample[]; seconds: number; rss: number[] }> {
  const samples: Sample[] = [];
  const rss: number[] = [rssOf(pid)];
  let next = 0;
  const step = Math.max(1, Math.floor(total / 20));
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        samples.push(await check(url, drafts[i % drafts.length]!));
        if (samples.length % step === 0) rss.push(rssOf(pid));
      }
    }),
  );
  return { samples, seconds: (performance.now() - t0) / 1000, rss };
}

const tmp = mkdtempSync(join(tmpdir(), 'wiretrace-bench-serve-'));
try {
  const file = join(tmp, 'bench.db');
  const { drafts, seconds: indexS } = await buildIndex(file);
  log(`indexed in ${indexS.toFixed(1)} s; starting the server (built CLI)…`);
  const server = await startServe(file);
  const rssStart = rssOf(server.pid);
  await load(server.url, server.pid, drafts, 100, 10); // warm-up
  log(`load: ${REQUESTS.toLocaleString('en-US')} checks, ${CONCURRENCY} at once…`);
  const { samples, seconds, rss } = await load(server.url, server.pid, drafts, REQUESTS, CONCURRENCY);
  const stopMs = await server.stop();
  const lat = samples.map((s) => s.ms);
  const ok = samples.filter((s) => s.ok);
  const r = {
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, note: 'shared with other jobs: contended figures' },
    date: new Date().toISOString().slice(0, 10),
    articles: SIZE,
    requests: REQUESTS,
    concurrency: CONCURRENCY,
    serverWorkers: WORKERS ?? 'default',
    indexSeconds: +indexS.toFixed(1),
    checksPerS: +(REQUESTS / seconds).toFixed(1),
    p50ms: Math.round(percentile(lat, 50)),
    p90ms: Math.round(percentile(lat, 90)),
    p99ms: Math.round(percentile(lat, 99)),
    maxMs: Math.round(Math.max(...lat)),
    errors: samples.length - ok.length,
    tracedToSource: +(ok.filter((s) => s.traced).length / Math.max(1, ok.length)).toFixed(3),
    rssMiB: { start: mib(rssStart), afterWarmUp: mib(rss[0]!), first10pct: mib(rss[2] ?? rss[0]!), middle: mib(rss[Math.floor(rss.length / 2)]!), end: mib(rss[rss.length - 1]!), max: mib(Math.max(...rss)) },
    /** Server RSS after the warm-up and then every 5% of the requests. */
    rssSeriesMiB: rss.map(mib),
    shutdownMs: Math.round(stopMs),
  };
  log(
    `${SIZE.toLocaleString('en-US')} articles, ${REQUESTS.toLocaleString('en-US')} checks, ${CONCURRENCY} at once: ${r.checksPerS} checks/s; latency p50 ${r.p50ms} ms, p90 ${r.p90ms} ms, p99 ${r.p99ms} ms, max ${r.maxMs} ms; ` +
      `${r.errors} errors; ${(r.tracedToSource * 100).toFixed(1)}% traced to their source; server RSS ${r.rssMiB.afterWarmUp} → ${r.rssMiB.middle} → ${r.rssMiB.end} MiB (max ${r.rssMiB.max}); SIGTERM to exit ${r.shutdownMs} ms`,
  );
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(r, null, 2)}\n`);
  log(`wrote ${OUT}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
