/**
 * What the generated newsroom corpus's sibling pairs that the analysis misses have to go on. Two
 * copies of one unseen wire are told apart from a copy and its copy by the words alone when a third
 * holder shows that the later one keeps wording the earlier one changed (onLineByWords: one changed
 * word is three 3-grams). For each missed sibling pair drawn as a reuse edge x → y, this reads the
 * most such 3-grams any third holder of y's words gives (truth tells which holders are y's own
 * copies, which say nothing), and tallies the pairs by it.
 *
 *   node --import tsx bench/sibling-evidence.ts <withhold> <seed>[,<seed>…]   e.g. 0.5 202,303,606,707
 */
import { analyze, type ReuseEdge } from '../src/index.js';
import { gramsCache, preparer } from '../src/provenance/stages.js';
import { wordEvidence } from '../src/provenance/passages.js';
import { isCounted } from '../src/compare/template.js';
import { generateNewsroom } from './newsroom.js';

const [withhold, seeds] = process.argv.slice(2);
if (withhold === undefined || seeds === undefined) throw new Error('usage: sibling-evidence.ts <withhold> <seed>[,<seed>…]');
const tally = new Map<string, number>();
const add = (k: string): void => void tally.set(k, (tally.get(k) ?? 0) + 1);
for (const seed of seeds.split(',').map(Number)) {
  const docs = generateNewsroom({ stories: 60, seed, withholdDates: Number(withhold) });
  const a = analyze(docs.map(({ id, text, outlet, publishedAt, kind }) => ({ id, text, outlet, publishedAt, kind })));
  const truth = new Map(docs.map((d) => [d.id, d]));
  const { prepared, prep } = preparer(true);
  for (const d of docs) prep(d);
  const { triple } = wordEvidence(a.pairs, prepared, gramsCache(prepared));
  const holders = new Map<string, Set<string>>();
  for (const p of a.pairs) {
    if (!p.passages.some(isCounted)) continue;
    for (const [x, y] of [[p.a, p.b], [p.b, p.a]] as const) holders.set(x, (holders.get(x) ?? new Set()).add(y));
  }
  const reuse = a.graph.edges.filter((e): e is ReuseEdge => e.type === 'reuses' || e.type === 'duplicates');
  for (const p of a.pairs) {
    const dx = truth.get(p.a)!;
    const dy = truth.get(p.b)!;
    if (!(dx.relation === 'reuses' && dy.relation === 'reuses' && dx.parent === dy.parent) || p.relation === 'siblings') continue;
    const e = reuse.find((r) => (r.source === p.a && r.target === p.b) || (r.source === p.b && r.target === p.a));
    if (!e) {
      add(`labelled ${p.relation}`);
      continue;
    }
    const [x, y] = [e.source, e.target];
    let most = -1;
    for (const z of holders.get(y) ?? []) {
      if (z === x || truth.get(z)!.parent === y) continue;
      const ev = triple(y, x, z);
      if (ev && ev.n >= 8) most = Math.max(most, ev.n01);
    }
    add(most < 0 ? 'drawn as a copy: no third holder of the stretch' : most === 0 ? 'drawn as a copy: no word against it' : most < 3 ? 'drawn as a copy: 1-2 3-grams against it (less than a word)' : 'drawn as a copy: a word or more against it');
  }
}
console.log(JSON.stringify(Object.fromEntries([...tally].sort((p, q) => q[1] - p[1])), null, 1));
