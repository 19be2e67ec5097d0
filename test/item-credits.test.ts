import { describe, expect, it } from 'vitest';
import { itemCreditsWith } from '../src/attribution/extract.js';
import { builtinGazetteer } from '../src/attribution/gazetteer.js';
import { captionsOf, creditedByItem, itemCovers, itemParagraph } from '../src/attribution/items.js';
import { analyze, checkDraft, CorpusIndex, extractAttributions, type Doc, type LatentNode, type ReuseEdge } from '../src/index.js';
import { lightEdit } from '../bench/generate.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { paragraphs } from './helpers.js';

// A news-in-brief page closes each item with its agency's credit ("… (Reuters)", "YONHAP" on a line
// of its own). Read since session 21 for the item it closes only (src/attribution/items.ts): a photo
// caption's credit line looks the same.

const gaz = builtinGazetteer();
const items = (text: string): [string | null, string][] => itemCreditsWith(text, gaz).map((a) => [a.canonical, text.slice(Math.min(a.start, a.cueStart), Math.max(a.end, a.cueEnd))]);
const at = (h: number): string => new Date(Date.UTC(2024, 2, 1, h)).toISOString();

describe('credit lines closing an item inside a text', () => {
  it('reads an agency alone on a paragraph, or in parentheses after a paragraph\'s last sentence, with more text after it', () => {
    expect(items('Kim got a car.\n\nYONHAP\n\nDoctors walk out.')).toEqual([['yonhap', 'YONHAP']]);
    expect(items('Kim got a car. (Reuters)\n\nDoctors walk out.')).toEqual([['reuters', '(Reuters)']]);
    expect(items('Kim got a car.\n\n— AFP\n\nDoctors walk out.')).toEqual([['afp', '— AFP']]);
    expect(items('Kim got a car.\n\nYONHAP, AFP\n\nDoctors walk out.')).toEqual([['yonhap', 'YONHAP'], ['afp', 'AFP']]);
    // the agency and the place it filed from, as the Taipei Times closes its world briefs (session 23, test8 q06)
    expect(items('Kim got a car.\n\nReuters, SEOUL\n\nDoctors walk out.\n\nAP, LONDON\n\nMore.')).toEqual([['reuters', 'Reuters, SEOUL'], ['ap', 'AP, LONDON']]);
    expect(items('Kim got a car.\n\nAP/Reuters\n\nDoctors walk out.')).toEqual([]);
  });

  it('leaves a credit ending the text, a byline, a mention inside a sentence and a line that runs on to the attributions', () => {
    expect(items('Kim got a car.\n\n(Yonhap)')).toEqual([]);
    expect(extractAttributions('Kim got a car.\n\n(Yonhap)').map((a) => a.cue)).toEqual(['end-credit']);
    expect(items('AFP\n\nKim got a car.\n\nMore.')).toEqual([]);
    expect(items('Kim said (AP) he would.\n\nMore.')).toEqual([]);
    expect(items('A caption in Seoul. (Yonhap)\nMore on the next line.\n\nx')).toEqual([]);
    // never a credit of the whole text
    expect(extractAttributions('Kim got a car. (Reuters)\n\nDoctors walk out.')).toEqual([]);
  });

  it('covers the passages shared with one source when one ends in the paragraph it closes and none comes after it', () => {
    const text = 'Heading\n\nFirst para of the item.\n\nSecond para of the item.\n\n(Yonhap)\n\nOther heading\n\nAnother item here.';
    const [credit] = itemCreditsWith(text, gaz);
    const first = { start: text.indexOf('First'), end: text.indexOf('First') + 20 };
    const second = { start: text.indexOf('Second'), end: text.indexOf('Second') + 20 };
    const after = { start: text.indexOf('Another'), end: text.length };
    expect(itemParagraph(text, credit!)).toEqual({ start: second.start, end: text.indexOf('\n\n(Yonhap)') });
    expect(itemCovers(text, credit!, [first, second])).toBe(true);
    // the shared words end before the paragraph it closes: a photo's caption, or the text's own comment, under them
    expect(itemCovers(text, credit!, [first])).toBe(false);
    // the shared words run on past the credit: a caption inside a lifted story
    expect(itemCovers(text, credit!, [second, after])).toBe(false);
    expect(itemCovers(text, credit!, [{ start: second.start, end: text.length }])).toBe(false);
  });

  it('lets a stock phrase the source shares with another item of the page void no credit: the counted passages are read too (session 22, test7 p18)', () => {
    const page = 'KIM OPENS A DOOR\n\nThe credited item, as the agency wrote it, at some length.\n\n(Kyodo)\n\nA CAR FROM MOSCOW\n\nThe Korean Central News Agency said so, the other item.\n\n(Yonhap)';
    const kyodo = new Set(['kyodo']);
    const item = { start: page.indexOf('The credited'), end: page.indexOf('\n\n(Kyodo)') };
    const stock = { start: page.indexOf('The Korean'), end: page.indexOf('The Korean') + 30 };
    const credits = itemCreditsWith(page, gaz);
    expect(creditedByItem(page, credits, kyodo, [item, stock])).toBe(false);
    expect(creditedByItem(page, credits, kyodo, [item, stock], [item])).toBe(true);
    // with no counted passage there is nothing of the source's to credit
    expect(creditedByItem(page, credits, kyodo, [stock], [])).toBe(false);
  });

  it("covers nothing outside a page laid out as items, nor words of the source before the item it closes (review, session 21)", () => {
    // a blog's photo credit after a lift, then its comment: one mark only, no page of items
    const blog = 'First lifted para.\n\nSecond lifted para.\n\nREUTERS\n\nWhat we think of it, at length.';
    const [photo] = itemCreditsWith(blog, gaz);
    expect(itemCovers(blog, photo!, [{ start: 0, end: blog.indexOf('\n\nREUTERS') }])).toBe(false);
    // the page lifted the source's words before the item too, uncredited: the credit covers its item only
    const page = 'WORLD BRIEFS\n\nLifted first.\n\nLifted second.\n\nKim visits Moscow\n\nCredited item.\n\n(Reuters)\n\nOther news\n\nMore.';
    const [credit] = itemCreditsWith(page, gaz);
    const lifted = { start: page.indexOf('Lifted first'), end: page.indexOf('\n\nKim visits') };
    const item = { start: page.indexOf('Credited item'), end: page.indexOf('\n\n(Reuters)') };
    expect(itemCovers(page, credit!, [item])).toBe(true);
    expect(itemCovers(page, credit!, [lifted, item])).toBe(false);
    // an unshared paragraph of the text's own right before the words opens no item
    const own = 'WORLD BRIEFS\n\nOur own long comment on it.\n\nCredited item.\n\n(Reuters)\n\nOther news\n\nMore.';
    const [c2] = itemCreditsWith(own, gaz);
    expect(itemCovers(own, c2!, [{ start: own.indexOf('Credited item'), end: own.indexOf('\n\n(Reuters)') }])).toBe(false);
    // the source's words in another item void the credit, a lifted paragraph or a single sentence (a stray clause was allowed, and a review lifted an exclusive sentence so)
    const stray = 'WORLD BRIEFS\n\nA clause shared by chance, then the first item goes on at length about other things.\n\nREUTERS\n\nSecond heading\n\nThe credited item itself, at some length, as the agency wrote it, and more, with a second sentence that runs on for a good many words more than the stray clause.\n\nAFP\n\nThird heading\n\nMore.';
    const afpCredit = itemCreditsWith(stray, gaz).find((x) => x.canonical === 'afp')!;
    const itemSpan = { start: stray.indexOf('The credited'), end: stray.indexOf('\n\nAFP') };
    expect(itemCovers(stray, afpCredit, [itemSpan])).toBe(true);
    expect(itemCovers(stray, afpCredit, [{ start: stray.indexOf('A clause'), end: stray.indexOf('A clause') + 24 }, itemSpan])).toBe(false);
    expect(itemCovers(stray, afpCredit, [{ start: stray.indexOf('A clause'), end: stray.indexOf('\n\nREUTERS') }, itemSpan])).toBe(false);
    // a run-in item title counts as a mark of a page ("Putin's car for Kim — …")
    const digest = "Car for Kim — Lifted first.\n\nLifted second.\n\n(AP)\n\nDelegations — Other item.";
    const [c3] = itemCreditsWith(digest, gaz);
    expect(itemCovers(digest, c3!, [{ start: 14, end: digest.indexOf('\n\n(AP)') }])).toBe(true);
    // a run-in title opens an item: a credit under the next item does not reach back over it (review of e99fb63)
    const two = "Car for Kim — Lifted first.\n\nLifted second.\n\nDoctors walk out — The page's own item.\n\nAFP\n\nKOSPI slips — Own.\n\nREUTERS";
    const items = itemCreditsWith(two, gaz);
    const afp = items.find((x) => x.canonical === 'afp')!;
    expect(itemCovers(two, afp, [{ start: 14, end: two.indexOf('\n\nDoctors') }], items)).toBe(false);
    const three = "Car for Kim — Lifted first.\n\nLifted second.\n\nDoctors walk out — The page's own item.\n\nIt goes on at length.\n\nAFP\n\nKOSPI slips — Own.\n\nREUTERS";
    const items3 = itemCreditsWith(three, gaz);
    expect(itemCovers(three, items3.find((x) => x.canonical === 'afp')!, [{ start: 14, end: three.indexOf('\n\nDoctors') }], items3)).toBe(false);
    // two photo credits make no page of items: a title is needed
    const credits2 = 'Lifted first.\n\nLifted second.\n\nOur comment.\n\nAFP\n\nMore comment.\n\nREUTERS\n\nEnd.';
    const blogItems = itemCreditsWith(credits2, gaz);
    expect(itemCovers(credits2, blogItems[0]!, [{ start: 0, end: credits2.indexOf('\n\nOur') }], blogItems)).toBe(false);
  });
});

describe('photo captions', () => {
  it('reads a short paragraph ending with a photo credit as a caption, not a sentence naming a photo', () => {
    const caps = (t: string): string[] => captionsOf(t).map((c) => t.slice(c.start, c.end));
    expect(caps('Kim at the cosmodrome. Image: Kremlin pool/file\n\nBody text follows here.')).toEqual(['Kim at the cosmodrome. Image: Kremlin pool/file']);
    expect(caps('Body.\n\nKim in Seoul on Monday. (AP Photo/Ahn Young-joon)')).toEqual(['Kim in Seoul on Monday. (AP Photo/Ahn Young-joon)']);
    expect(caps('The ministry said: photos: none were taken.\n\nHe said the credit: was due.')).toEqual([]);
  });
});

describe("a photo's caption copied with its credit", () => {
  it('is credited by the credit closing its own paragraph, page or not (test6 n12), and covers nothing beyond that paragraph', () => {
    const caption = 'This file photo shows Kim Jong Un and Vladimir Putin looking at the limousine at the cosmodrome. Yonhap';
    const text = ['Our own story opens here at some length.', caption, 'Our own story goes on.'].join('\n\n');
    const [credit] = itemCreditsWith(text, gaz);
    const cap = { start: text.indexOf('This file'), end: text.indexOf(' Yonhap') };
    expect(itemCovers(text, credit!, [cap], [credit!])).toBe(true);
    expect(itemCovers(text, credit!, [cap, { start: 0, end: 20 }], [credit!])).toBe(false);
    // a lifted block set without blank lines, its photo credit on the next line: no caption (a review)
    const block = 'Lifted one, at some length.\nLifted two, at some length.\nREUTERS\n\nOur comment on it.';
    const [c2] = itemCreditsWith(block, gaz);
    expect(itemCovers(block, c2!, [{ start: 0, end: block.indexOf('\nREUTERS') }], [c2!])).toBe(false);
  });
});

describe('item credits in the graph and the gate', () => {
  const wire = paragraphs(9901, 4);
  const other = paragraphs(9902, 4);
  const page = ['ASIA IN BRIEF', wire[0], wire[2], '(Reuters)', 'Other item', other[0], other[1]].join('\n\n');
  const docs: Doc[] = [
    { id: 'wire', text: wire.join('\n\n'), outlet: 'Reuters', kind: 'wire', publishedAt: at(1) },
    { id: 'paper', text: other.join('\n\n'), outlet: 'The Korea Times', publishedAt: at(2) },
    { id: 'page', text: page, outlet: 'Nikkei Asia', publishedAt: at(5) },
  ];
  const reuseOf = (a: ReturnType<typeof analyze>, from: string): ReuseEdge | undefined =>
    a.graph.edges.find((e): e is ReuseEdge => (e.type === 'reuses' || e.type === 'duplicates') && e.source === from && e.target === 'page');

  it("credits the wire whose item the credit closes, not the paper whose item follows it", () => {
    const a = analyze(docs);
    expect(reuseOf(a, 'wire')?.credited).toBe(true);
    expect(reuseOf(a, 'paper')?.credited).toBe(false);
  });

  it('passes the wire item at the gate and flags the lifted one', () => {
    const index = new CorpusIndex();
    index.add(docs.slice(0, 2));
    const r = checkDraft({ id: 'page', text: page, outlet: 'Nikkei Asia' }, index);
    expect(r.sources.map((s) => [s.id, s.credited]).sort()).toEqual([['paper', false], ['wire', true]]);
    // a caption's "(Reuters)" inside the lifted wire text credits nothing: the lift runs on past it
    const lift = [wire[0], wire[1], 'Kim in Pyongyang on Monday. (Reuters)', wire[2], wire[3]].join('\n\n');
    expect(checkDraft({ id: 'lift', text: lift, outlet: 'Buzz Blog' }, index).sources.find((s) => s.id === 'wire')?.credited).toBe(false);
  });

  it("hangs a brief page's credited item and another copy of an unseen wire off one source, credited", () => {
    const afp = paragraphs(9911, 4);
    const copy = [afp[0], afp[1], afp[2], afp[3], 'Copyright © 2024 AFP'].join('\n\n');
    const briefs = ['WORLD BRIEFS', afp[0], lightEdit(afp[1]!, mulberry32(7), 0.1), 'AFP', 'Other item', ...paragraphs(9913, 2)].join('\n\n');
    const a = analyze([
      { id: 'copy', text: copy, outlet: 'Digital Journal', publishedAt: at(1) },
      { id: 'briefs', text: briefs, outlet: 'The Straits Times', publishedAt: at(5) },
      ...Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, text: paragraphs(9920 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ]);
    const latent = a.graph.nodes.filter((n): n is LatentNode => n.type === 'latent');
    expect(latent.map((n) => [...n.members].sort())).toEqual([['briefs', 'copy']]);
    const edges = a.graph.edges.filter((e): e is ReuseEdge => e.type === 'reuses' && e.source === latent[0]!.id).map((e) => [e.target, e.credited]);
    expect(edges.sort()).toEqual([['briefs', true], ['copy', true]]);
  });

  it("does not make a credited copy of an unseen wire the source of a brief page's item crediting the agency, beside a wire item of the page in the corpus (test3 h12)", () => {
    const yna = paragraphs(9931, 4);
    const afp = paragraphs(9932, 4);
    const page = ['ASIA BRIEFS', yna[0], yna[2], 'YONHAP', 'Doctors walk out', afp[0], afp[1], 'AFP', 'Japan pledges help', ...paragraphs(9933, 2)].join('\n\n');
    const docs: Doc[] = [
      { id: 'yonhap', text: yna.join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(1) },
      // the AFP story itself is not in the corpus: an earlier copy that rewrote its second paragraph
      { id: 'copy', text: [afp[0], paragraphs(9934, 1)[0], afp[2], afp[3], 'Copyright © 2024 AFP'].join('\n\n'), outlet: 'Digital Journal', publishedAt: at(2) },
      { id: 'page', text: page, outlet: 'The Straits Times', publishedAt: at(6) },
      ...Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, text: paragraphs(9940 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ];
    const a = analyze(docs);
    const reuses = a.graph.edges.filter((e): e is ReuseEdge => e.type === 'reuses' || e.type === 'duplicates').map((e) => `${e.source}>${e.target}:${e.credited}`);
    expect(reuses.filter((e) => !e.startsWith('latent'))).toEqual(['yonhap>page:true']);
    expect(a.graph.nodes.filter((n): n is LatentNode => n.type === 'latent').map((n) => [...n.members].sort())).toEqual([['copy', 'page']]);
  });

  it("keeps a paper's own story the source of a blog that lifts it above a photo credit line, and of two such blogs siblings (review, session 21)", () => {
    const own = paragraphs(9951, 4);
    const mine = paragraphs(9952, 3);
    const docs = (blogs: string[][]): Doc[] => [
      { id: 'paper', text: own.join('\n\n'), outlet: 'Korea JoongAng Daily', publishedAt: at(1) },
      ...blogs.map((text, i) => ({ id: `blog${i}`, text: text.join('\n\n'), outlet: `Blog ${i}`, publishedAt: at(4 + i) })),
      ...Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, text: paragraphs(9960 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ];
    const rel = (a: ReturnType<typeof analyze>): string[] => a.graph.edges.filter((e) => e.type === 'reuses' || e.type === 'duplicates' || e.type === 'siblings').map((e) => `${e.source}>${e.target}:${e.type}`).sort();
    const one = analyze(docs([[own[0]!, own[1]!, own[2]!, 'Yonhap', mine[0]!, mine[1]!]]));
    expect(rel(one)).toEqual(['paper>blog0:reuses']);
    const theirs = paragraphs(9953, 2);
    const two = analyze(docs([[mine[0]!, own[0]!, own[1]!, own[2]!, 'AFP', mine[1]!, mine[2]!], [theirs[0]!, own[0]!, own[1]!, own[2]!, theirs[1]!]]));
    expect(two.graph.nodes.filter((n) => n.type === 'latent')).toEqual([]);
    expect(rel(two)).toEqual(['blog0>blog1:siblings', 'paper>blog0:reuses', 'paper>blog1:reuses']);
  });
});
