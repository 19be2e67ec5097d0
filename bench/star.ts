/**
 * One story copied by many: an unseen wire story (8 paragraphs, not in the corpus) copied by N
 * outlets, each copy with ~5% of its words edited, all undated (--undated, the default) or each
 * dated within two days (--dated). Every copy is a near-copy of every other, so the provenance
 * stage asks about all n² pairs and, in its direction and sourcing rules, about their common
 * relatives (the case that was cubic in N). Prints one JSON line: wall and CPU seconds of
 * `analyze`, pairs, edges, and a hash of the whole result (to compare two trees).
 * `node --import tsx bench/star.ts --copies 120 [--dated|--undated] [--root DIR]` (DIR: a work tree whose src/ to run; default this one).
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { starCorpus } from './star-docs.js';
import { argOf } from './util.js';

const args = process.argv.slice(2);
const copies = Number(argOf(args, 'copies') ?? 40);
const dated = args.includes('--dated');
const root = resolve(argOf(args, 'root') ?? new URL('..', import.meta.url).pathname);
const api = (await import(`${root}/src/index.ts`)) as typeof import('../src/index.js');

const docs = starCorpus(copies, dated);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const a = api.analyze(docs);
const seconds = (performance.now() - t0) / 1000;
const used = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ copies, dated, root, seconds: +seconds.toFixed(2), cpuSeconds: +((used.user + used.system) / 1e6).toFixed(2), pairs: a.pairs.length, edges: a.graph.edges.length, sha256: createHash('sha256').update(JSON.stringify(a)).digest('hex').slice(0, 16) })}\n`);
process.exit(0);
