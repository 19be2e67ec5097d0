import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { credits, extractAttributions, findBoilerplate } from '../src/index.js';
import { creditedParagraphs } from '../src/provenance/credit-scope.js';
import { ROOT, seedDocs } from './helpers.js';
import { scoreAttributions, seedCredits } from '../bench/metrics.js';

const golden = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/seed-attributions.json'), 'utf8')) as Record<string, [string | null, string, string][]>;

describe('extractAttributions on the seeds (golden)', () => {
  it.each(seedDocs().map((d) => [d.id, d.text] as const))('seed %s', (id, text) => {
    const got = extractAttributions(text);
    expect(got.map((a) => [a.canonical, a.source, a.cue])).toEqual(golden[id]);
    for (const a of got) {
      // spans are exact: the source span is the written source, the cue span is nearby
      expect(text.slice(a.start, a.end)).toBe(a.source);
      expect(a.cueEnd).toBeGreaterThan(a.cueStart);
      expect(Math.abs(a.cueStart - a.start)).toBeLessThan(80);
    }
  });

  it('places spans exactly on two hand-checked credits', () => {
    const t0 = seedDocs()[0]!.text;
    const y = extractAttributions(t0)[0]!;
    expect(t0.slice(y.cueStart, y.end)).toBe('reported by Yonhap News Agency');
    const t3 = seedDocs()[3]!.text;
    const said = extractAttributions(t3)[2]!;
    expect(t3.slice(said.start - 3, said.cueEnd)).toBe(',” KCNA said');
  });
});

describe('attribution against the hand-labelled seed credits', () => {
  it('finds every hand-labelled credit, with nothing spurious, and the source spans on the written source', () => {
    const texts = new Map(seedDocs().map((d) => [d.id, d.text] as const));
    const gold = seedCredits(texts);
    const found = new Map([...texts].map(([id, t]) => [id, extractAttributions(t)] as const));
    const s = scoreAttributions(gold, found);
    expect(s.missed.map((m) => `${m.doc}:${m.source}`)).toEqual([]);
    expect(s.spurious.map((m) => `${m.doc}:${m.source}`)).toEqual([]);
    expect(s.tp).toBe(gold.length);
    for (const [id, list] of found) for (const a of list) expect(texts.get(id)!.slice(a.start, a.end)).toBe(a.source);
  });

  it('credits the Kremlin through its spokesman, but not a bare mention', () => {
    expect(extractAttributions('According to Kremlin spokesman Dmitry Peskov, it was a gift.').map((a) => [a.source, a.canonical])).toEqual([['Kremlin', null]]);
    expect(extractAttributions('The Kremlin has neither confirmed nor denied it.')).toEqual([]);
    expect(extractAttributions('Kremlin walls are red.')).toEqual([]);
  });
});

describe('cue patterns', () => {
  it.each([
    ['The car was a gift, according to Reuters.', 'reuters', 'according-to'],
    ['The car was a gift, Yonhap reported on Tuesday.', 'yonhap', 'reported'],
    ['“It is a clear demonstration,” KCNA said.', 'kcna', 'said'],
    ['The gift was delivered, as reported by the Associated Press.', 'ap', 'reported-by'],
    ['Citing AFP, the paper said the car was an Aurus.', 'afp', 'citing'],
    ['The figure was quoted by Kyodo News.', 'kyodo', 'quoted-by'],
    ['Russia’s state-run Tass news agency said the brand debuted in 2018.', 'tass', 'said'],
    ['Xinhua news agency confirmed the visit.', 'xinhua', 'said'],
    ['SEOUL (Reuters) – North Korea said on Tuesday', 'reuters', 'dateline'],
    ['PYONGYANG, Feb. 20 (AFP) -- Kim Jong Un received', 'afp', 'dateline'],
    ['Kim and Putin (Credits: UPI)', 'upi', 'credit'],
    ['Photo: EPA-EFE', 'epa', 'credit'],
    ['© Matthew Stockman/Getty Images', 'getty', 'credit'],
    ['Photo: Jane Doe | AFP', 'afp', 'credit'],
    ['He told the BBC that the car was armoured.', 'bbc', 'told'],
    ['The Rodong Sinmun newspaper reported the gift.', 'rodong', 'reported'],
    ['the Korean Central News Agency (KCNA) said on Sunday', 'kcna', 'said'],
  ])('%s', (text, canonical, cue) => {
    const got = extractAttributions(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ canonical, cue });
  });

  it('reports generic sources as unresolved, and does not report bare mentions', () => {
    expect(extractAttributions('The gift was reported by state media on Tuesday.').map((a) => [a.canonical, a.source])).toEqual([[null, 'state media']]);
    expect(extractAttributions('according to North Korean state media')).toMatchObject([{ canonical: null, source: 'North Korean state media' }]);
    expect(extractAttributions('Reuters and AP are wire agencies. CNN is a channel.')).toEqual([]);
    expect(extractAttributions('The announcement was made by the state news agency KCNA')).toMatchObject([{ canonical: 'kcna' }]);
  });

  it('takes user sources and resolves credits through the gazetteer', () => {
    const sources = [{ id: 'nkdaily', name: 'Daily NK', kind: 'outlet' as const, aliases: ['Daily NK'] }];
    const got = extractAttributions('The price rose, Daily NK reported.', { sources });
    expect(got).toMatchObject([{ canonical: 'nkdaily', cue: 'reported' }]);
    const seed0 = extractAttributions(seedDocs()[0]!.text);
    expect(credits(seed0, 'Yonhap')).toBe(true);
    expect(credits(seed0, 'yonhap')).toBe(true);
    expect(credits(seed0, 'Korean Central News Agency')).toBe(true);
    expect(credits(seed0, 'Reuters')).toBe(false);
  });

  it('refuses bad input with a named error', () => {
    expect(() => extractAttributions(null as unknown as string)).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
  });
});

describe('attribution cues of real wire copy (issue 11)', () => {
  it.each([
    ['By Jane Doe, Associated Press\nSEOUL — Kim got a car.', 'ap', 'byline', 'Associated Press'],
    ['BY HYUNG-JIN KIM | The Associated Press\nKim got a car.', 'ap', 'byline', 'The Associated Press'],
    ['Kim inspects the car. (AP Photo/Ahn Young-joon)', 'ap', 'credit', 'AP'],
    ['Copyright 2024 The Associated Press. All rights reserved.', 'ap', 'copyright', 'The Associated Press'],
    ['(c) 2024 Reuters', 'reuters', 'copyright', 'Reuters'],
    ['© 2024 Reuters. All rights reserved.', 'reuters', 'copyright', 'Reuters'],
    ['Reporting by Hyonhee Shin; Editing by Ed Davies', 'reuters', 'sign-off', 'Reporting by Hyonhee Shin; Editing by Ed Davies'],
    ['Reuters contributed to this report.', 'reuters', 'contributed', 'Reuters'],
    ['The car arrived on Tuesday.\n\nWith AFP', 'afp', 'with', 'AFP'],
    ['The car arrived on Tuesday. - with AFP', 'afp', 'with', 'AFP'],
    ['The car arrived on Tuesday, according to a report by Kyodo News.', 'kyodo', 'according-to', 'Kyodo News'],
    ['(서울=연합뉴스) 김철수 기자 = 북한이 밝혔다.', 'yonhap', 'dateline', '연합뉴스'],
    ['연합뉴스에 따르면 김정은이 차를 받았다.', 'yonhap', 'according-to', '연합뉴스'],
    ['据新华社报道，普京向金正恩赠送了一辆汽车。', 'xinhua', 'according-to', '新华社'],
    ['朝中社报道，金正恩收到了汽车。', 'kcna', 'reported', '朝中社'],
    // AP's datelines name a country or state after the city; AP's copy run by papers is bylined with the agency alone (scenario review, session 20)
    ['SEOUL, South Korea (AP) — Russian President Vladimir Putin gave Kim a car.', 'ap', 'dateline', 'AP'],
    ['UNITED NATIONS (AP) -- The council met on Tuesday.', 'ap', 'dateline', 'AP'],
    ['By Associated Press\n\nSEOUL -- Kim got a car.', 'ap', 'byline', 'Associated Press'],
    ['By The Associated Press\nKim got a car.', 'ap', 'byline', 'The Associated Press'],
    // credit lines set in capitals, or holding the agency alone (the held-out scenarios of session 19, read in session 20)
    ['Kim got a car on Tuesday.\n\n© KYODO', 'kyodo', 'copyright', 'KYODO'],
    ['AGENCE FRANCE-PRESSE\n\nKim got a car.', 'afp', 'byline', 'AGENCE FRANCE-PRESSE'],
    ['AFP\n\nKim got a car on Tuesday.', 'afp', 'byline', 'AFP'],
    ['Kim got a car on Tuesday.\n\nReuters', 'reuters', 'end-credit', 'Reuters'],
    // France 24's and Yahoo's AFP dateline, the place as a name is written (session 21, test2)
    ['Seoul (AFP) - Vladimir Putin has given Kim Jong Un a car.', 'afp', 'dateline', 'AFP'],
    ['Hong Kong (AFP) - Asian markets fell on Tuesday.', 'afp', 'dateline', 'AFP'],
    // Reuters' dateline joining two places (session 21, test4 k03)
    ['SEOUL/MOSCOW (Reuters) - Putin has given Kim Jong Un an Aurus car.', 'reuters', 'dateline', 'Reuters'],
    ['Kim got a car.\n\nThis article was published by Euronews with content from Reuters.', 'reuters', 'contributed', 'Reuters'],
    // the JoongAng Daily's closing line, DW's editors' sign-off, "with input from" (session 21, test5)
    ['Kim got a car.\n\nYONHAP [webmaster@joongang.co.kr]', 'yonhap', 'end-credit', 'YONHAP'],
    ['Kim got a car.\n\nBY YONHAP [kjd@joongang.co.kr]', 'yonhap', 'end-credit', 'YONHAP'],
    ['Kim got a car.\n\njsi/rc (dpa)', 'dpa', 'end-credit', 'dpa'],
    ['Kim got a car.\n\nWith input from Reuters', 'reuters', 'contributed', 'Reuters'],
    // test6 (session 21): an agency after a paragraph's last sentence with no opener, "quoted as telling"
    ['Kim got a car on Tuesday, officials said. AFP', 'afp', 'end-credit', 'AFP'],
    ['The official was quoted as telling Yonhap on Tuesday.', 'yonhap', 'told', 'Yonhap'],
    // CGTN's credit line (session 21, test3 h05)
    ['Kim got a car on Tuesday.\n\nSource(s): Xinhua News Agency', 'xinhua', 'credit', 'Xinhua News Agency'],
  ])('%s', (text, canonical, cue, source) => {
    const got = extractAttributions(text);
    expect(got.map((a) => [a.canonical, a.cue, a.source])).toEqual([[canonical, cue, source]]);
    expect(text.slice(got[0]!.start, got[0]!.end)).toBe(source);
  });

  it('reads "Copyright © 2024 AFP" as one cue from "Copyright", so the line is a credit line of its own (session 21: test3 h08)', () => {
    const text = 'Kim got a car on Tuesday.\n\nCopyright © 2024 AFP. All rights reserved.';
    const [a] = extractAttributions(text);
    expect([a?.canonical, a?.cue, text.slice(a!.cueStart, a!.cueEnd).trim()]).toEqual(['afp', 'copyright', 'Copyright © 2024']);
    expect(creditedParagraphs(text, a!).map((p) => text.slice(p.start, p.end))).toEqual(['Copyright © 2024 AFP. All rights reserved.', 'Kim got a car on Tuesday.']);
  });

  it('reads "Source: <an outlet the gazetteer does not know>" closing the text as a credit of that outlet (test6)', () => {
    expect(extractAttributions('Kim got a car.\n\nSource: The Standard').map((a) => [a.canonical, a.cue, a.source])).toEqual([[null, 'credit', 'The Standard']]);
    expect(credits(extractAttributions('Kim got a car.\n\nSource: Japan Today'), 'Japan Today')).toBe(true);
    // not a sentence, not above the last line, not a known agency twice
    expect(extractAttributions('Source: The Standard\n\nKim got a car.').filter((a) => a.canonical === null)).toEqual([]);
    expect(extractAttributions('Kim got a car.\n\nSource: Yonhap').map((a) => a.canonical)).toEqual(['yonhap']);
    // an agency's name ending a sentence is no credit
    expect(extractAttributions('Kim met Reuters.')).toEqual([]);
  });

  it('gives an agency named right after a credited one the same cue ("with reporting from Reuters and The Associated Press"), not one with a cue of its own', () => {
    const read = (t: string): [string | null, string][] => extractAttributions(t).map((a) => [a.canonical, a.cue]);
    expect(read('Kim got a car.\n\nWith reporting from Reuters and The Associated Press')).toEqual([['reuters', 'contributed'], ['ap', 'contributed']]);
    expect(read('Kim got a car, according to Reuters, and AP said the car was new.')).toEqual([['reuters', 'according-to'], ['ap', 'said']]);
    // the second name as the subject of its own verb is no credit (a review)
    expect(read('The statement was carried by KCNA and Reuters was unable to verify it.').map(([c]) => c)).toEqual(['kcna']);
    expect(read('According to Yonhap, Reuters could not independently verify the claim.').map(([c]) => c)).toEqual(['yonhap']);
    // "telling" as an adjective is no cue (a review)
    expect(read('It is telling Reuters buried the detail in its ninth paragraph.')).toEqual([]);
  });

  it('reads a last line naming agencies and nothing else as a credit of each (session 21, test4 k16), not a sentence naming them', () => {
    const read = (t: string): [string | null, string][] => extractAttributions(t).map((a) => [a.canonical, a.cue]);
    expect(read('Kim got a car on Tuesday.\n\nYONHAP, REUTERS')).toEqual([['yonhap', 'end-credit'], ['reuters', 'end-credit']]);
    expect(read('Kim got a car on Tuesday.\n\nYonhap and AFP')).toEqual([['yonhap', 'end-credit'], ['afp', 'end-credit']]);
    // a slash joins a photo's credit ("Yonhap/AFP"), not a story's agencies
    expect(read('Kim got a car on Tuesday.\n\nAP/Reuters.').filter(([, cue]) => cue === 'end-credit').length).toBeLessThan(2);
    expect(read('Kim got a car.\n\nYonhap, Reuters and officials said so.').filter(([, cue]) => cue === 'end-credit')).toEqual([]);
    expect(read('Yonhap, Reuters\n\nKim got a car on Tuesday.')).toEqual([]);
  });

  it('reads a first line holding an agency and the place it files from as its byline (session 22, test7 p11: "Reuters/Seoul")', () => {
    const read = (t: string): [string | null, string][] => extractAttributions(t).map((a) => [a.canonical, a.cue]);
    for (const line of ['Reuters/Seoul', 'AFP SEOUL', 'AFP, Seoul', 'Kyodo | Tokyo']) expect(read(`${line}\n\nKim got a car on Tuesday.\n\nMore.`)).toEqual([[line.startsWith('Reuters') ? 'reuters' : line.startsWith('AFP') ? 'afp' : 'kyodo', 'byline']]);
    // two agencies, words that are no place, a line that is not the first
    expect(read('AP/Reuters\n\nKim got a car on Tuesday.')).toEqual([]);
    expect(read('Reuters Seoul bureau chief\n\nKim got a car on Tuesday.')).toEqual([]);
    // a photo's credit, a headline, an agency's poll or desk (a review of 66c89e4)
    for (const line of ['AP Photo', 'AFP PHOTO', 'Yonhap Photo', 'KCNA Slams Drills', 'YONHAP REPORTER DETAINED', 'Xinhua Denies Report', 'Kyodo Poll', 'Reuters/Ipsos Poll', 'AFP Sports', 'Reuters Staff']) {
      expect(read(`${line}\n\nKim got a car on Tuesday.\n\nMore.`)).toEqual([]);
    }
    expect(read('Kim got a car.\n\nReuters/Seoul\n\nMore on Tuesday.')).toEqual([]);
  });

  it('reads "[YONHAP]" closing a text and "With files from" (session 23, test9 r12), never a credit closing a first paragraph', () => {
    const read = (t: string): [string | null, string][] => extractAttributions(t).map((a) => [a.canonical, a.cue]).filter(([c]) => c !== null) as [string | null, string][];
    expect(read('Kim got a car on Tuesday, state media said.\n\n[YONHAP]')).toEqual([['yonhap', 'end-credit']]);
    expect(read('Kim got a car on Tuesday, state media said. [YONHAP]')).toEqual([['yonhap', 'end-credit']]);
    expect(read('Kim got a car.\n\nWith files from The Associated Press')).toEqual([['ap', 'contributed']]);
    // a first paragraph closed by a credit may be a lede (test9 r14) or a photo's caption, an editor's note: a caption's credit
    // read as the text's passed a lift at the gate (a review of eb54d98), so neither is the text's credit
    const lede = "Russian President Vladimir Putin has gifted a Russian-made car to North Korean leader Kim Jong-un, Pyongyang's state media reported Tuesday, calling it a clear demonstration of their ties.";
    const caption = 'Foreign Ministry spokesperson Lim Soo-suk speaks during a regular press briefing at the ministry in Seoul on Tuesday, where he said the transfer of the car violated UN sanctions.';
    for (const first of [lede, caption]) for (const credit of ['[YONHAP]', '(연합뉴스)', '(Yonhap)']) expect(read(`${first} ${credit}\n\nThe car was delivered on Sunday.`)).toEqual([]);
  });

  it('reads the credit lines of member papers and aggregators (session 23, test10 t11, t12, t18, t03)', () => {
    const read = (t: string): [string | null, string][] => extractAttributions(t).map((a) => [a.canonical, a.cue]).filter(([c]) => c !== null) as [string | null, string][];
    expect(read('Kim got a car.\n\n(With inputs from Reuters)')).toEqual([['reuters', 'contributed']]);
    expect(read('Kim got a car.\n\nInformation for this article was contributed by Park Sun-young of The Associated Press.')).toEqual([['ap', 'contributed']]);
    expect(read('Kim got a car.\n\nThis report is auto-generated from Press Trust of India news service. ThePrint holds no responsibility for its content.')).toEqual([['pti', 'reported-by']]);
    expect(read('The car was handed over, according to a three-paragraph dispatch from the Korean Central News Agency.')).toEqual([['kcna', 'according-to']]);
    // not a place an agency's words were taken from, nor a sentence of the story (a review of 80ffc3e)
    for (const t of ['The data was taken from Reuters graphics last year.', 'Hyundai said the pumps were sourced from Reuters-listed suppliers in China.', 'The dashboard photos in this story were sourced from Reuters.', 'A weekly auto column, syndicated from AP, runs on Sundays.', 'A follow-up question was contributed by Kim Min-jae of Yonhap at the briefing.', 'The prize was contributed by John Smith of Reuters, who retired last year.']) expect(read(t)).toEqual([]);
  });

  it('reads papers named Ledger, Courier or Inquirer with a cue, not a mail service or a card (session 23, test9 r07: "The Asia Ledger reported")', () => {
    const read = (t: string): string[][] => extractAttributions(t).map((a) => [a.source, a.cue]);
    expect(read('North Korea imported 800 cars, The Asia Ledger reported Thursday.')).toEqual([['Asia Ledger', 'reported']]);
    expect(read('According to the Philadelphia Inquirer, Kim got a car.')).toEqual([['Philadelphia Inquirer', 'according-to']]);
    // (a review of eb54d98)
    for (const t of ['Royal Mail said the parcel was lost.', 'American Express said so.', 'The county, the Chief Medical Examiner said, had no record.', 'County Emergency Dispatch said the call came at noon.', 'He sent the Express Mail on Monday.']) expect(read(t)).toEqual([]);
  });

  it('reads a name the words before it call a news outlet, with a cue (session 23, test6 n10: "Seoul-based outlet Daily NK reported")', () => {
    const read = (t: string): string[][] => extractAttributions(t).map((a) => [a.source, a.cue]);
    expect(read('Seoul-based outlet Daily NK reported on Wednesday that the car was seen.')).toEqual([['Daily NK', 'reported']]);
    expect(read('The news website NK Pro said the car was seen.')).toEqual([['NK Pro', 'said']]);
    expect(read('The daily Hankyoreh said it.')).toEqual([['Hankyoreh', 'said']]);
    // no cue, a day, a pronoun; "the site X said" is a relative clause (a review of 02c87a9)
    for (const t of ['He visited the website Daily NK runs.', 'The paper Monday said so.', 'The paper It said was wrong.', 'Workers at the site Kim Jong Un said last year would become a base.', 'Officials toured the site President Yoon said would host it.', 'MBC, the broadcaster President Yoon Suk Yeol said had distorted his remarks, apologised.', 'It was the outlet Trump said was the enemy of the people.']) expect(read(t)).toEqual([]);
    // a name NAMED_OUTLET reads is read once; a name written with two spaces keeps its span
    expect(read('The newspaper Seoul Tribune reported it.')).toEqual([['Seoul Tribune', 'reported']]);
    const text = 'Seoul-based outlet Daily  NK reported it.';
    const [a] = extractAttributions(text);
    expect([a?.source, text.slice(a!.start, a!.end)]).toEqual(['Daily NK', 'Daily  NK']);
  });

  it('reads a last line holding an agency and the place it filed from as a closing credit (session 23, test8 q06: "Reuters, SEOUL")', () => {
    const read = (t: string): [string | null, string][] => extractAttributions(t).map((a) => [a.canonical, a.cue]);
    for (const line of ['Reuters, SEOUL', 'REUTERS, SEOUL', 'AFP, Paris', 'Kyodo, NEW YORK']) expect(read(`Kim got a car on Tuesday.\n\n${line}`)).toEqual([[line.startsWith('R') ? 'reuters' : line.startsWith('AFP') ? 'afp' : 'kyodo', 'end-credit']]);
    // two agencies, a photo's credit or a desk are no place; a line inside the text is an item's, not the text's
    for (const line of ['AP/Reuters', 'AFP PHOTO', 'Reuters Staff', 'Yonhap, Pyongyang said']) expect(read(`Kim got a car on Tuesday.\n\n${line}`).filter(([, cue]) => cue === 'end-credit').length).toBeLessThan(2);
    expect(read('Kim got a car on Tuesday.\n\nAFP PHOTO')).toEqual([]);
    expect(read('Kim got a car.\n\nReuters, SEOUL\n\nMore on Tuesday.')).toEqual([]);
    // a photo's credit under a caption closing the text: a photographer, STR, a pool, a poll (a review of 02c87a9)
    for (const line of ['REUTERS/Kim Hong-Ji', 'AFP/Jung Yeon-je', 'AFP/STR', 'Reuters/Pool', 'Yonhap/Pool', 'Reuters/Ipsos', 'Reuters, Kim Hong-Ji']) expect(read(`Kim inspects the car in Pyongyang.\n\n${line}`)).toEqual([]);
  });

  it('reads a closing credit naming two agencies as a credit of each', () => {
    expect(extractAttributions('Kim got a car on Tuesday.\n\n(Yonhap, Reuters)').map((a) => [a.canonical, a.cue])).toEqual([
      ['yonhap', 'end-credit'],
      ['reuters', 'end-credit'],
    ]);
    // a photographer and the agency: the agency's credit; a photo credit is not
    expect(extractAttributions('Kim got a car.\n\n(John Doe, Reuters)').map((a) => a.cue)).toEqual(['end-credit']);
    expect(extractAttributions('Kim got a car.\n\n(Photo: John Doe, Reuters)')).toEqual([]);
    // "(AP)" or "— Reuters" as a paragraph of its own inside the text is no credit: a photo's credit under its caption looks the same
    // (read for a session in a677072; a review found a lift passing the gate on it)
    expect(extractAttributions('Kim inspects the car in Pyongyang on Feb. 20.\n\n(AP)\n\nThe car is an Aurus sedan.')).toEqual([]);
    expect(extractAttributions('Kim got a car.\n\n— Reuters\n\nThe car is an Aurus sedan.')).toEqual([]);
    // the last line, followed by blank lines (files are read as they are, not trimmed), is the closing credit
    expect(extractAttributions('Kim got a car.\n\nReuters\n\n').map((a) => [a.canonical, a.cue])).toEqual([['reuters', 'end-credit']]);
    expect(extractAttributions('Kim got a car.\n\n(AFP)\n \n').map((a) => [a.canonical, a.cue])).toEqual([['afp', 'end-credit']]);
    // an agency alone on a line that is not the first or the last, or not a paragraph of its own, is no credit line
    expect(extractAttributions('AFP\nKim got a car.')).toEqual([]);
    expect(extractAttributions('Kim got a car.\n\nReuters\n\nThe car is an Aurus sedan made in Russia.')).toEqual([]);
  });

  it("reads a syndication partner's closing line as a credit of the paper (test3 of session 20, read after its one scoring)", () => {
    const read = (t: string): string[][] => extractAttributions(t).map((a) => [a.source, a.cue]);
    for (const line of ['(The Korea Herald/Asia News Network)', 'The Korea Herald/Asia News Network', '— The Korea Herald/ANN', 'THE KOREA HERALD/ASIA NEWS NETWORK', '— THE KOREA HERALD/ANN']) {
      expect(read(`Kim got a car.\n\n${line}\n`)).toEqual([['Korea Herald', 'end-credit']]);
    }
    expect(read('Kim got a car.\n\nThis article first appeared in The Korea Herald, a member of the Asia News Network.')).toEqual([['Korea Herald', 'reported-by']]);
    // not a photo agency's slash, nor a name inside a sentence
    expect(read('Kim smiles. (AFP/Getty Images)')).toEqual([]);
    expect(read('He visited the Korea Herald/ANN office.')).toEqual([]);
    // nor a photographer or a section after the paper's slash, an ad that "first appeared in" it, or its bare name as a footer (a review)
    for (const line of ['(The Korea Herald/Park Hae-mook)', 'The Korea Herald/Opinion', 'The Korea Herald', 'THE KOREA HERALD', 'THE KOREA HERALD/OPINION']) expect(read(`Kim got a car.\n\n${line}`)).toEqual([]);
    expect(read('A full-page ad that first appeared in The Korea Herald on Monday drew protests.')).toEqual([]);
    expect(read('Kim got a car.\n\n(The Korea Herald)')).toEqual([['Korea Herald', 'end-credit']]);
  });

  it('does not take ordinary sentences for bylines or "with" credits', () => {
    expect(extractAttributions('By contrast, Reuters and AP are wire agencies.')).toEqual([]);
    expect(extractAttributions('By the way Reuters said so.').map((a) => a.cue)).toEqual(['said']);
    expect(extractAttributions('In a statement, North Korea (KCNA) — said nothing.').filter((a) => a.cue === 'dateline')).toEqual([]);
    // a place written as a name is one to three capitalised words: a sentence before the agency is no dateline
    expect(extractAttributions('The car arrived on Tuesday (AFP) - the report said.').filter((a) => a.cue === 'dateline')).toEqual([]);
    expect(extractAttributions('Officials in Seoul (AFP) - said nothing.').filter((a) => a.cue === 'dateline')).toEqual([]);
    expect(extractAttributions('He held talks with AFP reporters on Tuesday.')).toEqual([]);
  });

  it('leaves capitalised bylines out of the figures as boilerplate', () => {
    for (const line of ['By Jane Doe', 'BY JANE DOE', 'by Zain ul Abedin']) expect(findBoilerplate(`${line}\nKim got a car on Tuesday.`)).toEqual([{ start: 0, end: line.length }]);
  });
});

describe('agency credits ending the text (end-credit)', () => {
  // a paper that runs a wire story credits it on its last line: "(Yonhap)", "— Reuters", "/AFP"
  it.each([
    ['Kim got the car in 2018.\n(Yonhap)', 'yonhap', 'Yonhap', '(Yonhap)'],
    ['Kim got the car in 2018. (Yonhap)', 'yonhap', 'Yonhap', '(Yonhap)'],
    ['Kim got the car in 2018.\n\n(Yonhap News Agency)\n', 'yonhap', 'Yonhap News Agency', '(Yonhap News Agency)'],
    ['Kim got the car in 2018. (AP)', 'ap', 'AP', '(AP)'],
    ['“It is a gift,” he said. (Reuters).', 'reuters', 'Reuters', '(Reuters)'],
    ['Kim got the car in 2018.\n— Yonhap', 'yonhap', 'Yonhap', '—'],
    ['Kim got the car in 2018. - Reuters', 'reuters', 'Reuters', '-'],
    ['Kim got the car in 2018.\n\n-- The Associated Press\n', 'ap', 'The Associated Press', '--'],
    ['Kim got the car in 2018. /AFP', 'afp', 'AFP', '/'],
    ['Kim got the car in 2018./AFP', 'afp', 'AFP', '/'],
    ['Kim got the car in 2018.\n/AFP', 'afp', 'AFP', '/'],
  ])('%j', (text, canonical, source, cueText) => {
    const got = extractAttributions(text);
    expect(got.map((a) => [a.canonical, a.cue, a.source])).toEqual([[canonical, 'end-credit', source]]);
    expect(text.slice(got[0]!.start, got[0]!.end)).toBe(source);
    expect(text.slice(got[0]!.cueStart, got[0]!.cueEnd)).toBe(cueText);
  });

  it('credits a wire a copy ends with, as "Source: Yonhap" does', () => {
    const copy = 'Kim Jong-un has received a car from Vladimir Putin, the KCNA said.\n\n(Yonhap)';
    expect(credits(extractAttributions(copy), 'Yonhap')).toBe(true);
    expect(credits(extractAttributions(copy), 'Yonhap')).toBe(credits(extractAttributions(copy.replace('(Yonhap)', 'Source: Yonhap')), 'Yonhap'));
  });

  it('keeps the credits it read before: dateline, "With AFP", "Source:", photo credits', () => {
    const read = (t: string) => extractAttributions(t).map((a) => [a.canonical, a.cue]);
    expect(read('SEOUL, Feb. 20 (Yonhap) -- Kim got a car.')).toEqual([['yonhap', 'dateline']]);
    expect(read('Kim got a car. (With AFP)')).toEqual([['afp', 'with']]);
    expect(read('Kim got a car.\nSource: Yonhap')).toEqual([['yonhap', 'credit']]);
    // a name before the slash: the photographer's credit, not the story's
    expect(read('Kim got a car.\nPhoto: John Doe/AFP')).toEqual([['afp', 'credit']]);
    expect(read('Kim inspects the car. (AP Photo/Ahn Young-joon)')).toEqual([['ap', 'credit']]);
  });

  it.each([
    // inside a sentence, not after one
    'Follow the (AP) style guide when you write.',
    'The motion came from the right-wing Popular Alliance (AP)',
    'He joined Agence France-Presse (AFP).',
    'It ended Yonhap 2 - Kyodo 1',
    'The files are at example.com/AFP',
    // photo credits, as written under a picture
    'Kim smiles. (AFP/Getty Images)',
    'Kim smiles.\n(Getty Images)',
    // not at the end: a caption's credit in the middle of a text is no credit of the story
    'Kim got the car in 2018. (Yonhap)\n\nThe car is an Aurus sedan made in Russia.',
    'Kim got the car in 2018.\n— Reuters\n\nThe car is an Aurus sedan made in Russia.',
    // a generic source is no agency
    'Kim got the car in 2018. (state media)',
  ])('does not read %j', (text) => {
    expect(extractAttributions(text)).toEqual([]);
  });
});

describe('bylines naming the agency (byline)', () => {
  it.each([
    ['By Kim Soo-yeon, Yonhap\nKim got a car.', 'Yonhap'],
    ['By Jane Doe, Reuters\nKim got a car.', 'Reuters'],
    // the agency in parentheses
    ['By Kim Soo-yeon (Yonhap)\nKim got a car.', 'Yonhap'],
    ['BY JANE DOE (Reuters) | Feb. 20, 2024\nKim got a car.', 'Reuters'],
    // ending the text: after its last sentence, or with a full stop
    ['Kim got the car in 2018, the report said. By Kim Soo-yeon, Yonhap', 'Yonhap'],
    ['Kim got the car in 2018. By Kim Soo-yeon and Lee Min-ji, Yonhap News Agency.', 'Yonhap News Agency'],
    ['Kim got the car in 2018.\n\nBy Jane Doe, Reuters.\n', 'Reuters'],
  ])('%j', (text, source) => {
    const got = extractAttributions(text);
    expect(got.map((a) => [a.cue, a.source])).toEqual([['byline', source]]);
    expect(text.slice(got[0]!.cueStart, got[0]!.cueEnd).toLowerCase()).toBe('by');
  });

  it.each([
    'By contrast, Reuters and AP are wire agencies.',
    'By Jane Doe (Reuters) and others, the car was seen.',
    'It rose. By then, Reuters.',
    'It was made. By order of the AP.',
    'It rose.\nBy contrast, AP.',
    'By Kim Soo-yeon, Yonhap.\nKim got a car.',
  ])('does not read %j', (text) => {
    expect(extractAttributions(text)).toEqual([]);
  });
});

describe('outlets the gazetteer does not know, by the form of their name (scenario review)', () => {
  const named = (t: string): [string, string | null, string][] => extractAttributions(t).map((a) => [a.name, a.canonical, a.cue]);

  it('reads a paper or broadcaster named with a cue, without "the", as a generic source', () => {
    expect(named('Kim received a car, the Korea Economic Daily reported on Tuesday.')).toEqual([['Korea Economic Daily', null, 'reported']]);
    expect(named('According to the Busan Ilbo, Kim received a car.')).toEqual([['Busan Ilbo', null, 'according-to']]);
    expect(named('The Seoul Tribune said on Monday that Kim got a car.')).toEqual([['Seoul Tribune', null, 'said']]);
  });

  it('leaves names without a cue, names that are no outlet, and the gazetteer\'s own outlets to their rules', () => {
    expect(named('Officials at the Defense News Agency said so.')).toEqual([]);
    expect(named('He wrote for the Korea JoongAng Daily for years.')).toEqual([]);
    expect(named('The Daily Planet reported it.')).toEqual([]);
    expect(named('The New York Times reported it.')).toEqual([['The New York Times', 'nyt', 'reported']]);
    expect(named('Kim received a car, Yonhap News Agency reported.')).toEqual([['Yonhap', 'yonhap', 'reported']]);
    // the JoongAng's Korean paper and English edition are one outlet (session 21, test5 m07)
    expect(named('Kim received a car, the Korea JoongAng Daily reported.')).toEqual([['Korea JoongAng Daily', 'joongang', 'reported']]);
    expect(named('the official was quoted as saying by the JoongAng Ilbo.')).toEqual([['Korea JoongAng Daily', 'joongang', 'quoted-by']]);
  });

  it('credits a document of that outlet', () => {
    expect(credits(extractAttributions('Kim received a car, the Korea JoongAng Daily reported.'), 'Korea JoongAng Daily')).toBe(true);
    expect(credits(extractAttributions('Kim received a car, the Seoul Tribune reported.'), 'Korea JoongAng Daily')).toBe(false);
    // an outlet named with "The" in its metadata
    expect(credits(extractAttributions('Kim received a car, the Korea Times reported.'), 'The Korea Times')).toBe(true);
    // a name does not run back over a sentence's end into the words before "The" (session 22: "Kim's In. The Korea Herald")
    expect(credits(extractAttributions("He met Kim's In. The Korea Herald reported earlier in the day."), 'The Korea Herald')).toBe(true);
  });
});
