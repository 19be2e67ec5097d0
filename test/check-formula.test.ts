import { describe, expect, it } from 'vitest';
import { analyze, checkDraft, CorpusIndex, type Doc } from '../src/index.js';
import { paragraphs } from './helpers.js';

// Formula wording among a draft's matches (src/corpus/check-formula.ts): many independent
// instances of one formula hold the draft's words; a story and its copies are one source, and a
// gate must never pass a copy because the index holds many copies or many related stories.

/** An item of the Reuters wire as an archive holds it: outlet Reuters, kind wire (and its time, when given). */
const reuters = (id: string, text: string, publishedAt?: string): Doc => ({ id, text, outlet: 'Reuters', kind: 'wire', ...(publishedAt !== undefined ? { publishedAt } : {}) });

const PAY = ['April 10', 'April 15', 'May 1', 'May 8', 'June 2', 'June 16', 'July 1', 'July 9'];
const RECORD = ['March 20', 'March 27', 'April 3', 'April 17', 'May 4', 'May 22', 'June 5', 'June 19'];

/** A quarterly dividend notice as a wire runs it: the amounts, the dates, nothing else. */
function notice(i: number): Doc {
  return reuters(`notice-${i}`, `Qtly div 20 cts vs 20 cts prior\n    Pay ${PAY[i]}\n    Record ${RECORD[i]}\n Reuter`, `1987-03-${String(2 + i).padStart(2, '0')}T12:00:00Z`);
}

const background = Array.from({ length: 6 }, (_, i): Doc => ({ id: `story-${i}`, text: paragraphs(300 + i, 4).join('\n\n'), outlet: 'Daily' }));
const own = (seed: number): string => paragraphs(seed, 1)[0]!;

/** Checks `draft` against an index of `docs` (and the background stories). */
function check(docs: readonly Doc[], draft: string): number {
  const index = new CorpusIndex();
  index.add([...docs, ...background]);
  return checkDraft(draft, index).uncreditedShare;
}

describe('a draft checked against many instances of its formula', () => {
  /** The next company's notice: the same amounts, its own dates. */
  const draft = 'Qtly div 20 cts vs 20 cts prior\n    Payable June 24\n    Record June 12\n Reuter';

  it('is not failed for the formula when five or more notices of other issuers hold its wording', () => {
    expect(check([0, 1, 2, 3, 4, 5].map(notice), draft)).toBe(0);
  });

  it('is failed when fewer than five independent notices hold it (nothing says it is a formula)', () => {
    expect(check([0, 1, 2].map(notice), draft)).toBeGreaterThan(0.3);
  });

  it('is failed when it is one notice word for word, whatever the others', () => {
    const notices = [0, 1, 2, 3, 4, 5].map(notice);
    expect(check(notices, notices[0]!.text)).toBeGreaterThan(0.9);
    expect(check(notices, `Acme Corp said:\n${notices[0]!.text}`)).toBeGreaterThan(0.7);
  });

  /** A convertible-debt offering notice: the formula, filled with an issuer, its manager and its terms. */
  const offering = (issuer: string, amount: number, coupon: string, manager: string, price: string, premium: string, rating: string): string =>
    `${issuer} Corp is raising ${amount} mln dlrs via an offering of convertible subordinated debentures due 2012 with a ${coupon} pct coupon and par pricing, said lead manager ${manager} Inc.\n` +
    `    The debentures are convertible into the company's common stock at ${price} dlrs per share, representing a premium of ${premium} pct over the stock price when terms on the debt were set.\n` +
    `    Non-callable for two years, the issue is rated ${rating} by Standard and Poor's.\n Reuter`;
  const issuers = [
    offering('Micropolis', 75, 'six', 'Kidder Peabody', '48.50', '23.6', 'B-minus'),
    offering('Businessland', 50, '5-1/2', 'Morgan Stanley', '22.75', '24.1', 'B'),
    offering('Rohr', 100, '7-1/4', 'First Boston', '61.25', '26.8', 'BB-plus'),
    offering('Keycorp', 60, '6-3/4', 'Salomon Brothers', '35.40', '21.9', 'BBB'),
    offering('Thermo Electron', 80, '5-3/4', 'Shearson Lehman', '30.50', '25.77', 'BB'),
    offering('Ohio Mattress', 125, '6-7/8', 'Lazard Freres', '17.20', '22.4', 'B-plus'),
  ].map((text, i) => reuters(`offering-${i}`, text, `1987-03-1${i}T10:00:00Z`));

  it('reads the names every issuer’s notice carries (Corp, Standard and Poor’s) as the formula’s, not as copied facts', () => {
    const next = offering('Maryland National', 90, '6-1/8', 'Goldman Sachs', '27.30', '20.5', 'A-minus');
    expect(check(issuers.slice(0, 3), next)).toBeGreaterThan(0.3);
    expect(check(issuers, next)).toBeLessThan(0.1);
    // a match with no names or figures at all is a source of its own, not one with every match
    const bare: Doc = { id: 'bare', outlet: 'blog', text: "the company is raising money via an offering of convertible subordinated debentures with a coupon and par pricing, said the lead manager. the debentures are convertible into the company's common stock at a premium over the stock price when terms on the debt were set." };
    expect(check([...issuers, bare], next)).toBeLessThan(0.5);
  });
});

describe('copies of one story are one source, however many the index holds', () => {
  const P = [
    'Brazil will sign a rescheduling agreement covering 68 billion dlrs of its foreign debt with its 14 creditor banks next week, Finance Minister Dilson Funaro said on Tuesday.',
    'The minister said the agreement with the 14 creditor banks would be signed on April 10 in Brasilia.',
    'Brazil suspended interest payments on 68 billion dlrs of commercial bank debt on February 20, citing a drop in its trade surplus to 129 mln dlrs in January from 1.1 billion a year earlier.',
    'Central bank president Francisco Gros said reserves had fallen to 3.9 billion dlrs, the lowest level since 1983, and that imports would be cut by 15 pct.',
    'Bankers in New York said the talks, led by Citibank, could take up to 90 days and that a bridge loan of 2.5 billion dlrs was under discussion.',
  ];
  const wire = reuters('wire', P.join('\n\n'), '1987-03-03T08:00:00Z');

  it('fails a draft lifting a short sentence that copies cut to other lengths all keep', () => {
    const cuts = [[0, 1], [0, 1, 2], [0, 1, 3, 4], [0, 1, 3], [0, 1, 4]];
    const copies = cuts.map((k, i): Doc => ({ id: `cut-${i}`, text: k.map((j) => P[j]).join('\n\n'), outlet: `Outlet ${i}` }));
    expect(check([wire, ...copies], P[1]!)).toBe(1);
    expect(check([wire, ...copies], `${own(330)}\n\n${P[1]}`)).toBeGreaterThan(0.15);
    // the wire unseen, and each copy edits the lifted sentence's opening its own way: no sentence
    // is the same, but what the copies hold of the story's figures is, cut short or not
    const openings = ['Funaro said', 'The finance minister said', 'He said', 'The minister told reporters', 'Officials said'];
    const edited = copies.map((d, i) => ({ ...d, text: d.text.replace('The minister said', openings[i]!) }));
    const lifted = 'the agreement with the 14 creditor banks would be signed on April 10';
    expect(check(edited, `${own(332)} It said ${lifted}.`)).toBeGreaterThan(0.1);
  });

  it('fails a draft weaving the story’s sentences between its own when outlets ran it under intros of their own', () => {
    const intros = ['Shares fell 2.1 pct to 8,120 on Tuesday.', "Updated at 11:20 on March 3 with bankers' comment.", 'Latin American debt, part 4 of 6.', 'Markets closed 1.4 pct lower at 7,950 points.', 'First published at 09:15, updated at 12:40.'];
    const runs = intros.map((intro, i): Doc => ({ id: `run-${i}`, text: `${intro}\n\n${P.join('\n\n')}`, outlet: `Outlet ${i}` }));
    const mine = paragraphs(331, 2).flatMap((p) => p.split(/(?<=\.) /));
    const draft = `${mine[0]} ${P[1]} ${mine[1]}\n\n${mine[2]} ${P[3]} ${mine[3]}`;
    const alone = check([wire], draft);
    expect(alone).toBeGreaterThan(0.3);
    expect(check([wire, ...runs], draft)).toBe(alone);
  });

  describe('a sentence of a story that five outlets lifted into stories of their own', () => {
    const scoop = 'Exxon is in advanced talks to buy Pioneer Natural Resources for about 60 billion dlrs, sources said.';
    const story: Doc = { ...wire, id: 'scoop', text: `${scoop}\n\n${paragraphs(600, 3).join('\n\n')}` };
    const lifts = [0, 1, 2, 3, 4].map((i): Doc => ({ id: `lift-${i}`, text: `${own(610 + i)} ${scoop}\n\n${paragraphs(620 + i, 2).join('\n\n')}`, outlet: `Outlet ${i}` }));
    const draft = `${own(640)} ${scoop}`;
    const plain = (d: Doc): Doc => ({ id: d.id, text: d.text, ...(d.outlet ? { outlet: d.outlet } : {}) });

    it('fails a draft lifting it too: the lifts repeat the wire', () => {
      expect(check([story, ...lifts], draft)).toBeGreaterThan(0.15);
    });

    it('fails it in a plain archive too (no kinds, or the original not indexed): the same whole sentence is one source', () => {
      expect(check([story, ...lifts].map(plain), draft)).toBeGreaterThan(0.15);
      expect(check(lifts, draft)).toBeGreaterThan(0.15);
    });

    it('fails a release’s sentence that five wires lifted: what wires repeat of an official text is its', () => {
      const release: Doc = { ...story, id: 'release', kind: 'official', outlet: 'Exxon Mobil Corp' };
      // the wires lift a clause of it, not its whole sentence
      const clause = 'in advanced talks to buy Pioneer Natural Resources for about 60 billion dlrs';
      const wires = [0, 1, 2, 3, 4].map((i): Doc => ({ id: `wire-${i}`, text: `${own(650 + i)} Exxon is ${clause}, the company said on ${['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'][i]}.\n\n${own(660 + i)}`, outlet: `Agency ${i}`, kind: 'wire' }));
      expect(check([release, ...wires], `${own(670)} It is ${clause}.`)).toBeGreaterThan(0.1);
    });
  });

  it('fails a lifted sentence when copies cut to other lengths carry stamps with figures of their own (also in Chinese)', () => {
    const stamps = ['Updated 11:20 GMT, 3 March 2026. Page A4.', 'Posted 09:05, March 3; edition 2', 'Last modified 14:32 on 03/03/2026', 'Print edition, March 4, 2026, page 12', 'Published 07:15 ET 3.3.2026, updated 08:40'];
    const cuts = [[0, 1], [1, 2], [1, 3], [1, 4], [0, 1, 2]];
    const stamped = (parts: readonly string[]): Doc[] => cuts.map((k, i): Doc => ({ id: `c-${i}`, text: `${stamps[i]}\n\n${k.map((j) => parts[j]).join('\n\n')}`, outlet: `Outlet ${i}` }));
    expect(check(stamped(P), P[1]!)).toBe(1);
    const zh = [
      '巴西财政部长丰纳罗周二表示，巴西将于下周与14家债权银行签署一项涉及680亿美元外债的重新安排协议。',
      '部长说，协议将于4月10日在巴西利亚签署。',
      '巴西于2月20日暂停支付680亿美元商业银行债务的利息，理由是1月份贸易顺差从一年前的11亿美元降至1.29亿美元。',
      '央行行长格罗斯说，储备已降至39亿美元，为1983年以来的最低水平，进口将削减15%。',
      '纽约的银行家说，由花旗银行牵头的谈判可能需要长达90天，一笔25亿美元的过渡贷款正在讨论之中。',
    ];
    expect(check(stamped(zh), zh[1]!)).toBe(1);
  });

  it('fails a copy whose figures were edited even when five related stories share the story’s names', () => {
    const S = 'The central bank cut its reserves to 3.9 billion dlrs in February from 4.6 billion, Finance Minister Dilson Funaro told reporters in Brasilia after meeting President Jose Sarney.';
    // a background sentence every story of the running story repeats
    const BACK = 'Brazil suspended interest payments on its medium and long-term commercial bank debt on February 20.';
    const text = ['Brazil will ask its creditor banks for new money to cover interest due this year, officials said on Tuesday.', S, BACK].join('\n\n');
    // five agencies' own stories of the running story: the same cast, their own figures
    const related = [
      'Brazil and its creditor banks resumed talks in New York on Monday on 1988 and 1989 loans, Finance Minister Dilson Funaro said in Brasilia after meeting President Jose Sarney.',
      "Finance Minister Dilson Funaro flew to New York to meet Citibank about Brazil's 109 billion dlr debt and 2.7 billion of arrears, an aide to President Jose Sarney said in Brasilia.",
      "Brazil's trade surplus rose to 261 mln dlrs in February from 129 mln, the central bank said in Brasilia. President Jose Sarney and Finance Minister Dilson Funaro met business leaders.",
      'Bankers said Brazil had not paid 350 mln dlrs of interest due on March 31 and 420 mln due in April. President Jose Sarney backed Finance Minister Dilson Funaro, his spokesman said in Brasilia.',
      'Finance Minister Dilson Funaro rejected an IMF program and said in Brasilia, after a cabinet meeting chaired by President Jose Sarney, that spreads of 13/16 and 7/8 pct were too high.',
    ].map((t, i): Doc => ({ id: `agency-${i}`, text: `${t}\n\n${BACK.replace('20.', `20, ${['it recalled', 'the agency said', 'it said', 'as reported', 'bankers said'][i]}.`)}`, outlet: `Agency ${i}`, kind: 'wire' }));
    const draft = `${S.replace('3.9 billion', '3.8 billion').replace('4.6 billion', '4.5 billion')}\n\n${own(330)}\n\n${BACK}`;
    const alone = check([{ ...wire, text }], draft);
    expect(alone).toBeGreaterThan(0.35);
    // the background sentence, in six agencies' stories, is stock; the edited copy of S still counts
    expect(check([{ ...wire, text }, ...related], draft)).toBeGreaterThan(0.2);
  });

  it('never makes a long passage stock, however many independent stories hold it', () => {
    // 24 words, no figure: the holders are told apart by their own figures
    const paragraph = 'The finance minister told reporters in Brasilia that the government would not accept any agreement that forced the country into a recession.';
    // each holder ends the sentence its own way, so no two hold the same whole sentence
    const ends = ['officials said', 'he added', 'according to aides', 'the ministry said', 'sources said', 'it was reported'];
    const holders = [0, 1, 2, 3, 4, 5].map((i): Doc => ({
      id: `holder-${i}`,
      text: `Exports rose ${11 + i} pct to ${300 + 7 * i} mln dlrs in ${['January', 'February', 'March', 'April', 'May', 'June'][i]}, and imports fell ${2 + i}.${i} pct.\n\n${paragraph.replace(/\.$/, `, ${ends[i]}.`)}\n\n${own(710 + i)}`,
      outlet: `Agency ${i}`,
      kind: 'wire',
    }));
    expect(check(holders, paragraph)).toBe(1);
  });
});

describe('a short draft telling a short item again with figures of its own (reviews, 2026-11-24)', () => {
  // figures alone cannot tell another issuer's notice from one story told again with new figures:
  // a rule that read "most figures its own" as formula (markOwnFigures, dropped) passed all of these.
  // A rolling story: the update tells it again with the new figures
  const flood = reuters('flood-1', 'Floods and landslides caused by three days of torrential rain have killed at least 12 people in the southern Brazilian state of Santa Catarina and left 2,000 homeless, civil defence officials said on Sunday.\n    Officials said 40 people were injured and 6 were missing after rivers burst their banks around the city of Blumenau, where 250 mm of rain fell in 48 hours. Army helicopters were dropping food and medicine to towns cut off by the water, and the state governor declared an emergency in 9 municipalities.\n Reuter');

  it('is failed when it tells a rolling story again with new figures: long passages are the story’s prose', () => {
    const update = flood.text.replace('three days', 'five days').replace('12 people', '31 people').replace('2,000', '5,000').replace('Sunday', 'Tuesday').replace('40 people', '85 people').replace('6 were', '14 were').replace('9 municipalities', '17 municipalities').replace(' Reuter', '');
    expect(check([flood], update)).toBeGreaterThan(0.5);
  });

  it('is failed when it rewrites a wire item sentence by sentence with the figures updated', () => {
    const quake = reuters('quake-1', 'A magnitude 6.4 earthquake struck off the coast of northern Chile at 0412 GMT on Monday, the U.S. Geological Survey said.\n    The quake was centred 37 km southwest of the port of Iquique at a depth of 25 km, the agency said.\n    At least 3 people were killed and 40 were injured when walls and roofs collapsed in the old town, the interior ministry said.\n    Power was cut to 120,000 homes across the Tarapaca region and schools will stay shut for 48 hours as a precaution.\n    The navy said there was no threat of a tsunami along the Pacific coast.\n Reuter');
    const draft = 'Chile was shaken by a strong tremor early on Monday morning local time. The quake was centred 41 km southwest of the port of Iquique at a depth of 31 km. Local television showed rescue teams digging through rubble by hand. At least 8 people were killed and 95 were injured when walls and roofs collapsed. Firefighters from three neighbouring provinces were sent north overnight. Power was cut to 150,000 homes across the Tarapaca region and schools will stay shut for 48 hours. Residents were told to stay away from damaged buildings.';
    expect(check([quake], draft)).toBeGreaterThan(0.25);
  });

  it('is failed when it re-runs a short item whole with every figure updated (second review)', () => {
    const fire = reuters('fire', 'A fire swept through a warehouse in the port of Gdansk on Sunday, killing 4 workers and injuring 11, police said. The fire broke out at 0300 and burned for 6 hours before 40 engines put it out.\n Reuter');
    const rerun = 'A fire swept through a warehouse in the port of Gdansk on Sunday, killing 9 workers and injuring 23, police said. The fire broke out at 0230 and burned for 7 hours before 55 engines put it out.';
    expect(check([fire], rerun)).toBeGreaterThan(0.5);
    // also when five or more of the draft's own outlet's items share a name phrase with it, so that
    // the formula-words rule reads the matches again (third review)
    const endings = ['rebuild the harbour road within 3 months at a cost of 12 mln zlotys.', 'review safety rules at 14 ports after talks with unions on 2 March.', 'send 80 inspectors to check 300 warehouses along the coast in 5 weeks.', 'pay 6,000 zlotys to each of 70 families who lost homes in the storm.', 'open 9 new training centres for 1,200 firefighters by the end of 2025.', 'cut the tax on 17 kinds of fuel by 8 percent from April 1.'];
    const others = endings.map((e, i): Doc => ({ id: `o${i}`, outlet: 'Gazeta', text: `${paragraphs(700 + i, 1)[0]}\n\nPrime Minister Donald Tusk said the Polish government would ${e}\n\n${paragraphs(720 + i, 1)[0]}` }));
    const index = new CorpusIndex();
    index.add([fire, ...others, ...background]);
    const draft = `${rerun} Prime Minister Donald Tusk said the Polish government would help the families of the dead.`;
    expect(checkDraft({ id: 'draft', text: draft, outlet: 'Gazeta' }, index).uncreditedShare).toBeGreaterThan(0.4);
  });

  it('is failed when it lifts a short sentence without figures under figures of its own', () => {
    // its short passage with the same figures ("250 mm … 48 hours") keeps figuresDisagree from reading two editions
    const draft = `Floods have killed 31 people in Santa Catarina, with 14 missing and 5,000 homeless, officials said on Tuesday; 85 were injured. Army helicopters were dropping food and medicine to towns cut off. Damage could reach 30 mln dlrs and 3 bridges fell, the mayor said. In Blumenau, where 250 mm of rain fell in 48 hours, the river rose 4 metres.`;
    const lifted = 'Army helicopters were dropping food and medicine to towns cut off';
    expect(flood.text).toContain(lifted);
    expect(check([flood], draft)).toBeGreaterThan(0.1);
  });

  it('is failed when it lifts a long sentence of prose from an item whose figures all changed (review, 2026-11-24)', () => {
    // two short items with no figure in common read as two editions of a report (figuresDisagree);
    // a check counts their long passage all the same, while analyze does not
    const fire = reuters('fire', 'A fire swept through a crowded nightclub in the northern Spanish city of Zaragoza early on Sunday, killing 12 people and injuring 40, police said.\n    The fire broke out at 0130 local time (2330 GMT Saturday) in the basement of the two-storey club, which was holding about 300 people. Witnesses said panic broke out when the lights failed and dozens of young people were trampled at the only exit, which had been partly blocked by stacked chairs.\n    Fire chief Jose Ruiz said 35 engines fought the blaze for three hours.\n Reuter');
    const draft = 'The death toll from a nightclub fire in Zaragoza rose to 27 on Monday, with 61 people still in hospital, 9 of them in critical condition, the regional health service said.\n    Witnesses said panic broke out when the lights failed and dozens of young people were trampled at the only exit, which had been partly blocked by stacked chairs.\n    A memorial service will be held on Thursday at 1800 in the Basilica del Pilar, the city council said; flags will fly at half mast for 3 days.';
    expect(check([fire], draft)).toBeGreaterThan(0.25);
    const both = analyze([fire, reuters('draft', draft)]);
    expect(both.pairs.map((p) => p.relation)).toEqual(['template']);
  });

  it('is failed when it is a longer story lifting a paragraph under figures of its own', () => {
    const story = `${own(341)}\n\nOfficials said 85 people were injured and 14 were missing after rivers burst their banks around the city of Blumenau, where 250 mm of rain fell in 48 hours. Relief agencies said 31 people died, 5,000 were homeless and 17 towns had declared an emergency.`;
    expect(check([flood], story)).toBeGreaterThan(0.1);
  });
});
