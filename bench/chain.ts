/**
 * A rolling story: N versions, each keeping ~2/3 of the last one's sentences and adding new ones
 * with fresh figures, so that every version is a near-copy of the one before and the whole chain
 * is one group of near-copies for the corpus counts (the case that made a folded-count shortcut
 * quadratic: 4,000 versions, 5.3 -> 27.8 s). Prints one JSON line: seconds and CPU seconds of
 * `analyze` (or `analyzeParallel` with --workers W > 1), pairs, edges, and a hash of the whole result (to compare two trees).
 * `node --import tsx bench/chain.ts --size 4000 [--workers 2] [--root DIR]` (DIR: a work tree whose src/ to run; default this one).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { rollingStory } from './chain-docs.js';
import { argOf } from './util.js';

const args = process.argv.slice(2);
const size = Number(argOf(args, 'size') ?? 4000);
const workers = Number(argOf(args, 'workers') ?? 1);
const root = resolve(argOf(args, 'root') ?? new URL('..', import.meta.url).pathname);
const api = (await import(`${root}/src/index.ts`)) as typeof import('../src/index.js');

const docs = rollingStory(size);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const a = workers > 1 ? await api.analyzeParallel(docs, { workers }) : api.analyze(docs);
const seconds = (performance.now() - t0) / 1000;
const used = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ size, workers, root, seconds: +seconds.toFixed(2), cpuSeconds: +((used.user + used.system) / 1e6).toFixed(2), pairs: a.pairs.length, edges: a.graph.edges.length, sha256: createHash('sha256').update(JSON.stringify(a)).digest('hex').slice(0, 16) })}\n`);
process.exit(0);
