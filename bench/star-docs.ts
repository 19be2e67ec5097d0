/** The documents of bench/star.ts: one unseen wire story copied by many outlets, each copy lightly edited. */
import type { Doc } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { lightEdit, newsModel } from './generate.js';

/** Share of a copy's words edited (swapped or dropped) from the wire story. */
const EDIT_RATE = 0.05;
const PARAGRAPHS = 8;

/** The star corpus, deterministic: N edited copies of one story that is not itself in it. */
export function starCorpus(copies: number, dated: boolean, seed = 9000): Doc[] {
  const rnd = mulberry32(seed);
  const m = newsModel();
  const story = Array.from({ length: PARAGRAPHS }, () => Array.from({ length: 3 }, () => m.sentence(rnd)).join(' ')).join('\n\n');
  const t0 = Date.UTC(2026, 2, 1);
  return Array.from({ length: copies }, (_, i) => {
    const text = lightEdit(story, rnd, EDIT_RATE);
    const minute = Math.floor(rnd() * 2 * 24 * 60);
    const id = `outlet${String(i).padStart(4, '0')}`;
    return dated ? { id, text, publishedAt: new Date(t0 + minute * 60_000).toISOString() } : { id, text };
  });
}
