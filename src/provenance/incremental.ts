import { commonByCounts, type AlignText, type Passage } from '../compare/align.js';
import { sortedHas, tokenAt } from '../compare/closeness.js';
import type { SlotFilter } from '../compare/template.js';
import type { Doc } from '../doc.js';
import { hashKGram } from '../sketch/hash.js';
import type { PairAnalysis } from './graph.js';
import { alignCandidates, markStockPhrases, pairFigures } from './passages.js';
import { pairsSetup, preparer, type PairsShared, type PairsTask } from './stages.js';

/**
 * The pair stage (4 in stages.ts) with its reads of the corpus counts recorded, so that a
 * stored result can be reused on a later run whose counts differ: a pair's result is a pure
 * function of its two texts, the options and the answers it got from the counts — which
 * 3-grams are corpus-common, which folded 3-grams are stock wording, which slot words are
 * formula words. If every answer it got is still the same answer under the new counts, it
 * would take the same path and give the same result, byte for byte; otherwise it is aligned
 * again. (Which rules are on at all — they depend on the corpus size — is part of the check.)
 */

/** What one pair asked of the corpus counts, and the answers it got. */
export interface PairReads {
  /** Which count-dependent rules were on: 1 common 3-grams, 2 stock phrases, 4 formula slot words. */
  rules: number;
  /**
   * The common 3-grams decide one thing per passage: its `common` flag (commonByCounts). So per
   * passage: its 3-grams, the ones looked up (those the other text has, in order), and the
   * flag they gave. The flag is what must hold, not each hash's answer: a pair stays valid when
   * hashes change sides but no passage's flag does. Left empty (and `common`/`commonIn` used
   * instead) if the lookups could not be matched to passages.
   */
  passages: { grams: number; looked: Uint32Array; common: boolean }[];
  /** 3-gram hashes looked up in the common set, sorted unique, and 1 per hash that was common (when `passages` is not used). */
  common: Uint32Array;
  commonIn: Uint8Array;
  /** Folded 3-gram hashes looked up as stock wording, sorted unique, and 1 per stock one. */
  stock: Uint32Array;
  stockIn: Uint8Array;
  /** Slot words (no digits) looked up in the formula words, sorted unique, and 1 per formula word. */
  slots: string[];
  slotsIn: Uint8Array;
}

/** One candidate pair's result (null: it shares no passage) with its reads. */
export interface RecordedPair {
  a: string;
  b: string;
  result: PairAnalysis | null;
  reads: PairReads;
}

/** The count-dependent rules in force under `s` (see PairReads.rules). */
export function rulesOf(s: PairsShared): number {
  return (s.common ? 1 : 0) | (s.stock ? 2 : 0) | (s.frequentSlots ? 4 : 0);
}

/** A Set that answers from `base` and writes down every hash it was asked about. */
class RecordingSet extends Set<number> {
  constructor(
    private readonly base: ReadonlySet<number>,
    readonly asked: Set<number>,
  ) {
    super();
  }
  override has(h: number): boolean {
    this.asked.add(h);
    return this.base.has(h);
  }
}


/**
 * The pairs of a task, each aligned on its own exactly as `alignStage` does (alignment with the
 * common 3-grams, templates with the formula words, stock phrases, figures), with its reads.
 * A pure function of plain data: it runs in this thread or on a worker (`recordedPairs`).
 */
export function runRecordedPairsTask(t: PairsTask, s: PairsShared): RecordedPair[] {
  // the same lookups as alignStage, wrapped to record what each pair asks
  const { align: setup, slots, isStock: stock } = pairsSetup(s);
  const common = setup.commonShingles;
  const byId = new Map(t.docs.map((d) => [d.id, d as Doc]));
  const { prepared, prep } = preparer(s.align.boilerplate);
  return t.candidates.map((p) => {
    const askedCommon = new Set<number>();
    const askedStock = new Set<number>();
    const askedSlots = new Set<string>();
    const A = byId.get(p.a)!;
    const B = byId.get(p.b)!;
    prep(A);
    prep(B);
    const align = common ? { ...s.align, commonShingles: new RecordingSet(common, askedCommon) } : { ...s.align };
    const slotsRec: SlotFilter | undefined = slots && ((w) => (/\d/.test(w) ? true : (askedSlots.add(w), slots(w))));
    const aligned = alignCandidates([p], byId, prepared, align, undefined, slotsRec);
    if (stock) markStockPhrases(aligned, [A, B], prep, (g) => (askedStock.add(g), stock(g)));
    const { pairs } = pairFigures(aligned, prepared);
    const result = pairs[0] ?? null;
    const passages = common && result ? passageReads(prepared.get(p.a)!, prepared.get(p.b)!, result.passages, common, askedCommon) : [];
    return { a: p.a, b: p.b, result, reads: readsOf(s, passages, askedCommon, askedStock, askedSlots) };
  });
}

/**
 * The common rule's inputs per passage, as alignPrepared computes them (its 3-grams in text A
 * that text B has are looked up), or null when what that gives is not exactly the set of
 * hashes the alignment looked up (then each answer is checked instead).
 */
function passageReads(A: AlignText, B: AlignText, passages: readonly Passage[], common: ReadonlySet<number>, asked: ReadonlySet<number>): PairReads['passages'] | null {
  const bGrams = new Set<number>();
  for (let t = 0; t + 3 <= B.tokens.ids.length; t++) bGrams.add(hashKGram(B.tokens.ids, t, 3));
  const seen = new Set<number>();
  const out = passages.map((x) => {
    const [a0, a1] = [tokenAt(A, x.a.start), tokenAt(A, x.a.end)];
    const looked: number[] = [];
    for (let t = a0; t + 3 <= a1; t++) {
      const h = hashKGram(A.tokens.ids, t, 3);
      if (bGrams.has(h)) looked.push(h);
    }
    for (const h of looked) seen.add(h);
    const grams = Math.max(0, a1 - a0 - 2);
    return { grams, looked: Uint32Array.from(looked), common: commonByCounts(looked.filter((h) => !common.has(h)).length, grams) };
  });
  if (seen.size !== asked.size || [...asked].some((h) => !seen.has(h))) return null;
  return out;
}

function readsOf(s: PairsShared, passages: PairReads['passages'] | null, common: Set<number>, stock: Set<number>, slots: Set<string>): PairReads {
  const c = passages ? new Uint32Array(0) : Uint32Array.from(common).sort();
  const k = Uint32Array.from(stock).sort();
  const w = [...slots].sort();
  return { rules: rulesOf(s), passages: passages ?? [], common: c, commonIn: answers(c, s.common), stock: k, stockIn: answers(k, s.stock), slots: w, slotsIn: slotAnswers(w, s.frequentSlots) };
}

function answers(keys: Uint32Array, set: Uint32Array | null): Uint8Array {
  const out = new Uint8Array(keys.length);
  if (set) keys.forEach((h, i) => (out[i] = sortedHas(set, h) ? 1 : 0));
  return out;
}

/** 1 per word that is a formula word (in the sorted `frequent`): the slot filter says it is not informative. */
function slotAnswers(words: readonly string[], frequent: readonly string[] | null): Uint8Array {
  const out = new Uint8Array(words.length);
  if (frequent) {
    const f = new Set(frequent);
    words.forEach((w, i) => (out[i] = f.has(w) ? 1 : 0));
  }
  return out;
}

/** Whether every answer a stored pair got from the counts is the same under `s` (then its result stands). */
export function readsHold(r: PairReads, s: PairsShared, frequentSlots: ReadonlySet<string> | null): boolean {
  if (r.rules !== rulesOf(s)) return false;
  const common = s.common;
  if (common && r.passages.some((x) => commonByCounts(x.looked.filter((h) => !sortedHas(common, h)).length, x.grams) !== x.common)) return false;
  if (!same(r.commonIn, answers(r.common, s.common))) return false;
  if (!same(r.stockIn, answers(r.stock, s.stock))) return false;
  for (let i = 0; i < r.slots.length; i++) if ((frequentSlots?.has(r.slots[i]!) ? 1 : 0) !== r.slotsIn[i]) return false;
  return true;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
