import type { DocumentNode, GraphNode, ProvenanceGraph, ReuseEdge } from '../provenance/graph.js';

/** Horizontal distance between generations, row height, and node box size (SVG units). */
export const LAYOUT = { col: 240, row: 54, nodeW: 200, nodeH: 38, maxPerColumn: 12 } as const;

/** How an edge is drawn: the CSS class of its path in the report. */
export type EdgeStyle = 'dup' | 'version' | 'credited' | 'uncredited' | 'origin';

/**
 * One story family laid out in its own band (coordinates relative to the band's top left):
 * cited origin agencies and unseen sources on the left, then documents by depth of
 * derivation, a column per generation, wrapped every 12 rows so that a family of 200 stays
 * compact. The report draws a page of bands from these in the browser.
 */
export interface FamilyLayout {
  family: number;
  width: number;
  height: number;
  /** Node id and the top left corner of its box. */
  nodes: [id: string, x: number, y: number][];
  /** Source id, target id, style, and the reuse edge drawn (index into the graph's reuse edges) or -1 for an origin credit. */
  edges: [source: string, target: string, style: EdgeStyle, reuseEdge: number][];
}

export function isReuseEdge(e: ProvenanceGraph['edges'][number]): e is ReuseEdge {
  return e.type !== 'cites' && e.type !== 'siblings';
}

export function edgeStyle(e: ReuseEdge): EdgeStyle {
  if (e.type === 'duplicates') return e.credited ? 'dup' : 'uncredited';
  if (e.type === 'version' || e.type === 'same-outlet' || e.type === 'quotes') return 'version';
  return e.credited ? 'credited' : 'uncredited';
}

/** Depth of derivation of every document: 0 for a document nobody in the corpus gave words to. */
function depths(reuse: readonly ReuseEdge[]): (id: string) => number {
  const parentsOf = new Map<string, string[]>();
  for (const e of reuse) {
    const l = parentsOf.get(e.target);
    if (l) l.push(e.source);
    else parentsOf.set(e.target, [e.source]);
  }
  const depth = new Map<string, number>();
  const depthOf = (id: string, guard = 0): number => {
    const d = depth.get(id);
    if (d !== undefined) return d;
    const ps = parentsOf.get(id) ?? [];
    const v = ps.length === 0 || guard > 50 ? 0 : 1 + Math.max(...ps.map((p) => depthOf(p, guard + 1)));
    depth.set(id, v);
    return v;
  };
  return depthOf;
}

/** Places one family's sources (column 0) and members (by depth); returns the band's size too. */
function placeFamily(members: readonly string[], srcs: readonly string[], depthOf: (id: string) => number): { placed: [string, number, number][]; cols: number; rows: number } {
  const byDepth = new Map<number, string[]>();
  for (const m of members) {
    const d = depthOf(m);
    const l = byDepth.get(d);
    if (l) l.push(m);
    else byDepth.set(d, [m]);
  }
  let rows = srcs.length;
  let col = srcs.length > 0 ? 1 : 0;
  const placed: [string, number, number][] = srcs.map((s, i) => [s, 0, i]);
  for (const d of [...byDepth.keys()].sort((a, b) => a - b)) {
    const ms = byDepth.get(d)!;
    for (let i = 0; i < ms.length; i++) placed.push([ms[i]!, col + Math.floor(i / LAYOUT.maxPerColumn), i % LAYOUT.maxPerColumn]);
    col += Math.ceil(ms.length / LAYOUT.maxPerColumn);
    rows = Math.max(rows, Math.min(ms.length, LAYOUT.maxPerColumn));
  }
  return { placed, cols: col, rows };
}

/**
 * Lays out the given families of the graph (by default all of them), in their order. Edges
 * are drawn inside a family only; an origin credit is drawn from the agency a document credits.
 */
export function layoutFamilies(graph: ProvenanceGraph, familyIds?: readonly number[]): FamilyLayout[] {
  const nodeOf = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const reuse = graph.edges.filter(isReuseEdge);
  const depthOf = depths(reuse);
  const edgesByTarget = new Map<string, number[]>();
  reuse.forEach((e, i) => {
    const l = edgesByTarget.get(e.target);
    if (l) l.push(i);
    else edgesByTarget.set(e.target, [i]);
  });
  const out: FamilyLayout[] = [];
  for (const fid of familyIds ?? graph.families.map((f) => f.id)) {
    const fam = graph.families[fid]!;
    const origins = fam.members.map((m) => (nodeOf.get(m) as DocumentNode).origin?.node);
    const srcs = [...new Set(origins.filter((x): x is string => !!x && (x.startsWith('source:') || x.startsWith('latent:'))))].sort();
    const { placed, cols, rows } = placeFamily(fam.members, srcs, depthOf);
    const nodes: FamilyLayout['nodes'] = [];
    const seen = new Set<string>();
    for (const [id, c, r] of placed) {
      if (seen.has(id)) continue;
      seen.add(id);
      nodes.push([id, 12 + c * LAYOUT.col, 26 + r * LAYOUT.row]);
    }
    out.push({ family: fid, width: cols * LAYOUT.col + 12, height: rows * LAYOUT.row + 30, nodes, edges: familyEdges(fam.members, seen, reuse, edgesByTarget, nodeOf) });
  }
  return out;
}

function familyEdges(members: readonly string[], drawn: ReadonlySet<string>, reuse: readonly ReuseEdge[], edgesByTarget: ReadonlyMap<string, number[]>, nodeOf: ReadonlyMap<string, GraphNode>): FamilyLayout['edges'] {
  const edges: FamilyLayout['edges'] = [];
  for (const m of members) {
    for (const i of edgesByTarget.get(m) ?? []) {
      const e = reuse[i]!;
      if (drawn.has(e.source)) edges.push([e.source, e.target, edgeStyle(e), i]);
    }
  }
  for (const m of members) {
    const o = (nodeOf.get(m) as DocumentNode).origin;
    if (o?.basis === 'credit' && drawn.has(o.node)) edges.push([o.node, m, 'origin', -1]);
  }
  return edges;
}
