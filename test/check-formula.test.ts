import { describe, expect, it } from 'vitest';
import { checkDraft, CorpusIndex, type Doc } from '../src/index.js';
import { paragraphs } from './helpers.js';

// Formula wording among a draft's matches (src/corpus/check-formula.ts): many independent
// instances of one formula hold the draft's words; a story and its copies are one source.

const PAY = ['April 10', 'April 15', 'May 1', 'May 8', 'June 2', 'June 16', 'July 1', 'July 9'];
const RECORD = ['March 20', 'March 27', 'April 3', 'April 17', 'May 4', 'May 22', 'June 5', 'June 19'];

/** A quarterly dividend notice as a wire runs it: the amounts, the dates, nothing else. */
function notice(i: number, cents = 20): Doc {
  return {
    id: `notice-${i}`,
    text: `Qtly div ${cents} cts vs ${cents} cts prior\n    Pay ${PAY[i]}\n    Record ${RECORD[i]}\n Reuter`,
    outlet: 'Reuters',
    kind: 'wire',
    publishedAt: `1987-03-${String(2 + i).padStart(2, '0')}T12:00:00Z`,
  };
}

const background = Array.from({ length: 6 }, (_, i): Doc => ({ id: `story-${i}`, text: paragraphs(300 + i, 4).join('\n\n'), outlet: 'Daily' }));

/** The next company's notice: the same amounts, its own dates. */
const draft = 'Qtly div 20 cts vs 20 cts prior\n    Payable June 24\n    Record June 12\n Reuter';

describe('a draft checked against many instances of its formula', () => {
  it('is not failed for the formula when five or more notices of other issuers hold its wording', () => {
    const index = new CorpusIndex();
    index.add([...background, ...[0, 1, 2, 3, 4, 5].map((i) => notice(i))]);
    const r = checkDraft(draft, index);
    expect(r.uncreditedShare).toBe(0);
    // the holders are still reported, with their passages marked stock
    expect(r.sources.length).toBe(0);
  });

  it('is failed when fewer than five independent notices hold it (nothing says it is a formula)', () => {
    const index = new CorpusIndex();
    index.add([...background, ...[0, 1, 2].map((i) => notice(i))]);
    expect(checkDraft(draft, index).uncreditedShare).toBeGreaterThan(0.3);
  });
});

describe('copies of one story are one source, however many the index holds', () => {
  const wire = paragraphs(310, 5);
  // a short sentence of the story (under 20 words) that a draft lifts
  const lifted = 'The minister said the agreement with the 14 creditor banks would be signed on April 10 in Brasilia.';
  const story = [wire[0], lifted, ...wire.slice(1)].join('\n\n');
  const copies = Array.from({ length: 8 }, (_, i): Doc => ({
    id: `copy-${i}`,
    // each outlet's copy keeps the story and adds a line of its own
    text: `${story}\n\n${paragraphs(320 + i, 1)[0]}`,
    outlet: `Outlet ${i}`,
  }));
  const index = new CorpusIndex();
  index.add([{ id: 'wire', text: story, outlet: 'Yonhap', kind: 'wire', publishedAt: '2024-03-01T08:00:00Z' }, ...copies, ...background]);

  it('fails a draft that copies the story, with its short sentences counted', () => {
    const r = checkDraft([wire[0], lifted, wire[1]].join('\n\n'), index);
    expect(r.uncreditedShare).toBeGreaterThan(0.9);
    const passages = r.sources.flatMap((s) => s.passages);
    expect(passages.some((p) => p.draftText.includes('creditor banks') && !p.common)).toBe(true);
  });

  it('fails a draft that lifts only the short sentence', () => {
    const r = checkDraft(`${paragraphs(330, 1)[0]}\n\n${lifted}`, index);
    expect(r.uncreditedShare).toBeGreaterThan(0.1);
  });
});
