/**
 * Scoring helpers for `npm run eval` and the accuracy tests: precision/recall/F1, confusion
 * matrices, cross-validated thresholds, and attribution scoring against the hand-labelled
 * seed fixture.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Attribution } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision: r3(precision), recall: r3(recall), f1: r3(f1) };
}

/** Precision, recall and F1 of the positive class, and accuracy, of paired binary labels. */
export function binaryScore(truth: readonly boolean[], predicted: readonly boolean[]): Prf & { accuracy: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  truth.forEach((y, i) => {
    const p = predicted[i]!;
    if (p && y) tp++;
    else if (p) fp++;
    else if (y) fn++;
  });
  const right = truth.length - fp - fn;
  return { ...prf(tp, fp, fn), accuracy: r3(truth.length ? right / truth.length : 1) };
}

/** Precision, recall and F1 of a predicted set against a true set. */
export function setPrf(predicted: ReadonlySet<string>, truth: ReadonlySet<string>): Prf {
  let tp = 0;
  for (const p of predicted) if (truth.has(p)) tp++;
  return prf(tp, predicted.size - tp, truth.size - tp);
}

export interface Confusion<L extends string> {
  labels: readonly L[];
  /** matrix[true][predicted] */
  matrix: Record<L, Record<L, number>>;
  accuracy: number;
  perClass: Record<L, Prf>;
  macroF1: number;
}

export function confusion<L extends string>(labels: readonly L[], pairs: readonly (readonly [truth: L, predicted: L])[]): Confusion<L> {
  const matrix = Object.fromEntries(labels.map((t) => [t, Object.fromEntries(labels.map((p) => [p, 0]))])) as Record<L, Record<L, number>>;
  let right = 0;
  for (const [t, p] of pairs) {
    matrix[t][p]++;
    if (t === p) right++;
  }
  const perClass = {} as Record<L, Prf>;
  for (const l of labels) {
    const tp = matrix[l][l];
    const fp = labels.reduce((n, t) => n + (t === l ? 0 : matrix[t][l]), 0);
    const fn = labels.reduce((n, p) => n + (p === l ? 0 : matrix[l][p]), 0);
    perClass[l] = prf(tp, fp, fn);
  }
  const macroF1 = r3(labels.reduce((n, l) => n + perClass[l].f1, 0) / labels.length);
  return { labels, matrix, accuracy: r3(pairs.length ? right / pairs.length : 1), perClass, macroF1 };
}

export function formatConfusion<L extends string>(c: Confusion<L>, indent = '    '): string {
  const w = Math.max(8, ...c.labels.map((l) => l.length + 2));
  const head = `${indent}${'truth \\ predicted'.padEnd(18)}${c.labels.map((l) => l.padStart(w)).join('')}`;
  const lines = c.labels.map((t) => `${indent}${t.padEnd(18)}${c.labels.map((p) => String(c.matrix[t][p]).padStart(w)).join('')}`);
  return [head, ...lines].join('\n');
}

/**
 * Stratified k-fold assignment: items sorted by (label, key), dealt round-robin per label, so
 * every fold holds the same mix of labels. Deterministic.
 */
export function stratifiedFolds<T>(items: readonly T[], label: (t: T) => string, key: (t: T) => string, k: number): number[] {
  const order = items.map((t, i) => i).sort((a, b) => {
    const la = label(items[a]!);
    const lb = label(items[b]!);
    if (la !== lb) return la < lb ? -1 : 1;
    const ka = key(items[a]!);
    const kb = key(items[b]!);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const fold = new Array<number>(items.length).fill(0);
  const seen = new Map<string, number>();
  for (const i of order) {
    const l = label(items[i]!);
    const n = seen.get(l) ?? 0;
    seen.set(l, n + 1);
    fold[i] = n % k;
  }
  return fold;
}

/** Candidate cut points: midpoints between consecutive distinct values (and below the minimum). */
function cutPoints(values: readonly number[]): number[] {
  const v = [...new Set(values)].sort((a, b) => a - b);
  const out = [v[0]! - 1e-9];
  for (let i = 1; i < v.length; i++) out.push((v[i - 1]! + v[i]!) / 2);
  out.push(v[v.length - 1]! + 1e-9);
  return out;
}

/**
 * Ordinal classifier on one feature: class i when t[i-1] ≤ x < t[i] (classes in increasing
 * order of the feature). Thresholds maximise training accuracy; ties go to the first found,
 * scanning cut points in increasing order, so the result is deterministic.
 */
export function fitOrdinal(xs: readonly number[], ys: readonly number[], classes: number): number[] {
  const cuts = cutPoints(xs);
  const score = (t: number[]): number => xs.reduce((n, x, i) => n + (predictOrdinal(t, x) === ys[i] ? 1 : 0), 0);
  if (classes === 2) {
    let best: number[] = [cuts[0]!];
    let bs = -1;
    for (const c of cuts) {
      const s = score([c]);
      if (s > bs) [bs, best] = [s, [c]];
    }
    return best;
  }
  // coordinate ascent from evenly spread quantiles, a few rounds: enough for 3 cut points on ~80 items
  const sorted = [...xs].sort((a, b) => a - b);
  let t = Array.from({ length: classes - 1 }, (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / classes)]!);
  let bs = score(t);
  for (let round = 0; round < 6; round++) {
    let improved = false;
    for (let j = 0; j < t.length; j++) {
      for (const c of cuts) {
        if ((j > 0 && c < t[j - 1]!) || (j < t.length - 1 && c > t[j + 1]!)) continue;
        const cand = [...t];
        cand[j] = c;
        const s = score(cand);
        if (s > bs) {
          bs = s;
          t = cand;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return t;
}

export function predictOrdinal(t: readonly number[], x: number): number {
  let c = 0;
  while (c < t.length && x >= t[c]!) c++;
  return c;
}

/** k-fold cross-validated predictions of an ordinal classifier: thresholds fitted on the other folds only. */
export function crossValidate(xs: readonly number[], ys: readonly number[], folds: readonly number[], classes: number): { predictions: number[]; thresholds: number[][] } {
  const k = Math.max(...folds) + 1;
  const predictions = new Array<number>(xs.length).fill(0);
  const thresholds: number[][] = [];
  for (let f = 0; f < k; f++) {
    const trX: number[] = [];
    const trY: number[] = [];
    xs.forEach((x, i) => {
      if (folds[i] !== f) {
        trX.push(x);
        trY.push(ys[i]!);
      }
    });
    const t = fitOrdinal(trX, trY, classes);
    thresholds.push(t.map(r3));
    xs.forEach((x, i) => {
      if (folds[i] === f) predictions[i] = predictOrdinal(t, x);
    });
  }
  return { predictions, thresholds };
}

// ---- attribution against the hand-labelled seed credits ---------------------------------------------

export interface GoldCredit {
  doc: string;
  source: string;
  canonical: string | null;
  start: number;
  end: number;
}

/** The hand-labelled credits of the seeds, with their spans found from the context strings. */
export function seedCredits(texts: ReadonlyMap<string, string>): GoldCredit[] {
  const raw = JSON.parse(readFileSync(join(here, '..', 'test', 'fixtures', 'seed-credits.json'), 'utf8')) as { credits: Record<string, [string, string | null, string][]> };
  const out: GoldCredit[] = [];
  for (const [doc, list] of Object.entries(raw.credits)) {
    const text = texts.get(doc);
    if (text === undefined) throw new Error(`seed-credits.json names document ${doc}, which is not among the seeds`);
    for (const [source, canonical, context] of list) {
      const at = text.indexOf(context);
      if (at < 0 || text.indexOf(context, at + 1) >= 0) throw new Error(`seed-credits.json: context "${context}" is not found exactly once in ${doc}`);
      const s = context.indexOf(source);
      if (s < 0) throw new Error(`seed-credits.json: "${source}" is not inside its context "${context}"`);
      out.push({ doc, source, canonical, start: at + s, end: at + s + source.length });
    }
  }
  return out;
}

/**
 * A found credit matches a gold one when their source spans overlap in the same document and
 * they resolve to the same canonical source (or both are generic). Each gold credit matches once.
 */
export function scoreAttributions(gold: readonly GoldCredit[], found: ReadonlyMap<string, readonly Attribution[]>): Prf & { missed: GoldCredit[]; spurious: (Attribution & { doc: string })[] } {
  const used = new Set<number>();
  const spurious: (Attribution & { doc: string })[] = [];
  let tp = 0;
  for (const [doc, list] of found) {
    for (const a of list) {
      const g = gold.findIndex((x, i) => !used.has(i) && x.doc === doc && x.start < a.end && a.start < x.end && (x.canonical ?? null) === (a.canonical ?? null));
      if (g >= 0) {
        used.add(g);
        tp++;
      } else spurious.push({ ...a, doc });
    }
  }
  const missed = gold.filter((_, i) => !used.has(i));
  return { ...prf(tp, spurious.length, missed.length), missed, spurious };
}

export function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
