/**
 * The blind kind pass over the Reuters rewrites (bench/labels/brief-kinds.md).
 *
 *   node --import tsx bench/reuters-kinds.ts <outdir> <files> <seed>
 *       dumps every pair labelled `rewrite` (or hesitated as one) in bench/labels/reuters.json that
 *       bench/labels/reuters-kinds.json has no kind for yet, both halves, in a seeded random order,
 *       split into files: ids, dates, titles, texts and up to three shared passages; never the
 *       analysis's relation or the first label
 *   node --import tsx bench/reuters-kinds.ts --differ <outdir> <files> <seed>
 *       the same for the pairs read already whose two readers' labels differ (hesitations aside),
 *       for a third reader (brief-kinds.md, "Resolution")
 *   node --import tsx bench/reuters-kinds.ts --merge <dir>
 *       adds the readers' JSON Lines (<dir>/out<reader>-<file>.jsonl) to
 *       bench/labels/reuters-kinds.json (the readings there are kept)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { loadReutersFiles } from './reuters.js';

const LABELS = new URL('./labels/reuters.json', import.meta.url);
const KIND_LABELS = new URL('./labels/reuters-kinds.json', import.meta.url);
const labels: { pairs: { half: 'dev' | 'test'; a: string; b: string; label: string; unsure?: string }[] } = JSON.parse(readFileSync(LABELS, 'utf8'));
const key = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);
const flat = (t: string): string => t.replace(/\s+/g, ' ').trim();
const KINDS = new Set(['version', 'carried', 'follow-up', 'neither']);

/** The pairs already read for kind (bench/labels/reuters-kinds.json), by key: the labels (hesitations aside) their readers gave. */
function alreadyRead(): Map<string, string[]> {
  if (!existsSync(KIND_LABELS)) return new Map();
  const file: { pairs: { a: string; b: string; readers: Reading[] }[] } = JSON.parse(readFileSync(KIND_LABELS, 'utf8'));
  return new Map(file.pairs.map((p) => [key(p.a, p.b), p.readers.map((r) => r.kind)] as const));
}

/** Whether a pair read already needs a third reader: exactly two readers, whose labels differ. */
const labelsDiffer = (kinds: readonly string[] | undefined): boolean => kinds !== undefined && kinds.length === 2 && kinds[0] !== kinds[1];

/** The pairs to read (`differ`: those labelsDiffer picks; else those not read yet), shuffled, in `files` files. */
function dump(outDir = 'bench/.cache/kinds', files = '8', seedArg = '18', differ = false): void {
  const read = alreadyRead();
  const blocks: string[][] = [];
  for (const half of ['dev', 'test'] as const) {
    const docs = loadReutersFiles(half === 'dev' ? [0, 10] : [11, 21]);
    const by = new Map(docs.map((d) => [d.id, d]));
    const pairOf = new Map(analyze(docs).pairs.map((p) => [key(p.a, p.b), p]));
    for (const l of labels.pairs) {
      if (l.half !== half || (l.label !== 'rewrite' && l.unsure !== 'rewrite')) continue;
      if (differ ? !labelsDiffer(read.get(key(l.a, l.b))) : read.has(key(l.a, l.b))) continue;
      const A = by.get(l.a)!;
      const B = by.get(l.b)!;
      const lines = [`### ${l.a} ${l.b}`, `A ${l.a} ${A.publishedAt ?? '?'} ${A.title ?? ''}`, A.text.trim(), '', `B ${l.b} ${B.publishedAt ?? '?'} ${B.title ?? ''}`, B.text.trim(), ''];
      for (const x of pairOf.get(key(l.a, l.b))?.passages.slice(0, 3) ?? []) lines.push(`  passage: [${flat(A.text.slice(x.a.start, x.a.end))}]`);
      blocks.push(lines);
    }
  }
  const rand = mulberry32(Number(seedArg));
  for (let i = blocks.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [blocks[i], blocks[j]] = [blocks[j]!, blocks[i]!];
  }
  mkdirSync(outDir, { recursive: true });
  const n = Number(files);
  for (let f = 0; f < n; f++) {
    const part = blocks.filter((_, i) => i % n === f);
    writeFileSync(join(outDir, `kinds-${f + 1}.txt`), part.map((b, i) => [b[0]!.replace('###', `### ${i + 1}`), ...b.slice(1)].join('\n')).join('\n\n'));
  }
  process.stdout.write(`wrote ${blocks.length} pairs in ${n} files to ${outDir}\n`);
}

/** One reading of a pair: the reader (their file's letter and number, "A-9"), the kind and the hesitation. */
interface Reading {
  reader: string;
  kind: string;
  unsure?: string;
}

/**
 * The readers' files of a folder merged into bench/labels/reuters-kinds.json, pair by pair: the
 * readings already there are kept, a reader's second reading of one pair is refused, and every pair
 * keeps its half; in label-file order.
 */
function merge(dir: string): void {
  const old: { pairs: { a: string; b: string; readers: Reading[] }[] } = existsSync(KIND_LABELS) ? JSON.parse(readFileSync(KIND_LABELS, 'utf8')) : { pairs: [] };
  const readers = new Map<string, Reading[]>(old.pairs.map((p) => [key(p.a, p.b), p.readers.map((r) => ({ ...r }))] as const));
  for (const f of readdirSync(dir).filter((x) => /^out[A-Z]-\d+\.jsonl$/.test(x)).sort()) {
    const reader = f.replace(/^out([A-Z])-(\d+)\.jsonl$/, '$1-$2');
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim() !== '')) {
      const r: { a: string; b: string; kind: string; unsure?: string } = JSON.parse(line);
      if (!KINDS.has(r.kind) || (r.unsure !== undefined && !KINDS.has(r.unsure))) throw new Error(`${f}: unknown kind in ${line}`);
      const list = readers.get(key(r.a, r.b)) ?? [];
      if (list.some((x) => x.reader === reader)) throw new Error(`${f}: ${r.a} ${r.b} read twice by ${reader}`);
      list.push(r.unsure === undefined || r.unsure === r.kind ? { reader, kind: r.kind } : { reader, kind: r.kind, unsure: r.unsure });
      readers.set(key(r.a, r.b), list);
    }
  }
  const pairs = labels.pairs.filter((l) => readers.has(key(l.a, l.b))).map((l) => ({ half: l.half, a: l.a, b: l.b, readers: readers.get(key(l.a, l.b))! }));
  if (pairs.length !== readers.size) throw new Error(`${readers.size - pairs.length} read pairs are not in the labels`);
  const note = readFileSync(new URL('./labels/brief-kinds.md', import.meta.url), 'utf8').split('\n')[0]!.replace(/^# /, '');
  writeFileSync(KIND_LABELS, `${JSON.stringify({ note: `${note}; see bench/labels/brief-kinds.md`, pairs }, null, 1)}\n`);
  process.stdout.write(`merged: ${pairs.length} pairs, readers per pair: ${[...new Set(pairs.map((p) => p.readers.length))].join(', ')}\n`);
}

if (process.argv[2] === '--merge') merge(process.argv[3] ?? 'bench/.cache/kinds');
else if (process.argv[2] === '--differ') dump(...(process.argv.slice(3) as [string?, string?, string?]), true);
else dump(...(process.argv.slice(2) as [string?, string?, string?]));
