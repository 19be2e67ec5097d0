/** Scores an analysis of a generated newsroom corpus against its ground truth, per hard case. */
import type { Analysis, DocumentNode, ReuseEdge } from '../src/index.js';
import { setPrf, type Prf } from './metrics.js';
import type { HardCase, TruthDoc } from './newsroom.js';

export interface NewsroomScore {
  /** Directed reuse edges (document → document, latent → document) against the true parents. */
  edges: Prf;
  /** The same, ignoring direction. */
  undirected: Prf;
  perCase: Partial<Record<HardCase, Prf>>;
  parentAccuracy: number;
  /** Pairs of copies of one source that share passages, and the share of them labelled `siblings`. */
  siblings: { pairs: number; labelled: number; accuracy: number };
  /** Copies of unseen wire stories hung off a latent source that stands for their story. */
  latent: { docs: number; right: number; accuracy: number };
  /** Other relations: share of the truth pairs given the right label. */
  relations: Record<'version' | 'quotes' | 'same-outlet', { pairs: number; right: number }>;
  /** Template notices: pairs that share passages, and how many were linked by anything but `template`. */
  templates: { pairs: number; linked: number };
}

const key = (a: string, b: string): string => `${a}>${b}`;
const ukey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Latent node id → the story most of its members belong to (`L<story>`). */
function latentLabels(a: Analysis, truth: ReadonlyMap<string, TruthDoc>): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of a.graph.nodes) {
    if (n.type !== 'latent') continue;
    const votes = new Map<number, number>();
    for (const m of n.members) votes.set(truth.get(m)!.story, (votes.get(truth.get(m)!.story) ?? 0) + 1);
    const best = [...votes].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]!;
    out.set(n.id, `L${best[0]}`);
  }
  return out;
}

export function scoreNewsroom(docs: readonly TruthDoc[], a: Analysis): NewsroomScore {
  const truth = new Map(docs.map((d) => [d.id, d]));
  const latent = latentLabels(a, truth);
  const name = (id: string): string => latent.get(id) ?? id;
  const reuse = a.graph.edges.filter((e): e is ReuseEdge => e.type === 'reuses' || e.type === 'duplicates');
  const predicted = new Set(reuse.map((e) => key(name(e.source), e.target)));
  const truthEdges = new Set(docs.filter((d) => d.parent && d.relation === 'reuses').map((d) => key(d.parent!, d.id)));
  const und = (s: Set<string>): Set<string> => new Set([...s].map((k) => ukey(...(k.split('>') as [string, string]))));
  const perCase: Partial<Record<HardCase, Prf>> = {};
  for (const c of ['wire-present', 'wire-absent', 'version', 'official', 'template', 'same-outlet', 'independent'] as HardCase[]) {
    const inCase = (k: string): boolean => truth.get(k.split('>')[1]!)?.case === c;
    perCase[c] = setPrf(new Set([...predicted].filter(inCase)), new Set([...truthEdges].filter(inCase)));
  }
  const nodes = new Map(a.graph.nodes.filter((n): n is DocumentNode => n.type === 'document').map((n) => [n.id, n]));
  const withParent = docs.filter((d) => d.parent && d.relation === 'reuses');
  const rightParent = withParent.filter((d) => nodes.get(d.id)?.origin && name(nodes.get(d.id)!.origin!.node) === d.parent).length;

  const relOf = new Map(a.pairs.map((p) => [ukey(p.a, p.b), p.relation]));
  let sibPairs = 0;
  let sibRight = 0;
  for (const [k, rel] of relOf) {
    const [x, y] = k.split('|') as [string, string];
    const dx = truth.get(x)!;
    const dy = truth.get(y)!;
    if (dx.relation === 'reuses' && dy.relation === 'reuses' && dx.parent === dy.parent) {
      sibPairs++;
      if (rel === 'siblings') sibRight++;
    }
  }
  const absent = docs.filter((d) => d.case === 'wire-absent' && d.parent?.startsWith('L'));
  const latentRight = absent.filter((d) => reuse.some((e) => e.target === d.id && name(e.source) === d.parent)).length;
  const relations = { version: { pairs: 0, right: 0 }, quotes: { pairs: 0, right: 0 }, 'same-outlet': { pairs: 0, right: 0 } };
  for (const d of docs) {
    if (!d.parent || !d.relation || d.relation === 'reuses') continue;
    const r = relations[d.relation];
    r.pairs++;
    const e = a.graph.edges.find((x) => x.type === d.relation && x.source === d.parent && x.target === d.id);
    if (e) r.right++;
  }
  let tPairs = 0;
  let tLinked = 0;
  for (const p of a.pairs) {
    if (truth.get(p.a)!.case !== 'template' || truth.get(p.b)!.case !== 'template') continue;
    tPairs++;
    if (p.relation !== 'template' && p.relation !== 'shared-quote') tLinked++;
  }
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    edges: setPrf(predicted, truthEdges),
    undirected: setPrf(und(predicted), und(truthEdges)),
    perCase,
    parentAccuracy: r3(rightParent / Math.max(1, withParent.length)),
    siblings: { pairs: sibPairs, labelled: sibRight, accuracy: r3(sibRight / Math.max(1, sibPairs)) },
    latent: { docs: absent.length, right: latentRight, accuracy: r3(latentRight / Math.max(1, absent.length)) },
    relations,
    templates: { pairs: tPairs, linked: tLinked },
  };
}

/** Two scores summed (counts added, rates recomputed): several seeds as one corpus. */
export function addScores(x: NewsroomScore, y: NewsroomScore): NewsroomScore {
  const prf = (a: Prf, b: Prf): Prf => {
    const tp = a.tp + b.tp;
    const fp = a.fp + b.fp;
    const fn = a.fn + b.fn;
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    const r3 = (v: number): number => Math.round(v * 1000) / 1000;
    return { tp, fp, fn, precision: r3(precision), recall: r3(recall), f1: r3(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)) };
  };
  const perCase: NewsroomScore['perCase'] = {};
  for (const k of new Set([...Object.keys(x.perCase), ...Object.keys(y.perCase)]) as Set<HardCase>) {
    const a = x.perCase[k];
    const b = y.perCase[k];
    perCase[k] = a && b ? prf(a, b) : (a ?? b)!;
  }
  const frac = (r: number, n: number): number => Math.round((r / Math.max(1, n)) * 1000) / 1000;
  const withParent = (s: NewsroomScore): number => s.edges.tp + s.edges.fn;
  const parentRight = Math.round(x.parentAccuracy * withParent(x) + y.parentAccuracy * withParent(y));
  const siblings = { pairs: x.siblings.pairs + y.siblings.pairs, labelled: x.siblings.labelled + y.siblings.labelled, accuracy: 0 };
  siblings.accuracy = frac(siblings.labelled, siblings.pairs);
  const latent = { docs: x.latent.docs + y.latent.docs, right: x.latent.right + y.latent.right, accuracy: 0 };
  latent.accuracy = frac(latent.right, latent.docs);
  const rel = (k: 'version' | 'quotes' | 'same-outlet'): { pairs: number; right: number } => ({ pairs: x.relations[k].pairs + y.relations[k].pairs, right: x.relations[k].right + y.relations[k].right });
  return {
    edges: prf(x.edges, y.edges),
    undirected: prf(x.undirected, y.undirected),
    perCase,
    parentAccuracy: frac(parentRight, withParent(x) + withParent(y)),
    siblings,
    latent,
    relations: { version: rel('version'), quotes: rel('quotes'), 'same-outlet': rel('same-outlet') },
    templates: { pairs: x.templates.pairs + y.templates.pairs, linked: x.templates.linked + y.templates.linked },
  };
}
