import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDraft, CorpusIndex, openCorpusIndex, type Doc } from '../src/index.js';
import { paragraphs } from './helpers.js';

// A lone generic clause (src/corpus/check-stock.ts): a draft whose only uncredited reuse is one
// short stretch of plain wording, from a source telling another story, is not failed for it; any
// sign of one story told twice (a shared name, a figure or a name in the clause, a longer stretch,
// a script without capitals) keeps it counted.

const background = Array.from({ length: 4 }, (_, i): Doc => ({ id: `story-${i}`, text: paragraphs(700 + i, 3).join('\n\n'), outlet: 'Daily' }));

/** A buyback item of one company, around `clause`. */
const buyback = (company: string, place: string, clause: string): string =>
  `${company} said it will buy back shares of its common stock ${clause}. ${company.split(' ')[0]}, a textile maker based in ${place}, said it has about eight mln shares outstanding.`;

const SOURCE: Doc = { id: 'northfield', text: buyback('Northfield Mills Inc', 'Georgia', 'in the open market from time to time as conditions warrant'), outlet: 'Reuters' };

function uncredited(draft: string, docs: readonly Doc[] = [SOURCE]): number {
  const index = new CorpusIndex();
  index.add([...docs, ...background]);
  return checkDraft(draft, index).uncreditedShare;
}

const other =
  'Harbor Lights Inc said its board approved a plan to purchase stock in the open market from time to time as conditions warrant. Harbor, which runs restaurants in Maine, said the plan has no set end date. It opened its first restaurant forty years ago and now runs about two hundred of them, most of them near the sea.';

describe('a lone generic clause', () => {

  it('is stock when the draft tells another story (no name shared with the source)', () => {
    const index = new CorpusIndex();
    index.add([SOURCE, ...background]);
    const report = checkDraft(other, index);
    expect(report.uncreditedShare).toBe(0);
    expect(report.reusedShare).toBe(0);
    expect(report.sources.map((s) => s.id)).not.toContain('northfield');
    // a headline line in capitals shares its plain words, not names; nor are initials names
    const headed = new CorpusIndex();
    headed.add([{ ...SOURCE, text: `NORTHFIELD TO BUY BACK STOCK\n\n${SOURCE.text} It sells in the U.S. market.` }, ...background]);
    expect(checkDraft(`HARBOR TO BUY BACK STOCK\n\n${other} It is a U.S. company.`, headed).uncreditedShare).toBe(0);
    // titles in capitals share their plain words, not names
    const titled = new CorpusIndex();
    titled.add([{ ...SOURCE, title: 'NORTHFIELD TO BUY BACK STOCK' }, ...background]);
    expect(checkDraft({ id: 'd', title: 'HARBOR TO BUY BACK STOCK', text: other }, titled).uncreditedShare).toBe(0);
  });

  it('is counted when the draft shares a name with its source, outside the clause', () => {
    expect(uncredited(other.replace('runs restaurants in Maine', 'runs restaurants in Georgia'))).toBeGreaterThan(0.1);
    expect(uncredited(other.replace('Harbor, which', 'Harbor, a Northfield client which'))).toBeGreaterThan(0.1);
  });

  it('is counted when the draft names the story of its source in another form: possessive, hyphenated, inflected, in capitals, in its title, decomposed', () => {
    const forms = [
      other.replace('Harbor, which runs', "Northfield's rival Harbor, which runs"),
      other.replace('Harbor, which runs', 'Harbor, which sells Northfield-made cloth and runs'),
      other.replace('Harbor, which runs', 'Harbor, which lost to the Northfields and runs'),
      `HARBOR FOLLOWS NORTHFIELD\n\n${other}`,
      other.replace('restaurants in Maine', 'restaurants in GEORGIA'),
    ];
    for (const draft of forms) expect(uncredited(draft), draft).toBeGreaterThan(0.1);
    const index = new CorpusIndex();
    index.add([SOURCE, ...background]);
    expect(checkDraft({ id: 'd', title: 'Northfield rival buys back stock', text: other }, index).uncreditedShare).toBeGreaterThan(0.1);
    const zurich = (form: 'NFC' | 'NFD'): string => 'Zürich'.normalize(form);
    const source = { ...SOURCE, text: SOURCE.text.replace('Georgia', zurich('NFD')) };
    expect(uncredited(other.replace('Maine', zurich('NFC')), [source])).toBeGreaterThan(0.1);
  });

  it('takes words with a capital inside ("eBay", "d\'Airbus") and a name that is also a month ("May") for names', () => {
    const named = (name: string): [Doc, string] => [
      { ...SOURCE, text: SOURCE.text.replace('a textile maker', `a supplier to ${name}`) },
      other.replace('runs restaurants', `sells through ${name} and runs restaurants`),
    ];
    for (const name of ['eBay', 'Theresa May']) {
      const [source, draft] = named(name);
      expect(uncredited(draft, [source]), name).toBeGreaterThan(0.1);
    }
    // an elided or possessive name is the name
    const [source] = named('Airbus');
    expect(uncredited(named("d'Airbus")[1], [source])).toBeGreaterThan(0.1);
  });

  it('is counted when it is a third of the draft or more', () => {
    expect(uncredited('Harbor Lights Inc will buy stock in the open market from time to time as conditions warrant, it said.')).toBeGreaterThan(0.1);
  });

  it('is counted when the draft shares two separate stretches with its sources', () => {
    const source = { ...SOURCE, text: `${SOURCE.text} The company said the repurchased shares will be held in treasury for general corporate purposes.` };
    const draft = `${other} The company said the repurchased shares will be held in treasury for later use.`;
    expect(uncredited(draft, [source])).toBeGreaterThan(0.1);
  });

  it('is counted when a credited source of the draft names what the uncredited one names', () => {
    const wire: Doc = { id: 'wire', text: 'Northfield Mills Inc plans to buy back stock, the company said on Tuesday, without giving an amount or a date for the purchases.', outlet: 'Associated Press' };
    const draft = `${other}\n\nIt plans to buy back stock, the company said on Tuesday, without giving an amount or a date for the purchases, The Associated Press reported.`;
    expect(uncredited(draft, [SOURCE, wire])).toBeGreaterThan(0.1);
  });

  it('is counted when only a second uncredited source names the story', () => {
    const second: Doc = { id: 'second', text: `Georgia textile makers said they will buy back shares of their common stock in the open market from time to time as conditions warrant. Harbor Lights was not among them.`, outlet: 'Daily' };
    expect(uncredited(other, [SOURCE, second])).toBeGreaterThan(0.1);
  });

  it('reads a name on either side of a passage that the other side leaves out', () => {
    const sourceWithName = { ...SOURCE, text: SOURCE.text.replace('in the open market from time to time', 'in the open market through Lehman from time to time') };
    expect(uncredited(other, [sourceWithName])).toBeGreaterThan(0.1);
    expect(uncredited(other.replace('in the open market from time to time', 'in the open market through Lehman from time to time'))).toBeGreaterThan(0.1);
  });

  /** A source naming a company `sx` and a draft naming `dx`, sharing one plain clause. */
  const named = (sx: string, dx: string): [Doc, string] => [
    { id: 'named', outlet: 'Bloomberg', text: `${sx} said it will buy back shares of its common stock in the open market from time to time as conditions warrant. The company, a textile maker, said it has about eight mln shares outstanding, and that ${sx} would pay for them from cash on hand.` },
    `${dx} said its board approved a plan to purchase stock in the open market from time to time as conditions warrant. The plan has no set end date, according to ${dx}. It opened its first shop forty years ago and now runs about two hundred of them; a spokesman who is new told us most of them are near the sea.`,
  ];

  it('meets one name however outlets write it: accents, case, figures, endings, initials', () => {
    const forms = [
      ['Erdoğan', 'Erdogan'],
      ['İstanbul', 'Istanbul'],
      ['Meißner', 'MEISSNER Group'],
      ['Νίκος', 'ΝΙΚΟΣ'],
      ['WHO', 'WHO'],
      ['3M', '3M'],
      ['Covid-19', 'Covid-19'],
      ['Ирана', 'Иран'],
      ['General Motors', 'GM'],
      ['Huawei (华为)', '华为'],
    ];
    for (const [sx, dx] of forms) {
      const [source, draft] = named(sx!, dx!);
      expect(uncredited(draft, [source]), `${sx} / ${dx}`).toBeGreaterThan(0.1);
    }
    // and tells apart names that only begin alike
    const [source, draft] = named('Northfield', 'Norton');
    expect(uncredited(draft, [source])).toBe(0);
  });

  it('reads a name that only opens sentences, or follows a title of address, as a name', () => {
    const source: Doc = { id: 'target', outlet: 'Bloomberg', text: 'Shares of Target Corp rose after the retailer said it will buy back shares of its common stock in the open market from time to time as conditions warrant. Chief executive Tom Price said the stock was cheap.' };
    const draft = 'Target said its board approved a plan to purchase stock in the open market from time to time as conditions warrant. The plan has no set end date. Its profit target is unchanged. It opened its first shop sixty years ago and now runs about two thousand of them, most in the suburbs.';
    expect(uncredited(draft, [source])).toBeGreaterThan(0.1);
    const byMr = { ...source, text: source.text.replace('Chief executive Tom Price said the stock was cheap.', 'Mr. Price, the chief executive, said the stock was cheap at that price.') };
    const harbor = draft.replace('Target said its board', 'Harbor said its board').replace('Its profit target is unchanged.', 'Its prices, Mr. Price told analysts, are unchanged and its profit target too.');
    expect(uncredited(harbor, [byMr])).toBeGreaterThan(0.1);
    expect(uncredited(harbor.replace('Mr. Price', 'a manager'), [byMr])).toBe(0);
  });

  it('does not read a capital inside a word that opens a sentence as the sentence\'s', () => {
    const clause = 'EBay sellers will buy in the open market from time to time as conditions warrant.';
    const source: Doc = { ...SOURCE, text: `${clause} Northfield, a textile maker based in Georgia, said the ebay way of selling is not theirs.` };
    const draft = other.replace('Harbor Lights Inc said its board approved a plan to purchase stock in the open market from time to time as conditions warrant.', clause);
    expect(uncredited(draft, [source])).toBeGreaterThan(0.1);
    const plain = (t: string): string => t.replace('EBay sellers', 'Ebay sellers');
    expect(uncredited(plain(draft), [{ ...source, text: plain(source.text) }])).toBe(0);
  });

  it('is not applied when the check cut the matches and the draft credits an outlet the cut may have left out', () => {
    const wire: Doc = { id: 'wire', text: 'Northfield Mills Inc plans to buy back stock, the company said on Tuesday, without giving a date.', outlet: 'Associated Press' };
    const draft = `${other}\n\nIt plans to buy back stock, the company said on Tuesday, The Associated Press reported.`;
    const index = new CorpusIndex();
    index.add([SOURCE, wire, ...background]);
    for (const limit of [50, 1]) expect(checkDraft(draft, index, { limit }).uncreditedShare, `limit ${limit}`).toBeGreaterThan(0.1);
    // a draft that credits nothing loses nothing to the cut
    expect(checkDraft(other, index, { limit: 1 }).uncreditedShare).toBe(0);
  });

  it('is counted when the clause holds a figure or a name', () => {
    // a figure inside a word too ("mid-1988")
    const withFigure = (t: string): string => t.replace('as conditions warrant', 'until mid-1988 as conditions warrant');
    expect(uncredited(withFigure(other), [{ ...SOURCE, text: withFigure(SOURCE.text) }])).toBeGreaterThan(0.1);
    const withName = (t: string): string => t.replace('as conditions warrant', 'through Lehman Brothers');
    expect(uncredited(withName(other), [{ ...SOURCE, text: withName(SOURCE.text) }])).toBeGreaterThan(0.1);
  });

  it('is counted when what is shared is 20 words or more', () => {
    const long = 'in the open market from time to time as conditions warrant and will hold the repurchased shares in its treasury for use in its stock plans';
    const source = { ...SOURCE, text: buyback('Northfield Mills Corp', 'Georgia', long) };
    const draft = `Harbor Lights Inc said its board approved a plan to purchase stock ${long}. ${other.slice(other.indexOf('Harbor, which'))} It says its food is the best on the coast, its prices the lowest, and its staff the friendliest, and it plans to open ten more restaurants in the next two years, all of them by the sea.`;
    expect(uncredited(draft, [source])).toBeGreaterThan(0.1);
  });

  it('is counted in a script without capitals, whose names cannot be told apart', () => {
    const clause = '시장 상황에 따라 수시로 공개 시장에서 자사 주식을 사들일 계획이라고 밝혔다';
    const source: Doc = { id: 'ko-source', text: `북부제지는 ${clause}. 회사는 조지아에 본사를 둔 섬유 업체로 발행 주식은 약 팔백만 주다.`, outlet: 'Yonhap' };
    const draft = `항구조명은 이사회가 ${clause}. 메인주에서 식당을 운영하는 이 회사는 종료 시점을 정하지 않았다고 덧붙였다. 이 회사는 사십 년 전에 첫 식당을 열었고 지금은 바닷가 근처에서 이백여 개의 식당을 운영하고 있으며 앞으로 이 년 안에 열 곳을 더 열 계획이라고 말했다.`;
    expect(uncredited(draft, [source])).toBeGreaterThan(0.1);
  });

  it('takes a capital at the start of a sentence for a plain word only when the word is written in lower case elsewhere', () => {
    const sentence = 'Purchases will be made in the open market from time to time as conditions warrant';
    const source = { ...SOURCE, text: `Northfield Mills Corp said it will buy back some of its common stock. ${sentence}. Northfield, a textile maker based in Georgia, has about eight mln shares outstanding.` };
    const draft = `Harbor Lights Inc said its board approved a buyback plan. ${sentence}. Harbor, which runs restaurants in Maine, said the plan has no set end date and would be paid for from cash on hand.`;
    // "Purchases" opens the sentence but is nowhere in lower case: it may be a name
    expect(uncredited(draft, [source])).toBeGreaterThan(0.1);
    expect(uncredited(`${draft} Its purchases will be small.`, [source])).toBe(0);
  });

  it('tells a capital that opens a sentence, after a closing quote too, from one inside a sentence', () => {
    const sentence = 'Purchases will be made in the open market from time to time as conditions warrant';
    const source = { ...SOURCE, text: `Northfield Mills Inc said it would make only small purchases. ${sentence}. Northfield, a textile maker based in Georgia, has about eight mln shares outstanding.` };
    // "Purchases" opens a sentence after a closing quote; only the source writes "purchases"
    const draft = `Harbor Lights Inc asked "is the plan a sound one?" ${sentence}. Harbor, which runs restaurants in Maine, said the plan has no set end date and would be paid for from cash on hand.`;
    expect(uncredited(draft, [source])).toBe(0);
    // "Sun" inside a sentence is a name even where "sun" is a word too
    const sun = (t: string): string => t.replace('restaurants in Maine', 'restaurants with Sun, under the sun,');
    expect(uncredited(sun(draft), [{ ...source, text: source.text.replace('a textile maker', 'a textile maker owned by Sun') }])).toBeGreaterThan(0.1);
  });

  it('leaves credited sources out: a credited copy and an uncredited generic clause pass', () => {
    const wire: Doc = { id: 'wire', text: paragraphs(901, 2).join('\n\n'), outlet: 'Associated Press' };
    const draft = `${other}\n\n${wire.text.slice(0, 400)}\n\nThe Associated Press contributed to this report.`;
    expect(uncredited(draft, [SOURCE, wire])).toBe(0);
    // the same copy uncredited fails
    expect(uncredited(draft.replace('The Associated Press contributed to this report.', ''), [SOURCE, wire])).toBeGreaterThan(0.1);
  });
});

describe('the lone generic clause on a stored index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-stock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the in-memory answer', async () => {
    const sqlite = await openCorpusIndex({ sqlite: join(dir, 'stock.db') });
    try {
      await sqlite.add([SOURCE, ...background]);
      const stored = await checkDraft(other, sqlite);
      expect(stored.uncreditedShare).toBe(0);
      expect(stored.reusedShare).toBe(0);
      expect((await checkDraft(other.replace('in Maine', 'in Georgia'), sqlite)).uncreditedShare).toBeGreaterThan(0.1);
    } finally {
      await sqlite.close();
    }
  });
});
