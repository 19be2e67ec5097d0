/**
 * The work a worker thread can do, as plain functions of plain (structured-cloneable) data.
 * The same functions run inline when one worker is asked for, so the output cannot depend
 * on the number of workers.
 */
import { alignPrepared, passageCoverage, prepareAlignText, resolveAlignOptions, type AlignOptions, type Passage } from '../compare/align.js';
import type { ContainmentJob } from '../compare/pairs.js';
import { countSharedPairs, PairList } from '../compare/postings.js';
import type { Attribution } from '../attribution/extract.js';
import type { Doc } from '../doc.js';
import { entriesTransfer, runEntriesTask, type PackedEntries } from '../corpus/entries.js';
import { runRecordedPairsTask } from '../provenance/incremental.js';
import { runAttributionsTask, runDocsTask, runPairsTokensTask, type AttributionsTask, type DocScan } from '../provenance/stages.js';
import { fingerprintWith, type Fingerprint, type FingerprintParams } from '../sketch/fingerprint.js';
import type { TokenTable } from '../text/tokenize.js';
import { countsTransfer, gramPartsTransfer, runCountsTask, runGramRangeTask, type CountsTask, type GramParts } from './counts.js';
import { bucketPartsTransfer, runPostingsTask, type BucketParts } from './postings.js';
import { packedBuffers, packTexts, TextList, type PackedTexts } from './texts.js';

/** A batch of documents; what is common to every batch of a run is sent once per worker. */
export interface FingerprintTask {
  docs: Pick<Doc, 'id' | 'text'>[];
}
export interface FingerprintShared {
  params: FingerprintParams;
  keepTokens: boolean;
}

export interface AlignTask {
  /** Texts this task needs; pairs refer to them by index. */
  texts: string[];
  /** [index of a, index of b] per pair, in output order. */
  pairs: Uint32Array;
}
export interface AlignShared {
  options: AlignOptions;
}

/** Passages of one aligned pair, with the coverage figures that need the prepared texts. */
export interface AlignResult {
  passages: Passage[];
  coverage: { a: number; b: number; tokensA: number; tokensB: number };
}

/** A range of sets whose containment candidates a worker counts, over postings in shared memory. */
export interface CountTask {
  fromSet: number;
  untilSet: number;
}
export type CountShared = ContainmentJob;

export function runCountTask(t: CountTask, s: CountShared): Float64Array {
  const list = new PairList(s.filter.sizes.length);
  countSharedPairs(s.postings, (i, j) => list.add(i, j), s.filter, t.fromSet, t.untilSet);
  return list.packed();
}

export function runFingerprintTask(t: FingerprintTask, s: FingerprintShared): Fingerprint[] {
  return t.docs.map((d) => fingerprintWith(d, s.params, s.keepTokens));
}

export function runAlignTask(t: AlignTask, s: AlignShared): AlignResult[] {
  const o = resolveAlignOptions(s.options, 'alignMany');
  const prepared = t.texts.map((x) => prepareAlignText(x, o.boilerplate));
  const out: AlignResult[] = [];
  for (let k = 0; k < t.pairs.length; k += 2) {
    const A = prepared[t.pairs[k]!]!;
    const B = prepared[t.pairs[k + 1]!]!;
    const passages = alignPrepared(A, B, o);
    out.push({ passages, coverage: passageCoverage(passages, A, B) });
  }
  return out;
}

// analyzeDocs, analyzePairsTokens (pair tasks with the token tables the graph stage reads), attributions: the stages of analyzeParallel (src/provenance/stages.ts);
// recordedPairs: the pair stage of analyzeIndex (src/provenance/incremental.ts)
// storeEntries: the entries of a persistent index's add (src/corpus/entries.ts)
// corpusCounts: the corpus counts of analyzeParallel on a large corpus (src/parallel/counts.ts)
// gramRange: a part of the hash range of the 3-gram counts of analyzeParallel below it (src/parallel/counts.ts)
// postingsBuckets: buckets of the containment postings of analyzeParallel below it (src/parallel/postings.ts)
export const TASKS = {
  fingerprint: runFingerprintTask,
  storeEntries: runEntriesTask,
  align: runAlignTask,
  count: runCountTask,
  analyzeDocs: runDocsTask,
  analyzePairsTokens: runPairsTokensTask,
  attributions: runAttributionsTask,
  recordedPairs: runRecordedPairsTask,
  corpusCounts: runCountsTask,
  gramRange: runGramRangeTask,
  postingsBuckets: runPostingsTask,
} as const;
export type TaskKind = keyof typeof TASKS;
export type TaskInput<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[0];
export type TaskShared<K extends TaskKind> = Parameters<(typeof TASKS)[K]>[1];
export type TaskOutput<K extends TaskKind> = ReturnType<(typeof TASKS)[K]>;
type AnyTask = (input: unknown, shared: unknown) => unknown;
export const taskFn = (kind: TaskKind): AnyTask => TASKS[kind] as AnyTask;

/**
 * Task kinds whose input is `{ docs: { id, text }[] }` (and more fields, passed as they are) and
 * whose texts cross packed: the pair tasks, of thousands of texts. Document tasks (128 texts)
 * are cloned: packing them gained no memory, and the packing of the next task, in this thread
 * while a worker waits for it, was not free.
 */
const DOC_KINDS: ReadonlySet<TaskKind> = new Set(['analyzePairsTokens']);

/**
 * How a task's input crosses to a worker: texts packed into one moved buffer (src/parallel/texts.ts)
 * instead of cloned strings. Attribution tasks read theirs one at a time (TextList); pair tasks
 * get their documents back as they were.
 */
export function encodeInput(kind: TaskKind, input: unknown): { data: unknown; transfer: ArrayBuffer[] } {
  if (kind === 'attributions') {
    const texts = packTexts((input as AttributionsTask).texts as string[]);
    return { data: { packed: texts }, transfer: packedBuffers(texts) };
  }
  if (kind === 'corpusCounts') return { data: input, transfer: countsTransfer(input as CountsTask) };
  if (!DOC_KINDS.has(kind)) return { data: input, transfer: [] };
  const { docs, ...rest } = input as { docs: { id: string; text: string }[] };
  const texts = packTexts(docs.map((d) => d.text));
  return { data: { ...rest, ids: docs.map((d) => d.id), packed: texts }, transfer: packedBuffers(texts) };
}

export function decodeInput(kind: TaskKind, data: unknown): unknown {
  if (kind === 'attributions') return { texts: new TextList((data as { packed: PackedTexts }).packed) };
  if (!DOC_KINDS.has(kind)) return data;
  const { ids, packed, ...rest } = data as { ids: string[]; packed: PackedTexts };
  const texts = new TextList(packed);
  return { ...rest, docs: ids.map((id, i) => ({ id, text: texts.at(i)! })) };
}

/**
 * How a result crosses between threads: fingerprints are packed into one Uint32Array per
 * task (one transferred buffer instead of several per document), count results are moved.
 */
export function encodeOutput(kind: TaskKind, output: unknown): { data: unknown; transfer: ArrayBuffer[] } {
  if (kind === 'storeEntries') return { data: output, transfer: entriesTransfer(output as PackedEntries) };
  if (kind === 'count') return { data: output, transfer: [(output as Float64Array).buffer as ArrayBuffer] };
  if (kind === 'postingsBuckets') return { data: output, transfer: bucketPartsTransfer(output as BucketParts) };
  if (kind === 'gramRange') return { data: output, transfer: gramPartsTransfer(output as GramParts) };
  if (kind === 'analyzePairsTokens') return { data: output, transfer: tokenBuffers((output as TaskOutput<'analyzePairsTokens'>).tokens) };
  if (kind === 'analyzeDocs') return packScans(output as DocScan[]);
  if (kind !== 'fingerprint') return { data: output, transfer: [] };
  const fps = output as Fingerprint[];
  let words = 0;
  for (const f of fps) words += f.shingles.length + f.signature.length + f.winnowed.length + (f.tokens ? 3 * f.tokens.ids.length : 0);
  const buf = new Uint32Array(words);
  const meta = fps.map((f) => ({ id: f.id, params: f.params, tokenCount: f.tokenCount, s: f.shingles.length, g: f.signature.length, w: f.winnowed.length, t: f.tokens ? f.tokens.ids.length : -1 }));
  let at = 0;
  for (const f of fps) {
    for (const a of [f.shingles, f.signature, f.winnowed, f.tokens?.ids, f.tokens?.starts, f.tokens?.ends]) {
      if (!a) continue;
      buf.set(a, at);
      at += a.length;
    }
  }
  return { data: { meta, buf }, transfer: [buf.buffer] };
}

/** The buffers of token tables, each once (the pair task's own copies: moved, not cloned). */
function tokenBuffers(tables: readonly TokenTable[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const t of tables) for (const a of [t.ids, t.starts, t.ends]) out.add(a.buffer as ArrayBuffer);
  return [...out];
}

export function decodeOutput(kind: TaskKind, data: unknown): unknown {
  if (kind === 'analyzeDocs') return unpackScans(data as PackedScans);
  if (kind !== 'fingerprint') return data;
  const { meta, buf } = data as { meta: { id: string; params: FingerprintParams; tokenCount: number; s: number; g: number; w: number; t: number }[]; buf: Uint32Array };
  let at = 0;
  const take = (n: number): Uint32Array => buf.subarray(at, (at += n));
  return meta.map((m) => {
    const f: Fingerprint = { id: m.id, params: m.params, tokenCount: m.tokenCount, shingles: take(m.s), signature: take(m.g), winnowed: take(m.w) };
    if (m.t >= 0) f.tokens = { ids: take(m.t), starts: take(m.t), ends: take(m.t) };
    return f;
  });
}

/** A document task's scans: their arrays in four moved buffers, the rest (ids, counts, slot words) cloned. */
interface PackedScans {
  meta: { id: string; params: FingerprintParams; tokenCount: number; slots?: string[]; attributions?: Attribution[]; n: number[] }[];
  /** shingles; signatures and winnowed hashes; 3-grams; folded 3-grams or their diff (each released on its own: see analyzeOnPool). */
  bufs: Uint32Array[];
}

/** Which buffer of PackedScans holds each array of a scan, in the order of PackedScans' `n`. */
const SCAN_ARRAYS = [
  [0, (x: DocScan) => x.fp.shingles],
  [1, (x: DocScan) => x.fp.signature],
  [1, (x: DocScan) => x.fp.winnowed],
  [2, (x: DocScan) => x.grams],
  [3, (x: DocScan) => x.folded],
  [3, (x: DocScan) => x.foldedDiff],
] as const;

/**
 * Scans of one task in four buffers instead of five arrays a document: a cloned typed array is
 * a small allocation of its own in the receiving thread (~500,000 of them at 100,000 documents),
 * and the allocator kept the space of the released ones (~850 MB) long after they were gone.
 */
function packScans(scans: readonly DocScan[]): { data: PackedScans; transfer: ArrayBuffer[] } {
  const sizes = [0, 0, 0, 0];
  for (const x of scans) for (const [b, get] of SCAN_ARRAYS) sizes[b] = sizes[b]! + (get(x)?.length ?? 0);
  const bufs = sizes.map((n) => new Uint32Array(n));
  const at = [0, 0, 0, 0];
  const meta = scans.map((x) => {
    const n = SCAN_ARRAYS.map(([b, get]) => {
      const a = get(x);
      if (!a) return -1;
      bufs[b]!.set(a, at[b]);
      at[b] = at[b]! + a.length;
      return a.length;
    });
    return { id: x.fp.id, params: x.fp.params, tokenCount: x.fp.tokenCount, ...(x.slots ? { slots: x.slots } : {}), ...(x.attributions ? { attributions: x.attributions } : {}), n };
  });
  return { data: { meta, bufs }, transfer: bufs.map((b) => b.buffer as ArrayBuffer) };
}

function unpackScans({ meta, bufs }: PackedScans): DocScan[] {
  const at = [0, 0, 0, 0];
  return meta.map((m) => {
    const [shingles, signature, winnowed, grams, folded, foldedDiff] = SCAN_ARRAYS.map(([b], k) => (m.n[k]! < 0 ? undefined : bufs[b]!.subarray(at[b], (at[b] = at[b]! + m.n[k]!))));
    const x: DocScan = { fp: { id: m.id, params: m.params, tokenCount: m.tokenCount, shingles: shingles!, signature: signature!, winnowed: winnowed! } };
    if (grams) x.grams = grams;
    if (folded) x.folded = folded;
    if (foldedDiff) x.foldedDiff = foldedDiff;
    if (m.slots) x.slots = m.slots;
    if (m.attributions) x.attributions = m.attributions;
    return x;
  });
}
