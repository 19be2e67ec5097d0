/**
 * Totals over many generated newsroom seeds, for a held-out measure beyond the eval's fixed seeds:
 * reuse-edge true / false positives and misses, sibling pairs labelled `siblings`, copies of unseen
 * wires under their latent source.
 *
 *   node --import tsx bench/newsroom-seeds.ts <withhold share> <first seed> <last seed>
 *   e.g. node --import tsx bench/newsroom-seeds.ts 0.5 5001 5100   (about 90 s)
 *   node --import tsx bench/newsroom-seeds.ts 0.5 5001 5100 verbatim   (copies unedited: NewsroomOptions.verbatim)
 *
 * Seeds 4001–4100 were generated in session 20 and partly read in session 21 (development);
 * 5001–5100 were generated in session 21 and only scored (README, "What is development data").
 */
import { analyze } from '../src/index.js';
import { generateNewsroom } from './newsroom.js';
import { scoreNewsroom } from './newsroom-score.js';

const [w, from, to] = process.argv.slice(2, 5).map(Number);
const verbatim = process.argv[5] === 'verbatim';
if (!Number.isFinite(w) || !Number.isInteger(from) || !Number.isInteger(to) || to! < from! || (process.argv[5] !== undefined && !verbatim)) {
  console.error('usage: node --import tsx bench/newsroom-seeds.ts <withhold share 0–1> <first seed> <last seed> [verbatim]');
  process.exit(2);
}
let tp = 0, fp = 0, fn = 0, sib = 0, sibs = 0, lat = 0, lats = 0;
for (let s = from!; s <= to!; s++) {
  const docs = generateNewsroom({ stories: 60, seed: s, withholdDates: w, verbatim });
  const sc = scoreNewsroom(docs, analyze(docs.map(({ id, text, outlet, publishedAt, kind }) => ({ id, text, outlet, publishedAt, kind }))));
  tp += sc.edges.tp; fp += sc.edges.fp; fn += sc.edges.fn; sib += sc.siblings.labelled; sibs += sc.siblings.pairs; lat += sc.latent.right; lats += sc.latent.docs;
}
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
console.log(JSON.stringify({ withhold: w, seeds: [from, to], ...(verbatim ? { verbatim } : {}), tp, fp, fn, precision: r3(tp / (tp + fp)), recall: r3(tp / (tp + fn)), siblings: `${sib}/${sibs}`, latent: `${lat}/${lats}` }));
