import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDraft, CorpusIndex, openCorpusIndex, type Doc } from '../src/index.js';
import { SHAPE_CAP, ShapeCounts, shapesOfText as shapesUnder } from '../src/corpus/shapes.js';
import { resolveFingerprintParams } from '../src/sketch/fingerprint.js';
import { paragraphs } from './helpers.js';

// Figure shapes (src/corpus/shapes.ts): the index counts, per word 3-gram holding a figure with
// the figures folded, the ways the indexed documents fill it in; the gate takes a short passage
// whose 3-grams are mostly shapes filled in five or more ways for formula wording.

/** Shapes under the default parameters. */
const shapesOfText = (text: string): Uint32Array => shapesUnder(text, resolveFingerprintParams({}, 'test'));

const dir = mkdtempSync(join(tmpdir(), 'wiretrace-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A dividend notice: the amounts and the payment day, nothing else. */
const notice = (now: number, before: number, day: number): string => `Qtly div ${now} cts vs ${before} cts prior\n    Pay May ${day}\n    Record May One\n Reuter`;
/** A notice inside a story of its own (other wording around it). */
const inStory = (id: string, seed: number, text: string): Doc => ({ id, text: `${paragraphs(seed, 2).join('\n\n')}\n\n${text}\n\n${paragraphs(seed + 50, 2).join('\n\n')}` });

/** The shapes of a text as a set of "shape:variant" strings. */
function pairsOf(text: string): Set<string> {
  const p = shapesOfText(text);
  const out = new Set<string>();
  for (let k = 0; k < p.length; k += 2) out.add(`${p[k]}:${p[k + 1]}`);
  return out;
}

describe('shapesOfText', () => {
  it('gives two fillings of one formula the same shapes and other variants', () => {
    const a = shapesOfText(notice(32, 30, 15));
    const b = shapesOfText(notice(20, 18, 15));
    const shapes = (p: Uint32Array): number[] => [...new Set(Array.from({ length: p.length / 2 }, (_, k) => p[2 * k]!))];
    expect(shapes(a).length).toBeGreaterThan(4);
    expect(shapes(a).filter((s) => shapes(b).includes(s)).length).toBeGreaterThan(4);
    const pa = pairsOf(notice(32, 30, 15));
    expect([...pairsOf(notice(20, 18, 15))].filter((x) => pa.has(x)).length).toBeLessThan(pa.size);
  });

  it('folds a number split by the tokenizer as one figure, and number words and digits of other scripts', () => {
    const shapes = (text: string): number[] => [...shapesOfText(text)].filter((_, k) => k % 2 === 0);
    // "2-1/4" is tokens 2, 1, 4: one figure, the same shapes as a plain number
    expect(shapes('Penn Central rose 2-1/4 to 55-7/8 on heavy volume')).toEqual(shapes('Penn Central rose 3 to 56 on heavy volume'));
    expect(shapes('Net income was 110,552 dlrs in the year')).toEqual(shapes('Net income was 7 dlrs in the year'));
    expect(shapes('The army sent two battalions to the border')).toEqual(shapes('The army sent 2 battalions to the border'));
    expect(shapes('The army sent ٣ battalions to the border')).toEqual(shapes('The army sent 2 battalions to the border'));
    expect(shapes('The army sent ３ battalions to the border')).toEqual(shapes('The army sent 2 battalions to the border'));
    // a word that only stems like a number word is no figure
    expect(shapesUnder('He went on to say it', resolveFingerprintParams({ stem: true }, 'test')).length).toBe(0);
  });

  it('has no shapes for a text without figures, and pairs sorted and unique', () => {
    expect(shapesOfText(paragraphs(7, 2).join('\n\n').replace(/\d/g, '')).length).toBe(0);
    const p = shapesOfText(`${notice(5, 5, 5)}\n${notice(5, 5, 5)}`);
    for (let k = 2; k < p.length; k += 2) expect(p[k - 2]! < p[k]! || (p[k - 2] === p[k] && p[k - 1]! < p[k + 1]!)).toBe(true);
  });
});

describe('shape counts', () => {
  const s = shapesOfText(notice(1, 1, 1))[0]!;

  it('keep at most SHAPE_CAP variants and take removed documents back', () => {
    const c = new ShapeCounts();
    const docs = Array.from({ length: SHAPE_CAP + 3 }, (_, i) => shapesOfText(notice(10 + i, 10 + i, 1)));
    for (const d of docs) c.apply(d, 1);
    expect(c.variants(Uint32Array.of(s))[0]).toBe(SHAPE_CAP);
    // a variant that was never counted changes nothing when its document goes
    c.apply(docs[SHAPE_CAP + 1]!, -1);
    expect(c.variants(Uint32Array.of(s))[0]).toBe(SHAPE_CAP);
    for (const d of docs.slice(0, 3)) c.apply(d, -1);
    expect(c.variants(Uint32Array.of(s))[0]).toBe(SHAPE_CAP - 3);
    for (const d of docs.slice(3, SHAPE_CAP)) c.apply(d, -1);
    expect(c.variants(Uint32Array.of(s))[0]).toBe(0);
  });

  it('count a variant per document: it stays while another document holds it', () => {
    const c = new ShapeCounts();
    const a = shapesOfText(notice(7, 7, 7));
    c.apply(a, 1);
    c.apply(a, 1);
    c.apply(a, -1);
    expect(c.variants(Uint32Array.of(s))[0]).toBe(1);
  });

  it('are the same from every store after the same adds and removes', async () => {
    const docs = Array.from({ length: SHAPE_CAP + 4 }, (_, i): Doc => ({ id: `n${i}`, text: notice(40 + i, 30 + (i % 3), 2 + (i % 5)) }));
    const memory = new CorpusIndex();
    const store = await openCorpusIndex({});
    const sqlite = await openCorpusIndex({ sqlite: join(dir, 'counts.db') });
    for (const ix of [memory, store, sqlite]) {
      await ix.add(docs.slice(0, 6));
      await ix.add(docs.slice(6));
      await ix.remove('n1');
      await ix.remove('n7');
    }
    const all = shapesOfText(docs.map((d) => d.text).join('\n'));
    const shapes = Uint32Array.from(new Set(all.filter((_, k) => k % 2 === 0)));
    const want = memory.shapeVariants(shapes);
    // "Qtly div N": 12 amounts, the first SHAPE_CAP counted, two of those removed (the later ones are not counted then)
    expect(Math.max(...want)).toBe(SHAPE_CAP - 2);
    expect(want.filter((n) => n > 0 && n < SHAPE_CAP).length).toBeGreaterThan(0);
    expect([...(await store.shapeVariants(shapes))]).toEqual([...want]);
    expect([...(await sqlite.shapeVariants(shapes))]).toEqual([...want]);
    await sqlite.close();
    // what is on disk, read again
    const again = await openCorpusIndex({ sqlite: join(dir, 'counts.db'), readOnly: true });
    expect([...(await again.shapeVariants(shapes))]).toEqual([...want]);
    await again.close();
  });
});

describe('the gate and figure shapes', () => {
  // the draft and its one indexed match: two issuers' notices with the same amounts and day
  const draft = notice(32, 32, 15);
  const match: Doc = { id: 'match', text: notice(32, 32, 15) };
  /** Six stories holding the formula filled in with other amounts and days. */
  const formula = Array.from({ length: 6 }, (_, i) => inStory(`formula-${i}`, 600 + i, notice(10 + 7 * i, 9 + 7 * i, 3 + i)));
  /** Six stories holding a copy of the match's notice: its amounts, its day. */
  const copies = Array.from({ length: 6 }, (_, i) => inStory(`copy-${i}`, 700 + i, notice(32, 32, 15)));
  const background = Array.from({ length: 4 }, (_, i): Doc => ({ id: `story-${i}`, text: paragraphs(800 + i, 4).join('\n\n') }));

  /** The draft's uncredited share against an in-memory index and a SQLite one of `docs`; `limit` 2 keeps the matches too few for the rule that reads them (check-formula.ts). */
  async function shares(name: string, docs: readonly Doc[]): Promise<number[]> {
    const memory = new CorpusIndex();
    memory.add(docs);
    const sqlite = await openCorpusIndex({ sqlite: join(dir, `${name}.db`) });
    await sqlite.add(docs);
    const out = [checkDraft(draft, memory, { limit: 2 }).uncreditedShare, (await checkDraft(draft, sqlite, { limit: 2 })).uncreditedShare];
    await sqlite.close();
    return out;
  }

  it('fails a formula notice whose formula the index does not know', async () => {
    for (const s of await shares('alone', [match, ...background])) expect(s).toBeGreaterThan(0.5);
  });

  it('passes it when the index holds the formula filled in five or more other ways', async () => {
    expect(await shares('formula', [match, ...formula, ...background])).toEqual([0, 0]);
  });

  it('still fails it when the index holds only copies of its match, however many', async () => {
    for (const s of await shares('copies', [match, ...copies, ...background])) expect(s).toBeGreaterThan(0.5);
  });

  it('never takes a long passage for formula wording', async () => {
    const long = `${paragraphs(900, 1)[0]} ${draft}`;
    const source: Doc = { id: 'long', text: `${long}\n\n${paragraphs(901, 2).join('\n\n')}` };
    const memory = new CorpusIndex();
    memory.add([source, ...formula, ...background]);
    expect(checkDraft(long, memory, { limit: 2 }).uncreditedShare).toBeGreaterThan(0.5);
  });

  it('keeps a copied passage of 20 words or more counted, however formula its wording', async () => {
    // a results table copied whole: every line a formula other tables fill with their own figures
    const table = (a: number, b: number, c: number): string => `Shr ${a} cts vs ${a - 3} cts\n    Net ${b} mln vs ${b - 2} mln\n    Revs ${c} mln vs ${c - 7} mln\n    Avg shrs ${a + 40} mln vs ${a + 38} mln`;
    const others = Array.from({ length: 6 }, (_, i) => inStory(`table-${i}`, 620 + i, table(10 + 5 * i, 20 + 9 * i, 300 + 11 * i)));
    const copied = table(51, 77, 512);
    const memory = new CorpusIndex();
    memory.add([{ id: 'source', text: `${copied}\n Reuter` }, ...others, ...background]);
    expect(checkDraft(`${copied}\n Reuter`, memory, { limit: 2 }).uncreditedShare).toBeGreaterThan(0.5);
  });

  it('keeps a short passage counted when fewer than 60% of its 3-grams are formula', async () => {
    // one figure in a sentence of the story's own words: its two or three figure 3-grams are formula, the rest not
    const sentence = (n: number): string => `Lighthouse keepers on the northern islands counted ${n} seals`;
    const others = Array.from({ length: 6 }, (_, i) => inStory(`count-${i}`, 640 + i, `Officials counted ${10 + i} seals near the harbour.`));
    const memory = new CorpusIndex();
    memory.add([{ id: 'source', text: `${sentence(48)} on Monday, the survey said.` }, ...others, ...background]);
    expect(checkDraft(`${sentence(48)}.`, memory, { limit: 2 }).uncreditedShare).toBeGreaterThan(0.5);
  });

  it('still fails a sentence lifted from a rolling story whose earlier versions fill it with other figures', () => {
    // six versions of one story, each with the day's toll: one story, not six fillings of a formula
    const version = (dead: number, hurt: number, missing: number): string =>
      `Rescuers dug through the rubble of collapsed apartment blocks in the mountain town of Karsk after the earthquake struck before dawn.\n\nThe death toll rose to ${dead} on Tuesday, with ${hurt} injured and ${missing} missing, police said.\n\nThe interior ministry said army units had been sent to the region and field hospitals set up near the main square. Aftershocks shook the area through the night.`;
    const tolls = [[12, 30, 40], [19, 45, 31], [25, 61, 22], [33, 80, 15], [41, 112, 9], [44, 120, 6]];
    const versions = tolls.map(([d, h, m], k): Doc => ({ id: `quake-v${k + 1}`, text: version(d!, h!, m!) }));
    const lifted = `${paragraphs(990, 1)[0]}\n\nThe death toll rose to 44 on Tuesday, with 120 injured and 6 missing, police said.`;
    const memory = new CorpusIndex();
    memory.add([...versions, ...background]);
    const r = checkDraft(lifted, memory);
    expect(r.uncreditedShare).toBeGreaterThan(0.1);
    expect(r.sources[0]?.id).toBe('quake-v6');
  });

  it('still fails a sentence of a rolling story that many outlets copied, its earlier versions past the matches', () => {
    const version = (dead: number): string => `Rescuers searched the rubble of the mountain town of Karsk after the earthquake.\n\nPolice said ${dead} dead, ${dead * 3} injured and ${dead - 10} missing by Tuesday.\n\nField hospitals were set up near the main square.`;
    const versions = [12, 19, 25, 33, 41, 44].map((dead, k): Doc => ({ id: `v${k}`, text: version(dead) }));
    const sentence = 'Police said 44 dead, 132 injured and 34 missing by Tuesday.';
    const copies = Array.from({ length: 12 }, (_, i): Doc => ({ id: `copy-${i}`, text: `${paragraphs(960 + i, 1)[0]}\n\n${sentence}\n\n${paragraphs(980 + i, 1)[0]}` }));
    const memory = new CorpusIndex();
    memory.add([...versions, ...copies, ...background]);
    const draft = `${paragraphs(992, 1)[0]}\n\n${sentence}`;
    // the versions fill the sentence six ways; the copies fill the first 8 matches, and are one story
    expect(memory.query(draft, { limit: 8 }).every((m) => m.id.startsWith('copy-'))).toBe(true);
    for (const limit of [8, 200]) expect(checkDraft(draft, memory, { limit }).uncreditedShare).toBeGreaterThan(0.1);
  });

  it('passes a notice whose matches are other issuers\' notices of its amounts, near-copies by their shingles but not one story', async () => {
    // eight issuers pay the same two amounts on other days: their items are near-copies by their
    // shingles (one story's versions would fill the days eight ways) and too alike in figures for
    // the rule that reads the matches; their prose is the formula's few words between figures
    const twoClasses = (day: number): string => `Class A qtly div 32 cts vs 32 cts prior\n    Class B qtly div 16 cts vs 16 cts prior\n    Pay May ${day}\n    Record May One\n Reuter`;
    const oneClass = (cents: number, day: number): string => `Qtly div ${cents} cts vs ${cents} cts prior\n    Pay May ${day}\n    Record May One\n Reuter`;
    const sameAmounts = Array.from({ length: 8 }, (_, i): Doc => ({ id: `issuer-${i}`, text: oneClass(i % 2 === 0 ? 32 : 16, 1 + i) }));
    const memory = new CorpusIndex();
    memory.add([...sameAmounts, ...formula, ...background]);
    expect(checkDraft(twoClasses(15), memory).uncreditedShare).toBe(0);
  });

  it('passes a line of a results table that two other tables repeat, they and others under one stock note', () => {
    // tables under the same note are near-copies by their prose, not by their shingles: each has its own figures
    const table = (shr: number, was: number, net: number, sales: number): string =>
      `Oper shr profit ${shr} cts vs loss ${was} cts\n    Oper net profit ${net},000 vs loss ${net + 77},000\n    Sales ${sales}.3 mln vs ${sales - 4}.1 mln\n    NOTE: 1987 earnings exclude gains from utilization of tax loss carryforwards of ${net - 50},000 dlrs, or ${shr - 3} cts a share.\n Reuter`;
    const tables = Array.from({ length: 8 }, (_, i): Doc => ({ id: `table-${i}`, text: i < 2 ? table(32, 4, 300 + 13 * i, 20 + i) : table(11 + 3 * i, 2 + i, 410 + 17 * i, 40 + 2 * i) }));
    const memory = new CorpusIndex();
    memory.add([...tables, ...background]);
    const draft = `Oper shr profit 32 cts vs loss 4 cts\n    Oper net loss 1,912,000 vs profit 14,000\n    Revs 77.3 mln vs 61.2 mln\n Reuter`;
    expect(checkDraft(draft, memory).uncreditedShare).toBe(0);
  });

  it('does not let one document fill a formula five ways on its own', () => {
    const auction: Doc = { id: 'auction', text: `The Treasury sold the week's bills at higher rates.\n\nAverage rates at the eight auctions were 5.41 pct, 5.43 pct, 5.45 pct, 5.48 pct, 5.51 pct, 5.54 pct, 5.56 pct and 5.59 pct, the Treasury said.\n\nDealers said demand was steady from foreign central banks.` };
    const memory = new CorpusIndex();
    memory.add([auction, ...background]);
    const r = checkDraft(`${paragraphs(991, 1)[0]}\n\nRates at the auctions were 5.41 pct, 5.43 pct, 5.45 pct, 5.48 pct, 5.51 pct.`, memory);
    expect(r.uncreditedShare).toBeGreaterThan(0.1);
    expect(r.sources[0]?.id).toBe('auction');
  });
});

describe('shape counts in a SQLite file', () => {
  const docs = [...Array.from({ length: 7 }, (_, i): Doc => ({ id: `n${i}`, text: notice(60 + 3 * i, 50 + i, 4 + i) })), ...Array.from({ length: 3 }, (_, i): Doc => ({ id: `s${i}`, text: paragraphs(850 + i, 3).join('\n\n') }))];
  const shapes = (): Uint32Array => Uint32Array.from(new Set(shapesOfText(docs.map((d) => d.text).join('\n')).filter((_, k) => k % 2 === 0)));

  it('are the same made on worker threads', async () => {
    const one = await openCorpusIndex({ sqlite: join(dir, 'one.db') });
    const two = await openCorpusIndex({ sqlite: join(dir, 'two.db'), workers: 2 });
    await one.add(docs);
    await two.add(docs);
    const want = await one.shapeVariants(shapes());
    expect(Math.max(...want)).toBe(7);
    expect([...(await two.shapeVariants(shapes()))]).toEqual([...want]);
    await one.close();
    await two.close();
  });

  it('are not read from a file that held documents before it counted shapes', async () => {
    const file = join(dir, 'old.db');
    const ix = await openCorpusIndex({ sqlite: file });
    await ix.add(docs);
    expect(Math.max(...(await ix.shapeVariants(shapes())))).toBe(7);
    await ix.close();
    // what a file written before figure shapes looks like: documents, no shapes table, no mark
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.exec(`DROP TABLE shapes; DELETE FROM meta WHERE key = 'shapes'`);
    db.close();
    for (const readOnly of [true, false]) {
      const old = await openCorpusIndex({ sqlite: file, readOnly });
      expect(Math.max(...(await old.shapeVariants(shapes())))).toBe(0);
      if (!readOnly) {
        // documents added now are not counted either: the counts would leave out the old ones
        await old.add([{ id: 'new', text: notice(99, 98, 9) }]);
        await old.remove('n0');
        expect(Math.max(...(await old.shapeVariants(shapes())))).toBe(0);
      }
      await old.close();
    }
  });
});

