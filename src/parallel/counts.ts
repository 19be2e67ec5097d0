/**
 * The corpus counts of `analyzeParallel` on a worker thread (a large corpus): the scans' 3-gram
 * arrays cross in the blocks of their arenas (moved, not copied) and the worker runs
 * `corpusCounts` itself, so the result is the one this thread would have computed. Meanwhile
 * this thread is free to hand the other workers their tasks (the attributions): the counts took
 * ~7–10 s of this thread at 100,000 articles while both workers waited.
 */
import type { Pair } from '../compare/pairs.js';
import type { Doc } from '../doc.js';
import { corpusCounts, type AnalysisPlan } from '../provenance/analyze.js';
import { frequentPlainAndFoldedInRange, type DocScan, type HashRange, type PairsShared } from '../provenance/stages.js';
import { allShared, arraysAt, inPartOrder, locateArrays, partCounter, takeParts, type Taken } from './parts.js';

/** What corpusCounts reads of the plan (the rest, a gazetteer among it, stays in this thread). */
export type CountsPlan = Pick<AnalysisPlan, 'n' | 'commonDf' | 'alignOpts' | 'docs'>;

export interface CountsTask {
  ids: string[];
  candidates: Pair[];
  slotDf?: Map<string, number>;
  /** The buffers that hold the scans' 3-gram arrays (moved to the worker). */
  blocks: ArrayBuffer[];
  /** Per document, for grams, folded and foldedDiff (GRAM_KINDS): block (-1: none), offset and length in values. */
  where: Int32Array;
}
export interface CountsShared {
  plan: CountsPlan;
}

const GRAM_KINDS = ['grams', 'folded', 'foldedDiff'] as const;

/**
 * The task of the corpus counts: the scans' 3-gram arrays are taken off them (they must be views
 * on buffers that nothing else uses, such as arena blocks: those buffers are moved).
 */
export function countsTask(docs: readonly Doc[], scans: DocScan[], candidates: readonly Pair[], slotDf?: Map<string, number>): CountsTask {
  const { blocks, where } = locateGrams(scans);
  for (const x of scans) for (const kind of GRAM_KINDS) delete x[kind];
  return { ids: docs.map((d) => d.id), candidates: [...candidates], ...(slotDf ? { slotDf } : {}), blocks, where };
}

/** Where the scans' 3-gram arrays are (locateArrays): per document, the kinds of GRAM_KINDS in order. */
function locateGrams(scans: readonly DocScan[]): { blocks: ArrayBuffer[]; where: Int32Array } {
  return locateArrays(scans.flatMap((x) => GRAM_KINDS.map((kind) => x[kind])));
}

/** Scans holding only the 3-gram arrays, as views on `blocks` (located by locateGrams). */
function gramScans(count: number, blocks: readonly ArrayBufferLike[], where: Int32Array, ids?: readonly string[]): DocScan[] {
  const arrays = arraysAt(blocks, where);
  return Array.from({ length: count }, (_, i) => {
    const x = { fp: { id: ids?.[i] ?? '' } } as DocScan; // the counts read the 3-gram arrays only
    GRAM_KINDS.forEach((kind, k) => {
      const a = arrays[GRAM_KINDS.length * i + k];
      if (a) x[kind] = a;
    });
    return x;
  });
}

/** corpusCounts of a CountsTask (in a worker). */
export function runCountsTask(t: CountsTask, s: CountsShared): PairsShared {
  return corpusCounts(s.plan as AnalysisPlan, t.ids.map((id) => ({ id, text: '' })), gramScans(t.ids.length, t.blocks, t.where, t.ids), t.candidates, t.slotDf);
}

/**
 * The plain and folded 3-gram counts of corpusCounts split by parts of the hash range
 * (frequentPlainAndFoldedInRange), counted by this thread and the workers together: each takes
 * the next part not yet taken (a counter in shared memory) until none is left, so that a worker
 * still busy with an earlier task takes fewer. They read the scans' 3-grams where they are, in
 * arena blocks of SharedArrayBuffers. The parts, joined in order, give the counts of the whole
 * range whoever counted them. At 20,000 articles the count took ~1.4 s of this thread alone while
 * both workers waited for most of it.
 */
export interface GramRangeShared {
  count: number;
  blocks: SharedArrayBuffer[];
  where: Int32Array;
  /** The groups of near-copies: members (document indexes) of group g at members[starts[g]…starts[g + 1]). */
  members: Int32Array;
  starts: Int32Array;
  minDf: number;
  foldedMinDf: number;
  /** Parts of the hash range (hashRanges). */
  parts: number;
  /** next[0]: the next part not yet taken (shared by all who count). */
  next: Int32Array;
}
/** A range task (one a worker): its number, for nothing but the record. */
export type GramRangeTask = number;
/** The parts a thread counted: their numbers and counts. */
export type GramParts = Taken<GramCounts>;
export interface GramCounts {
  common: Uint32Array;
  stock: Uint32Array;
}

/** The shared data of the range counts; null when a 3-gram array is not in shared memory. */
export function gramRangeShared(scans: readonly DocScan[], groups: readonly number[][], minDf: number, foldedMinDf: number, parts: number): GramRangeShared | null {
  const { blocks, where } = locateGrams(scans);
  if (!allShared(blocks)) return null;
  const starts = new Int32Array(groups.length + 1);
  groups.forEach((g, k) => (starts[k + 1] = starts[k]! + g.length));
  const members = new Int32Array(starts[groups.length]!);
  groups.forEach((g, k) => members.set(g, starts[k]!));
  return { count: scans.length, blocks: blocks as unknown as SharedArrayBuffer[], where, members, starts, minDf, foldedMinDf, parts, next: partCounter() };
}

/** Counts parts of the hash range until none is left untaken (in this thread or a worker). */
export function countGramParts(s: GramRangeShared, scans?: readonly DocScan[], groups?: readonly number[][]): GramParts {
  const ranges = hashRanges(s.parts);
  const prepare = (): { scans: readonly DocScan[]; groups: readonly number[][] } => ({ scans: scans ?? gramScans(s.count, s.blocks, s.where), groups: groups ?? groupsOf(s) });
  return takeParts(s.next, s.parts, prepare, (k, w) => frequentPlainAndFoldedInRange(w.groups, w.scans, s.minDf, s.foldedMinDf, ranges[k]!));
}

function groupsOf(s: GramRangeShared): number[][] {
  const groups: number[][] = [];
  for (let k = 0; k + 1 < s.starts.length; k++) groups.push(Array.from(s.members.subarray(s.starts[k]!, s.starts[k + 1]!)));
  return groups;
}

/**
 * countGramParts in a worker. Once it returns every part is taken, so a later task of the run
 * has nothing to read: the worker lets go of the blocks (it keeps a run's shared data until the
 * next run, and the shared memory lives while any thread holds it; the worker then collects: see
 * COLLECT_AFTER in src/parallel/worker.ts).
 */
export function runGramRangeTask(_t: GramRangeTask, s: GramRangeShared): GramParts {
  const out = countGramParts(s);
  s.blocks = [];
  return out;
}

/** The counts of all parts, from every thread's, joined in the order of the parts. */
export function joinGramParts(all: readonly GramParts[], parts: number): GramCounts {
  const inOrder = inPartOrder(all, parts, (k) => `part ${k} of the 3-gram counts was not counted`);
  const join = (kind: keyof GramCounts): Uint32Array => {
    const arrays = inOrder.map((c) => c[kind]);
    const out = new Uint32Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) out.set(a, (at += a.length) - a.length);
    return out;
  };
  return { common: join('common'), stock: join('stock') };
}

/** The results' arrays, moved. */
export const gramPartsTransfer = (p: GramParts): ArrayBuffer[] => p.results.flatMap((c) => [c.common.buffer as ArrayBuffer, c.stock.buffer as ArrayBuffer]);

/** `parts` consecutive parts of the hash range, of equal width (hashes are uniform: about equal work). */
export function hashRanges(parts: number): HashRange[] {
  return Array.from({ length: parts }, (_, k) => ({ lo: Math.floor((k * 2 ** 32) / parts), hi: k === parts - 1 ? 2 ** 32 : Math.floor(((k + 1) * 2 ** 32) / parts) }));
}

/** The buffers a CountsTask moves. */
export const countsTransfer = (t: CountsTask): ArrayBuffer[] => t.blocks;
