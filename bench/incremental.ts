/**
 * Incremental analysis of a SQLite index: `analyzeIndex` of N generated news-length articles
 * with nothing stored (the first run), then after adding K more (the next run), each phase in a
 * process of its own so that its peak RSS is its own. With --check, `analyze` of all N + K in
 * memory too, and the SHA-1 of the two analyses' JSON compared (which raises every phase's peak RSS).
 *
 *   npm run build && node --import tsx bench/incremental.ts --size 20000 --new 100 --workers 2 [--check]
 *
 * Prints one JSON line per phase: wall seconds, CPU seconds of all threads, peak RSS, and the
 * run's IncrementalStats.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from './generate.js';
import { argOf } from './util.js';

type Api = typeof import('../src/index.js');
const args = process.argv.slice(2);
const size = Number(argOf(args, 'size') ?? 20000);
const added = Number(argOf(args, 'new') ?? 100);
const workers = Number(argOf(args, 'workers') ?? 1);
const phase = argOf(args, 'phase');

const corpus = (): ReturnType<typeof generateCorpus> => generateCorpus({ size: size + added, seed: 2024, words: 600, derivedShare: 0.3 });
const docsOf = (from: number, to: number) => corpus().slice(from, to).map(({ id, text, outlet, publishedAt, kind, title }) => ({ id, text, outlet, publishedAt, kind, title }));

async function runPhase(name: string, db: string): Promise<void> {
  const distIndex = '../dist/index.js'; // built by `npm run build`
  const api = (await import(distIndex)) as Api;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let out: Record<string, unknown> = {};
  if (name === 'add-old' || name === 'add-new') {
    const docs = name === 'add-old' ? docsOf(0, size) : docsOf(size, size + added);
    const t1 = performance.now(); // generating is not timed
    const index = await api.openCorpusIndex({ sqlite: db, workers });
    await index.add(docs);
    await index.close();
    out = { documents: docs.length, seconds: +((performance.now() - t1) / 1000).toFixed(2) };
  } else if (name === 'direct') {
    const docs = docsOf(0, size + added).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const t1 = performance.now();
    const analysis = await api.analyzeParallel(docs, { workers });
    out = { seconds: +((performance.now() - t1) / 1000).toFixed(2), sha1: sha1(analysis) };
  } else {
    const { analysis, stats } = await api.analyzeIndex({ sqlite: db }, { workers });
    out = { seconds: +((performance.now() - t0) / 1000).toFixed(2), sha1: sha1(analysis), stats };
  }
  const used = process.cpuUsage(cpu0);
  const peakRssMiB = Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);
  const dbMiB = name === 'direct' ? undefined : +(statSync(db).size / 2 ** 20).toFixed(1); // after close: WAL checkpointed
  process.stdout.write(`${JSON.stringify({ phase: name, size, new: added, workers, ...out, cpuSeconds: +((used.user + used.system) / 1e6).toFixed(2), peakRssMiB, dbMiB })}\n`);
}

/** The SHA-1 of an analysis' JSON, with --check only (the JSON string of 20,000 articles adds ~300 MB to the peak RSS). */
function sha1(x: unknown): string | undefined {
  return args.includes('--check') ? createHash('sha1').update(JSON.stringify(x)).digest('hex') : undefined;
}

if (phase) {
  await runPhase(phase, argOf(args, 'db')!);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'wiretrace-incr-bench-'));
  const db = join(dir, 'bench.db');
  const lines: Record<string, unknown>[] = [];
  try {
    const phases = ['add-old', 'analyze-first', 'add-new', 'analyze-next', ...(args.includes('--check') ? ['direct'] : [])];
    for (const p of phases) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, ...args, '--phase', p, '--db', db], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`${p} failed: ${r.stderr}`);
      process.stdout.write(r.stdout);
      lines.push(JSON.parse(r.stdout) as Record<string, unknown>);
    }
    const byName = new Map(lines.map((l) => [l.phase, l]));
    if (byName.has('direct')) process.stdout.write(`incremental result ${byName.get('direct')!.sha1 === byName.get('analyze-next')!.sha1 ? 'equals' : 'DIFFERS FROM'} analyze of all ${size + added}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
