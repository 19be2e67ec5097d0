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
import type { DocScan, PairsShared } from '../provenance/stages.js';

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
  const blockOf = new Map<ArrayBuffer, number>();
  const where = new Int32Array(SLOTS * scans.length).fill(-1);
  scans.forEach((x, i) => {
    GRAM_KINDS.forEach((kind, k) => {
      const a = x[kind];
      if (!a) return;
      const buffer = a.buffer as ArrayBuffer;
      let b = blockOf.get(buffer);
      if (b === undefined) blockOf.set(buffer, (b = blockOf.size));
      const at = SLOTS * i + 3 * k;
      where[at] = b;
      where[at + 1] = a.byteOffset / 4;
      where[at + 2] = a.length;
      delete x[kind];
    });
  });
  return { ids: docs.map((d) => d.id), candidates: [...candidates], ...(slotDf ? { slotDf } : {}), blocks: [...blockOf.keys()], where };
}

/** corpusCounts of a CountsTask (in a worker). */
export function runCountsTask(t: CountsTask, s: CountsShared): PairsShared {
  const views = t.blocks.map((b) => new Uint32Array(b));
  const scans = t.ids.map((id, i) => {
    const x = { fp: { id } } as DocScan; // corpusCounts reads the 3-gram arrays only
    GRAM_KINDS.forEach((kind, k) => {
      const at = SLOTS * i + 3 * k;
      const b = t.where[at]!;
      if (b >= 0) x[kind] = views[b]!.subarray(t.where[at + 1]!, t.where[at + 1]! + t.where[at + 2]!);
    });
    return x;
  });
  return corpusCounts(s.plan as AnalysisPlan, t.ids.map((id) => ({ id, text: '' })), scans, t.candidates, t.slotDf);
}

/** The buffers a CountsTask moves. */
export const countsTransfer = (t: CountsTask): ArrayBuffer[] => t.blocks;
