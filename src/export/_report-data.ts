import { isCounted } from '../compare/template.js';
import type { Analysis } from '../provenance/analyze.js';
import type { DocumentNode, GraphNode, ProvenanceGraph, ReuseEdge } from '../provenance/graph.js';
import { isReuseEdge, layoutFamilies, type EdgeStyle } from './svg-layout.js';

/** Version of the data embedded in the HTML report (read only by the report's own script). */
export const REPORT_DATA_VERSION = 2;

/**
 * Node references are numbers: 0..D-1 are the analysis's documents in input order, D.. the
 * graph's other nodes (cited agencies, unseen sources) in graph order. Everything is arrays
 * of rows, so that 100,000 documents stay a few megabytes and parse in milliseconds.
 */
type Ref = number;
/** id, title, outlet, published, kind, drawn family (index into `families`, -1 when it shares no wording), origin, its basis and confidence, credited nodes, text chunk (-1: not in any pair, no text). */
export type DocRow = [string, string | null, string | null, string | null, string | null, number, Ref, string, string, Ref[], number];
/** id, label, what it is ("state-media", "unseen source"…). */
export type NodeRow = [string, string, string];
/** family number, members, likely original's label, width, height, nodes as [ref, x, y]…, edges as [source, target, style, reuse edge]… */
export type FamilyRow = [number, number, string, number, number, number[], (number | EdgeStyle)[]];
/** source, target, type, verdict, % of the target covered, % word for word, credited (1/0), direction basis, confidence, pair (-1 when none). */
export type EdgeRow = [Ref, Ref, string, string, number, number, number, string, string, number];
/** a, b, relation, Jaccard, % of a covered, % of b covered, passages, counted passages. */
export type PairRow = [Ref, Ref, string, number, number, number, number, number];

/** What the report opens with: enough to draw, list, page and search without the texts. */
export interface ReportIndex {
  version: typeof REPORT_DATA_VERSION;
  docs: DocRow[];
  nodes: NodeRow[];
  families: FamilyRow[];
  edges: EdgeRow[];
  pairs: PairRow[];
  /** The pair shown first (the one with the most coverage), -1 with no pair. */
  best: number;
}

/** kind, common (1/0), similarity, words, a start, a end, b start, b end. */
export type PassageRow = [string, number, number, number, number, number, number, number];
type CueRow = { start: number; end: number; cueStart: number; cueEnd: number; name: string; cue: string };

/**
 * What the side-by-side view needs for some documents, unpacked only when one of them is
 * shown: their texts and credits, and the passages of the pairs whose first document is here.
 */
export interface ReportChunk {
  texts: [Ref, string, CueRow[]][];
  passages: [pair: number, PassageRow[]][];
}

/** Documents per text chunk: small enough to unpack in milliseconds, large enough to compress well. */
export const CHUNK_DOCS = 200;

/** Document ids that share wording with another document: in a pair with passages or on a reuse or sibling edge. */
export function documentsWithReuse(analysis: Analysis): Set<string> {
  const out = new Set<string>();
  for (const p of analysis.pairs) {
    if (p.passages.length === 0) continue;
    out.add(p.a);
    out.add(p.b);
  }
  for (const e of analysis.graph.edges) {
    if (e.type === 'cites') continue;
    out.add(e.source);
    out.add(e.target);
  }
  return out;
}

/** Families that hold a document with reuse, the largest first (ties by family number). */
export function drawnFamilies(graph: ProvenanceGraph, withReuse: ReadonlySet<string>): number[] {
  return graph.families
    .filter((f) => f.members.some((m) => withReuse.has(m)))
    .sort((x, y) => y.members.length - x.members.length || x.id - y.id)
    .map((f) => f.id);
}

function nodeRefs(analysis: Analysis): { ref: Map<string, Ref>; others: GraphNode[] } {
  const ref = new Map<string, Ref>(analysis.documents.map((d, i) => [d.id, i]));
  const others = analysis.graph.nodes.filter((n) => n.type !== 'document');
  others.forEach((n, i) => ref.set(n.id, analysis.documents.length + i));
  return { ref, others };
}

function nodeRow(n: GraphNode): NodeRow {
  return [n.id, n.label, n.type === 'source' ? (n.sourceKind ?? 'source') : 'unseen source'];
}

function docRows(analysis: Analysis, ref: ReadonlyMap<string, Ref>, familyIndex: ReadonlyMap<number, number>, chunkOf: ReadonlyMap<string, number>): DocRow[] {
  const nodeOf = new Map<string, GraphNode>(analysis.graph.nodes.map((n) => [n.id, n]));
  const credits = new Map<string, Ref[]>();
  for (const e of analysis.graph.edges) {
    if (e.type !== 'cites') continue;
    const l = credits.get(e.source);
    if (l) l.push(ref.get(e.target)!);
    else credits.set(e.source, [ref.get(e.target)!]);
  }
  return analysis.documents.map((d) => {
    const n = nodeOf.get(d.id) as DocumentNode | undefined;
    const o = n?.origin;
    const fam = n ? (familyIndex.get(n.family) ?? -1) : -1;
    return [d.id, d.title ?? null, d.outlet ?? null, d.publishedAt ?? null, d.kind ?? null, fam, o ? (ref.get(o.node) ?? -1) : -1, o?.basis ?? '', o?.confidence ?? '', credits.get(d.id) ?? [], chunkOf.get(d.id) ?? -1];
  });
}

function familyRows(analysis: Analysis, drawn: readonly number[], ref: ReadonlyMap<string, Ref>): FamilyRow[] {
  const g = analysis.graph;
  const label = new Map(g.nodes.map((n) => [n.id, n.label]));
  return layoutFamilies(g, drawn).map((l) => {
    const fam = g.families[l.family]!;
    const nodes = l.nodes.flatMap(([id, x, y]) => [ref.get(id)!, x, y]);
    const edges = l.edges.flatMap(([s, t, style, i]) => [ref.get(s)!, ref.get(t)!, style, i]);
    return [fam.id, fam.members.length, label.get(fam.original) ?? fam.original, l.width, l.height, nodes, edges];
  });
}

function edgeRows(reuse: readonly ReuseEdge[], ref: ReadonlyMap<string, Ref>, pairOf: (x: string, y: string) => number): EdgeRow[] {
  return reuse.map((e) => [ref.get(e.source)!, ref.get(e.target)!, e.type, e.verdict, Math.round(e.containment * 100), Math.round(e.verbatimShare * 100), e.credited ? 1 : 0, e.direction.basis, e.direction.confidence, pairOf(e.source, e.target)]);
}

function bestPair(analysis: Analysis): number {
  let best = -1;
  let bestScore = -1;
  analysis.pairs.forEach((p, i) => {
    const s = p.coverage.a + p.coverage.b + p.passages.length * 1e-3;
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  });
  return best;
}

/**
 * The documents of some pair, in chunks of CHUNK_DOCS: chunk 0 holds the first pair shown (so
 * that it can be drawn before the rest of the file is read), the others follow the drawn
 * families' order, so that copies of one story sit together and compress well.
 */
function chunkPlan(analysis: Analysis, best: number, familyIndex: ReadonlyMap<number, number>): Map<string, number> {
  const inPair = new Set<string>();
  for (const p of analysis.pairs) {
    inPair.add(p.a);
    inPair.add(p.b);
  }
  const first = best >= 0 ? [analysis.pairs[best]!.a, analysis.pairs[best]!.b] : [];
  const family = new Map(analysis.graph.nodes.map((n) => [n.id, n.type === 'document' ? (familyIndex.get(n.family) ?? Infinity) : Infinity]));
  const order = new Map(analysis.documents.map((d, i) => [d.id, i]));
  const rest = [...inPair].filter((id) => !first.includes(id)).sort((x, y) => family.get(x)! - family.get(y)! || order.get(x)! - order.get(y)!);
  const chunkOf = new Map<string, number>(first.map((id) => [id, 0]));
  rest.forEach((id, i) => chunkOf.set(id, 1 + Math.floor(i / CHUNK_DOCS)));
  return chunkOf;
}

function chunks(analysis: Analysis, ref: ReadonlyMap<string, Ref>, chunkOf: ReadonlyMap<string, number>): ReportChunk[] {
  const out: ReportChunk[] = [];
  const chunk = (id: string): ReportChunk => {
    const k = chunkOf.get(id)!;
    while (out.length <= k) out.push({ texts: [], passages: [] });
    return out[k]!;
  };
  for (const d of analysis.documents) {
    if (!chunkOf.has(d.id)) continue;
    const cues = (analysis.attributions[d.id] ?? []).map((a) => ({ start: a.start, end: a.end, cueStart: a.cueStart, cueEnd: a.cueEnd, name: a.name, cue: a.cue }));
    chunk(d.id).texts.push([ref.get(d.id)!, d.text, cues]);
  }
  analysis.pairs.forEach((p, i) => chunk(p.a).passages.push([i, p.passages.map((x) => [x.kind, x.common ? 1 : 0, x.similarity, x.tokens, x.a.start, x.a.end, x.b.start, x.b.end])]));
  return out;
}

/** Builds the report's data from an analysis: the index it opens with, and the text chunks. */
export function reportData(analysis: Analysis): { index: ReportIndex; chunks: ReportChunk[] } {
  const { ref, others } = nodeRefs(analysis);
  const drawn = drawnFamilies(analysis.graph, documentsWithReuse(analysis));
  const familyIndex = new Map(drawn.map((f, i) => [f, i]));
  const pairIndex = new Map(analysis.pairs.map((p, i) => [`${p.a}\u0000${p.b}`, i]));
  const pairOf = (x: string, y: string): number => pairIndex.get(`${x}\u0000${y}`) ?? pairIndex.get(`${y}\u0000${x}`) ?? -1;
  const pct = (x: number): number => Math.round(x * 100);
  const best = bestPair(analysis);
  const chunkOf = chunkPlan(analysis, best, familyIndex);
  const index: ReportIndex = {
    version: REPORT_DATA_VERSION,
    docs: docRows(analysis, ref, familyIndex, chunkOf),
    nodes: others.map(nodeRow),
    families: familyRows(analysis, drawn, ref),
    edges: edgeRows(analysis.graph.edges.filter(isReuseEdge), ref, pairOf),
    pairs: analysis.pairs.map((p) => [ref.get(p.a)!, ref.get(p.b)!, p.relation ?? '', p.jaccard, pct(p.coverage.a), pct(p.coverage.b), p.passages.length, p.passages.filter(isCounted).length]),
    best,
  };
  return { index, chunks: chunks(analysis, ref, chunkOf) };
}
