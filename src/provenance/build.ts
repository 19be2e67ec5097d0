import { credits, type Attribution } from '../attribution/extract.js';
import type { Doc } from '../doc.js';
import {
  GRAPH_FORMAT_VERSION,
  sourceNodeId,
  verdictFor,
  type CiteEdge,
  type Confidence,
  type DirectionBasis,
  type DocumentNode,
  type Family,
  type GraphInput,
  type PairAnalysis,
  type ProvenanceGraph,
  type ReuseEdge,
  type SourceNode,
} from './graph.js';

// Cues that say the document took its information from the source (a photo credit does not).
const REPORTING_CUES = new Set(['dateline', 'according-to', 'reported-by', 'citing', 'quoted-by', 'reported', 'said', 'news-agency']);
const CUE_RANK: Record<string, number> = { dateline: 0, 'reported-by': 1, 'according-to': 1, citing: 2, reported: 2, 'quoted-by': 3, 'news-agency': 3, said: 4 };

interface Direction {
  from: string;
  to: string;
  basis: DirectionBasis;
  confidence: Confidence;
}

function time(d: Doc): number | undefined {
  if (!d.publishedAt) return undefined;
  const t = Date.parse(d.publishedAt);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * Direction of reuse, in order of evidence: publication times; credit (a document that credits
 * the other's outlet derives from it); wire items are sources; otherwise the more-covered text
 * is the derived one, with low confidence.
 */
function direction(A: Doc, B: Doc, p: PairAnalysis, input: GraphInput): Direction {
  const ta = time(A);
  const tb = time(B);
  if (ta !== undefined && tb !== undefined && ta !== tb) {
    return ta < tb ? { from: A.id, to: B.id, basis: 'date', confidence: 'high' } : { from: B.id, to: A.id, basis: 'date', confidence: 'high' };
  }
  const bCreditsA = A.outlet !== undefined && credits(input.attributions.get(B.id) ?? [], A.outlet, input.gazetteer);
  const aCreditsB = B.outlet !== undefined && credits(input.attributions.get(A.id) ?? [], B.outlet, input.gazetteer);
  if (bCreditsA !== aCreditsB) return bCreditsA ? { from: A.id, to: B.id, basis: 'credit', confidence: 'medium' } : { from: B.id, to: A.id, basis: 'credit', confidence: 'medium' };
  const aw = A.kind === 'wire';
  const bw = B.kind === 'wire';
  if (aw !== bw) return aw ? { from: A.id, to: B.id, basis: 'wire', confidence: 'medium' } : { from: B.id, to: A.id, basis: 'wire', confidence: 'medium' };
  const diff = p.coverage.b - p.coverage.a;
  if (Math.abs(diff) >= 0.05) {
    // the text more covered by shared passages is the one built from the other
    return diff > 0 ? { from: A.id, to: B.id, basis: 'containment', confidence: 'low' } : { from: B.id, to: A.id, basis: 'containment', confidence: 'low' };
  }
  return { from: A.id, to: B.id, basis: 'none', confidence: 'none' };
}

function sameOutlet(a: Doc, b: Doc, input: GraphInput): boolean {
  if (!a.outlet || !b.outlet) return false;
  const ra = input.gazetteer.resolve(a.outlet)?.id ?? a.outlet.toLowerCase();
  const rb = input.gazetteer.resolve(b.outlet)?.id ?? b.outlet.toLowerCase();
  return ra === rb;
}

/** Builds the provenance graph from aligned pairs, attributions and metadata. */
export function buildProvenanceGraph(input: GraphInput): ProvenanceGraph {
  const byId = new Map(input.docs.map((d) => [d.id, d]));
  const order = new Map(input.docs.map((d, i) => [d.id, i]));
  const docNodes = new Map<string, DocumentNode>();
  for (const d of input.docs) {
    const n: DocumentNode = { id: d.id, type: 'document', label: d.title ?? d.id, tokens: input.tokens.get(d.id) ?? 0, family: -1 };
    if (d.outlet) n.outlet = d.outlet;
    if (d.publishedAt) n.publishedAt = d.publishedAt;
    if (d.kind) n.kind = d.kind;
    if (d.url) n.url = d.url;
    docNodes.set(d.id, n);
  }

  // ---- reuse edges -------------------------------------------------------------------
  const candidates: ReuseEdge[] = [];
  const related: [string, string][] = [];
  for (const p of input.pairs) {
    const A = byId.get(p.a)!;
    const B = byId.get(p.b)!;
    if (p.passages.length > 0) related.push([p.a, p.b]);
    const dir = direction(A, B, p, input);
    const targetIsB = dir.to === B.id;
    const containment = targetIsB ? p.coverage.b : p.coverage.a;
    const verdict = verdictFor(containment, input.verdict);
    if (verdict === 'non' && p.jaccard < input.duplicateThreshold) continue;
    const isDup = p.jaccard >= input.duplicateThreshold;
    const isVersion = !isDup && A.kind === 'wire' && B.kind === 'wire' && sameOutlet(A, B, input);
    const targetAttr = input.attributions.get(dir.to) ?? [];
    const srcDoc = byId.get(dir.from)!;
    candidates.push({
      type: isDup ? 'duplicates' : isVersion ? 'version' : 'reuses',
      source: dir.from,
      target: dir.to,
      containment: round(containment),
      sourceCoverage: round(targetIsB ? p.coverage.a : p.coverage.b),
      sharedTokens: targetIsB ? p.coveredTokens.b : p.coveredTokens.a,
      passages: p.passages.filter((x) => x.kind !== 'quote' && !x.common).length,
      verbatimShare: round(p.verbatimShare),
      verdict: isDup ? 'wholly' : verdict,
      credited: srcDoc.outlet !== undefined && credits(targetAttr, srcDoc.outlet, input.gazetteer),
      direction: { basis: dir.basis, confidence: dir.confidence },
    });
  }

  // ---- parents: explain each target's reuse by the fewest sources ------------------------
  // Greedy cover: the source covering most of the target first; on a tie the later (closer)
  // copy wins, so that an edge an intermediate copy explains is the one dropped.
  const kept: ReuseEdge[] = [];
  const dropped: (ReuseEdge & { explainedBy: string })[] = [];
  const byTarget = new Map<string, ReuseEdge[]>();
  for (const e of candidates) {
    if (e.type !== 'reuses') {
      kept.push(e);
      continue;
    }
    const l = byTarget.get(e.target) ?? [];
    l.push(e);
    byTarget.set(e.target, l);
  }
  const reuseOf = new Map<string, ReuseEdge>();
  for (const e of candidates) if (e.type === 'reuses') reuseOf.set(`${e.source}>${e.target}`, e);
  for (const [, edges] of [...byTarget].sort((x, y) => order.get(x[0])! - order.get(y[0])!)) {
    edges.sort((x, y) => y.sharedTokens - x.sharedTokens || (time(byId.get(y.source)!) ?? order.get(y.source)!) - (time(byId.get(x.source)!) ?? order.get(x.source)!));
    const chosen: ReuseEdge[] = [];
    for (const e of edges) {
      // an intermediate: a chosen source that itself reuses e.source at least as much as the target does
      const via = chosen.find((c) => {
        const up = reuseOf.get(`${e.source}>${c.source}`);
        return up !== undefined && up.containment >= e.containment * 0.8;
      });
      if (via) dropped.push({ ...e, explainedBy: via.source });
      else chosen.push(e);
    }
    kept.push(...chosen);
  }

  // ---- citations and source nodes ------------------------------------------------------
  const sourceNodes = new Map<string, SourceNode>();
  const cites: CiteEdge[] = [];
  for (const d of input.docs) {
    const byNode = new Map<string, Attribution[]>();
    for (const a of input.attributions.get(d.id) ?? []) {
      const id = sourceNodeId(a);
      if (!sourceNodes.has(id)) {
        const n: SourceNode = { id, type: 'source', label: a.name };
        if (a.sourceKind) n.sourceKind = a.sourceKind;
        sourceNodes.set(id, n);
      }
      const l = byNode.get(id) ?? [];
      l.push(a);
      byNode.set(id, l);
    }
    for (const [id, as] of byNode) cites.push({ type: 'cites', source: d.id, target: id, cues: [...new Set(as.map((a) => a.cue))], count: as.length });
  }

  // ---- origins ---------------------------------------------------------------------------
  for (const d of input.docs) {
    const node = docNodes.get(d.id)!;
    const parents = kept.filter((e) => e.target === d.id && e.type !== 'duplicates').sort((x, y) => y.sharedTokens - x.sharedTokens);
    if (parents.length > 0) {
      node.origin = { node: parents[0]!.source, basis: 'reuse', confidence: parents[0]!.direction.confidence };
      continue;
    }
    // no parent in the corpus: the wire agency credited for reporting, else the state media it credits
    const as = (input.attributions.get(d.id) ?? []).filter((a) => a.canonical && REPORTING_CUES.has(a.cue));
    const rank = (a: Attribution): number => (a.sourceKind === 'wire' ? 0 : a.sourceKind === 'state-media' ? 10 : 20) + (CUE_RANK[a.cue] ?? 5);
    const best = as.sort((x, y) => rank(x) - rank(y) || x.start - y.start)[0];
    if (best && best.sourceKind !== 'photo') node.origin = { node: sourceNodeId(best), basis: 'credit', confidence: best.sourceKind === 'wire' ? 'medium' : 'low' };
  }

  // ---- story families ----------------------------------------------------------------------
  // Connected by any shared wording (reuse, duplicates, versions, or shared passages of any
  // kind, quotes included), or by crediting the same state-media source within three days.
  const parent = new Map<string, string>(input.docs.map((d) => [d.id, d.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (x: string, y: string): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) parent.set(order.get(rx)! < order.get(ry)! ? ry : rx, order.get(rx)! < order.get(ry)! ? rx : ry);
  };
  for (const e of kept) union(e.source, e.target);
  for (const [a, b] of related) union(a, b);
  const byPrimary = new Map<string, string[]>();
  for (const c of cites) {
    if (sourceNodes.get(c.target)?.sourceKind !== 'state-media') continue;
    const l = byPrimary.get(c.target) ?? [];
    l.push(c.source);
    byPrimary.set(c.target, l);
  }
  for (const members of byPrimary.values()) {
    for (let i = 1; i < members.length; i++) {
      const t0 = time(byId.get(members[0]!)!);
      const ti = time(byId.get(members[i]!)!);
      if (t0 === undefined || ti === undefined || Math.abs(t0 - ti) <= 3 * 86_400_000) union(members[0]!, members[i]!);
    }
  }
  const groups = new Map<string, string[]>();
  for (const d of input.docs) {
    const r = find(d.id);
    const l = groups.get(r) ?? [];
    l.push(d.id);
    groups.set(r, l);
  }
  const families: Family[] = [];
  for (const members of groups.values()) {
    const id = families.length;
    for (const m of members) docNodes.get(m)!.family = id;
    families.push({ id, members, original: familyOriginal(members, kept, docNodes, byId, order) });
  }

  const nodes = [...docNodes.values(), ...[...sourceNodes.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))];
  const edgeOrder = (e: { source: string; target: string; type: string }): string => `${String(order.get(e.source) ?? 0).padStart(8, '0')}|${e.type}|${e.target}`;
  return {
    format: 'wiretrace-graph',
    version: GRAPH_FORMAT_VERSION,
    nodes,
    edges: [...kept, ...cites].sort((x, y) => (edgeOrder(x) < edgeOrder(y) ? -1 : edgeOrder(x) > edgeOrder(y) ? 1 : 0)),
    families,
    droppedEdges: dropped,
  };
}

/** The family's root: a member nobody in the family reuses (earliest first), else the origin most members share. */
function familyOriginal(members: string[], edges: ReuseEdge[], nodes: Map<string, DocumentNode>, byId: Map<string, Doc>, order: Map<string, number>): string {
  const set = new Set(members);
  const hasParent = new Set(edges.filter((e) => set.has(e.target) && set.has(e.source) && e.type !== 'duplicates').map((e) => e.target));
  const isSource = new Set(edges.filter((e) => set.has(e.source)).map((e) => e.source));
  const roots = members.filter((m) => isSource.has(m) && !hasParent.has(m));
  const key = (id: string): number => time(byId.get(id)!) ?? order.get(id)!;
  if (roots.length > 0) return roots.sort((x, y) => key(x) - key(y))[0]!;
  if (members.length === 1) return members[0]!;
  const counts = new Map<string, number>();
  for (const m of members) {
    const o = nodes.get(m)!.origin;
    if (o && o.basis === 'credit') counts.set(o.node, (counts.get(o.node) ?? 0) + 1);
  }
  const best = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
  return best ? best[0] : members.sort((x, y) => key(x) - key(y))[0]!;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
