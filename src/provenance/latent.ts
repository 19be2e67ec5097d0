import { copyCredit, sourceNodeId } from './graph.js';
import type { GraphInput, LatentNode } from './graph.js';

/**
 * One latent node per group of documents that hang off an unseen common source, numbered by
 * their first member, with the agency most members credit (any cue, photo credits included; state
 * media by the cues of a copy only, copyCredit) as the hint: "unseen source; probably AFP:
 * credited or photo-credited by 3 of 4 members".
 */
export function latentNodes(latentOf: ReadonlyMap<string, string>, input: GraphInput): LatentNode[] {
  const order = new Map(input.docs.map((d, i) => [d.id, i]));
  const groups = new Map<string, string[]>();
  for (const d of input.docs) {
    const root = latentOf.get(d.id);
    if (root === undefined) continue;
    const g = groups.get(root);
    if (g) g.push(d.id);
    else groups.set(root, [d.id]);
  }
  const sorted = [...groups.values()].sort((x, y) => order.get(x[0]!)! - order.get(y[0]!)!);
  return sorted.map((members, i) => {
    const n: LatentNode = { id: `latent:${i + 1}`, type: 'latent', label: '', members, family: -1 };
    const votes = new Map<string, number>();
    for (const m of members) {
      const seen = new Set<string>();
      for (const a of input.attributions.get(m) ?? []) {
        if (!a.canonical || (a.sourceKind !== 'wire' && a.sourceKind !== 'photo' && a.sourceKind !== 'state-media') || !copyCredit(a)) continue;
        seen.add(sourceNodeId(a));
      }
      for (const s of seen) votes.set(s, (votes.get(s) ?? 0) + 1);
    }
    const best = [...votes].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
    if (best && best[1] >= Math.max(1, Math.ceil(members.length / 2))) {
      n.hint = best[0];
      n.hintVotes = best[1];
      const name = input.gazetteer.resolve(best[0].replace(/^source:/, ''))?.name ?? best[0].replace(/^source:/, '');
      n.label = `unseen source; probably ${name}: credited or photo-credited by ${best[1]} of ${members.length} members`;
    } else {
      n.label = `unseen source shared by ${members.length} document${members.length === 1 ? '' : 's'}`;
    }
    return n;
  });
}
