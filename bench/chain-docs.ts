/** The documents of bench/chain.ts: a rolling story, each version keeping most of the last one's sentences (KEEP). */
import type { Doc } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { newsModel } from './generate.js';

/** Share of a version's sentences the next one keeps: enough that each version is a candidate of the last (Jaccard ~0.67), so the chain is one group. */
const KEEP = 0.8;

/** The chain's documents, deterministic. */
export function rollingStory(n: number, seed = 4000): Doc[] {
  const rnd = mulberry32(seed);
  const m = newsModel();
  const figure = (): string => `The index stood at ${Math.floor(rnd() * 9000 + 1000)} points, up ${Math.floor(rnd() * 90 + 10)} from ${Math.floor(rnd() * 30 + 1)} days before.`;
  let sents = Array.from({ length: 30 }, (_, i) => (i % 4 === 0 ? figure() : m.sentence(rnd)));
  const docs: Doc[] = [];
  for (let v = 0; v < n; v++) {
    docs.push({ id: `v${String(v).padStart(5, '0')}`, text: sents.join(' '), publishedAt: new Date(Date.UTC(2026, 0, 1) + v * 60_000).toISOString() });
    // the next version: KEEP of these sentences kept in order, new ones (a quarter with figures) in their place
    sents = sents.map((s) => (rnd() < KEEP ? s : rnd() < 0.25 ? figure() : m.sentence(rnd)));
  }
  return docs;
}

