import type { Analysis } from '../src/index.js';
import type { GraphEdge, GraphNode } from '../src/provenance/graph.js';

/**
 * A large analysis of the right shape without analysing a large corpus (for the report's
 * size benchmark and browser test): copy k of `a` renames every document (`id~k`), latent
 * source and family; cited agencies are shared.
 */
export function tileAnalysis(a: Analysis, times: number, size = a.documents.length * times): Analysis {
  const latents = a.graph.nodes.filter((n) => n.type === 'latent').length;
  const out: Analysis = { ...a, documents: [], pairs: [], attributions: Object.create(null) as Analysis['attributions'], graph: { ...a.graph, nodes: [], edges: [], families: [], droppedEdges: [] } };
  const sources = a.graph.nodes.filter((n) => n.type === 'source');
  for (let k = 0; k < times && out.documents.length < size; k++) {
    const id = (x: string): string => (x.startsWith('source:') ? x : x.startsWith('latent:') ? `latent:${Number(x.slice(7)) + k * latents}` : `${x}~${k}`);
    const famBase = k * a.graph.families.length;
    for (const d of a.documents) out.documents.push({ ...d, id: id(d.id) });
    for (const p of a.pairs) out.pairs.push({ ...p, a: id(p.a), b: id(p.b) });
    for (const [d, at] of Object.entries(a.attributions)) out.attributions[id(d)] = at;
    for (const n of a.graph.nodes) if (n.type !== 'source') out.graph.nodes.push(renameNode(n, id, famBase));
    for (const e of a.graph.edges) out.graph.edges.push({ ...e, source: id(e.source), target: e.type === 'cites' ? e.target : id(e.target) } as GraphEdge);
    for (const f of a.graph.families) out.graph.families.push({ id: f.id + famBase, members: f.members.map(id), original: id(f.original) });
  }
  out.graph.nodes.push(...sources);
  return out;
}

function renameNode(n: GraphNode, id: (x: string) => string, famBase: number): GraphNode {
  if (n.type === 'latent') return { ...n, id: id(n.id), members: n.members.map(id), family: n.family + famBase };
  if (n.type === 'document') return { ...n, id: id(n.id), family: n.family + famBase, ...(n.origin ? { origin: { ...n.origin, node: id(n.origin.node) } } : {}) };
  return n;
}

