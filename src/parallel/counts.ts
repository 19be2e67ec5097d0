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
const SLOTS = 3 * GRAM_KINDS.length;

/**
 * The task of the corpus counts: the scans' 3-gram arrays are taken off them (they must be views
 * on buffers that nothing else uses, such as arena blocks: those buffers are moved).
 */
export function countsTask(docs: readonly Doc[], scans: DocScan[], candidates: readonly Pair[], slotDf?: Map<string, number>): CountsTask {
  const { blocks, where } = locateGrams(scans);
  for (const x of scans) for (const kind of GRAM_KINDS) delete x[kind];
  return { ids: docs.map((d) => d.id), candidates: [...candidates], ...(slotDf ? { slotDf } : {}), blocks, where };
}

/** A located 3-gram array of no elements (kept apart from -1, no array at all). */
const EMPTY = -2;

/** Where the scans' 3-gram arrays are: the buffers under them, and per document and kind (GRAM_KINDS) block, offset and length. */
function locateGrams(scans: readonly DocScan[]): { blocks: ArrayBuffer[]; where: Int32Array } {
  const blockOf = new Map<ArrayBuffer, number>();
  const where = new Int32Array(SLOTS * scans.length).fill(-1);
  scans.forEach((x, i) => {
    GRAM_KINDS.forEach((kind, k) => {
      const a = x[kind];
      if (!a) return;
      // an empty array may be a view on no block at all (the arena's initial one): EMPTY, not located (review)
      if (a.length === 0) {
        where[SLOTS * i + 3 * k] = EMPTY;
        return;
      }
      const buffer = a.buffer as ArrayBuffer;
      let b = blockOf.get(buffer);
      if (b === undefined) blockOf.set(buffer, (b = blockOf.size));
      const at = SLOTS * i + 3 * k;
      where[at] = b;
      where[at + 1] = a.byteOffset / 4;
      where[at + 2] = a.length;
    });
  });
  return { blocks: [...blockOf.keys()], where };
}

/** Scans holding only the 3-gram arrays, as views on `blocks` (located by locateGrams). */
function gramScans(count: number, blocks: readonly ArrayBufferLike[], where: Int32Array, ids?: readonly string[]): DocScan[] {
  const views = blocks.map((b) => new Uint32Array(b));
  return Array.from({ length: count }, (_, i) => {
    const x = { fp: { id: ids?.[i] ?? '' } } as DocScan; // the counts read the 3-gram arrays only
    GRAM_KINDS.forEach((kind, k) => {
      const at = SLOTS * i + 3 * k;
      const b = where[at]!;
      if (b >= 0) x[kind] = views[b]!.subarray(where[at + 1]!, where[at + 1]! + where[at + 2]!);
      else if (b === EMPTY) x[kind] = new Uint32Array(0);
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
export interface GramParts {
  parts: number[];
  counts: GramCounts[];
}
export interface GramCounts {
  common: Uint32Array;
  stock: Uint32Array;
}

/** The shared data of the range counts; null when a 3-gram array is not in shared memory. */
export function gramRangeShared(scans: readonly DocScan[], groups: readonly number[][], minDf: number, foldedMinDf: number, parts: number): GramRangeShared | null {
  const { blocks, where } = locateGrams(scans);
  if (!blocks.every((b) => (b as ArrayBufferLike) instanceof SharedArrayBuffer)) return null;
  const starts = new Int32Array(groups.length + 1);
  groups.forEach((g, k) => (starts[k + 1] = starts[k]! + g.length));
  const members = new Int32Array(starts[groups.length]!);
  groups.forEach((g, k) => members.set(g, starts[k]!));
  const next = new Int32Array(new SharedArrayBuffer(4));
  return { count: scans.length, blocks: blocks as unknown as SharedArrayBuffer[], where, members, starts, minDf, foldedMinDf, parts, next };
}

/** Counts parts of the hash range until none is left untaken (in this thread or a worker). */
export function countGramParts(s: GramRangeShared, scans?: readonly DocScan[], groups?: readonly number[][]): GramParts {
  const out: GramParts = { parts: [], counts: [] };
  const ranges = hashRanges(s.parts);
  let ofScans = scans;
  let ofGroups = groups;
  for (let k = Atomics.add(s.next, 0, 1); k < s.parts; k = Atomics.add(s.next, 0, 1)) {
    ofScans ??= gramScans(s.count, s.blocks, s.where);
    ofGroups ??= groupsOf(s);
    out.parts.push(k);
    out.counts.push(frequentPlainAndFoldedInRange(ofGroups, ofScans, s.minDf, s.foldedMinDf, ranges[k]!));
  }
  return out;
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
  const byPart: (GramCounts | undefined)[] = new Array(parts);
  for (const p of all) p.parts.forEach((k, i) => (byPart[k] = p.counts[i]));
  const join = (kind: keyof GramCounts): Uint32Array => {
    const arrays = Array.from({ length: parts }, (_, k) => {
      const c = byPart[k];
      if (!c) throw new Error(`wiretrace: internal: part ${k} of the 3-gram counts was not counted`);
      return c[kind];
    });
    const out = new Uint32Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) out.set(a, (at += a.length) - a.length);
    return out;
  };
  return { common: join('common'), stock: join('stock') };
}

/** The results' arrays, moved. */
export const gramPartsTransfer = (p: GramParts): ArrayBuffer[] => p.counts.flatMap((c) => [c.common.buffer as ArrayBuffer, c.stock.buffer as ArrayBuffer]);

/** `parts` consecutive parts of the hash range, of equal width (hashes are uniform: about equal work). */
export function hashRanges(parts: number): HashRange[] {
  return Array.from({ length: parts }, (_, k) => ({ lo: Math.floor((k * 2 ** 32) / parts), hi: k === parts - 1 ? 2 ** 32 : Math.floor(((k + 1) * 2 ** 32) / parts) }));
}

/** The buffers a CountsTask moves. */
export const countsTransfer = (t: CountsTask): ArrayBuffer[] => t.blocks;
