import type { DocumentNode, GraphEdge, ProvenanceGraph, ReuseEdge } from '../provenance/graph.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const COL = 240;
const ROW = 54;
const NODE_W = 200;
const NODE_H = 38;
const MAX_PER_COLUMN = 12;

function short(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Draws the provenance graph as static SVG: one band per story family; within a band, the
 * cited origin agencies on the left, then documents by depth of derivation (a column per
 * generation, wrapped every 12 rows so that a family of 200 stays compact).
 */
export function graphSvg(graph: ProvenanceGraph): string {
  const docs = graph.nodes.filter((n): n is DocumentNode => n.type === 'document');
  const reuse = graph.edges.filter((e): e is ReuseEdge => e.type !== 'cites' && e.type !== 'siblings');
  const parentsOf = new Map<string, string[]>();
  for (const e of reuse) parentsOf.set(e.target, [...(parentsOf.get(e.target) ?? []), e.source]);
  const depth = new Map<string, number>();
  const depthOf = (id: string, guard = 0): number => {
    const d = depth.get(id);
    if (d !== undefined) return d;
    const ps = parentsOf.get(id) ?? [];
    const v = ps.length === 0 || guard > 50 ? 0 : 1 + Math.max(...ps.map((p) => depthOf(p, guard + 1)));
    depth.set(id, v);
    return v;
  };
  // cited agencies and unseen (latent) sources sit in the first column of their family
  const originSources = new Set(docs.map((d) => d.origin?.node).filter((x): x is string => !!x && (x.startsWith('source:') || x.startsWith('latent:'))));
  const pos = new Map<string, { x: number; y: number }>();
  const labels = new Map(graph.nodes.map((n) => [n.id, n]));
  let y0 = 20;
  const bands: string[] = [];
  for (const fam of graph.families) {
    const srcs = [...new Set(fam.members.map((m) => labels.get(m) as DocumentNode).map((d) => d.origin?.node).filter((x): x is string => !!x && originSources.has(x)))].sort();
    const hasSrc = srcs.length > 0 ? 1 : 0;
    const cols = new Map<number, string[]>();
    for (const m of fam.members) {
      const d = depthOf(m);
      cols.set(d, [...(cols.get(d) ?? []), m]);
    }
    let rows = srcs.length;
    let colIndex = hasSrc;
    const placed: [string, number, number][] = srcs.map((s, i) => [s, 0, i]);
    for (const d of [...cols.keys()].sort((a, b) => a - b)) {
      const ms = cols.get(d)!;
      for (let i = 0; i < ms.length; i++) placed.push([ms[i]!, colIndex + Math.floor(i / MAX_PER_COLUMN), i % MAX_PER_COLUMN]);
      colIndex += Math.ceil(ms.length / MAX_PER_COLUMN);
      rows = Math.max(rows, Math.min(ms.length, MAX_PER_COLUMN));
    }
    const height = rows * ROW + 30;
    bands.push(`<rect class="family" x="4" y="${y0}" width="${colIndex * COL + 12}" height="${height}" rx="8"/><text class="family-label" x="14" y="${y0 + 16}">story family ${fam.id + 1} · ${fam.members.length} document${fam.members.length === 1 ? '' : 's'} · likely original: ${esc(short(labels.get(fam.original)?.label ?? fam.original, 60))}</text>`);
    for (const [id, c, r] of placed) if (!pos.has(id)) pos.set(id, { x: 16 + c * COL, y: y0 + 26 + r * ROW });
    y0 += height + 16;
  }
  const width = Math.max(600, ...[...pos.values()].map((p) => p.x + NODE_W + 30));
  const edges: string[] = [];
  const drawEdge = (e: GraphEdge, cls: string, title: string): void => {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) return;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    edges.push(`<path class="edge ${cls}" d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2 - 6},${y2}" marker-end="url(#arrow)"><title>${esc(title)}</title></path>`);
  };
  for (const e of reuse) {
    const cls = e.type === 'duplicates' ? 'dup' : e.type === 'version' || e.type === 'same-outlet' || e.type === 'quotes' ? 'version' : e.credited ? 'credited' : 'uncredited';
    drawEdge(e, cls, `${e.source} → ${e.target}: ${e.type}, ${e.verdict}, ${Math.round(e.containment * 100)}% of the target, ${e.credited ? 'credited' : 'uncredited'} (direction by ${e.direction.basis}, ${e.direction.confidence} confidence)`);
  }
  for (const d of docs) {
    if (d.origin?.basis === 'credit') drawEdge({ type: 'cites', source: d.origin.node, target: d.id, cues: [], count: 1 }, 'origin', `${d.id} credits ${labels.get(d.origin.node)?.label ?? d.origin.node} (likely origin, ${d.origin.confidence} confidence)`);
  }
  const nodes: string[] = [];
  for (const [id, p] of pos) {
    const n = labels.get(id)!;
    const isSrc = n.type === 'source' || n.type === 'latent';
    const sub = n.type === 'source' ? (n.sourceKind ?? 'source') : n.type === 'latent' ? 'unseen source' : [n.outlet, n.publishedAt?.slice(0, 10)].filter(Boolean).join(' · ') || n.id;
    const cls = isSrc ? 'node source' : n.kind === 'wire' || n.kind === 'official' ? 'node doc wire' : 'node doc';
    nodes.push(
      `<g class="${cls}" data-id="${esc(id)}" transform="translate(${p.x},${p.y})"><rect width="${NODE_W}" height="${NODE_H}" rx="${isSrc ? 19 : 6}"/><text x="10" y="16" class="t1">${esc(short(n.label, 30))}</text><text x="10" y="31" class="t2">${esc(short(sub, 34))}</text><title>${esc(id)}</title></g>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" id="graph-svg" width="${width}" height="${y0}" viewBox="0 0 ${width} ${y0}" role="img" aria-label="provenance graph"><defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>${bands.join('')}${edges.join('')}${nodes.join('')}</svg>`;
}
