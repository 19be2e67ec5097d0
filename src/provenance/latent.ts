import { isAgencyDateline } from '../attribution/extract.js';
import { copyCredit, namesCopySource, sourceNodeId } from './graph.js';
import type { GraphInput, LatentNode } from './graph.js';

/**
 * One latent node per group of documents that hang off an unseen common source, numbered by
 * their first member, with the agency the members say they copy as the hint: "unseen source;
 * probably AFP: credited or photo-credited by 3 of 4 members". A member's dateline or credit line
 * naming an agency says whose copy it runs and outweighs any number of mentions ("…, according to
 * Russia's state news agency Tass" inside the wire's own words, which every copy repeats); without
 * one, the agency most members credit by any cue (photo credits included; state media by the cues
 * of a copy only, copyCredit), when at least half do.
 */
export function latentNodes(latentOf: ReadonlyMap<string, string>, input: GraphInput): LatentNode[] {
  const order = new Map(input.docs.map((d, i) => [d.id, i]));
  const texts = new Map(input.docs.map((d) => [d.id, d.text]));
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
    const best = probableAgency(members, texts, input);
    if (best && (best.copies > 0 || best.votes >= Math.ceil(members.length / 2))) {
      n.hint = best.id;
      n.hintVotes = best.votes;
      const name = input.gazetteer.resolve(best.id.replace(/^source:/, ''))?.name ?? best.id.replace(/^source:/, '');
      n.label = `unseen source; probably ${name}: credited or photo-credited by ${best.votes} of ${members.length} members`;
    } else {
      n.label = `unseen source shared by ${members.length} document${members.length === 1 ? '' : 's'}`;
    }
    return n;
  });
}

/** The source node most members credit as their copy's source (dateline, credit line), then by any cue: its id, how many members name it as their copy's source and how many credit it at all. */
function probableAgency(members: readonly string[], texts: ReadonlyMap<string, string>, input: GraphInput): { id: string; copies: number; votes: number } | undefined {
  const tally = new Map<string, { id: string; copies: number; votes: number }>();
  for (const m of members) {
    const text = texts.get(m) ?? '';
    const seen = new Map<string, boolean>();
    for (const a of input.attributions.get(m) ?? []) {
      if (!a.canonical || (a.sourceKind !== 'wire' && a.sourceKind !== 'photo' && a.sourceKind !== 'state-media') || !copyCredit(a)) continue;
      const id = sourceNodeId(a);
      seen.set(id, (seen.get(id) ?? false) || isAgencyDateline(a) || namesCopySource(a, text));
    }
    for (const [id, copy] of seen) {
      const t = tally.get(id) ?? { id, copies: 0, votes: 0 };
      t.votes += 1;
      if (copy) t.copies += 1;
      tally.set(id, t);
    }
  }
  return [...tally.values()].sort((x, y) => y.copies - x.copies || y.votes - x.votes || (x.id < y.id ? -1 : 1))[0];
}
