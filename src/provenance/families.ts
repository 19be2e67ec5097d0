import type { Doc } from '../doc.js';
import type { CiteEdge, DocumentNode, Family, GraphInput, LatentNode, ReuseEdge, SiblingEdge, SourceNode } from './graph.js';
import { time } from './relations.js';

const THREE_DAYS = 3 * 86_400_000;

/**
 * Story families: documents connected by any shared wording (edges of every kind, shared
 * passages of any kind, a common latent source), or by crediting the same state-media source
 * within three days. Each family's original is its root document, else its latent source, else
 * the origin most members credit.
 */
export function buildFamilies(
  input: GraphInput,
  order: ReadonlyMap<string, number>,
  edges: readonly (ReuseEdge | SiblingEdge)[],
  latents: LatentNode[],
  cites: readonly CiteEdge[],
  sourceNodes: ReadonlyMap<string, SourceNode>,
  docNodes: Map<string, DocumentNode>,
): Family[] {
  const up = new Map<string, string>(input.docs.map((d) => [d.id, d.id]));
  const find = (x: string): string => {
    let r = x;
    while (up.get(r) !== r) r = up.get(r)!;
    up.set(x, r);
    return r;
  };
  const union = (x: string, y: string): void => {
    if (!up.has(x) || !up.has(y)) return;
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) up.set(order.get(rx)! < order.get(ry)! ? ry : rx, order.get(rx)! < order.get(ry)! ? rx : ry);
  };
  for (const e of edges) union(e.source, e.target);
  for (const n of latents) for (const m of n.members) union(n.members[0]!, m);
  for (const p of input.pairs) if (p.passages.length > 0) union(p.a, p.b);
  unionByStateMedia(input, cites, sourceNodes, union);

  const groups = new Map<string, string[]>();
  for (const d of input.docs) {
    const r = find(d.id);
    const l = groups.get(r);
    if (l) l.push(d.id);
    else groups.set(r, [d.id]);
  }
  // directed edges by target, and the latent source of each member, looked up once (not per family)
  const incoming = new Map<string, ReuseEdge[]>();
  for (const e of edges) {
    if (e.type === 'siblings' || e.type === 'duplicates') continue;
    const l = incoming.get(e.target);
    if (l) l.push(e);
    else incoming.set(e.target, [e]);
  }
  const latentOfMember = new Map<string, LatentNode>();
  for (const n of latents) for (const m of n.members) latentOfMember.set(m, n);
  const byId = new Map(input.docs.map((d) => [d.id, d]));
  const families: Family[] = [];
  for (const members of groups.values()) {
    const id = families.length;
    for (const m of members) docNodes.get(m)!.family = id;
    families.push({ id, members, original: familyOriginal(members, incoming, latentOfMember, docNodes, byId, order) });
  }
  for (const n of latents) n.family = docNodes.get(n.members[0]!)!.family;
  return families;
}

function unionByStateMedia(input: GraphInput, cites: readonly CiteEdge[], sourceNodes: ReadonlyMap<string, SourceNode>, union: (x: string, y: string) => void): void {
  const byId = new Map(input.docs.map((d) => [d.id, d]));
  const byPrimary = new Map<string, string[]>();
  for (const c of cites) {
    if (sourceNodes.get(c.target)?.sourceKind !== 'state-media') continue;
    const l = byPrimary.get(c.target);
    if (l) l.push(c.source);
    else byPrimary.set(c.target, [c.source]);
  }
  for (const members of byPrimary.values()) {
    for (let i = 1; i < members.length; i++) {
      const t0 = time(byId.get(members[0]!)!);
      const ti = time(byId.get(members[i]!)!);
      if (t0 === undefined || ti === undefined || Math.abs(t0 - ti) <= THREE_DAYS) union(members[0]!, members[i]!);
    }
  }
}

/** The family's root: a member nobody in the family took from (earliest first), else its latent source, else the origin most members share. */
function familyOriginal(
  members: string[],
  incoming: ReadonlyMap<string, ReuseEdge[]>,
  latentOfMember: ReadonlyMap<string, LatentNode>,
  nodes: Map<string, DocumentNode>,
  byId: ReadonlyMap<string, Doc>,
  order: ReadonlyMap<string, number>,
): string {
  const set = new Set(members);
  const hasParent = new Set<string>();
  const isSource = new Set<string>();
  for (const m of members) {
    for (const e of incoming.get(m) ?? []) {
      hasParent.add(m);
      if (set.has(e.source)) isSource.add(e.source);
    }
  }
  const key = (id: string): number => time(byId.get(id)!) ?? order.get(id)!;
  const roots = members.filter((m) => isSource.has(m) && !hasParent.has(m));
  if (roots.length > 0) return roots.sort((x, y) => key(x) - key(y) || order.get(x)! - order.get(y)!)[0]!;
  // the family's first latent source (latent nodes are numbered in the order of their first member)
  const latent = members
    .map((m) => latentOfMember.get(m))
    .filter((n): n is LatentNode => n !== undefined)
    .sort((x, y) => Number(x.id.slice(7)) - Number(y.id.slice(7)))[0];
  if (latent) return latent.id;
  if (members.length === 1) return members[0]!;
  const counts = new Map<string, number>();
  for (const m of members) {
    const o = nodes.get(m)!.origin;
    if (o && o.basis === 'credit') counts.set(o.node, (counts.get(o.node) ?? 0) + 1);
  }
  const best = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
  return best ? best[0] : [...members].sort((x, y) => key(x) - key(y) || order.get(x)! - order.get(y)!)[0]!;
}
