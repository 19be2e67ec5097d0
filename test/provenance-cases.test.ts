import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lightEdit } from '../bench/generate.js';
import { generateNewsroom } from '../bench/newsroom.js';
import { scoreNewsroom } from '../bench/newsroom-score.js';
import { analyze, checkDraft, CorpusIndex, type Doc, type DocumentNode, type LatentNode, type ReuseEdge, type SiblingEdge } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { fedRepoReport, paragraphs, ROOT } from './helpers.js';
import { parseDate } from '../src/doc.js';
import { formatSummary } from '../src/cli/summary.js';
import { markTemplates, namesOnly, namesSwapped, openingSubject, sameTable, sharedPlainWords, subjectsDiffer } from '../src/compare/template.js';
import { noTwoCompanies, oneCompanyStory, sameNotice, symbolOf, titleSymbols, titleTopic } from '../src/provenance/titles.js';
import { correctionOf, dealEnlarged, digestEntry, noticeFigures, noticeSentAgain, oneDealTwice, oneRunningStory, oneStoryAgain, oneStoryFacts, reportCarriesItem, resultsSentAgain } from '../src/provenance/told.js';
import type { Passage } from '../src/compare/align.js';

type A = ReturnType<typeof analyze>;
const edges = (a: A, type: string): ReuseEdge[] => a.graph.edges.filter((e): e is ReuseEdge => e.type === type);
const siblings = (a: A): SiblingEdge[] => a.graph.edges.filter((e): e is SiblingEdge => e.type === 'siblings');
const node = (a: A, id: string): DocumentNode => a.graph.nodes.find((n) => n.id === id) as DocumentNode;
const latents = (a: A): LatentNode[] => a.graph.nodes.filter((n): n is LatentNode => n.type === 'latent');

const edit = (paras: string[], seed: number, rate = 0.05): string => {
  const rnd = mulberry32(seed);
  return paras.map((p) => lightEdit(p, rnd, rate)).join('\n\n');
};
const at = (h: number): string => new Date(Date.UTC(2024, 2, 1, h)).toISOString();


/**
 * Through analyze: items `a` and `b` are linked, though what they share is a formula, and every
 * pair of one of them with the formula's other items (ids starting with `formula`) is a template.
 */
function expectLinkedAmongFormula(docs: Doc[], a: string, b: string, formula: string): void {
  const pairs = analyze(docs).pairs;
  const ours = (id: string): boolean => id === a || id === b;
  const pair = pairs.find((p) => ours(p.a) && ours(p.b));
  expect(pair?.relation).toBeDefined();
  expect(pair?.relation).not.toBe('template');
  const others = pairs.filter((p) => (ours(p.a) || p.a.startsWith(formula)) && (ours(p.b) || p.b.startsWith(formula)) && !(ours(p.a) && ours(p.b)));
  expect(others.length).toBeGreaterThan(3);
  for (const p of others) expect(p.relation, `${p.a} ${p.b}`).toBe('template');
}
describe('passage-level sourcing', () => {
  const wire = paragraphs(1, 6);

  it("keeps an in-corpus wire the source of its copies when the wire itself reports state media: the copies' credit to KCNA is the wire's sentence, copied (new-user walkthrough)", () => {
    const body = paragraphs(2, 8);
    const report = `North Korean state media reported on Tuesday that the leader received a gift, the Korean Central News Agency (KCNA) said. ${body[0]}`;
    const text = [report, ...body.slice(1)].join('\n\n');
    const docs: Doc[] = [
      { id: 'wire', text, outlet: 'Yonhap', kind: 'wire', publishedAt: at(1) },
      { id: 'whole', text: `In other news today.\n\n${text}\n\nThe Planet will follow the story.`, outlet: 'Daily Planet', publishedAt: at(5) },
      { id: 'part', text: `Our correspondent writes.\n\n${[report, ...body.slice(1, 4)].join('\n\n')}`, outlet: 'Morning Star', publishedAt: at(9) },
    ];
    const a = analyze(docs);
    expect(latents(a)).toEqual([]);
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')].map((e) => `${e.source}>${e.target}`).sort()).toEqual(['wire>part', 'wire>whole']);
    expect(siblings(a).map((e) => [e.source, e.target, e.via])).toEqual([['whole', 'part', 'wire']]);
  });

  // a member's credit line says whose copy it runs: since session 21 it names the unseen source ("probably Yonhap: credited … by 1 of 3") though the others name nothing
  it('credits the member of an unseen source that names the agency whose copy it runs ("Source: Yonhap"), not the others', () => {
    const wire = paragraphs(4, 14).slice(0, 6);
    const docs: Doc[] = [
      { id: 'herald', text: `${edit(wire, 41)}\n\nSource: Yonhap`, outlet: 'Korea Herald' },
      { id: 'tribune', text: edit(wire, 42), outlet: 'Seoul Tribune' },
      { id: 'busan', text: edit(wire, 43), outlet: 'Busan Daily' },
    ];
    const a = analyze(docs);
    const [latent] = latents(a);
    expect(latent?.members.slice().sort()).toEqual(['busan', 'herald', 'tribune']);
    expect([latent?.hint, latent?.hintVotes]).toEqual(['source:yonhap', 1]);
    expect(edges(a, 'reuses').map((e) => [e.target, e.credited]).sort()).toEqual([
      ['busan', false],
      ['herald', true],
      ['tribune', false],
    ]);
  });

  it("names an unseen wire by the dateline its copies keep, not by the state medium every copy quotes ('the KCNA said' is the speaker, not the copy's source)", () => {
    const body = paragraphs(3, 12);
    const wire = [`Kim received a car from Putin as a personal gift, the Korean Central News Agency (KCNA) said. ${body[0]}`, ...body.slice(1, 5), `The KCNA said the gift shows the special relations between the leaders. ${body[5]}`];
    const docs: Doc[] = [
      { id: 'herald', text: `SEOUL, Feb. 20 (Yonhap) -- ${edit(wire, 31)}`, outlet: 'Korea Herald' },
      { id: 'tribune', text: `${edit(wire, 32)}\n\nSource: Yonhap`, outlet: 'Seoul Tribune' },
      { id: 'busan', text: edit(wire.slice(0, 4), 33), outlet: 'Busan Daily' },
    ];
    const a = analyze(docs);
    const [latent] = latents(a);
    expect(latent?.members.slice().sort()).toEqual(['busan', 'herald', 'tribune']);
    expect(latent?.hint).toBe('source:yonhap');
    // a copy that names no agency but quotes the KCNA is not credited for Yonhap's words
    expect(edges(a, 'reuses').filter((e) => e.source === latent!.id).map((e) => [e.target, e.credited]).sort()).toEqual([
      ['busan', false],
      ['herald', true],
      ['tribune', true],
    ]);
  });

  /** A wire, a paper's copy of it four hours later, and the paper's update of its copy `updateHour` hours after the wire. */
  const ownUpdate = (updateHour: number): Doc[] => {
    const text = paragraphs(2, 9).join('\n\n');
    return [
      { id: 'wire', text, outlet: 'Yonhap', kind: 'wire', publishedAt: at(1) },
      { id: 'first', text: `In other news today.\n\n${text}`, outlet: 'Daily Planet', publishedAt: at(5) },
      { id: 'update', text: `Updated story.\n\n${text}\n\nThe Planet will follow the story closely.`, outlet: 'Daily Planet', publishedAt: at(updateHour) },
    ];
  };

  it("takes an outlet's update of its own copy of a wire from that copy, not from the wire as well (scenario review)", () => {
    const a = analyze(ownUpdate(7));
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')].map((e) => `${e.source}>${e.target}`)).toEqual(['wire>first']);
    expect(edges(a, 'same-outlet').map((e) => `${e.source}>${e.target}`)).toEqual(['first>update']);
    // two days later the outlet is as likely to have gone back to the wire: both edges stay
    const later = analyze(ownUpdate(55));
    expect([...edges(later, 'reuses'), ...edges(later, 'duplicates')].map((e) => `${e.source}>${e.target}`).sort()).toEqual(['wire>first', 'wire>update']);
  });

  it('counts in the summary header every directed edge it lists: an outlet reusing its own copy is named beside the reuse edges', () => {
    const a = analyze(ownUpdate(7));
    const summary = formatSummary(a);
    const header = summary.split('\n')[0]!;
    const listed = summary.split('Reuse (source → derived)\n')[1]!.split('\n\n')[0]!.split('\n').filter((l) => / → /.test(l));
    expect(edges(a, 'same-outlet')).toHaveLength(1);
    expect(header).toMatch(/, 1 same-outlet edge,/);
    // an outlet's own copy needs no credit: the line says nothing of one
    expect(listed.find((l) => l.includes('same outlet'))).toMatch(/\(\d+ words\)  \[direction/);
    const counted = [...header.matchAll(/(\d+) (?:reuse|version|quote|same-outlet) edges?/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(counted).toBe(listed.length);
  });

  it('hangs every copy of a wire story in the corpus off the wire, and calls the copies siblings, not copies of each other', () => {
    const docs: Doc[] = [
      { id: 'w', text: wire.join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(1) },
      { id: 'c1', text: edit(wire, 11), outlet: 'Paper A', publishedAt: at(2) },
      { id: 'c2', text: edit(wire, 12), outlet: 'Paper B' },
      { id: 'c3', text: edit(wire, 13), outlet: 'Paper C', publishedAt: at(4) },
    ];
    const a = analyze(docs);
    expect(edges(a, 'reuses').map((e) => `${e.source}>${e.target}`).sort()).toEqual(['w>c1', 'w>c2', 'w>c3']);
    expect(siblings(a).map((e) => [e.source, e.target, e.via])).toEqual([
      ['c1', 'c2', 'w'],
      ['c1', 'c3', 'w'],
      ['c2', 'c3', 'w'],
    ]);
    expect(a.pairs.filter((p) => p.a !== 'w' && p.b !== 'w').every((p) => p.relation === 'siblings')).toBe(true);
    expect(latents(a)).toEqual([]);
  });

  it('infers one unseen source for copies of a wire story that is not in the corpus, with the agency they credit', () => {
    const docs: Doc[] = [1, 2, 3, 4].map((i) => ({
      id: `c${i}`,
      text: `${edit(wire, 20 + i)}\n\nAFP reported the news first.`,
      outlet: `Paper ${i}`,
      ...(i % 2 === 0 ? { publishedAt: at(i) } : {}),
    }));
    const a = analyze(docs);
    expect(edges(a, 'reuses').every((e) => e.source === 'latent:1')).toBe(true);
    expect(latents(a)).toMatchObject([{ id: 'latent:1', members: ['c1', 'c2', 'c3', 'c4'], hint: 'source:afp', hintVotes: 4 }]);
    expect(latents(a)[0]!.label).toBe('unseen source; probably AFP: credited or photo-credited by 4 of 4 members');
    expect(siblings(a)).toHaveLength(6);
    expect(docs.every((d) => node(a, d.id).origin?.node === 'latent:1')).toBe(true);
    // the copies credit the agency the unseen source is attributed to
    expect(edges(a, 'reuses').every((e) => e.credited)).toBe(true);
  });

  it('keeps the copy a syndicated copy was made from as its parent (a copy of a copy)', () => {
    const c1 = edit(wire, 31);
    const docs: Doc[] = [
      { id: 'w', text: wire.join('\n\n'), outlet: 'Reuters', kind: 'wire', publishedAt: at(1) },
      { id: 'c1', text: c1, outlet: 'Paper A', publishedAt: at(2) },
      { id: 'c2', text: edit(wire, 32), outlet: 'Paper B', publishedAt: at(3) },
      { id: 'c1-syndicated', text: edit(c1.split('\n\n'), 33, 0.02), outlet: 'Paper D', publishedAt: at(5) },
    ];
    const a = analyze(docs);
    expect(node(a, 'c1-syndicated').origin).toMatchObject({ node: 'c1', basis: 'reuse' });
    expect(a.graph.droppedEdges.map((e) => `${e.source}>${e.target}:${e.explainedBy}`)).toEqual(['w>c1-syndicated:c1']);
  });

  it('finds the copy a near-verbatim copy was made from when the wire is unseen and nothing is dated', () => {
    const c1 = `${edit(wire, 41)}\n\nAFP reported the news first.`;
    const docs: Doc[] = [
      { id: 'c1', text: c1, outlet: 'Paper A' },
      ...[2, 3, 4].map((i) => ({ id: `c${i}`, text: `${edit(wire, 40 + i)}\n\nAFP reported the news first.`, outlet: `Paper ${i}` })),
      { id: 'c1-syndicated', text: edit(c1.split('\n\n'), 45, 0.02), outlet: 'Paper S' },
    ];
    const a = analyze(docs);
    // the syndicated copy keeps c1's edits and lacks nothing c1 has: c1 is its source, whatever the coverage
    expect(node(a, 'c1-syndicated').origin).toMatchObject({ node: 'c1', basis: 'reuse' });
    expect(latents(a)).toMatchObject([{ members: ['c1', 'c2', 'c3', 'c4'] }]);
    expect(['c1', 'c2', 'c3', 'c4'].every((id) => node(a, id).origin?.node === latents(a)[0]!.id)).toBe(true);
  });

  it('does not take a copy for the source of two others when only coverage orders them and a word of theirs says otherwise (generated story, fixed seed)', () => {
    // story 39 of newsroom seed 505: three copies of an unseen wire; n00184 credits the agency and covers the others' stretches
    const story = generateNewsroom({ stories: 60, seed: 505, withholdDates: 0.5 }).filter((d) => d.story === 39);
    expect(story.map((d) => d.parent)).toEqual(['L39', 'L39', 'L39']);
    const a = analyze(story.map(({ id, text, outlet, publishedAt, kind }) => ({ id, text, outlet, publishedAt, kind })));
    expect(edges(a, 'reuses').filter((e) => !e.source.startsWith('latent:'))).toEqual([]);
    expect(latents(a)).toMatchObject([{ members: story.map((d) => d.id) }]);
  });

  it('takes a copy whose stretches two siblings hold, one each, for a copy of their unseen source, not of both (generated corpus, fixed seed)', () => {
    // story 52 of newsroom seed 101: five copies of an unseen wire, none dated but one; n00238 shares
    // one stretch with n00239 and another with n00240, and a third with n00241, a sibling the words tell apart
    const docs = generateNewsroom({ stories: 60, seed: 101, withholdDates: 0.5 });
    expect(docs.filter((d) => d.story === 52).map((d) => d.parent)).toEqual(['L52', 'L52', 'L52', 'L52', 'L52']);
    const a = analyze(docs);
    const into = edges(a, 'reuses').filter((e) => e.target === 'n00238');
    expect(into.map((e) => e.source)).toEqual([latents(a).find((n) => n.members.includes('n00241'))!.id]);
    expect(siblings(a).filter((e) => [e.source, e.target].includes('n00238')).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a wire story a document merged in as its parent when the rest of it comes from an unseen source', () => {
    // t runs AP's story (itself built on a Yonhap item) and then a story of an unseen agency that S1 and S2 carry too
    const ap = paragraphs(501, 6);
    const unseen = paragraphs(502, 4);
    const own = paragraphs(503, 2);
    const docs: Doc[] = [
      { id: 'w0', text: ap.slice(2).join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(0) },
      { id: 'ap', text: ap.join('\n\n'), outlet: 'AP', kind: 'wire', publishedAt: at(1) },
      { id: 't', text: edit([...ap.slice(0, 4), ...unseen.slice(0, 4), own[0]!], 31), outlet: 'Paper T', publishedAt: at(3) },
      { id: 's1', text: edit([...unseen, own[1]!], 32), outlet: 'Paper S1', publishedAt: at(2) },
      { id: 's2', text: edit([...unseen, ...paragraphs(504, 1)], 33), outlet: 'Paper S2', publishedAt: at(4) },
    ];
    const a = analyze(docs);
    const into = edges(a, 'reuses').filter((e) => e.target === 't').map((e) => e.source).sort();
    expect(into).toEqual(['ap', latents(a)[0]!.id].sort());
  });

  it('lets one third copy with clear words against a holder outweigh others that overlap less of the stretch (generated corpus, fixed seed)', () => {
    // story 44 of newsroom seed 101: copies of an unseen AFP story; n00188 keeps wording that n00187
    // has and n00186 edited (7 word 3-grams), while three copies that hold only the start of the
    // stretch see one or none: n00186 is n00188's sibling, not its source, and so is n00187
    const docs = generateNewsroom({ stories: 60, seed: 101, withholdDates: 0.5 });
    const a = analyze(docs);
    const into = (id: string): string[] => edges(a, 'reuses').filter((e) => e.target === id).map((e) => e.source);
    const latent = latents(a).find((n) => n.members.includes('n00188'))!;
    expect(latent.members).toEqual(expect.arrayContaining(['n00186', 'n00187', 'n00188']));
    expect(['n00186', 'n00187', 'n00188'].map(into)).toEqual([[latent.id], [latent.id], [latent.id]]);
  });

  it("takes an earlier text that runs as an agency's copy and shares only a copy of an unseen source's wording for another copy of that source, not its origin", () => {
    // x carries Reuters' dateline and one paragraph of Reuters' unseen story; t took that paragraph
    // and four more from the unseen story, as s1 and s2 did; nothing but x's dateline precedes x
    const unseen = paragraphs(601, 6);
    const fresh = paragraphs(602, 3);
    const corpus = (dateline: string): Doc[] => [
      { id: 'x', text: [`${dateline}${fresh[0]!}`, ...edit([unseen[5]!], 61).split('\n\n'), fresh[1]!].join('\n\n'), outlet: 'Paper X', publishedAt: at(1) },
      { id: 's1', text: edit(unseen.slice(0, 4), 62), outlet: 'Paper S1', publishedAt: at(2) },
      { id: 's2', text: edit(unseen.slice(0, 4), 63), outlet: 'Paper S2', publishedAt: at(3) },
      { id: 't', text: [edit([...unseen.slice(0, 4), unseen[5]!], 64), fresh[2]!].join('\n\n'), outlet: 'Paper T', publishedAt: at(4) },
    ];
    const pairOf = (a: A): string | undefined => a.pairs.find((p) => [p.a, p.b].sort().join() === 't,x')?.relation;
    const credited = analyze(corpus('LONDON (Reuters) -- '));
    const latent = latents(credited).find((n) => n.members.includes('t'))!;
    expect(latent.members).toEqual(expect.arrayContaining(['s1', 's2', 't', 'x']));
    expect(node(credited, 'x').origin?.node).toBe(latent.id);
    expect(pairOf(credited)).toBe('siblings');
    // without the dateline nothing says x's words came from elsewhere: it stays an origin
    const plain = analyze(corpus(''));
    expect(node(plain, 'x').origin).toBeUndefined();
    expect(latents(plain).some((n) => n.members.includes('x'))).toBe(false);
    // its dateline credits the words it took from the unseen source: the edge is no uncredited reuse (review of sib8)
    expect(edges(credited, 'reuses').find((e) => e.target === 'x' && e.source === latent.id)?.credited).toBe(true);
    // a wire item that names no outlet and carries the agency's dateline is the agency's item: it stays the origin (review of sib8)
    const wire = analyze(corpus('LONDON (Reuters) -- ').map((d) => (d.id === 'x' ? { id: 'x', text: d.text, kind: 'wire' as const, publishedAt: d.publishedAt } : d)));
    expect(latents(wire).some((n) => n.members.includes('x'))).toBe(false);
    expect(node(wire, 'x').origin?.node).toBe('source:reuters');
  });

  it("takes an earlier agency's copy that keeps the unseen story verbatim for a sibling of the later copies that could have taken the stretch from the unseen story, not for their source", () => {
    // x runs Kyodo's dateline and two of its paragraphs unedited; t1 and t2, later, edit them differently
    const unseen = paragraphs(611, 5);
    const fresh = paragraphs(612, 6);
    const corpus = (dateline: string): Doc[] => [
      { id: 'x', text: [`${dateline}${fresh[0]!}`, unseen[2]!, unseen[3]!, fresh[1]!].join('\n\n'), outlet: 'Paper X', publishedAt: at(1) },
      { id: 't1', text: [fresh[2]!, edit(unseen.slice(2, 4), 71, 0.06), fresh[3]!].join('\n\n'), outlet: 'Paper T1', publishedAt: at(2) },
      { id: 't2', text: [fresh[4]!, edit(unseen.slice(2, 4), 72, 0.06), fresh[5]!].join('\n\n'), outlet: 'Paper T2', publishedAt: at(3) },
      // other stories, so that wording three documents share is not common in the corpus
      ...Array.from({ length: 14 }, (_, i) => ({ id: `o${i}`, text: paragraphs(620 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ];
    const relation = (a: A, x: string, y: string): string | undefined => a.pairs.find((p) => [p.a, p.b].sort().join() === [x, y].sort().join())?.relation;
    const credited = analyze(corpus('TOKYO (Kyodo) -- '));
    expect(latents(credited)).toMatchObject([{ members: ['x', 't1', 't2'] }]);
    expect([relation(credited, 'x', 't1'), relation(credited, 'x', 't2'), relation(credited, 't1', 't2')]).toEqual(['siblings', 'siblings', 'siblings']);
    // without the dateline x may be the text they copied: it stays their source
    const plain = analyze(corpus(''));
    expect(edges(plain, 'reuses').filter((e) => e.source === 'x').map((e) => e.target).sort()).toEqual(['t1', 't2']);
  });

  it("keeps a later text that holds only words of one copy of an unseen source that no sibling of that copy holds, and credits that copy's outlet, a copy of that copy (review of sib8: a paper's own paragraphs are its own)", () => {
    // A, B and C run an unseen wire story; A adds two paragraphs of its own reporting; D, later,
    // copies A's own two paragraphs (none of the wire) and credits A's outlet. (sib8 first took D
    // for another copy of the wire: words only A and D hold may be the unseen source's, but they
    // may as well be A's own, and D says they are.)
    const unseen = paragraphs(3101, 5);
    const fresh = paragraphs(3201, 6);
    const docs: Doc[] = [
      { id: 'A', text: [fresh[0]!, edit(unseen.slice(0, 3), 82), fresh[1]!].join('\n\n'), outlet: 'NK News', publishedAt: at(1) },
      { id: 'B', text: [fresh[2]!, edit(unseen.slice(0, 3), 184)].join('\n\n'), outlet: 'Paper B', publishedAt: at(2) },
      { id: 'C', text: [edit(unseen.slice(0, 3), 285), fresh[3]!].join('\n\n'), outlet: 'Paper C', publishedAt: at(3) },
      { id: 'D', text: [fresh[4]!, edit([fresh[0]!, fresh[1]!], 386), fresh[5]!, 'NK News reported the details first.'].join('\n\n'), outlet: 'Paper D', publishedAt: at(4) },
    ];
    const a = analyze(docs);
    expect(edges(a, 'reuses').filter((e) => e.target === 'D').map((e) => [e.source, e.credited])).toEqual([['A', true]]);
    expect(a.pairs.find((p) => [p.a, p.b].sort().join() === 'A,D')?.relation).toBe('reuses');
  });

  it("takes an undated article whose edits the copies of an unseen source do not keep for another copy of that source, not their origin, and keeps a wire story their origin", () => {
    // x copied the whole unseen story and s syndicated x; t1 and t2 copied most of it, keeping
    // wording x edited: nothing is dated, and x, the most complete, looks like their source
    const unseen = paragraphs(651, 6);
    const fresh = paragraphs(652, 4);
    const x = edit(unseen, 91);
    const corpus = (wire: boolean): Doc[] => [
      { id: 'x', text: x, ...(wire ? { outlet: 'Yonhap', kind: 'wire' as const } : { outlet: 'Paper X' }) },
      { id: 's', text: edit(x.split('\n\n'), 92, 0.02), outlet: 'Paper S' },
      { id: 't1', text: [fresh[0]!, edit(unseen.slice(0, 5), 93), fresh[1]!].join('\n\n'), outlet: 'Paper T1' },
      { id: 't2', text: [fresh[2]!, edit(unseen.slice(1, 6), 94), fresh[3]!].join('\n\n'), outlet: 'Paper T2' },
      // other stories, so that wording three documents share is not common in the corpus
      ...Array.from({ length: 14 }, (_, i) => ({ id: `o${i}`, text: paragraphs(660 + i, 4).join('\n\n'), outlet: `Other ${i}` })),
    ];
    const relation = (a: A, p: string, q: string): string | undefined => a.pairs.find((r) => [r.a, r.b].sort().join() === [p, q].sort().join())?.relation;
    const article = analyze(corpus(false));
    expect(latents(article)).toMatchObject([{ members: ['x', 't1', 't2'] }]);
    expect([relation(article, 'x', 't1'), relation(article, 'x', 't2'), relation(article, 'x', 's')]).toEqual(['siblings', 'siblings', 'reuses']);
    expect(edges(article, 'reuses').filter((e) => e.target === 's').map((e) => e.source)).toEqual(['x']);
    // a wire story in the corpus is not taken for a copy of an unseen one
    const wire = analyze(corpus(true));
    expect(latents(wire).some((n) => n.members.includes('x'))).toBe(false);
  });

  it("keeps a later text that takes a copy's own intro with its first wire paragraph, and credits its outlet, a copy of that copy (review of sib8)", () => {
    // c0..c4 run one unseen wire story (2% edits), each with its own intro and outro; d, later,
    // takes c4's own intro (no other document has it) and c4's first wire paragraph and credits c4's
    // outlet (sib8 first took d for another copy of the wire: it read only the stretch d shares with
    // a third document, and not the credit)
    const unseen = paragraphs(5151, 6);
    const docs: Doc[] = [0, 1, 2, 3, 4].map((i) => {
      const own = paragraphs(6000 + i, 3);
      return { id: `c${i}`, text: [own[0]!, edit(unseen, 7000 + i, 0.02), own[1]!].join('\n\n'), outlet: i === 4 ? 'NK News' : `Paper ${i}`, publishedAt: at(i) };
    });
    docs.push({ id: 'd', text: [edit(docs[4]!.text.split('\n\n').slice(0, 2), 8004, 0.03), paragraphs(6004, 3)[2]!, 'NK News reported it first.'].join('\n\n'), outlet: 'Reprint', publishedAt: at(10) });
    const a = analyze(docs);
    expect(edges(a, 'reuses').filter((e) => e.target === 'd').map((e) => [e.source, e.credited])).toEqual([['c4', true]]);
    // and without the credit, d's words alone (c4's own intro) keep it c4's copy
    const bare = analyze(docs.map((d) => (d.id === 'd' ? { ...d, text: d.text.replace('NK News reported it first.', 'The report was first.') } : d)));
    expect(edges(bare, 'reuses').filter((e) => e.target === 'd').map((e) => e.source)).toEqual(['c4']);
  });

  it("takes a later copy that keeps none of an earlier copy's own wording for that copy's sibling, not its copy, and keeps a syndicated copy's parent (generated story, fixed seed)", () => {
    // story 50 of newsroom seed 404, alone among other stories: five copies of an unseen AP story
    // and a syndicated copy of one of them (n00231 of n00230); n00226 keeps the unseen story almost
    // verbatim, and n00227, later, keeps its wording wherever another copy edited it, but none of
    // n00226's own edits
    const story = generateNewsroom({ stories: 60, seed: 404, withholdDates: 0 }).filter((d) => d.story === 50);
    expect(story.map((d) => `${d.id}<${d.parent}`).sort()).toEqual(['n00226<L50', 'n00227<L50', 'n00228<L50', 'n00229<L50', 'n00230<L50', 'n00231<n00230']);
    const docs: Doc[] = [
      ...story.map(({ id, text, outlet, publishedAt }) => ({ id, text, outlet, publishedAt })),
      ...Array.from({ length: 14 }, (_, i) => ({ id: `o${i}`, text: paragraphs(680 + i, 4).join('\n\n'), outlet: `Other ${i}` })),
    ];
    const a = analyze(docs);
    expect(a.pairs.find((p) => [p.a, p.b].sort().join() === 'n00226,n00227')?.relation).toBe('siblings');
    expect(latents(a).find((n) => n.members.includes('n00226'))?.members).toContain('n00227');
    expect(edges(a, 'duplicates').filter((e) => e.target === 'n00231').map((e) => e.source)).toEqual(['n00230']);
  });

  it('does not take a copy that edited only a word or two for the source of its siblings', () => {
    // c1 keeps the unseen wire almost verbatim; its few edits are all the words can say against it
    const docs: Doc[] = [
      { id: 'c1', text: edit(wire, 51, 0.008), outlet: 'Paper A', publishedAt: at(1) },
      ...[2, 3, 4].map((i) => ({ id: `c${i}`, text: edit(wire, 50 + i, 0.06), outlet: `Paper ${i}` })),
    ];
    const a = analyze(docs);
    expect(edges(a, 'reuses').filter((e) => e.source === 'c1')).toEqual([]);
    expect(latents(a)).toMatchObject([{ members: ['c1', 'c2', 'c3', 'c4'] }]);
  });
});

describe('a copy of a paper\'s own reporting keeps the paper as its parent (review of two sourcing rules tried in session 15 and dropped)', () => {
  const at = (h: number): string => new Date(Date.UTC(2024, 2, 1, h)).toISOString();
  const edit = (paras: readonly string[], seed: number, rate = 0.05): string => {
    const rnd = mulberry32(seed);
    return paras.map((p) => lightEdit(p, rnd, rate)).join('\n\n');
  };
  const others = (seed: number): Doc[] => Array.from({ length: 14 }, (_, i) => ({ id: `o${i}`, text: paragraphs(seed + i, 4).join('\n\n'), outlet: `Other ${i}`, kind: 'article' as const, publishedAt: at(i) }));
  const into = (a: ReturnType<typeof analyze>, id: string): string[] => a.graph.edges.filter((e): e is ReuseEdge => e.type === 'reuses' && e.target === id).map((e) => e.source);
  const relation = (a: ReturnType<typeof analyze>, x: string, y: string): string | undefined => a.pairs.find((p) => [p.a, p.b].sort().join('|') === [x, y].sort().join('|'))?.relation;

  it('when the copy rewrites the paper\'s own paragraphs and keeps the wire\'s word for word', () => {
    const unseen = paragraphs(7101, 5);
    const own = paragraphs(7201, 3);
    for (const seed of [14, 15, 16]) {
      const docs: Doc[] = [
        { id: 'x', text: [edit(unseen.slice(0, 2), 11), unseen[2], own[0], own[1]].join('\n\n'), outlet: 'Paper X', kind: 'article', publishedAt: at(1) },
        { id: 'f1', text: [edit(unseen.slice(0, 2), 12), unseen[2], edit([unseen[3]!], 22)].join('\n\n'), outlet: 'Paper F1', kind: 'article', publishedAt: at(2) },
        { id: 'f2', text: [edit(unseen.slice(0, 2), 13), unseen[2]].join('\n\n'), outlet: 'Paper F2', kind: 'article', publishedAt: at(3) },
        { id: 't', text: [paragraphs(7301, 1)[0], edit([own[0]!, own[1]!], seed), unseen[2]].join('\n\n'), outlet: 'Paper T', kind: 'article', publishedAt: at(5) },
        ...others(7400),
      ];
      const a = analyze(docs);
      expect(into(a, 't')).toEqual(['x']);
      expect(relation(a, 'x', 't')).toBe('reuses');
    }
  });

  it('when the copy carries another agency\'s dateline and names the paper, whose credit wiretrace does not know', () => {
    const unseen = paragraphs(8101, 5);
    const own = paragraphs(8201, 3);
    const xWire = edit(unseen.slice(0, 4), 11).split('\n\n');
    const docs: Doc[] = [
      { id: 'x', text: [own[0], own[1], ...xWire, 'AFP said the talks would resume next week.'].join('\n\n'), outlet: 'The Korea Herald', kind: 'article', publishedAt: at(1) },
      { id: 'f1', text: [edit(unseen.slice(0, 4), 12), 'AFP said the talks would resume next week.'].join('\n\n'), outlet: 'Paper F1', kind: 'article', publishedAt: at(2) },
      { id: 'f2', text: [edit(unseen.slice(0, 3), 13), edit([unseen[4]!], 23)].join('\n\n'), outlet: 'Paper F2', kind: 'article', publishedAt: at(3) },
      { id: 't', text: [`SEOUL, March 1 (Yonhap) -- ${edit([own[0]!], 14)}`, 'The Korea Herald reported on Monday, citing officials.', edit([own[1]!], 15), edit([xWire[0]!], 16, 0.03), paragraphs(8301, 1)[0]].join('\n\n'), outlet: 'Korea JoongAng Daily', kind: 'article', publishedAt: at(6) },
      ...others(8400),
    ];
    const a = analyze(docs);
    expect(into(a, 't')).toEqual(['x']);
    expect(relation(a, 'x', 't')).not.toBe('siblings');
  });

  it('when a news-in-brief page runs the paper\'s story below another item\'s dateline', () => {
    const unseen = paragraphs(8101, 5);
    const own = paragraphs(8201, 2);
    const xWire = edit(unseen.slice(0, 4), 11).split('\n\n');
    for (const brief of [[own[0]!, xWire[0]!, xWire[1]!, xWire[2]!], [own[0]!, own[1]!]]) {
      const docs: Doc[] = [
        { id: 'x', text: [own[0], own[1], ...xWire].join('\n\n'), outlet: 'Paper X', kind: 'article', publishedAt: at(1) },
        { id: 'f1', text: edit(unseen.slice(0, 4), 12), outlet: 'Paper F1', kind: 'article', publishedAt: at(2) },
        { id: 'f2', text: [edit(unseen.slice(0, 3), 13), edit([unseen[4]!], 23)].join('\n\n'), outlet: 'Paper F2', kind: 'article', publishedAt: at(3) },
        { id: 't', text: [`SEOUL, March 1 (Yonhap) -- ${paragraphs(8501, 1)[0]}`, paragraphs(8502, 1)[0], 'In other news:', edit(brief, 16, 0.02)].join('\n\n'), outlet: 'Daily Digest', kind: 'article', publishedAt: at(6) },
        ...others(8400),
      ];
      const a = analyze(docs);
      expect(into(a, 't')).toEqual(['x']);
    }
  });
});

describe('official text, templates, versions and same-outlet reuse', () => {
  const release = paragraphs(2, 4);

  it('draws outlets quoting an official release as quoting it, never as reused by it, whatever the dates', () => {
    const docs: Doc[] = [
      { id: 'kcna', text: release.join('\n\n'), outlet: 'KCNA', kind: 'official', publishedAt: at(9) },
      ...[1, 2, 3].map((i) => ({
        id: `a${i}`,
        text: [...paragraphs(100 + i, 1), `The statement said: “${release[i]}”`, ...paragraphs(200 + i, 2)].join('\n\n'),
        outlet: `Paper ${i}`,
        publishedAt: at(i),
      })),
    ];
    const a = analyze(docs);
    expect(edges(a, 'quotes').map((e) => `${e.source}>${e.target}`).sort()).toEqual(['kcna>a1', 'kcna>a2', 'kcna>a3']);
    expect(edges(a, 'reuses')).toEqual([]);
  });

  it('draws the official text quoted by every outlet of a small corpus as quoted, though its words are common there; two outlets quoting it quote it, not each other (scenario review)', () => {
    // the wire quotes the statement's first two sentences, which four documents hold (common wording here); the block and the quote hold all of it
    const statement = release[0]!.split('. ').slice(0, 2).join('. ');
    const others: Doc[] = Array.from({ length: 12 }, (_, i) => ({ id: `other${i}`, text: paragraphs(400 + i, 1)[0]!, outlet: `Other ${i}`, publishedAt: at(1) }));
    const docs: Doc[] = [
      { id: 'kcna', text: release.join('\n\n'), outlet: 'KCNA', kind: 'official', publishedAt: at(1) },
      { id: 'wire', text: [paragraphs(301, 1)[0], `The KCNA said: “${statement}.”`, paragraphs(302, 1)[0]].join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(2) },
      { id: 'block', text: [paragraphs(303, 1)[0], `The agency published the following account. ${release[0]}`, paragraphs(304, 1)[0]].join('\n\n'), outlet: 'Chosun Daily', publishedAt: at(3) },
      { id: 'quoting', text: [paragraphs(305, 1)[0], `State media said: “${release[0]}”`, paragraphs(306, 1)[0]].join('\n\n'), outlet: 'NK Pro', publishedAt: at(4) },
      ...others,
    ];
    const a = analyze(docs);
    expect(a.options.commonDocFrequency).toBe(4);
    const pair = a.pairs.find((p) => [p.a, p.b].sort().join() === 'block,quoting')!;
    expect(pair.relation).toBe('shared-quote');
    expect(edges(a, 'quotes').map((e) => `${e.source}>${e.target}`).sort()).toEqual(['kcna>block', 'kcna>quoting', 'kcna>wire']);
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')]).toEqual([]);
    // the wire's quote is all common wording here, and still its words are counted on the edge (not "0 words")
    expect(edges(a, 'quotes').find((e) => e.target === 'wire')!.sharedTokens).toBeGreaterThan(10);
  });

  it("keeps an edge between two papers quoting an official text when one also copies the other's own paragraphs (review)", () => {
    const analysis = paragraphs(81, 2);
    const docs: Doc[] = [
      { id: 'kcna', text: release.join('\n\n'), outlet: 'KCNA', kind: 'official', publishedAt: at(1) },
      { id: 'nkpro', text: [...analysis, `The statement read: “${release[0]} ${release[1]}”`].join('\n\n'), outlet: 'NK Pro', publishedAt: at(3) },
      { id: 'gazette', text: [paragraphs(91, 1)[0], ...analysis, paragraphs(92, 1)[0], `${release[0]} ${release[1]}`].join('\n\n'), outlet: 'Asia Gazette', publishedAt: at(6) },
    ];
    const a = analyze(docs);
    const pair = a.pairs.find((p) => [p.a, p.b].sort().join() === 'gazette,nkpro')!;
    expect(pair.relation).not.toBe('shared-quote');
    expect(a.graph.edges.some((e) => e.type !== 'cites' && e.type !== 'siblings' && [e.source, e.target].sort().join() === 'gazette,nkpro')).toBe(true);
  });

  it('does not take a stock background sentence an official statement shares with earlier articles for their quoting it (review)', () => {
    const line = 'The launch was in violation of multiple United Nations Security Council resolutions that ban North Korea from any use of ballistic missile technology.';
    const docs: Doc[] = [
      { id: 'statement', text: ['The Department of State condemns the launch conducted today.', line, paragraphs(51, 2).join('\n\n')].join('\n\n'), outlet: 'US State Department', kind: 'official', publishedAt: at(30) },
      ...[0, 1, 2, 3].map((i) => ({ id: `art${i}`, text: [paragraphs(60 + i, 2).join('\n\n'), line, paragraphs(70 + i, 1)[0]].join('\n\n'), outlet: `Paper ${'ABCD'[i]}`, publishedAt: at(1 + i) })),
    ];
    const a = analyze(docs);
    expect(edges(a, 'quotes')).toEqual([]);
    expect(a.pairs.filter((p) => p.a === 'statement' || p.b === 'statement').map((p) => p.relation)).toEqual(['template', 'template', 'template', 'template']);
  });

  it('takes an undated wire story that names the paper it took from ("the Korea JoongAng Daily reported") for its copy, credited (scenario review)', () => {
    const scoop = paragraphs(9, 17);
    const docs: Doc[] = [
      { id: 'paper', text: scoop.join('\n\n'), outlet: 'Korea JoongAng Daily' },
      { id: 'wire', text: [`${scoop[1]} the Korea JoongAng Daily reported on Wednesday.`, scoop[2], ...paragraphs(10, 3)].join('\n\n'), outlet: 'Yonhap', kind: 'wire' },
    ];
    const [e] = [...edges(analyze(docs), 'reuses'), ...edges(analyze(docs), 'duplicates')];
    expect(e).toMatchObject({ source: 'paper', target: 'wire', credited: true, direction: { basis: 'credit' } });
  });

  it('does not link formula notices that share a template and nothing else', () => {
    const rnd = mulberry32(7);
    const n = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo));
    const names = ['Acme Corp', 'Borealis Inc', 'Cinder Holdings', 'Dalton Group', 'Everest Industries', 'Fulton Corp', 'Granite Inc', 'Harbor Holdings'];
    const docs: Doc[] = names.map((co, i) => ({
      id: `n${i}`,
      text: `${co} said its board declared a quarterly dividend of ${n(2, 90)} cts per share, payable April ${n(1, 28)} to holders of record March ${n(1, 28)}.\n\nThe company previously paid ${n(2, 90)} cts per share. Net income for the quarter rose to ${n(2, 900)} mln dlrs from ${n(2, 900)} mln dlrs a year earlier.`,
      outlet: 'Reuters',
      kind: 'wire',
    }));
    const a = analyze(docs);
    expect(a.pairs.length).toBeGreaterThan(10);
    expect(a.pairs.every((p) => p.relation === 'template')).toBe(true);
    expect(a.graph.edges.filter((e) => e.type !== 'cites')).toEqual([]);
  });

  it('does not link two days of a recurring report whose fixed sentences carry no figures, but links a re-sent item', () => {
    const report = (day: number, a: number, b: number, c: number): string =>
      `Treasury balances at the Federal Reserve rose on March ${day} to ${a} mln dlrs from ${b} mln dlrs the previous business day, the Treasury said in its latest budget statement.\n\n` +
      `Balances in tax and loan note accounts were ${c} mln dlrs from ${a + c} mln dlrs on the previous business day, the Treasury said in the statement released today.`;
    const docs: Doc[] = [
      { id: 'mar3', text: report(3, 3012, 2871, 15433), outlet: 'Reuters', kind: 'wire', publishedAt: at(3) },
      { id: 'mar9', text: report(9, 4455, 3990, 17210), outlet: 'Reuters', kind: 'wire', publishedAt: at(150) },
      { id: 'paper', text: report(9, 4455, 3990, 17210), outlet: 'Daily', publishedAt: at(152) },
    ];
    const a = analyze(docs);
    const rel = new Map(a.pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('mar3|mar9')).toBe('template');
    expect(rel.get('mar3|paper')).toBe('template');
    expect(rel.get('mar9|paper')).toBe('duplicates');
  });

  it('takes items under one title a week or more apart, or a day apart under a title the outlet carries on many days, for editions of a report, and keeps a re-sent story', () => {
    const statement = 'The Bundesbank left credit policies unchanged after today\'s regular meeting of its council, a spokesman said in answer to enquiries.\n\nThe West German discount rate remains at 3.0 pct, and the Lombard emergency financing rate at 5.0 pct.';
    const wire = (id: string, title: string, text: string, h: number): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(h) });
    const relation = (docs: Doc[], x: string, y: string): string | undefined => analyze(docs).pairs.find((p) => [p.a, p.b].sort().join('|') === [x, y].sort().join('|'))?.relation;
    const council = 'BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED';
    // the same statement two weeks apart: the council's next meeting, not the story re-sent
    expect(relation([wire('mar5', council, statement, 7), wire('mar19', council, statement, 7 + 14 * 24)], 'mar5', 'mar19')).toBe('template');
    // two days apart, the same words: a re-sent story
    expect(relation([wire('mar5', council, statement, 7), wire('mar7', council, statement, 7 + 48)], 'mar5', 'mar7')).not.toBe('template');
    // a title under which the outlet files on three days or more, over a week or more, is a daily report's: the next day's item, with the same figures
    const repo = 'FED ADDS RESERVES VIA CUSTOMER REPURCHASES';
    const week = [wire('d1', repo, fedRepoReport('1.5', '6-1/4'), 12), wire('d2', repo, fedRepoReport('1.5', '6-1/4'), 36), wire('d3', repo, fedRepoReport('2', '6-1/8'), 12 + 8 * 24)];
    expect(relation(week, 'd1', 'd2')).toBe('template');
    // on two days only, or on three days in a row (a story re-sent twice), the same words a day apart stay a re-send
    expect(relation(week.slice(0, 2), 'd1', 'd2')).not.toBe('template');
    expect(relation([...week.slice(0, 2), wire('d3', repo, fedRepoReport('2', '6-1/8'), 60)], 'd1', 'd2')).not.toBe('template');
    // the same day: other figures are a later edition, the same figures the item re-sent
    const intraday = [...week, wire('d3-late', repo, fedRepoReport('3', '6'), 15 + 8 * 24), wire('d3-again', repo, fedRepoReport('2', '6-1/8'), 14 + 8 * 24)];
    expect(relation(intraday, 'd3', 'd3-late')).toBe('template');
    expect(relation(intraday, 'd3', 'd3-again')).not.toBe('template');
    // a correction keeps its link to the story it corrects
    expect(relation([...week, wire('fix', `CORRECTED - ${repo}`, fedRepoReport('1.5', '6-1/4'), 40)], 'd2', 'fix')).not.toBe('template');
    // undated items under a daily title say nothing of their days
    const undated = (id: string, text: string): Doc => ({ id, title: repo, text, outlet: 'Reuters', kind: 'wire' });
    expect(relation([...week, undated('u1', fedRepoReport('1.5', '6-1/4')), undated('u2', fedRepoReport('3', '6'))], 'u1', 'u2')).not.toBe('template');
  });

  it('keeps a story re-sent under its own title linked, however often it is re-sent, and leaves long stories and titles that name nothing alone', () => {
    const story = paragraphs(61, 3).join('\n\n');
    const wire = (id: string, title: string, text: string, h: number): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(h) });
    const relations = (docs: Doc[]): string[] => analyze(docs).pairs.map((p) => String(p.relation));
    // sent at 22:00 and re-sent 27 and 73 hours later: three days, but not a week of them
    const title = 'MINISTER DENIES CABINET RESHUFFLE REPORT';
    expect(relations([wire('s0', title, story, 22), wire('s1', title, story, 22 + 27), wire('s2', title, story, 22 + 73)])).not.toContain('template');
    // a title that names nothing ("(2)", empty) joins no two items, even a week apart
    for (const t of ['(2)', '', '---']) expect(relations([wire('a', t, story, 1), wire('b', t, story, 1 + 8 * 24)])).not.toContain('template');
    // a long story under the same title a week later reuses the first one's paragraphs: no formula item
    const long = paragraphs(62, 12);
    const later = [...paragraphs(63, 6), ...long.slice(0, 6)].join('\n\n');
    expect(long.join('\n\n').length).toBeGreaterThan(1500);
    expect(relations([wire('mar1', title, long.join('\n\n'), 1), wire('mar9', title, later, 1 + 8 * 24)])).not.toContain('template');
  });

  it('takes two items of one outlet a day or more apart whose figures changed for two editions, and keeps a re-send that corrects one figure of many', () => {
    const results = (tax: string): string =>
      `Shr nine cts vs four cts. Net 658,159 vs 299,930. Revs 3,770,341 vs 2,614,224. Avg shrs 7,382,802 vs 6,747,442. ` +
      `Oper shr 33 cts vs 18 cts. Oper net 2,287,179 vs 1,045,799. Revs 13.1 mln vs 8,577,853. Avg shrs 6,874,505 vs 5,951,612. NOTE: 1985 year net ${tax} dlr tax credit.`;
    const docs: Doc[] = [
      { id: 'mon', text: fedRepoReport('1.5', '6-3/16'), outlet: 'Reuters', kind: 'wire', publishedAt: at(11) },
      { id: 'tue', text: fedRepoReport('1.5', '6-1/4'), outlet: 'Reuters', kind: 'wire', publishedAt: at(35) },
      { id: 'tue-fix', text: fedRepoReport('1.5', '6-5/16'), outlet: 'Reuters', kind: 'wire', publishedAt: at(37) },
      { id: 'net', text: results('includes 13,000'), outlet: 'Reuters', kind: 'wire', publishedAt: at(10) },
      { id: 'net-rpt', text: results('excludes 131,000'), outlet: 'Reuters', kind: 'wire', publishedAt: at(35) },
    ];
    const a = analyze(docs);
    const rel = new Map(a.pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('mon|tue')).toBe('template');
    const editions = a.pairs.find((p) => p.a === 'mon' && p.b === 'tue')!;
    // like any template pair: nothing counted, so no coverage, closeness or verbatim share either
    expect(editions.passages.every((x) => x.kind === 'template')).toBe(true);
    expect([editions.coverage, editions.verbatimShare, editions.closeness]).toEqual([{ a: 0, b: 0 }, 0, { aInB: 0, bInA: 0 }]);
    // two hours apart: the same day's item re-sent with its rate corrected
    expect(rel.get('tue|tue-fix')).toBe('version');
    expect(rel.get('net|net-rpt')).toBe('version');
  });

  it('applies the same-outlet formula rules to wire items only, and reads a time without a zone as UTC whatever the host zone', () => {
    const column = analyze([
      { id: 'mon', text: fedRepoReport('1.5', '6-3/16'), outlet: 'Daily', publishedAt: at(11) },
      { id: 'tue', text: fedRepoReport('1.5', '6-1/4'), outlet: 'Daily', publishedAt: at(35) },
    ]);
    expect(column.pairs.map((p) => p.relation)).toEqual(['same-outlet']);
    const tz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(parseDate('2024-03-01T19:00')).toBe(Date.UTC(2024, 2, 1, 19));
      // 19 hours apart read as UTC (27 in the host's zone): the same day's item corrected, not the next edition
      const wire = analyze([
        { id: 'mon', text: fedRepoReport('1.5', '6-3/16'), outlet: 'Reuters', kind: 'wire', publishedAt: '2024-03-01' },
        { id: 'mon-fix', text: fedRepoReport('1.5', '6-1/4'), outlet: 'Reuters', kind: 'wire', publishedAt: '2024-03-01T19:00' },
      ]);
      expect(wire.pairs.map((p) => p.relation)).toEqual(['version']);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('takes two short notices of one outlet with figures of their own for one formula, and keeps an update that adds figures to its first take', () => {
    const notice = (issuer: string, amount: string, coupon: string, price: string, year: string): string =>
      `${issuer} is issuing a ${amount} mln dlr eurobond due ${year} paying ${coupon} pct and priced at ${price}, lead manager Nomura International said.\n\n` +
      `The non-callable bonds will be available in denominations of 5,000 dlrs and will be listed in Luxembourg. Fees total 1-7/8 pct.`;
    const first = notice('Asea Capital', '100', '7-1/4', '101-1/8', '1992');
    const docs: Doc[] = [
      { id: 'asea', text: first, outlet: 'Reuters', kind: 'wire', publishedAt: at(9) },
      { id: 'gasunie', text: notice('Nederlandse Gasunie', '150', '7-3/4', '100-3/8', '1994'), outlet: 'Reuters', kind: 'wire', publishedAt: at(10) },
      { id: 'asea-update', text: `${first}\n\nThe bonds were quoted at 99-7/8 bid after the launch, and the issue was increased to 125 mln dlrs on demand from Asian investors for the 7-1/4 pct coupon.`, outlet: 'Reuters', kind: 'wire', publishedAt: at(11) },
    ];
    const a = analyze(docs);
    const rel = new Map(a.pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('asea|gasunie')).toBe('template');
    expect(rel.get('asea|asea-update')).toBe('version');
  });

  it('counts stock wording that repeats the specific figures of a table in an item of the same outlet (a re-sent results item), not in two editions that share some of them or in two outlets', () => {
    // the table's wording is stock (six other companies use it: STOCK_DF independent groups), so
    // on its own it is formula; the same four specific figures on both sides make it one table told twice
    const rnd = mulberry32(3);
    const big = (): string => `${1 + Math.floor(rnd() * 9)},${100 + Math.floor(rnd() * 900)},000`;
    const mln = (): string => `${10 + Math.floor(rnd() * 90)}.${1 + Math.floor(rnd() * 9)}`;
    const figures = (): string[] => [big(), big(), mln(), mln()];
    const filler = paragraphs(71, 20);
    const item = (id: string, k: number, f: string[], outlet = 'Reuters'): Doc => ({ id, text: `${filler[2 * k]}\n\nNet ${f[0]} vs ${f[1]}. Revs ${f[2]} mln vs ${f[3]} mln.\n\n${filler[2 * k + 1]}`, outlet, kind: 'wire' });
    const a = figures();
    const b = figures();
    const bNext = [b[0]!, big(), b[2]!, mln()];
    const c = figures();
    const docs = [item('a', 0, a), item('a-rpt', 1, a), item('b', 8, b), item('b-next', 9, bNext), item('c', 10, c, 'Dow Jones'), item('c-other', 11, c, 'AFX'), ...[2, 3, 4, 5, 6, 7].map((k) => item(`co${k}`, k, figures()))];
    const pairs = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p]));
    const resent = pairs.get('a|a-rpt')!;
    expect(resent.relation).toBe('same-outlet');
    expect(resent.passages.map((x) => [x.kind, x.common ?? false])).toEqual([['verbatim', false]]);
    // the next edition keeps two of its four figures: stock wording, a template pair
    expect(pairs.get('b|b-next')!.relation).toBe('template');
    expect(pairs.get('b|b-next')!.passages.every((x) => x.common)).toBe(true);
    // two outlets with the same figures in the same stock wording may both have them from the company: not a copy
    expect(pairs.get('c|c-other')!.relation).toBe('template');
    // the counted passage's figures are taken anew for the re-send
    expect(resent.coverage.a).toBeGreaterThan(0);
    expect(resent.verbatimShare).toBe(1);
  });

  it('counts a stock dividend notice sent twice under two titles of one listed company within days, not two companies or two quarters', () => {
    // the dividend formula is stock (many companies send it); its cents and dates are common figures, so sameTable never applies
    const notice = (cts: number, pay: string, rec: string) => `Qtly div ${cts} cts vs ${cts} cts prior\n    Pay ${pay}\n    Record ${rec}\n Reuter`;
    const wordy = (cts: string, pay: string, rec: string) => `Qtly div ${cts} cts vs ${cts} cts prior\n    Pay ${pay}\n    Record ${rec}\n Reuter`;
    const wire = (id: string, title: string, text: string, iso: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    const others = ['ALPHA <ALP>', 'BETA CORP <BTA>', 'GAMMA INC <GMA>', 'DELTA CO <DLT>', 'EPSILON <EPS>', 'ZETA <ZTA>', 'ETA CORP <ETA>'].map((t, i) =>
      wire(`o${i}`, `${t} SETS QUARTERLY`, notice(10 + 3 * i, `July ${i + 1}`, `June ${i + 10}`), `1987-06-0${i + 1}T12:00:00Z`),
    );
    const docs = [
      wire('nyn', 'NYNEX CORP <NYN> SETS QTLY DIVIDEND', notice(95, 'August three', 'June 30'), '1987-06-18T14:54:00Z'),
      wire('nyn-again', 'NYNEX CORP <NYN> QUARTERLY DIVIDEND', notice(95, 'Aug 3', 'June 30'), '1987-06-18T15:52:00Z'),
      // the same company's next quarter, the same cents and days of the month: months later, another notice
      wire('nyn-next', 'NYNEX CORP <NYN> SETS QTLY DIVIDEND', notice(95, 'Aug 3', 'June 30'), '1987-09-18T14:54:00Z'),
      // another company, the same cents and dates: the formula told of two companies
      wire('bell', 'BELL ATLANTIC <BEL> SETS QTLY DIVIDEND', notice(95, 'Aug 3', 'June 30'), '1987-06-18T16:00:00Z'),
      // cents in words leave two figures: the notice sent twice is still the whole of both items
      wire('frk', 'FRANKLIN RESOURCES INC <BEN> SETS QUARTERLY', wordy('six', 'April 10', 'March 27'), '1987-03-20T12:00:00Z'),
      wire('frk-again', 'FRANKLIN RESOURCES INC <BEN> QTLY DIVIDEND', wordy('six', 'April 10', 'March 27'), '1987-03-20T14:00:00Z'),
      // its preferred dividend the same hour shares only the pay and record days: half of each item
      wire('frk-pfd', 'FRANKLIN RESOURCES INC <BEN> PREFERRED PAYOUT', `${wordy('five', 'April 10', 'March 27').replace('Qtly div five cts vs five cts prior', 'Qtly div on 9-1/4 pct cumulative preferred shares 58 cts vs 58 cts prior, the first since its issue in 1985')}`, '1987-03-20T13:00:00Z'),
      ...others,
      // notices in words are stock too
      ...['IOTA <IOT>', 'KAPPA CORP <KPA>', 'LAMBDA INC <LMB>', 'MU CO <MUC>', 'NU CORP <NUC>', 'XI INC <XIC>'].map((t, i) => wire(`w${i}`, `${t} SETS QUARTERLY`, wordy('six', `April ${i + 1}`, `March ${i + 10}`), `1987-03-0${i + 1}T12:00:00Z`)),
    ];
    const rel = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('frk|frk-again')).toBeDefined();
    expect(rel.get('frk|frk-again')).not.toBe('template');
    expect(rel.get('frk-again|frk-pfd') ?? 'template').toBe('template');
    expect(rel.get('nyn|nyn-again')).toBeDefined();
    expect(rel.get('nyn|nyn-again')).not.toBe('template');
    expect(rel.get('nyn-again|nyn-next')).toBe('template');
    expect(rel.get('nyn-again|bell')).toBe('template');
  });

  it('takes no two notices for one sent twice when they are undated, of two securities, of two companies, articles, or of other figures (review of sameNotice)', () => {
    const stock = (x: string, y: string): Pick<Passage, 'a' | 'b'>[] => [{ a: { start: 0, end: x.length }, b: { start: 0, end: y.length } }];
    const wire = (title: string, text: string, iso?: string): Doc => ({ id: title, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const div = (amt: string, pay: string, rec: string) => `Qtly div ${amt} vs ${amt} prior Payable ${pay} to holders of record ${rec}`;
    const at = (x: Doc, y: Doc): boolean | 'few-figures' => sameNotice(x, y, stock(x.text, y.text));
    const a = wire('NYNEX CORP <NYN> SETS QTLY DIVIDEND', div('95 cts', 'Aug 3', 'June 30'), '1987-06-18T14:54:00Z');
    const again = wire('NYNEX CORP <NYN> QUARTERLY DIVIDEND', div('95 cts', 'Aug 3', 'June 30'), '1987-06-18T15:52:00Z');
    expect(at(a, again)).toBe(true);
    // undated, or one of them: nothing bounds the gap (two quarters at one rate carry the same figures)
    expect(at({ ...a, publishedAt: undefined }, { ...again, publishedAt: undefined })).toBe(false);
    expect(at(a, { ...again, publishedAt: undefined })).toBe(false);
    // a zoneless date is read as UTC whatever the host's zone: 7 days less 2 hours apart
    const zone = process.env.TZ;
    try {
      for (const tz of ['America/New_York', 'Asia/Tokyo']) {
        process.env.TZ = tz;
        expect(at({ ...a, publishedAt: '1987-06-11T12:00:00Z' }, { ...again, publishedAt: '1987-06-18T10:00:00' })).toBe(true);
        expect(at({ ...a, publishedAt: '1987-06-11T12:00:00Z' }, { ...again, publishedAt: '1987-06-18T14:00:00' })).toBe(false);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    // the common and the preferred dividend share only their pay and record days: too few figures to say alone
    expect(at(a, wire('NYNEX CORP <NYN> SETS PREFERRED DIVIDEND', div('1.50 dlrs', 'Aug 3', 'June 30'), '1987-06-18T15:10:00Z'))).not.toBe(true);
    // the title's own company is its first symbol: a merger title naming the other company second is not its notice
    expect(at(wire('ALPHA CORP <ALP> SETS QTLY DIVIDEND', div('25 cts', 'Aug 3', 'June 30'), '1987-06-18T14:54:00Z'), wire('KAPPA <KAP> TO MERGE WITH ALPHA <ALP>', div('25 cts', 'Aug 3', 'June 30'), '1987-06-19T10:00:00Z'))).toBe(false);
    // two companies whose names share a word, identical notices
    expect(at(wire('FIRST UNION CORP <FUNC> SETS QUARTERLY', div('95 cts', 'Aug 3', 'June 30'), '1987-06-18T14:54:00Z'), wire('FIRST CHICAGO CORP <FNB> SETS QUARTERLY', div('95 cts', 'Aug 3', 'June 30'), '1987-06-18T15:00:00Z'))).toBe(false);
    // one company, another dividend the same week: other figures
    expect(at(a, wire('NYNEX CORP <NYN> RAISES QTLY DIVIDEND', div('1.05 dlrs', 'Sept 3', 'July 30'), '1987-06-19T14:54:00Z'))).toBe(false);
    // articles: the formula rules never run after, so nothing may link them here
    expect(at({ ...a, kind: 'article' }, { ...again, kind: 'article' })).toBe(false);
  });

  it('takes two items opening with one company within a day for one story (their stock wording counts), not a rating agency on two companies, a person, or undated items', () => {
    const slots = (w: string): boolean => !['investors', 'service', 'treasury', 'secretary'].includes(w);
    const wire = (title: string, text: string, iso?: string): Doc => ({ id: title, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const nb = wire('NATIONAL BEVERAGE TO ACQUIRE FAYGO BEVERAGES', '<National Beverage Corp>\nsaid it agreed to acquire <Faygo Beverages Inc> for an undisclosed amount of cash.', '1987-04-09T15:23:00Z');
    const nb2 = wire('NATIONAL BEVERAGE TO ACQUIRE FAYGO', '<National Beverage Corp>\nsaid it agreed to acquire privately held Faygo Beverages Inc for an undisclosed amount of cash.', '1987-04-09T15:54:00Z');
    expect(oneCompanyStory(nb, nb2, slots)).toBe(true);
    // more than a day apart, or without dates: nothing says it is one story
    expect(oneCompanyStory(nb, { ...nb2, publishedAt: '1987-04-11T15:54:00Z' }, slots)).toBe(false);
    expect(oneCompanyStory({ ...nb, publishedAt: undefined }, { ...nb2, publishedAt: undefined }, slots)).toBe(false);
    // without the corpus's informative words, never
    expect(oneCompanyStory(nb, nb2, undefined)).toBe(false);
    // another company
    expect(oneCompanyStory(nb, wire('NATIONAL CAN TO ACQUIRE', '<National Can Corp> said it agreed to acquire a unit for an undisclosed amount of cash.', '1987-04-09T16:00:00Z'), slots)).toBe(false);
    // a rating agency's notices on two listed companies: two symbols
    const m1 = wire("MOODY'S MAY DOWNGRADE PIEDMONT <PIE>", "Moody's Investors Service Inc said it may downgrade Piedmont.", '1987-04-10T10:00:00Z');
    const m2 = wire("MOODY'S MAY DOWNGRADE RESORTS <RT>", "Moody's Investors Service Inc said it may downgrade Resorts.", '1987-04-10T12:00:00Z');
    expect(oneCompanyStory(m1, m2, slots)).toBe(false);
    expect(oneCompanyStory(m1, { ...m2, title: "MOODY'S MAY DOWNGRADE PIEDMONT <PIE> NOTES" }, slots)).toBe(true);
    // a person's or an office's words are no company's
    const b1 = wire('BAKER SEES ACCORD', 'U.S. Treasury Secretary James Baker said talks would go on.', '1987-04-10T10:00:00Z');
    const b2 = wire('BAKER SEES LOWER SURPLUS', 'U.S. Treasury Secretary James Baker said the surplus would fall.', '1987-04-10T11:00:00Z');
    expect(oneCompanyStory(b1, b2, slots)).toBe(false);
  });

  it('takes a report of a deal and the item that confirms it within a day for one deal (the same terms, one rare name in both titles), not two issuers on the same terms', () => {
    const slots = (w: string): boolean => !['bank', 'japan', 'international'].includes(w);
    const wire = (title: string, text: string, iso?: string): Doc => ({ id: title, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const stock = (x: Doc, y: Doc, from: string): Pick<Passage, 'a' | 'b'>[] => [{ a: { start: x.text.indexOf(from), end: x.text.length }, b: { start: y.text.indexOf(from), end: y.text.length } }];
    const at = (x: Doc, y: Doc, s = slots): boolean => oneDealTwice(x, y, stock(x, y, 'The coupon'), s);
    const report = wire('NABISCO EXPECTED TO ISSUE DOLLAR STRAIGHT', 'Nabisco Brands Inc, or one of its units, is expected to issue shortly a dollar straight eurobond, bond market sources said. The coupon is 8-3/4 pct and the price 101-3/8 pct.', '1987-06-02T04:43:00Z');
    const issue = wire('RJR NABISCO INC ISSUES 100 MLN DLR EUROBOND', 'RJR Nabisco Inc is issuing a 100 mln dlr eurobond, lead manager Bank of America International said. This confirms an earlier report. The coupon is 8-3/4 pct and the price 101-3/8 pct.', '1987-06-02T07:11:00Z');
    expect(at(report, issue)).toBe(true);
    // more than a day apart, undated, or without the corpus's informative words: nothing says it is one deal
    expect(at(report, { ...issue, publishedAt: '1987-06-04T07:11:00Z' })).toBe(false);
    expect(at({ ...report, publishedAt: undefined }, { ...issue, publishedAt: undefined })).toBe(false);
    expect(oneDealTwice(report, issue, stock(report, issue, 'The coupon'), undefined)).toBe(false);
    // another issuer on the same terms the same day: no name in both titles
    const other = wire('CARGILL ISSUES 100 MLN DLR EUROBOND', 'Cargill Inc is issuing a 100 mln dlr eurobond, lead manager Bank of America International said. The coupon is 8-3/4 pct and the price 101-3/8 pct.', '1987-06-02T08:00:00Z');
    expect(at(issue, other)).toBe(false);
    // two issuers whose titles share only a name many documents use
    const j1 = wire('JAPAN DEVELOPMENT BANK ISSUES EUROBOND', 'Japan Development Bank is issuing a eurobond. The coupon is 8-3/4 pct and the price 101-3/8 pct.', '1987-06-02T08:00:00Z');
    const j2 = wire('JAPAN AIRLINES ISSUES EUROBOND', 'Japan Airlines is issuing a eurobond. The coupon is 8-3/4 pct and the price 101-3/8 pct.', '1987-06-02T09:00:00Z');
    expect(at(j1, j2)).toBe(false);
    expect(at(j1, j2, () => true)).toBe(true);
    // other terms: the same issuer's second bond
    expect(at(issue, wire('RJR NABISCO INC ISSUES SWISS FRANC NOTES', 'RJR Nabisco Inc is issuing Swiss franc notes. The coupon is 4-1/2 pct and the price 100-1/4 pct.', '1987-06-02T09:00:00Z'))).toBe(false);
    // titles about two listed companies
    expect(at({ ...report, title: 'NABISCO <NB> EXPECTED TO ISSUE DOLLAR STRAIGHT' }, { ...issue, title: 'RJR NABISCO INC <RJR> ISSUES 100 MLN DLR EUROBOND' })).toBe(false);
    // articles: the formula rules never run after, so nothing may link them here
    expect(at({ ...report, kind: 'article' }, { ...issue, kind: 'article' })).toBe(false);
    // the terms both items carry, though the stock passage they share holds only the coupon (a bond raised the same morning)
    const terms = 'due May 6, 1990 at 8-1/4 pct';
    const h1 = wire('HAMBURGISCHE LB ISSUES 50 MLN CANADIAN DLR NOTES', `Hamburgische Landesbank is issuing a 50 mln Canadian dollar issue ${terms} and priced at 101-3/8, said Merrill Lynch as lead manager.`, '1987-03-19T09:26:00Z');
    const h2 = wire('HAMBURGISCHE LB BOND RAISED TO 75 MLN CANADIAN DLRS', `The Hamburgische Landesbank bond issued earlier today ${terms} and 101-3/8 has been increased to 75 mln dlrs, said Merrill Lynch.`, '1987-03-19T12:36:00Z');
    const held = (x: Doc, y: Doc): Pick<Passage, 'a' | 'b'>[] => [{ a: { start: x.text.indexOf(terms), end: x.text.indexOf(terms) + terms.length }, b: { start: y.text.indexOf(terms), end: y.text.indexOf(terms) + terms.length } }];
    expect(oneDealTwice(h1, h2, held(h1, h2), slots)).toBe(true);
    const repriced = { ...h2, text: h2.text.replace('101-3/8', '101-1/2') };
    expect(oneDealTwice(h1, repriced, held(h1, repriced), slots)).toBe(false);
    // nor do the fees every notice quotes ("a 7/8 pct selling concession, 1/2 pct fees") make a second bond of the issuer the first one
    const fees = ' There is a 7/8 pct selling concession and a 1/2 pct combined fee.';
    const second = { ...repriced, text: repriced.text + fees };
    expect(oneDealTwice({ ...h1, text: h1.text + fees }, second, held(h1, second), slots)).toBe(false);
    // fees and concessions with a whole part are fees too (review: two bonds of one issuer the same morning)
    const tail = 'Denominations are 5,000 dlrs and listing is in Luxembourg. Payment date is March 26.';
    const b1 = wire('HAMBURGISCHE LB ISSUES 50 MLN CANADIAN DLR NOTES', `Hamburgische Landesbank is issuing a 50 mln Canadian dlr bond due 1992 at 8-1/4 pct and priced at 101-3/8, said Merrill Lynch. Fees total 1-7/8 pct, of which 1-1/4 is the selling concession. ${tail}`, '1987-03-19T09:26:00Z');
    const b2 = wire('HAMBURGISCHE LB ISSUES 100 MLN AUSTRALIAN DLR BOND', `Hamburgische Landesbank is issuing a 100 mln Australian dlr bond due 1990 at 14-1/2 pct and priced at 101-1/2, said Hambros. The selling concession is 1-1/4 pct and total fees 1-7/8 pct. ${tail}`, '1987-03-19T11:40:00Z');
    const atTail = (x: Doc): { start: number; end: number } => ({ start: x.text.indexOf(tail), end: x.text.indexOf(tail) + tail.length });
    expect(oneDealTwice(b1, b2, [{ a: atTail(b1), b: atTail(b2) }], slots)).toBe(false);
    // two funds of one family paid and recorded on the same days: days of the month are no deal's terms
    const fund = (name: string, cts: string): Doc => wire(`FRANKLIN ${name.toUpperCase()} SETS MONTHLY PAYOUT`, `Franklin ${name} said it set its payout. The coupon is Mthly div ${cts} cts vs ${cts} cts prior Pay April 30 Record April 15 NOTE: Franklin ${name} Tax-Free Income Fund.`, '1987-04-13T11:53:00Z');
    expect(at(fund('High Yield', '7.1'), { ...fund('California', '7.1'), publishedAt: '1987-04-13T12:40:00Z' })).toBe(false);
  });

  it('counts the stock terms a deal\'s report and its confirmation share within a day, not those of two issuers on the same terms', () => {
    const wire = (id: string, title: string, text: string, iso: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    // a corpus large enough for its informative names (200 documents or more), and the bond formula in many issuers' notices
    const filler = paragraphs(601, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-05-${String(10 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    const issuers = ['Alpha Corp', 'Beta Inc', 'Gamma Co', 'Delta Corp', 'Epsilon Inc', 'Zeta Co', 'Eta Corp', 'Theta Inc'];
    const others = issuers.map((n, i) => wire(`o${i}`, `${n.toUpperCase()} ISSUES EUROBOND`, `${n} is issuing a ${5 + i} year eurobond paying ${7 + (i % 3)}-1/${2 + (i % 3) * 2} pct and priced at ${100 + i}-1/8 pct, lead manager ${['Nomura', 'Daiwa', 'Citicorp', 'Morgan'][i % 4]} said. REUTER`, `1987-05-0${i + 1}T10:00:00Z`));
    const docs = [
      ...filler,
      ...others,
      wire('nab', 'NABISCO EXPECTED TO ISSUE DOLLAR STRAIGHT', 'Nabisco Brands Inc, or one of its units, is expected to issue shortly a dollar straight eurobond, bond market sources said. They said they expect the issue will have a seven year maturity, paying 8-3/4 pct and priced at 101-3/8 pct. REUTER', '1987-06-02T04:43:00Z'),
      wire('rjr', 'RJR NABISCO INC ISSUES 100 MLN DLR EUROBOND', 'RJR Nabisco Inc is issuing a 100 mln dlr eurobond due June 30, 1994 paying 8-3/4 pct and priced at 101-3/8 pct, lead manager Bank of America International Ltd said. This confirms an earlier report by bond market sources. REUTER', '1987-06-02T07:11:00Z'),
      // another issuer on the same terms the same morning
      wire('car', 'CARGILL ISSUES 100 MLN DLR EUROBOND', 'Cargill Inc is issuing a 200 mln dlr eurobond due May 15, 1992 paying 8-3/4 pct and priced at 101-3/8 pct, lead manager Salomon Brothers said. REUTER', '1987-06-02T08:00:00Z'),
    ];
    const pairs = analyze(docs).pairs;
    const rel = (x: string, y: string): string | undefined => pairs.find((p) => [p.a, p.b].sort().join('|') === [x, y].sort().join('|'))?.relation;
    expect(rel('nab', 'rjr')).toBeDefined();
    expect(rel('nab', 'rjr')).not.toBe('template');
    expect(rel('car', 'nab')).toBe('template');
    expect(rel('car', 'rjr')).toBe('template');
  });

  it('takes two items of one listed company within a day whose shared wording names the same names for one story told again, not its formula or two companies', () => {
    const slots = (w: string): boolean => !['inc', 'corp', 'co', 'securities', 'exchange', 'commission'].includes(w);
    const wire = (title: string, text: string, iso?: string): Doc => ({ id: title, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const span = (d: Doc, s: string) => ({ start: d.text.indexOf(s), end: d.text.indexOf(s) + s.length });
    const shared = (x: Doc, y: Doc, s: string, tokens = s.split(/\s+/).length): Pick<Passage, 'a' | 'b' | 'kind' | 'tokens'>[] => [{ a: span(x, s), b: span(y, s), kind: 'template', tokens }];
    const bid = 'Mark IV Industries Inc <IV>, which has said it is mulling a bid to seek control of Baird Corp';
    const first = wire('MARK IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY', `${bid}, said it does not plan to buy the company.`, '1987-03-19T14:00:00Z');
    const again = wire('MARK IV CORRECTS AGREEMENT WITH BAIRD <BATM>', `${bid}, corrected its account of an agreement with Baird.`, '1987-03-20T08:00:00Z');
    expect(oneStoryAgain(first, again, shared(first, again, bid), slots)).toBe(true);
    // 20 hours apart or more (two editions of a report when their figures changed), undated, articles, or without the corpus's informative words
    expect(oneStoryAgain(first, { ...again, publishedAt: '1987-03-20T10:30:00Z' }, shared(first, again, bid), slots)).toBe(false);
    expect(oneStoryAgain({ ...first, publishedAt: undefined }, { ...again, publishedAt: undefined }, shared(first, again, bid), slots)).toBe(false);
    expect(oneStoryAgain({ ...first, kind: 'article' }, { ...again, kind: 'article' }, shared(first, again, bid), slots)).toBe(false);
    expect(oneStoryAgain(first, again, shared(first, again, bid), undefined)).toBe(false);
    // titles about two listed companies, or one title with no symbol
    expect(oneStoryAgain(first, { ...again, title: 'CONRAC <CAX> CORRECTS AGREEMENT WITH MARK IV' }, shared(first, again, bid), slots)).toBe(false);
    expect(oneStoryAgain(first, { ...again, title: 'MARK IV CORRECTS AGREEMENT WITH BAIRD' }, shared(first, again, bid), slots)).toBe(false);
    // the company's name and its formula: too few words
    const formula = 'Mark IV Industries Inc said it has received a';
    const c1 = wire('MARK IV <IV> GETS CONTRACT', `${formula} 16 mln dlr contract.`, '1987-03-19T14:00:00Z');
    const c2 = wire('MARK IV <IV> TO EXPAND PLANT', `${formula} permit to expand its plant.`, '1987-03-19T16:00:00Z');
    expect(oneStoryAgain(c1, c2, shared(c1, c2, formula), slots)).toBe(false);
    // a few words naming another name: too few, unless one says it corrects or re-sends the other
    const few = 'seek control of Baird';
    const plain = { ...again, title: 'MARK IV DROPS AGREEMENT WITH BAIRD <BATM>' };
    expect(oneStoryAgain(first, plain, shared(first, plain, few), slots)).toBe(false);
    expect(oneStoryAgain(first, { ...plain, title: 'CORRECTED-MARK IV DROPS AGREEMENT WITH BAIRD <BATM>' }, shared(first, plain, few), slots)).toBe(true);
    // formula wording that names no rare name on both sides
    const filing = 'said it filed with the Securities and Exchange Commission a registration statement covering';
    const f1 = wire('MARK IV <IV> FILES FOR OFFERING', `The company ${filing} 100 mln dlrs of notes.`, '1987-03-19T14:00:00Z');
    const f2 = wire('MARK IV <IV> FILES FOR SHARE OFFERING', `The company ${filing} two mln shares.`, '1987-03-19T15:00:00Z');
    expect(oneStoryAgain(f1, f2, shared(f1, f2, filing), slots)).toBe(false);
    // a company's recurring notice names only the company: its own name is no shared story (review)
    const post = 'Sun Co said it raised the contract prices it will pay for all grades of crude oil';
    const s1 = wire('SUN <SUN> RAISES CRUDE POSTINGS', `${post} by 50 cts a barrel.`, '1987-03-19T08:00:00Z');
    const s2 = wire('SUN <SUN> RAISES CRUDE POSTINGS AGAIN', `${post} by 25 cts a barrel.`, '1987-03-19T20:00:00Z');
    expect(oneStoryAgain(s1, s2, shared(s1, s2, post), slots)).toBe(false);
    // a quotation both carry is no shared story of their own words
    expect(oneStoryAgain(first, again, shared(first, again, bid).map((x) => ({ ...x, kind: 'quote' as const })), slots)).toBe(false);
    // figures are no names (two specific figures: one story's facts, below, but not its names)
    const fig = 'The company said it now holds 6,512,000 shares or 19.9 pct of the stock after buying more';
    const g1 = wire('MARK IV <IV> RAISES STAKE', `${fig} yesterday.`, '1987-03-19T08:00:00Z');
    const g2 = wire('MARK IV <IV> STAKE', `${fig} on Monday.`, '1987-03-19T09:00:00Z');
    expect(oneStoryAgain(g1, g2, shared(g1, g2, fig), slots)).toBe(false);
    // a results story and the story on it carry the same specific figures: one story, however few words they share
    const loans = 'medium and long-term loans to borrowers in Brazil';
    const r1 = wire('IRVING BANK <V> CITES LOANS IN EARNING DECLINE', `Irving Bank Corp said its first quarter earnings fell to 28.6 mln dlrs from 30.4 mln dlrs after it placed 215 mln dlrs of ${loans} on non-accrual. Earnings per share were 1.51 dlr against 1.62 dlr.`, '1987-04-13T10:40:00Z');
    const r2 = wire('IRVING BANK <V> 1ST-QTR NET HURT BY BRAZIL', `Irving Bank Corp said placing ${loans} and Ecuador on non-accrual hurt its net. Irving put 215 mln dlrs of Brazilian loans on non-accrual. Earnings per share dropped to 1.51 dlrs from 1.62.`, '1987-04-13T12:24:00Z');
    expect(oneStoryFacts(r1, r2, shared(r1, r2, loans), slots)).toBe(true);
    expect(oneStoryFacts(r1, r2, shared(r1, r2, loans), undefined)).toBe(false);
    // the names path does not take them: too few words shared
    expect(oneStoryAgain(r1, r2, shared(r1, r2, loans), slots)).toBe(false);
    // two such figures are a story's facts too (a table and the story on it: Ford Canada's "67.7 mln" and "199.0 mln"); one is not
    const fewer = { ...r2, text: r2.text.replace('1.62', '1.60') };
    expect(oneStoryFacts(r1, fewer, shared(r1, fewer, loans), slots)).toBe(true);
    const one = { ...fewer, text: fewer.text.replace('1.51', '1.50') };
    expect(oneStoryFacts(r1, one, shared(r1, one, loans), slots)).toBe(false);
    // a table under the company's symbol and the story titled by its name alone, whose opening names the symbol (Alusuisse)
    const table = wire('ALUSUISSE <ALUZ.Z> YEAR 1986', 'Net loss 688 mln Swiss francs vs loss 756 mln Gross sales 5.93 billion vs 8.51 billion Note - company plans capital reduction. REUTER', '1987-03-13T04:35:00Z');
    const story = wire('ALUSUISSE SEES POSSIBLE BREAK-EVEN IN 1987', 'Schweizerische Aluminium AG <ALUZ.Z> (Alusuisse) may be able to break even this year, its chief executive said. Alusuisse made a net loss of 688 mln Swiss francs in 1986 after 756 mln in 1985. Gross sales were 5.93 billion francs after 8.51 billion. REUTER', '1987-03-13T06:24:00Z');
    const gross = 'Gross sales 5.93 billion vs 8.51 billion';
    const sales = [{ a: span(table, gross), b: { start: 0, end: 10 }, kind: 'template' as const, tokens: 7 }];
    expect(oneStoryFacts(table, story, sales, slots)).toBe(true);
    expect(oneStoryFacts(story, table, sales.map((x) => ({ ...x, a: x.b, b: x.a })), slots)).toBe(true);
    // not when the story's title opens with another word, carries a symbol of its own, or its opening does not name the symbol
    expect(oneStoryFacts(table, { ...story, title: 'SWISS ALUMINIUM SEES POSSIBLE BREAK-EVEN' }, sales, slots)).toBe(false);
    expect(oneStoryFacts(table, { ...story, title: 'ALUSUISSE <ALUS.Z> SEES POSSIBLE BREAK-EVEN' }, sales, slots)).toBe(false);
    expect(oneStoryFacts(table, { ...story, text: story.text.replace('<ALUZ.Z> ', '') }, sales, slots)).toBe(false);
    expect(oneStoryFacts(table, { ...story, text: `${paragraphs(79, 2).join(' ').slice(0, 300)} ${story.text}` }, sales, slots)).toBe(false);
    // a correction's mark before the story's title; a U.S. listing's suffix (review)
    expect(oneStoryFacts(table, { ...story, title: 'CORRECTED - ALUSUISSE SEES POSSIBLE BREAK-EVEN' }, sales, slots)).toBe(true);
    expect(oneStoryFacts({ ...table, title: 'ALUSUISSE <ALUZ.O> YEAR 1986' }, { ...story, text: story.text.replace('<ALUZ.Z>', '<ALUZ>') }, sales, slots)).toBe(true);
    // (review) a story opening with another company, a part or a buyer of the listed one, or naming another of the table's symbols first
    const opening = (o: string): Doc => ({ ...story, text: story.text.replace('Schweizerische Aluminium AG <ALUZ.Z> (Alusuisse)', o) });
    for (const o of ['Alusuisse Lonza Inc, owned by Schweizerische Aluminium AG <ALUZ.Z>,', 'Alusuisse Canada, a unit of Schweizerische Aluminium AG <ALUZ.Z>,', 'Wholly-owned Schweizerische Aluminium AG <ALUZ.Z> unit, <Alusuisse Lonza>,', 'Schweizerische Aluminium AG <ALUZ.Z> unit Alusuisse Lonza', 'Alusuisse Lonza, sold by Schweizerische Aluminium AG <ALUZ.Z> last week,', 'Alusuisse Lonza owned by Schweizerische Aluminium AG <ALUZ.Z>', 'Alusuisse Lonza said, after Schweizerische Aluminium AG <ALUZ.Z> reported,', 'The Swiss aluminium and packaging maker Alusuisse Schweizerische Aluminium AG <ALUZ.Z>']) expect(oneStoryFacts(table, opening(o), sales, slots), o).toBe(false);
    expect(oneStoryFacts({ ...table, title: 'ALUSUISSE <ALUZ.Z> BUYS LONZA <LONZ.Z> STAKE' }, opening('Lonza AG <LONZ.Z>'), sales, slots)).toBe(false);
    expect(oneStoryFacts({ ...table, title: 'ALUSUISSE <ALUZ.Z> BUYS LONZA <LONZ.Z> STAKE' }, story, sales, slots)).toBe(true);
    // nor three under two companies' symbols, a day apart, or with no words shared but a quotation
    expect(oneStoryFacts(r1, { ...r2, title: 'CHEMICAL <CHL> 1ST-QTR NET HURT BY BRAZIL' }, shared(r1, r2, loans), slots)).toBe(false);
    expect(oneStoryFacts(r1, { ...r2, publishedAt: '1987-04-14T08:00:00Z' }, shared(r1, r2, loans), slots)).toBe(false);
    expect(oneStoryFacts(r1, r2, shared(r1, r2, loans).map((x) => ({ ...x, kind: 'quote' as const })), slots)).toBe(false);
    // round figures, years and fractions are what formulas share, not a story's facts
    const round = (t: string) => wire(t, 'The company said it filed to offer 100 mln dlrs of notes due 1997 paying 8-3/4 pct, priced at 101-3/8, with 1,000 dlr denominations.', '1987-04-13T10:40:00Z');
    const o1 = round('IRVING BANK <V> FILES NOTES');
    const o2 = { ...round('IRVING BANK <V> TO OFFER NOTES'), publishedAt: '1987-04-13T12:00:00Z' };
    expect(oneStoryFacts(o1, o2, shared(o1, o2, 'The company said it filed to offer'), slots)).toBe(false);
    // nor are clock times, ranges and dates (review): two stories of one company at 1430 GMT on fiscal 2023-24 share no facts
    const t1 = wire('TESLA <TSLA.O> CUTS MODEL Y PRICES', 'Tesla Inc cut prices of its Model Y, its website showed at 1430 GMT on 2024-05-31. Fiscal 2023-24 deliveries were flat.', '2024-05-31T11:00:00Z');
    const t2 = wire('TESLA <TSLA.O> TO HOLD SHAREHOLDER VOTE', 'Tesla Inc will hold its shareholder meeting, it said at 1430 GMT on 2024-05-31. It did not comment on fiscal 2023-24 pay.', '2024-05-31T12:00:00Z');
    expect(oneStoryFacts(t1, t2, shared(t1, t2, 'Tesla Inc'), slots)).toBe(false);
  });

  it('takes one company\'s notice sent again with its dates written another way for one notice, not its next quarter\'s, its preferred dividend or another company\'s', () => {
    const wire = (id: string, title: string, text: string, iso?: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const words: Pick<Passage, 'kind'>[] = [{ kind: 'template' }];
    const first = wire('lnc', 'LINCOLN NATIONAL CORP <LNC> VOTES DIVIDEND', 'Qtly div 54 cts vs 54 cts prior qtr\n    Pay 1 May\n    Record 10 April\n Reuter', '1987-03-12T12:49:00Z');
    const again = wire('lnc2', 'LINCOLN NATIONAL CORP <LNC> SETS QUARTERLY', 'Qtly div 54 cts vs 54 cts prior\n    Pay May One\n    Record April 10\n Reuter', '1987-03-12T13:49:00Z');
    // a month with its day before or after it, in digits or spelt, is one date
    expect(noticeFigures(first.text)).toEqual(noticeFigures(again.text));
    expect(noticeFigures('Pay twenty-one May, record Sept. 3rd; Mayor 5 and 2 Marches').figures).toEqual(['2', '5', 'date:5-21', 'date:9-3']);
    // (review) ordinals either side, a year in one sending only, the day before the month read first, a day the month has not, "may" the verb, a fraction
    expect(noticeFigures('Pay 1st May, record 30th April')).toEqual(noticeFigures('Pay May 1, 1987 Record April 30, 1987'));
    expect(noticeFigures('Pay 1 May 2 June')).toEqual({ figures: ['date:5-1', 'date:6-2'], dates: 2 });
    expect(noticeFigures('Record thirty-one April').dates).toBe(0);
    expect(noticeFigures('it may 15 pct').dates).toBe(0);
    expect(noticeFigures('Pay March 4').figures).not.toEqual(noticeFigures('Pay 3/4').figures);
    expect(noticeSentAgain(first, again, words)).toBe(true);
    expect(noticeSentAgain(again, first, words)).toBe(true);
    // the next quarter's notice (other dates), the preferred dividend (another amount), another company, a day and more apart, undated, articles, long items, only a quotation shared
    expect(noticeSentAgain(first, { ...again, text: again.text.replace('May One', 'August One').replace('April 10', 'July 10') }, words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, text: again.text.replace(/54/g, '75') }, words)).toBe(false);
    // (review) another class's amount spelt out, with the years both write; a figure more
    const spelt = (x: Doc, amount: string): Doc => ({ ...x, text: `Qtly div ${amount} cts vs ${amount} cts prior\n    Pay April 15, 1987\n    Record March 31, 1987\n Reuter` });
    expect(noticeSentAgain(spelt(first, 'five'), spelt(again, 'five'), words)).toBe(true);
    expect(noticeSentAgain(spelt(first, 'five'), spelt(again, 'four'), words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, text: again.text.replace('Reuter', 'Note: 99 cts extra Reuter') }, words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, text: again.text.replace('Reuter', 'Note: an extra payment June 30 Reuter') }, words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, title: 'LINCOLN TELEPHONE CO <LTEL> SETS QUARTERLY' }, words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, title: 'LINCOLN NATIONAL CORP SETS QUARTERLY' }, words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, publishedAt: '1987-03-13T13:00:00Z' }, words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, publishedAt: undefined }, words)).toBe(false);
    expect(noticeSentAgain(first, { ...again, kind: 'article' }, words)).toBe(false);
    const story = { ...again, text: `${again.text} ${paragraphs(77, 5).join(' ').replace(/\d|\b(?:one|two|three|four|five|six|seven|eight|nine)\b/gi, '')}` };
    expect(story.text.length).toBeGreaterThan(1500);
    expect(noticeFigures(story.text)).toEqual(noticeFigures(first.text));
    expect(noticeSentAgain(first, story, words)).toBe(false);
    expect(noticeSentAgain(first, again, [{ kind: 'quote' }])).toBe(false);
    // figures without a date, or fewer than three
    const noDates = (x: Doc): Doc => ({ ...x, text: x.text.replace(/Pay.*\n.*Record.*\n/, 'Payable 30 days after the 8 dlr split\n') });
    expect(noticeSentAgain(noDates(first), noDates(again), words)).toBe(false);
    const few = (x: Doc): Doc => ({ ...x, text: x.text.replace(/54 cts vs 54 cts prior( qtr)?/, 'dividend omitted') });
    expect(noticeSentAgain(few(first), few(again), words)).toBe(false);
    // through analyze: every notice is the formula, yet the one sent again is linked and the next company's is not
    const companies = ['ACME', 'BOREAL', 'CINDER', 'DALTON', 'EVEREST', 'FULTON', 'GRANITE', 'HARBOR', 'IRONWOOD', 'JASPER', 'KESTREL', 'LAUREL'];
    const notices = companies.map((c, i) => wire(`n${i}`, `${c} CORP <${c.slice(0, 3)}> SETS QUARTERLY`, `Qtly div ${10 + i} cts vs ${10 + i} cts prior\n    Pay May ${i + 2}\n    Record April ${i + 12}\n Reuter`, `1987-03-${String(2 + i).padStart(2, '0')}T12:00:00Z`));
    const filler = paragraphs(711, 120).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    expectLinkedAmongFormula([...filler, ...notices, first, again], 'lnc', 'lnc2', 'n');
  });

  it('takes one company\'s results sent again under the same title within hours for the same results, not its dividends, other titles or another day', () => {
    const wire = (id: string, title: string, text: string, iso?: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const words: Pick<Passage, 'kind'>[] = [{ kind: 'template' }];
    const title = 'LIFE OF INDIANA CORP <LIFI> 4TH QTR LOSS';
    const first = wire('lifi', title, 'Shr loss two cts vs profit six cts\n    Net loss 103,000 vs profit 319,000\n    Revs 4,357,000 vs 6,494,000\n    Year\n    Shr profit 22 cts vs profit 10 cts\n    Net profit 1,236,000 vs profit 570,000\n Reuter', '1987-03-25T10:37:00Z');
    const again = wire('lifi2', `${title} `, 'Shr loss 19 cts vs profit 57 cts\n    Net loss 103,005 vs profit 319,344\n    Year\n    Shr profit 22 cts vs profit 10 cts\n    Net profit 1,236,347 vs profit 570,222\n Reuter', '1987-03-25T11:51:00Z');
    expect(resultsSentAgain(first, again, words)).toBe(true);
    expect(resultsSentAgain(again, first, words)).toBe(true);
    expect(resultsSentAgain(first, { ...again, title: 'Life of Indiana Corp <LIFI> 4th Qtr  Loss' }, words)).toBe(true);
    // another title, no symbol, a dividend's title, more than three hours apart, undated, articles, a quotation alone
    expect(resultsSentAgain(first, { ...again, title: 'LIFE OF INDIANA CORP <LIFI> YEAR LOSS' }, words)).toBe(false);
    const plain = 'LIFE OF INDIANA CORP 4TH QTR LOSS';
    expect(resultsSentAgain({ ...first, title: plain }, { ...again, title: plain }, words)).toBe(false);
    const payout = 'LIFE OF INDIANA CORP <LIFI> SETS QUARTERLY';
    expect(resultsSentAgain({ ...first, title: payout }, { ...again, title: payout }, words)).toBe(false);
    // (review) a results word in the company's name is no results
    const named = 'PROFIT TECHNOLOGY INC <PRTE> SETS QUARTERLY';
    expect(resultsSentAgain({ ...first, title: named }, { ...again, title: named }, words)).toBe(false);
    expect(resultsSentAgain(first, { ...again, publishedAt: '1987-03-25T13:40:00Z' }, words)).toBe(false);
    expect(resultsSentAgain(first, { ...again, publishedAt: undefined }, words)).toBe(false);
    expect(resultsSentAgain(first, { ...again, kind: 'article' }, words)).toBe(false);
    expect(resultsSentAgain(first, again, [{ kind: 'quote' }])).toBe(false);
    // through analyze: every table is the formula, yet the results sent again are linked and other companies' are not
    const companies = ['ACME', 'BOREAL', 'CINDER', 'DALTON', 'EVEREST', 'FULTON', 'GRANITE', 'HARBOR', 'IRONWOOD', 'JASPER', 'KESTREL', 'LAUREL'];
    const tables = companies.map((c, i) => wire(`t${i}`, `${c} CORP <${c.slice(0, 3)}> 4TH QTR LOSS`, `Shr loss ${i + 3} cts vs profit ${i + 7} cts\n    Net loss ${i + 1}03,000 vs profit ${i + 2}19,000\n    Year\n    Shr profit ${i + 12} cts vs profit ${i + 4} cts\n    Net profit ${i + 1},236,000 vs profit ${i + 5}70,000\n Reuter`, `1987-03-${String(2 + i).padStart(2, '0')}T12:00:00Z`));
    const filler = paragraphs(713, 120).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    expectLinkedAmongFormula([...filler, ...tables, first, again], 'lifi', 'lifi2', 't');
  });

  it('takes an item and its correction a day later for one story told again, though the correction changed its figures, and nothing else for a correction', () => {
    const wire = (id: string, title: string, text: string, iso?: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const table = (q: string, year: string): string => `Shr loss ${q} vs profit 12 cts Net loss 4,512,000 vs profit 1,210,000 Revs 31.2 mln vs 29.8 mln Year ${year} vs profit 41 cts Net loss 5,733,000 vs profit 4,180,000 Revs 121.6 mln vs 114.9 mln NOTE: Company's fourth quarter includes a provision for possible loan losses. REUTER`;
    const first = wire('mlc', 'MANHATTAN NATIONAL CORP <MLC> 4TH QTR LOSS', table('84 cts', 'Shr loss 1.07 dlrs'), '1987-03-23T14:47:00Z');
    // the correction restates the per-share figures and the year's loss
    const fixed = wire('mlc-c', 'CORRECTED - MANHATTAN NATIONAL CORP <MLC> 4TH', table('94 cts', 'Shr loss 1.17 dlrs').replace('5,733,000', '6,233,000').replace('1,210,000', '1,120,000'), '1987-03-24T13:16:00Z');
    const words: Pick<Passage, 'kind'>[] = [{ kind: 'template' }];
    const is = (x: Doc, y: Doc, passages = words): boolean => correctionOf(x, y, passages);
    const fix = (title: string, iso = fixed.publishedAt): Doc => ({ ...fixed, title, publishedAt: iso });
    expect(is(first, fixed)).toBe(true);
    expect(is(fixed, first)).toBe(true);
    // the marks a correction or repeat carries
    for (const title of ['(CORRECTED) - MANHATTAN NATIONAL CORP <MLC> 4TH', '<CORRECTED> - MANHATTAN NATIONAL CORP <MLC> 4TH QTR', 'RPT-MANHATTAN NATIONAL CORP <MLC> 4TH QTR LOSS', 'REPEAT - MANHATTAN NATIONAL <MLC> 4TH QTR LOSS', 'MANHATTAN NATIONAL <MLC> 4TH QTR LOSS (RPT)', 'MANHATTAN NATIONAL <MLC> CORRECTS 4TH QTR LOSS']) expect(is(first, fix(title)), title).toBe(true);
    // not an update, a story about a correction, a company's name, or the symbol <RPT> (RepublicBank's)
    for (const title of ['UPDATE - MANHATTAN NATIONAL CORP <MLC> 4TH QTR LOSS', 'MANHATTAN NATIONAL <MLC> PROMISES TO CORRECT 4TH QTR LOSS', 'MANHATTAN NATIONAL <MLC> 4TH QTR LOSS CORRECTION', 'MANHATTAN NATIONAL CORP <MLC> 4TH']) expect(is(first, fix(title)), title).toBe(false);
    const rpt = (id: string, title: string, iso: string): Doc => wire(id, title, first.text, iso);
    expect(is(rpt('m1', 'MELLON BANK <MEL> RAISES PRIME RATE', '1987-03-23T14:00:00Z'), rpt('m2', 'MELLON BANK <MEL>, REPUBLICBANK <RPT> RAISE PRIME RATE', '1987-03-23T15:00:00Z'))).toBe(false);
    expect(is(rpt('r1', 'REPUBLICBANK <RPT> RAISES PRIME RATE', '1987-03-23T14:00:00Z'), rpt('r2', 'CORRECTED - REPUBLICBANK <RPT> RAISES PRIME RATE', '1987-03-23T15:00:00Z'))).toBe(true);
    // the correction comes after its item, within 30 hours; both dated wire items sharing some wording besides quotations
    expect(is({ ...first, title: fixed.title }, { ...fixed, title: first.title })).toBe(false);
    expect(is(first, fix(fixed.title!, '1987-03-24T16:30:00Z'))).toBe(true);
    expect(is(first, fix(fixed.title!, '1987-03-24T21:00:00Z'))).toBe(false);
    expect(is({ ...first, publishedAt: undefined }, fixed)).toBe(false);
    expect(is({ ...first, kind: 'article' }, { ...fixed, kind: 'article' })).toBe(false);
    expect(is(first, fixed, [{ kind: 'quote' }])).toBe(false);
    // both marked (a company whose name holds a like word is no correction either), another company, another thing said of the company, another share class
    expect(is({ ...first, title: 'CORRECTED - MANHATTAN NATIONAL CORP <MLC> 4TH QTR LOSS' }, fixed)).toBe(false);
    expect(is(first, fix('CORRECTED - FIRST FEDERAL <FFED> 4TH QTR LOSS'))).toBe(false);
    expect(is(first, fix('CORRECTED - MANHATTAN NATIONAL CORP <MLC> SETS QUARTERLY DIVIDEND'))).toBe(false);
    // half of what the shorter title says of the company, function words aside, is enough: "SETS PAYOUT" / "RAISES PAYOUT"
    const said = (x: string, y: string): boolean => is(wire('x', `FEDERAL PAPER BOARD CO <FBT> ${x}`, first.text, '1987-03-17T13:43:00Z'), wire('y', `CORRECTED - FEDERAL PAPER <FBT> ${y}`, first.text, '1987-03-18T14:53:00Z'));
    expect(said('SETS PAYOUT', 'RAISES PAYOUT')).toBe(true);
    expect(said('SEES HIGHER 1987 EARNINGS', 'SEES LOWER SALES')).toBe(false);
    expect(said('TO SELL UNIT', 'TO BUY PLANT')).toBe(false);
    expect(is(wire('s1', 'SILVER STATE MINING <SSMC> SEES PRODUCTION RISE', first.text, '1987-03-23T14:47:00Z'), wire('s2', 'SILVER STATE MINING <SSMC> CORRECTS NET', first.text, '1987-03-24T10:00:00Z'))).toBe(false);
    const bf = (id: string, title: string, iso: string): Doc => wire(id, title, first.text, iso);
    expect(is(bf('a', 'BROWN-FORMAN INC <BFD.A> <BFD.B> CLASS A PAYOUT', '1987-03-23T14:00:00Z'), bf('b', 'CORRECTED - BROWN-FORMAN INC <BFD.A> <BFD.B> CLASS B PAYOUT', '1987-03-23T18:00:00Z'))).toBe(false);
    expect(is(bf('a', 'BROWN-FORMAN INC <BFD.A> <BFD.B> CLASS B PAYOUT', '1987-03-23T14:00:00Z'), bf('b', 'CORRECTED - BROWN-FORMAN INC <BFD.A> <BFD.B> CLASS B PAYOUT', '1987-03-23T18:00:00Z'))).toBe(true);
    // an article is no share class (review): "SEES A RISE" / "SEES RISE"; a lower-case mark in brackets is no symbol
    expect(is(bf('a', 'MOBIL <MOB> SEES A RISE IN 1987 NET', '1987-03-23T14:00:00Z'), bf('b', 'CORRECTED - MOBIL <MOB> SEES RISE IN 1987 NET', '1987-03-23T18:00:00Z'))).toBe(true);
    expect(titleSymbols('<Corrected> - MOBIL <MOB> SEES RISE IN 1987 NET')).toEqual(['mob']);
    expect(titleSymbols('Mobil <mob.n> sees rise in 1987 net')).toEqual(['mob']);
    // what the title says of the company, after its symbol ("UNIT" is said, not part of the name)
    expect(titleTopic('ACME <ACM> UNIT SELLS NOTES')).toEqual(['unit', 'sells', 'notes']);
    expect(titleTopic('MARK IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY')).toEqual(['mark', 'iv', 'says', 'it', 'does', 'not', 'plan', 'baird', 'buy']);
    // through analyze: a day apart with a figure changed reads as two editions of a report without the rule; with it, one story corrected
    const filler = paragraphs(703, 40).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    const relation = (docs: Doc[]): string | undefined => analyze(docs).pairs.find((p) => [p.a, p.b].sort().join('|') === 'mlc|mlc-c')?.relation;
    expect(relation([...filler, first, fixed])).toBeDefined();
    expect(relation([...filler, first, fixed])).not.toBe('template');
    expect(relation([...filler, first, { ...fixed, title: 'MANHATTAN NATIONAL CORP <MLC> 4TH' }])).toBe('template');
  });

  it('counts the wording two items of one listed company share within hours when it names the same names, though the passage rules took it for a formula, and not between two companies', () => {
    const wire = (id: string, title: string, text: string, iso: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    // a corpus large enough for its informative names (200 documents or more)
    const filler = paragraphs(701, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    // a formula sentence with other figures and companies (a template) as long as the sentence they share: the pair reads as two instances of a formula
    const bid = 'It is mulling a bid to seek control of Baird Corp, its chairman Sal Iacono told reporters in New York.';
    const holds = (x: string, y: string, co: string, x2: string, y2: string, co2: string) => `said it now holds ${x} mln shares, or ${y} pct, of ${co} and ${x2} mln shares, or ${y2} pct, of ${co2}.`;
    const docs = [
      ...filler,
      wire('first', 'MARK IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY', `Mark IV Industries Inc <IV> ${holds('6.5', '19.9', 'Zeta Corp', '3.1', '8.8', 'Omega Inc')} ${bid} REUTER`, '1987-03-19T14:00:00Z'),
      wire('again', 'MARK IV CORRECTS AGREEMENT WITH BAIRD <BATM>', `Mark IV Industries Inc <IV> ${holds('7.2', '21.4', 'Kappa Inc', '4.4', '11.3', 'Sigma Corp')} ${bid} REUTER`, '1987-03-19T17:00:00Z'),
      // another company's item the same day in the same words
      wire('other', 'CONRAC <CAX> WEIGHS BAIRD <BATM> BID', `Conrac Corp <CAX> ${holds('1.1', '7.2', 'Delta Co', '2.2', '5.5', 'Theta Inc')} ${bid} REUTER`, '1987-03-19T19:00:00Z'),
    ];
    const pairs = analyze(docs).pairs;
    const pair = (x: string, y: string) => pairs.find((p) => [p.a, p.b].sort().join('|') === [x, y].sort().join('|'));
    const told = pair('first', 'again')!;
    expect(told.relation).toBeDefined();
    expect(told.relation).not.toBe('template');
    // restored as the words they are, counted
    expect(told.passages.length).toBe(2);
    expect(told.passages.every((x) => x.kind === 'verbatim' || x.kind === 'rewritten')).toBe(true);
    expect(told.coverage.a).toBeGreaterThan(0);
    expect(pair('first', 'other')!.relation).toBe('template');
    // two outlets' items: no outlet telling its story again
    const two = analyze(docs.map((d) => (d.id === 'again' ? { ...d, outlet: 'AP' } : d))).pairs.find((p) => [p.a, p.b].sort().join('|') === 'again|first')!;
    expect(two.passages.every((x) => x.kind === 'template')).toBe(true);
  });

  it('reads names, numbers, share classes and sentences as wire copy writes them (third review of session 17)', () => {
    const slots = (w: string): boolean => !['london', 'exchange', 'rule', 'trading', 'bond', 'yen', 'billion'].includes(w);
    const wire = (id: string, title: string, text: string, iso: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    const long = paragraphs(731, 6).join(' ');
    const pair = (titleA: string, titleB: string, line: string, lead = 'Zorvia dealers said on Monday that'): [Doc, Doc, Pick<Passage, 'a' | 'b' | 'kind' | 'tokens'>[]] => {
      const a = wire('a', titleA, `${lead} ${line} during its hours. ${long}`, '1987-03-09T08:15:00Z');
      const b = wire('b', titleB, `Zorvia officials said ${line} but could be settled. REUTER`, '1987-03-09T13:03:00Z');
      const span = (d: Doc) => ({ start: d.text.indexOf(line), end: d.text.indexOf(line) + line.length });
      return [a, b, [{ a: span(a), b: span(b), kind: 'verbatim', tokens: line.split(' ').length }]];
    };
    // numbers spelt out with a capital or a hyphen are no names
    for (const n of ['Sixteen', 'Twenty-five', 'Ninety']) {
      const [a, b, p] = pair('ZORVIA TALKS COULD END IN LONDON', 'LONDON SEES ZORVIA TALKS ENDING', `the talks ended after argument. ${n} delegations of the members left the city on the last day of the talks`);
      expect(oneRunningStory(a, b, p, slots), n).toBe(false);
      const named = pair('ZORVIA TALKS COULD END IN LONDON', 'LONDON SEES ZORVIA TALKS ENDING', `the talks ended after argument. Oskar delegations of the members left the city on the last day of the talks`);
      expect(oneRunningStory(...named, slots)).toBe(true);
    }
    // a title's name runs on through "&", dots and hyphens ("Zorvia & Kestrel", "U.S.", "Zorvia-Kestrel"), but not past the end of its sentence
    const count = (titleA: string, line: string): boolean => {
      const [a, b, p] = pair(titleA, 'LONDON SEES ZORVIA RULE SETTLED', line);
      return oneRunningStory(a, b, p, slots);
    };
    const tail = 'might limit the trading of Oskar members';
    expect(count('ZORVIA RULE COULD AFFECT TRADING', `the Zorvia & Kestrel Exchange Board of Governors ${tail} here`)).toBe(false);
    expect(count('ZORVIA RULE COULD AFFECT TRADING', `the Zorvia and Kestrel Exchange Board of Governors ${tail} here`)).toBe(false);
    expect(count('ZORVIA RULE COULD AFFECT TRADING', `the Zorvia-Kestrel Exchange Board of Governors ${tail} in the city`)).toBe(false);
    expect(count('ZORVIA RULE COULD AFFECT U.S. TRADING', `the Zorvia rule of the U.S. Securities Exchange Board ${tail}`)).toBe(false);
    expect(count('ZORVIA RULE COULD AFFECT TRADING', `the Zorvia rule of the U.S. Securities Exchange Board ${tail}`)).toBe(true);
    expect(count('ZORVIA RULE COULD AFFECT TRADING', `the rule was in Zorvia. Oskar Exchange Board Governors ${tail}`)).toBe(true);
    // a joining word joins two capitalised words only ("Zorvia and the members": the story's words)
    expect(count('ZORVIA RULE COULD AFFECT TRADING', `Zorvia and the members ${tail} here now`)).toBe(true);
    // the text's hyphenated name holds the title's (sharedTitleName)
    const [ha, hb, hp] = pair('ZORVIA RULE COULD AFFECT TRADING', 'LONDON SEES RULE SETTLED FOR ZORVIA', `a rule of the Oskar Exchange ${tail} across the whole of the city and its markets`, 'Zorvia-Kestrel dealers said on Monday that');
    const hyphened = { ...hb, text: hb.text.replace('Zorvia officials', 'Zorvia-Kestrel officials') };
    expect(hyphened.text).not.toMatch(/Zorvia /);
    expect(oneRunningStory(ha, hyphened, hp, slots)).toBe(true);
    // a company form is no topic of a correction ("USX <X> UNIT SELLS ASSETS" / "… UNIT TO CLOSE"); nor "A SHARES" of "B SHARES", "SERIES A" of "SERIES B"
    const item = (title: string, iso = '1987-03-23T10:00:00Z'): Doc => wire(title, title, 'Qtly div 54 cts vs 54 cts prior Pay May One Record April 10 Reuter', iso);
    const w: Pick<Passage, 'kind'>[] = [{ kind: 'template' }];
    expect(correctionOf(item('USX <X> UNIT SELLS ASSETS'), item('CORRECTED - USX <X> UNIT TO CLOSE', '1987-03-23T14:00:00Z'), w)).toBe(false);
    expect(correctionOf(item('USX <X> SETS PAYOUT ON B SHARES'), item('CORRECTED - USX <X> SETS PAYOUT ON A SHARES', '1987-03-23T14:00:00Z'), w)).toBe(false);
    expect(correctionOf(item('USX <X> SETS PAYOUT ON SERIES B NOTES'), item('CORRECTED - USX <X> SETS PAYOUT ON SERIES A NOTES', '1987-03-23T14:00:00Z'), w)).toBe(false);
    expect(correctionOf(item('USX <X> SETS PAYOUT ON SERIES B NOTES'), item('CORRECTED - USX <X> SETS PAYOUT ON SERIES B NOTES', '1987-03-23T14:00:00Z'), w)).toBe(true);
  });

  it('takes two takes of a running story whose titles name the same rare name for one story told again, not a formula title, two short items or a few words', () => {
    const slots = (w: string): boolean => !['london', 'exchange', 'crop', 'weather', 'summary', 'rule', 'trading'].includes(w);
    const wire = (id: string, title: string, text: string, iso?: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const line = 'The Zorvia Exchange rule might be used to limit the trading activities of Kestrel members in London';
    const long = paragraphs(711, 6).join(' ');
    const first = wire('first', 'ZORVIA RULE COULD AFFECT TRADING IN LONDON', `Dealers said on Monday that a ${line} during its hours. ${long}`, '1987-03-09T08:15:00Z');
    const later = wire('later', 'LONDON SEES ZORVIA RULE PROBLEM BEING SETTLED', `A spokeswoman said talks went well. She said a ${line} but the problem could be settled. ${paragraphs(719, 1)[0]} REUTER`, '1987-03-09T13:03:00Z');
    const span = (d: Doc, x: string) => ({ start: d.text.indexOf(x), end: d.text.indexOf(x) + x.length });
    const shared = (x: Doc, y: Doc, words = line, kind: Passage['kind'] = 'verbatim'): Pick<Passage, 'a' | 'b' | 'kind' | 'tokens'>[] => [{ a: span(x, words), b: span(y, words), kind, tokens: words.split(' ').length }];
    expect(oneRunningStory(first, later, shared(first, later), slots)).toBe(true);
    // without the corpus's informative names, more than 20 hours apart, undated, articles
    expect(oneRunningStory(first, later, shared(first, later), undefined)).toBe(false);
    expect(oneRunningStory(first, { ...later, publishedAt: '1987-03-10T06:00:00Z' }, shared(first, later), slots)).toBe(false);
    expect(oneRunningStory({ ...first, publishedAt: undefined }, later, shared(first, later), slots)).toBe(false);
    expect(oneRunningStory({ ...first, kind: 'article' }, { ...later, kind: 'article' }, shared(first, later), slots)).toBe(false);
    // two short items (formula items are), titles sharing only a formula word, one formula title filled twice, two listed companies
    const short = { ...first, text: first.text.slice(0, first.text.indexOf(long)) };
    expect(oneRunningStory(short, later, shared(short, later), slots)).toBe(false);
    expect(oneRunningStory(first, { ...later, title: 'LONDON SEES RULE PROBLEM BEING SETTLED' }, shared(first, later), slots)).toBe(false);
    const crop = (x: string): string => `${x} CROP WEATHER SUMMARY -- ZORVIA`;
    expect(oneRunningStory({ ...first, title: crop('CHINA') }, { ...later, title: crop('BRAZIL') }, shared(first, later), slots)).toBe(false);
    expect(oneRunningStory({ ...first, title: 'ZORVIA <ZRV> RULE COULD AFFECT TRADING' }, { ...later, title: 'KESTREL <KST> SEES ZORVIA RULE SETTLED' }, shared(first, later), slots)).toBe(false);
    // a possessive in a title names the same name
    expect(oneRunningStory(first, { ...later, title: "LONDON SEES ZORVIA'S RULE PROBLEM SETTLED" }, shared(first, later), slots)).toBe(true);
    // what two stories of one subject share by naming it (review: the OECD Economic Outlook's country stories, "… for Economic
    // Cooperation and Development (OECD) said in its semi-annual review of the world economy"): under 12 words outside the name
    const oecd = 'The Organisation for Economic Cooperation and Development (OECD) said in its semi-annual review of the world economy';
    const country = (id: string, title: string, iso: string): Doc => wire(id, title, `Growth will slow this year and next, ${oecd.replace('The ', 'the ')}. ${paragraphs(Number(id.slice(1)), 8).join(' ')}`, iso);
    const germany = country('c721', 'OECD SEES GERMAN GROWTH HIT BY LOW DEMAND', '1987-06-18T18:15:00Z');
    const france = country('c723', 'HIGHER GROWTH, UNEMPLOYMENT IN FRANCE, OECD SAYS', '1987-06-18T18:19:00Z');
    const attribution = oecd.replace('The ', 'the ');
    expect(oneRunningStory(germany, france, shared(germany, france, attribution), slots)).toBe(false);
    // the same words outside the name: a story's
    const more2 = `${attribution}, and the review of the world economy said growth would slow in most of the large economies`;
    const told2 = (d: Doc): Doc => ({ ...d, text: d.text.replace(attribution, more2) });
    expect(oneRunningStory(told2(germany), told2(france), shared(told2(germany), told2(france), more2), slots)).toBe(true);
    // a number spelt out is no name (review: "… ended after eleven days of argument")
    const talks = 'the talks in the city ended after eleven days of argument over the size of the new quotas';
    const t1 = { ...first, text: `Zorvia delegates said ${talks}. ${long}` };
    const t2 = { ...later, text: `Zorvia officials said ${talks}, and the problem could be settled. REUTER` };
    expect(oneRunningStory(t1, t2, shared(t1, t2, talks), slots)).toBe(false);
    // fewer than 12 words shared, a quotation, or shared words naming nothing but the items' subjects
    expect(oneRunningStory(first, later, shared(first, later, 'The Zorvia Exchange rule might be used to limit'), slots)).toBe(false);
    expect(oneRunningStory(first, later, shared(first, later, line, 'quote'), slots)).toBe(false);
    const own = 'Zorvia Exchange said its rule might be used to limit the trading activities of members in London';
    const s1 = { ...first, text: `${own} during its hours. ${long}` };
    const s2 = { ...later, text: `${own} but the problem could be settled. REUTER` };
    expect(oneRunningStory(s1, s2, shared(s1, s2, own), slots)).toBe(false);
    expect(oneRunningStory(s1, s2, shared(s1, s2, own), (w) => slots(w) || w === 'london')).toBe(true);
    // through analyze: three more stories of the week repeat the sentence, so the passage rules take it for stock wording
    // (five holders), while "Zorvia" stays a rare name of a corpus of 600 documents (under 1% of them)
    const filler = paragraphs(713, 600).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    const leads = ['Brokers fear', 'One dealer noted', 'Critics argue', 'Officials warned', 'Bankers believe'];
    const tails = ['as volumes fall', 'before the summer', 'unless amended', 'according to lawyers', 'in a crisis'];
    const more = paragraphs(717, 3).map((text, i) => wire(`m${i}`, `MARKETS REVIEW ${i + 1}`, `${text} ${leads[i]}: ${line}, ${tails[i]}.`, `1987-03-0${4 + i}T09:00:00Z`));
    const pairs = analyze([...filler, ...more, first, later]).pairs;
    const rel = (x: string, y: string): string | undefined => pairs.find((p) => [p.a, p.b].sort().join('|') === [x, y].sort().join('|'))?.relation;
    expect(rel('m0', 'm1')).toBe('template');
    expect(rel('first', 'later')).toBeDefined();
    expect(rel('first', 'later')).not.toBe('template');
  });

  it('takes a market report that carries an item\'s deal near its issuer\'s name for one story told again, not another issuer\'s notice or a report of other terms', () => {
    const slots = (w: string): boolean => !['inc', 'corp', 'ltd', 'bond', 'eurobond', 'eurobonds', 'dollar', 'yen', 'billion'].includes(w);
    const wire = (id: string, title: string, text: string, iso?: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const terms = '4-3/8 pct and priced at 101-1/2 pct';
    const item = wire('item', 'ACME FINANCE ISSUES 20 BILLION YEN EUROBOND', `Acme Finance Corp is issuing a 20 billion yen eurobond due May 29, 1992 paying ${terms}, lead manager Example Securities Ltd said. The non-callable bond is available in denominations of one mln yen. REUTER`, '1987-04-01T04:54:00Z');
    const market = 'Dealers said the dollar sector drifted lower in quiet trading as prime rate rises in New York unsettled investors, while the yen sector edged slightly firmer on steady demand from Asian accounts.';
    const carried = `One new straight deal was launched, a 20 billion yen bond for Acme Finance. The five year bond pays ${terms}, and was quoted on the grey market within its fees.`;
    const report = (title: string, body: string, iso = '1987-04-01T11:28:00Z'): Doc => wire('report', title, body, iso);
    const r = report('DOLLAR EUROBONDS END EASIER ON PRIME RATE RISES', `${market} ${carried} ${market} REUTER`);
    const span = (d: Doc, x: string) => ({ start: d.text.indexOf(x), end: d.text.indexOf(x) + x.length });
    const shared = (x: Doc, y: Doc, kind: Passage['kind'] = 'template'): Pick<Passage, 'a' | 'b' | 'kind'>[] => [{ a: span(x, terms), b: span(y, terms), kind }];
    expect(reportCarriesItem(item, r, shared(item, r), slots)).toBe(true);
    expect(reportCarriesItem(r, item, shared(r, item), slots)).toBe(true);
    // without the corpus's informative names, more than 20 hours apart, undated, or a quotation shared
    expect(reportCarriesItem(item, r, shared(item, r), undefined)).toBe(false);
    expect(reportCarriesItem(item, { ...r, publishedAt: '1987-04-02T05:00:00Z' }, shared(item, r), slots)).toBe(false);
    expect(reportCarriesItem({ ...item, publishedAt: undefined }, r, shared(item, r), slots)).toBe(false);
    expect(reportCarriesItem(item, r, shared(item, r, 'quote'), slots)).toBe(false);
    // a report whose title names the item's issuer is a take of its story (the rules above), not a report carrying it
    expect(reportCarriesItem(item, { ...r, title: 'ACME FINANCE EUROBOND PRICED' }, shared(item, r), slots)).toBe(false);
    // a title naming only formula words (not rare in the corpus: `slots`) names no item to carry
    const unnamed = { ...item, title: 'NEW 20 BILLION YEN EUROBOND', text: item.text.replace('eurobond', 'Eurobond') };
    const sector = report('YEN SECTOR EDGES FIRMER', `${market} One new straight deal was launched, a 20 billion yen Eurobond for a borrower. The five year bond pays ${terms}. ${market} REUTER`);
    expect(reportCarriesItem(unnamed, sector, shared(unnamed, sector), slots)).toBe(false);
    expect(reportCarriesItem(unnamed, sector, shared(unnamed, sector), () => true)).toBe(true);
    // the item's name as a report writes it: a possessive, a hyphenated name the title splits
    const sony = { ...item, title: 'SONY ISSUES 20 BILLION YEN EUROBOND', text: item.text.replace('Acme Finance Corp', "Sony Corp") };
    expect(reportCarriesItem(sony, report(r.title!, r.text.replace('a 20 billion yen bond for Acme Finance', "Sony's 20 billion yen bond")), shared(sony, r), slots)).toBe(true);
    const coke = { ...item, title: 'COCA-COLA ISSUES 20 BILLION YEN EUROBOND', text: item.text.replace('Acme Finance Corp', 'Coca-Cola Co') };
    expect(reportCarriesItem(coke, report(r.title!, r.text.replace('Acme Finance', 'Coca-Cola')), shared(coke, r), slots)).toBe(true);
    // named after the terms in their own sentence (within 120 characters), not in the next sentence (review: "… raised its
    // prime rate to 7-3/4 pct. The changes follow similar cuts by Citicorp"), nor 61 to 120 characters before in an earlier sentence
    const after = (tail: string): Doc => report(r.title!, `${market} One new straight deal was launched. The five year bond pays ${terms}${tail} ${market} REUTER`);
    expect(reportCarriesItem(item, after(' for Acme Finance.'), shared(item, after(' for Acme Finance.')), slots)).toBe(true);
    expect(reportCarriesItem(item, after('. It follows Acme Finance.'), shared(item, after('. It follows Acme Finance.')), slots)).toBe(false);
    const before = report(r.title!, `${market} Acme Finance came to market in the morning with a yen deal, one of several this week. The five year bond pays ${terms}. ${market} REUTER`);
    const gap = span(before, terms).start - before.text.indexOf('Acme');
    expect(gap).toBeGreaterThan(60);
    expect(gap).toBeLessThan(120);
    expect(reportCarriesItem(item, before, shared(item, before), slots)).toBe(true);
    // more than 120 characters before, though in the sentence before; or close, but two sentences back
    const long = report(r.title!, `${market} Acme Finance came to market in the morning with a yen deal, one of several this week from borrowers rated triple-A by both of the agencies. The five year bond pays ${terms}. ${market} REUTER`);
    expect(span(long, terms).start - long.text.indexOf('Acme')).toBeGreaterThan(120);
    expect(reportCarriesItem(item, long, shared(item, long), slots)).toBe(false);
    // an abbreviation's full stop ends no sentence (review: "Acme Finance Co. of Zorvia")
    const abbr = report(r.title!, `${market} One deal was a 20 billion yen bond for Acme Finance Co. of Zorvia. The five year bond pays ${terms}. ${market} REUTER`);
    expect(reportCarriesItem(item, abbr, shared(item, abbr), slots)).toBe(true);
    // a company form's stop before a capital ends its sentence ("… lead manager Nomura Co. It follows Acme Finance"), a title's never
    // ("Mr. Tanaka"), nor a single letter's ("U.S."); a city's stop ends one in any script ("Kraków.")
    const formEnds = report(r.title!, `${market} The five year bond pays ${terms}, lead manager Nomura Co. It follows Acme Finance. ${market} REUTER`);
    expect(reportCarriesItem(item, formEnds, shared(item, formEnds), slots)).toBe(false);
    const formOwn = report(r.title!, `${market} The five year bond pays ${terms} through Nomura Co. for Acme Finance. ${market} REUTER`);
    expect(reportCarriesItem(item, formOwn, shared(item, formOwn), slots)).toBe(true);
    const titled = report(r.title!, `${market} Acme Finance hired Mr. Tanaka. Mr. Tanaka said the five year bond pays ${terms}. ${market} REUTER`);
    expect(reportCarriesItem(item, titled, shared(item, titled), slots)).toBe(true);
    const letter = report(r.title!, `${market} Acme Finance came. Banks in the U.S. The five year bond pays ${terms}. ${market} REUTER`);
    expect(reportCarriesItem(item, letter, shared(item, letter), slots)).toBe(true);
    const city = report(r.title!, `${market} Acme Finance came to market early in Kraków. Dealers were busy. The five year bond pays ${terms}. ${market} REUTER`);
    expect(reportCarriesItem(item, city, shared(item, city), slots)).toBe(false);
    const back = report(r.title!, `${market} Acme Finance led. Dealers were busy. The five year bond pays ${terms}. ${market} REUTER`);
    expect(reportCarriesItem(item, back, shared(item, back), slots)).toBe(false);
    // shared figures that are no deal's terms: a fee under 3, a year, a round amount
    for (const fig of ['a 1-1/4 pct selling concession', 'due 1992', 'a 100 mln yen tranche']) {
      const it = { ...item, text: `${item.text} It has ${fig}.` };
      const rep = report(r.title!, `${market} One new deal for Acme Finance has ${fig}. ${market} ${market} REUTER`);
      expect(rep.text.length).toBeGreaterThan(2 * it.text.length);
      expect(reportCarriesItem(it, rep, [{ a: span(it, fig), b: span(rep, fig), kind: 'template' }], () => true), fig).toBe(false);
      expect(reportCarriesItem(it, rep, [{ a: span(it, fig), b: span(rep, fig), kind: 'template' }], slots), fig).toBe(false);
    }
    // not twice as long as the item: another item (another issuer's notice on the same terms names its own issuer)
    const notice = report('ZENITH BANK ISSUES 20 BILLION YEN EUROBOND', `Zenith Bank is issuing a 20 billion yen eurobond due May 29, 1992 paying ${terms}, lead manager Example Securities Ltd said of the deal, as it did for Acme Finance. The bond is callable after three years and will be listed in Luxembourg. Fees total 1-7/8 pct and payment is due on April 30, the lead manager said in a statement. REUTER`);
    expect(notice.text.length).toBeLessThan(2 * item.text.length);
    expect(notice.text.length).toBeGreaterThan(1.5 * item.text.length);
    expect(reportCarriesItem(item, notice, shared(item, notice), slots)).toBe(false);
    // the issuer named far from the shared terms (more than 120 characters), or the shared words carrying none of the item's terms
    const far = report(r.title!, `${market} The day's first deal was a 20 billion yen bond for Acme Finance. ${market} The five year bond pays ${terms}. ${market} REUTER`);
    expect(span(far, terms).start - far.text.indexOf('Acme')).toBeLessThan(400);
    expect(reportCarriesItem(item, far, shared(item, far), slots)).toBe(false);
    const other = wire('item', item.title!, item.text.replace('4-3/8', '4-1/2').replace('101-1/2', '101-7/8'), item.publishedAt);
    expect(reportCarriesItem(other, r, [{ a: { start: 0, end: 10 }, b: span(r, terms), kind: 'template' }], slots)).toBe(false);
    // through analyze: the terms are every notice's formula (stock wording), yet the report carries this item's deal
    const filler = paragraphs(707, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    const issuers = ['Borealis Capital', 'Cinder Funding', 'Dalton Credit', 'Everest Leasing', 'Fulton Finance', 'Granite Trust', 'Harbor Capital'];
    const own = paragraphs(709, issuers.length);
    const notices = issuers.map((who, i) => wire(`n${i}`, `${who.toUpperCase()} ISSUES ${10 + i} BILLION YEN EUROBOND`, `${who} is issuing a ${10 + i} billion yen eurobond due May 29, 1992 paying ${i + 3}-1/8 pct and priced at 10${i}-1/4 pct, lead manager Example Securities Ltd said. ${own[i]} REUTER`, `1987-03-${String(10 + i).padStart(2, '0')}T09:00:00Z`));
    const pairs = analyze([...filler, ...notices, item, r]).pairs;
    const pair = (x: string, y: string) => pairs.find((p) => [p.a, p.b].sort().join('|') === [x, y].sort().join('|'));
    expect(pair('item', 'report')?.relation).toBeDefined();
    expect(pair('item', 'report')?.relation).not.toBe('template');
    expect(pair('item', 'n0')?.relation).toBe('template');
  });

  it('takes an issue reported enlarged the next morning for one deal told again, not another issuer\'s, another amount\'s or another bond\'s', () => {
    const wire = (id: string, title: string, text: string, iso?: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const slots = (w: string): boolean => !['aus', 'aust', 'dlr', 'dlrs', 'eurobond', 'issues', 'increases', 'mln'].includes(w);
    const first = wire('wd', 'WALT DISNEY ISSUES 60 MLN AUS DLR EUROBOND', 'Walt Disney Co Ltd is issuing a 60 mln Australian dlr eurobond due May 7, 1990 with a 14-1/2 pct coupon and priced at 101-3/8 pct, Warburg Securities said as lead manager. The non-callable bonds will be issued in denominations of 1,000 Australian dlrs and will be listed in Luxembourg. Gross fees of 1-1/2 pct comprise one pct for selling and 1/2 pct for management and underwriting combined. REUTER', '1987-03-26T09:56:00Z');
    const raised = wire('wd2', 'WALT DISNEY INCREASES EUROBOND TO 75 MLN AUST DLRS', 'The amount of a eurobond issued yesterday by Walt Disney Co Ltd has been raised to 75 mln Australian dlrs from an original 60 mln, lead manager Warburg Securities said. It matures in 1990, with a 14-1/2 pct coupon and priced at 101-3/8 pct. REUTER', '1987-03-27T06:45:00Z');
    expect(dealEnlarged(first, raised, slots)).toBe(true);
    expect(dealEnlarged(raised, first, slots)).toBe(true);
    expect(dealEnlarged(first, raised, undefined)).toBe(false);
    // the old amount the earlier item does not name, another issuer, another bond's terms, no enlargement said, said late in the text, more than 36 hours, articles
    expect(dealEnlarged(first, { ...raised, text: raised.text.replace('original 60 mln', 'original 50 mln') }, slots)).toBe(false);
    const bigger = { ...first, title: first.title!.replace('60 MLN', '160 MLN'), text: first.text.replace('60 mln', '160 mln') };
    expect(dealEnlarged(bigger, raised, slots)).toBe(false);
    expect(dealEnlarged(first, { ...raised, title: 'ZENITH LEASING INCREASES EUROBOND TO 75 MLN AUST DLRS', text: raised.text.replace('Walt Disney Co Ltd', 'Zenith Leasing Ltd') }, slots)).toBe(false);
    expect(dealEnlarged(first, { ...raised, text: raised.text.replace('14-1/2 pct coupon and priced at 101-3/8', '12-1/4 pct coupon and priced at 100-7/8') }, slots)).toBe(false);
    expect(dealEnlarged(first, { ...raised, text: raised.text.replace('has been raised to 75 mln Australian dlrs from an original 60 mln', 'was priced, 60 mln') }, slots)).toBe(false);
    expect(dealEnlarged(first, { ...raised, text: `${paragraphs(83, 2).join(' ').slice(0, 400)}. ${raised.text}` }, slots)).toBe(false);
    expect(dealEnlarged(first, { ...raised, publishedAt: '1987-03-27T10:30:00Z' }, slots)).toBe(false);
    expect(dealEnlarged(first, { ...raised, publishedAt: '1987-03-27T09:30:00Z' }, slots)).toBe(true);
    expect(dealEnlarged(first, { ...raised, kind: 'article' }, slots)).toBe(false);
    expect(dealEnlarged({ ...first, kind: 'article' }, raised, slots)).toBe(false);
    // (review) the old amount in another unit; "U.S." inside the clause
    expect(dealEnlarged(first, { ...raised, text: raised.text.replace('original 60 mln', 'original 60 billion') }, slots)).toBe(false);
    expect(dealEnlarged(first, { ...raised, text: raised.text.replace('75 mln Australian dlrs', '75 mln U.S. Dlrs') }, slots)).toBe(true);
    // (review) another issuer of one group on the same terms; the same issuer's other bond sharing only the amounts; revenue raised, no deal
    const estate = { ...raised, title: 'MITSUBISHI ESTATE INCREASES EUROBOND TO 75 MLN AUST DLRS', text: raised.text.replace('Walt Disney Co Ltd', 'Mitsubishi Estate Co Ltd') };
    const corp = { ...first, title: 'MITSUBISHI CORP ISSUES 60 MLN AUS DLR EUROBOND', text: first.text.replace('Walt Disney Co Ltd', 'Mitsubishi Corp') };
    expect(dealEnlarged(corp, { ...estate, text: estate.text.replace('Mitsubishi Estate Co Ltd', 'Mitsubishi Corp') }, slots)).toBe(true);
    expect(dealEnlarged(corp, estate, slots)).toBe(false);
    const other = (x: Doc): Doc => ({ ...x, text: x.text.replace(/60 mln/g, '125 mln') });
    expect(dealEnlarged({ ...other(first), title: first.title!.replace('60', '125') }, other({ ...raised, text: raised.text.replace('14-1/2 pct coupon and priced at 101-3/8', '9-1/4 pct coupon and priced at 100') }), slots)).toBe(false);
    expect(dealEnlarged({ ...other(first), title: first.title!.replace('60', '125') }, other(raised), slots)).toBe(true);
    expect(dealEnlarged(first, { ...raised, text: raised.text.replace('The amount of a eurobond issued yesterday by Walt Disney Co Ltd has been', 'Walt Disney Co Ltd said its Australian revenue was') }, slots)).toBe(false);
    // the enlarged sentence names the issuer of the earlier title: not only a name of its text (the lead manager), whatever its first word, a state by its formal name
    const say = (sentence: string): Doc => ({ ...raised, text: raised.text.replace('The amount of a eurobond issued yesterday by Walt Disney Co Ltd has been', sentence) });
    const through = say('The amount of a eurobond issued yesterday through Warburg Securities has been');
    expect(dealEnlarged(first, { ...through, text: through.text.replace('REUTER', 'The issuer is Walt Disney Co Ltd. REUTER') }, slots)).toBe(false);
    expect(dealEnlarged(first, say("Today's Australian dollar eurobond for Walt Disney Co Ltd has been"), slots)).toBe(true);
    // only the enlarged sentence is read for names (an earlier sentence may name anyone); its first word counts as the issuer's name ("Lucas Industries Inc's convertible …")
    expect(dealEnlarged(first, { ...raised, text: `Zenith Bank traded quietly. ${raised.text}` }, slots)).toBe(true);
    expect(dealEnlarged(first, say('Disney eurobond has been'), slots)).toBe(true);
    const state = { ...first, title: 'ZORVIA ISSUES 60 MLN AUS DLR EUROBOND', text: first.text.replace('Walt Disney Co Ltd is', 'Zorvia is') };
    expect(dealEnlarged(state, { ...say('The eurobond launched yesterday for the Republic of Zorvia has been'), title: 'ZORVIA INCREASES EUROBOND TO 75 MLN AUST DLRS' }, slots)).toBe(true);
    // the old amount in the earlier item's title only; "increased to a total of"
    expect(dealEnlarged({ ...first, text: first.text.replace('60 mln ', '') }, raised, slots)).toBe(true);
    expect(dealEnlarged(first, { ...raised, text: raised.text.replace('raised to 75', 'increased to a total of 75') }, slots)).toBe(true);
    // through analyze: the bond notice is every issuer's formula and the amount (with the fees) changed a day later, the edition gap's two editions, yet the deal is linked
    const issuers = ['Borealis', 'Cinder', 'Dalton', 'Everest', 'Fulton', 'Granite', 'Harbor', 'Ironwood', 'Jasper', 'Kestrel', 'Laurel', 'Mariner', 'Northgate', 'Oakmont', 'Pinecrest', 'Quarry', 'Redwood', 'Summit', 'Tamarack', 'Upland', 'Valley', 'Westbrook'].map((w) => `${w} Capital`);
    const notices = issuers.map((who, i) => wire(`n${i}`, `${who.toUpperCase()} ISSUES ${40 + i} MLN AUS DLR EUROBOND`, `${who} is issuing a ${40 + i} mln Australian dlr eurobond due May 7, 1990 with a ${(i % 9) + 11}-1/4 pct coupon and priced at 10${i % 9}-1/8 pct, Warburg Securities said as lead manager. The non-callable bonds will be listed in Luxembourg. REUTER`, `1987-03-${String(1 + (i % 24)).padStart(2, '0')}T09:00:00Z`));
    const filler = paragraphs(717, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    expectLinkedAmongFormula([...filler, ...notices, first, raised], 'wd', 'wd2', 'n');
  });

  it('takes a digest naming an item\'s company with a shared passage right after it for the item\'s entry, not a passage elsewhere or another company\'s entry', () => {
    const wire = (title: string, text: string, iso?: string): Doc => ({ id: title, title, text, outlet: 'Reuters', kind: 'wire', ...(iso ? { publishedAt: iso } : {}) });
    const item = wire('GOULD <GLD> REGISTERS TO OFFER PREFERRED', 'Gould Inc said it registered to offer two mln shares of convertible exchangeable preferred stock. Gould said the issue will be underwritten by First Boston Corp and Kidder, Peabody and Co Inc.', '1987-03-05T17:33:00Z');
    const entry = 'Gould Inc (GLD) - Offering of two mln shares of convertible exchangeable preferred stock through First Boston Corp and Kidder, Peabody and Co Inc.';
    const other = 'Evans and Sutherland Computer Corp (ESCC) - Offering of 50 mln dlrs of convertible subordinated debentures through First Boston Corp and Kidder, Peabody and Co Inc.';
    const digest = (first: string, second: string, title = 'PROPOSED OFFERINGS RECENTLY FILED WITH THE SEC', iso = '1987-03-06T11:53:00Z') => wire(title, `The following proposed securities offerings were filed recently with the Securities and Exchange Commission: ${first} ${second}`, iso);
    const underwriters = 'First Boston Corp and Kidder, Peabody and Co Inc';
    const at = (d: Doc, nth = 0): Pick<Passage, 'a' | 'b' | 'kind'>[] => {
      let k = -1;
      for (let i = 0; i <= nth; i++) k = d.text.indexOf(underwriters, k + 1);
      return [{ a: { start: item.text.indexOf(underwriters), end: item.text.indexOf(underwriters) + underwriters.length }, b: { start: k, end: k + underwriters.length }, kind: 'verbatim' }];
    };
    const d = digest(other, entry);
    expect(digestEntry(item, d, at(d, 1))).toBe(true);
    // either way round
    const swapped = at(d, 1).map((x) => ({ ...x, a: x.b, b: x.a }));
    expect(digestEntry(d, item, swapped)).toBe(true);
    // the shared words in another company's entry
    expect(digestEntry(item, d, at(d, 0))).toBe(false);
    // the entry far from the symbol
    const far = digest(entry.replace('Gould Inc (GLD) - ', `Gould Inc (GLD) - ${'an offering the company described at some length, '.repeat(5)}`), other);
    expect(digestEntry(item, far, at(far, 0))).toBe(false);
    // a digest whose title is about one company, or two days later, or undated
    const titled = digest(other, entry, 'EVANS AND SUTHERLAND <ESCC> FILES');
    expect(digestEntry(item, titled, at(titled, 1))).toBe(false);
    const late = digest(other, entry, undefined, '1987-03-06T14:00:00Z');
    expect(digestEntry(item, late, at(late, 1))).toBe(false);
    expect(digestEntry({ ...item, publishedAt: undefined }, { ...d, publishedAt: undefined }, at(d, 1))).toBe(false);
    expect(digestEntry({ ...item, kind: 'article' }, { ...d, kind: 'article' }, at(d, 1))).toBe(false);
    // the words shared come after the next company's symbol: that company's entry (review)
    const next = digest('Gould Inc (GLD) - Offering of preferred stock.', other);
    expect(digestEntry(item, next, at(next, 0))).toBe(false);
    // a lettered list's "(f)" is no symbol (review: it was read as Ford's)
    const ford = wire('FORD MOTOR CO <F> TO OFFER NOTES', 'Ford Motor Co said it will offer notes through First Boston Corp and Kidder, Peabody and Co Inc.', '1987-03-05T17:33:00Z');
    const lettered = digest('(e) Unocal Corp, notes.', '(f) Kodak Co, notes through First Boston Corp and Kidder, Peabody and Co Inc.');
    expect(digestEntry(ford, lettered, at(lettered, 0))).toBe(false);
  });

  it('reads one company listed on two U.S. exchanges as one company, and another exchange\'s listing, a share class or another symbol as another', () => {
    const wire = (title: string, text: string, iso: string): Doc => ({ id: title, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    // a U.S. listing's suffix is no part of the company ("UAL.N" on the NYSE, "CRZY.O" on Nasdaq)
    expect(symbolOf('UAL.N')).toBe(symbolOf('UAL'));
    expect(symbolOf('CRZY.O')).toBe(symbolOf('CRZY'));
    expect(symbolOf('AAPL.OQ')).toBe(symbolOf('AAPL'));
    // other exchanges' listings are other companies as often as not (review: Canadian Tire <CTC.TO> and Contel <CTC>,
    // GEC plc <GEC.L> and GEICO <GEC>, Sanofi <SAN.PA> and Santander <SAN.MC>); share classes are other listings
    expect(symbolOf('CTC.TO')).not.toBe(symbolOf('CTC'));
    expect(symbolOf('GEC.L')).not.toBe(symbolOf('GEC'));
    expect(symbolOf('SAN.PA')).not.toBe(symbolOf('SAN.MC'));
    expect(symbolOf('RT.A')).not.toBe(symbolOf('RT.B'));
    expect(symbolOf('GBC.B')).not.toBe(symbolOf('GBC'));
    expect(symbolOf('.SPX')).toBe('spx');
    expect(titleSymbols('UAL <UAL.N> PILOTS PROPOSE WAGE CUT')).toEqual(['ual']);
    const a = wire('UAL <UAL.N> PILOTS PROPOSE WAGE CUT', 'UAL Inc said its pilots proposed a wage cut.', '1987-04-09T10:00:00Z');
    const b = wire('UAL <UAL> MAY RESPOND TO PILOTS TODAY', 'UAL Inc may respond to its pilots today.', '1987-04-09T12:00:00Z');
    expect(noTwoCompanies(a, b)).toBe(true);
    expect(noTwoCompanies(a, { ...b, title: 'UNITED <UIL> PACT MAY LOWER NONCASH INCOME' })).toBe(false);
    // one company's name before a symbol misspelt (letters transposed or one changed, not the last), both texts opening
    // with the company, is one company, with the corpus's informative names; a share class, another exchange's listing,
    // a letter added, a last letter changed (a class written without a dot), another name or another opening is not
    const rare = (): boolean => true;
    const nt = wire('NORTHERN TRUST <NTRS.O> FILES SHELF', 'Northern Trust Corp said it filed a shelf.', '1987-04-13T12:37:06Z');
    const misspelt = (title: string, text = nt.text): Doc => ({ ...nt, id: title, title, text });
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NRTS> FILES FOR SHELF DEBT'), rare)).toBe(true);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NRTS> FILES FOR SHELF DEBT'))).toBe(false);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST CORP <NXRS> FILES FOR SHELF DEBT'), rare)).toBe(true);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NRTS> FILES FOR SHELF DEBT', 'Northern States Power Co said it filed a shelf.'), rare)).toBe(false);
    expect(noTwoCompanies(nt, misspelt('NORTHERN STATES <NRTS> FILES FOR SHELF DEBT'), rare)).toBe(false);
    // a correction's mark leading a title is no part of the company's name
    expect(noTwoCompanies(nt, misspelt('<CORRECTED> - NORTHERN TRUST <NRTS> FILES FOR SHELF DEBT'), rare)).toBe(true);
    const unopened = 'Shares were sold to the public on Monday, brokers said.';
    expect(noTwoCompanies(misspelt(nt.title!, unopened), misspelt('NORTHERN TRUST <NRTS> FILES FOR SHELF DEBT', unopened), rare)).toBe(false);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NTRSA> FILES FOR SHELF DEBT'), rare)).toBe(false);
    // a last letter changed is a typo ("<MEC>" / "<MEL>"), unless both are class letters ("<BFA>" / "<BFB>"); a shuffle is no typo
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NTRX> FILES FOR SHELF DEBT'), rare)).toBe(true);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NTSR> FILES FOR SHELF DEBT'), rare)).toBe(true);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <STRN> FILES FOR SHELF DEBT'), rare)).toBe(false);
    const bf = (sym: string): Doc => wire(`BROWN-FORMAN <${sym}> SETS PAYOUT`, 'Brown-Forman Inc said it set its quarterly payout.', '1987-04-13T12:00:00Z');
    expect(noTwoCompanies(bf('BFA'), bf('BFB'), rare)).toBe(false);
    expect(noTwoCompanies(bf('BFA'), bf('BFD'), rare)).toBe(true);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NTSR.TO> FILES FOR SHELF DEBT'), rare)).toBe(false);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <XYZW> FILES FOR SHELF DEBT'), rare)).toBe(false);
    expect(noTwoCompanies(nt, misspelt('NORTHERN TRUST <NXTR> FILES FOR SHELF DEBT'), rare)).toBe(false);
    const two = (sym: string): Doc => wire(`NT <${sym}> FILES SHELF`, 'Northern Trust Corp said it filed a shelf.', '1987-04-13T12:37:06Z');
    expect(noTwoCompanies(two('NT'), two('TN'), rare)).toBe(false);
    const united = (sym: string, text: string): Doc => wire(`UNITED <${sym}> SETS ROUTE`, text, '1987-03-23T12:00:00Z');
    expect(noTwoCompanies(united('UAL', 'United Airlines Inc said it will fly to Denver.'), united('UIL', 'United Illuminating Co said its pact may lower income.'), rare)).toBe(false);
    const greif = (cls: string): Doc => wire(`GREIF BROS <GBC.${cls}> SETS PAYOUT`, 'Greif Bros Corp set its payout.', '1987-04-13T12:00:00Z');
    expect(noTwoCompanies(greif('A'), greif('B'), rare)).toBe(false);
    // a digest naming the company by its listing carries the item's entry
    const item = wire('GOULD <GLD> REGISTERS TO OFFER PREFERRED', 'Gould Inc said it registered to offer two mln shares through First Boston Corp and Kidder, Peabody and Co Inc.', '1987-03-05T17:33:00Z');
    const underwriters = 'First Boston Corp and Kidder, Peabody and Co Inc';
    const digest = wire('PROPOSED OFFERINGS RECENTLY FILED WITH THE SEC', `The following proposed securities offerings were filed: Gould Inc <GLD.N> - Offering of two mln shares through ${underwriters}.`, '1987-03-06T11:53:00Z');
    const span = (t: string) => ({ start: t.indexOf(underwriters), end: t.indexOf(underwriters) + underwriters.length });
    expect(digestEntry(item, digest, [{ a: span(item.text), b: span(digest.text), kind: 'verbatim' }])).toBe(true);
    const otherListing = { ...digest, text: digest.text.replace('<GLD.N>', '<GLDX.N>') };
    expect(digestEntry(item, otherListing, [{ a: span(item.text), b: span(otherListing.text), kind: 'verbatim' }])).toBe(false);
  });

  it('leaves the editions of a recurring report that carry the same reference figures to the formula rules, and keeps a company\'s two share classes\' notices apart (review)', () => {
    const wire = (id: string, title: string, text: string, iso: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    const filler = paragraphs(601, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `2024-05-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    // an index snapshot sent through the day: the session's figures change, the previous close and the 52-week range do not
    const snap = (id: string, iso: string, last: string, chg: string, pct: string, hi: string, lo: string, vol: string, prev = '5,277.51', h52 = '5,341.88', l52 = '4,103.78') =>
      wire(id, 'S&P 500 INDEX SNAPSHOT <.SPX>', `The S&P 500 index was last at ${last}, ${chg} points or ${pct} pct. Session high ${hi}, session low ${lo}. Volume ${vol} mln shares. Previous close ${prev}. 52-week high ${h52}, 52-week low ${l52}.`, iso);
    const days = [3, 6, 9, 13, 16].map((d, i) => snap(`d${d}`, `2024-05-${String(d).padStart(2, '0')}T15:00:00Z`, `5,2${10 + i}.4${i}`, `1${i}.2${i}`, `0.3${i}`, `5,23${i}.1${i}`, `5,19${i}.7${i}`, `${700 + 37 * i}`, `5,1${40 + i}.33`, `5,30${i}.44`, `4,00${i}.1${i}`));
    const am = snap('am', '2024-05-31T14:00:00Z', '5,243.17', '-34.34', '-0.65', '5,261.09', '5,231.46', '812');
    const pm = snap('pm', '2024-05-31T17:00:00Z', '5,266.95', '-10.56', '-0.20', '5,271.30', '5,191.72', '1,457');
    const snapPair = analyze([...filler, ...days, am, pm]).pairs.find((x) => [x.a, x.b].sort().join('|') === 'am|pm');
    expect(snapPair?.relation).toBe('template');
    // a company's class A and class B dividends on the same days: two notices, not one sent twice
    const names = ['ALPHA CORP', 'BETA INC', 'GAMMA CO', 'DELTA CORP', 'EPSILON INC', 'ZETA CO', 'ETA CORP', 'THETA INC'];
    const div = (id: string, t: string, sym: string, cls: string, cts: number, pay: string, rec: string, iso: string) => wire(id, `${t} <${sym}> SETS QUARTERLY DIVIDEND`, `Qtly div ${cts} cts vs ${cts} cts prior${cls} Pay ${pay} Record ${rec} Reuter`, iso);
    const others = names.map((t, i) => div(`o${i}`, t, t.slice(0, 3), '', 10 + 3 * i, `June ${i + 1}`, `May ${i + 10}`, `1987-05-0${i + 1}T10:00:00Z`));
    const older = paragraphs(611, 240).map((text, i): Doc => ({ id: `g${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-05-${String(10 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    const classes = [div('ga', 'GREIF BROS CORP', 'GBC', ' Class A', 52, 'July 1', 'June 15', '1987-06-01T10:00:00Z'), div('gb', 'GREIF BROS CORP', 'GBC.B', ' Class B', 78, 'July 1', 'June 15', '1987-06-01T10:02:00Z')];
    const classPair = analyze([...older, ...others, ...classes]).pairs.find((x) => [x.a, x.b].sort().join('|') === 'ga|gb');
    expect([undefined, 'template']).toContain(classPair?.relation);
  });

  it('counts what an item and a digest carrying its entry share, though the passage rules took it for a formula', () => {
    const wire = (id: string, title: string, text: string, iso: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    const filler = paragraphs(721, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    // a formula sentence with other figures and companies as long as the sentence they share: a formula pair to the passage rules
    const terms = (x: string, y: string, co: string, x2: string, y2: string, co2: string) => `filed to offer ${x} mln shares, or ${y} pct, of ${co} and ${x2} mln shares, or ${y2} pct, of ${co2}.`;
    const through = 'The offering will be made through First Boston Corp and Kidder, Peabody and Co Inc, it said in New York.';
    const item = wire('gould', 'GOULD <GLD> REGISTERS TO OFFER SHARES', `Gould Inc said it ${terms('2.5', '12.2', 'Zeta Corp', '3.1', '8.8', 'Omega Inc')} ${through} REUTER`, '1987-03-05T17:33:00Z');
    const digest = wire('digest', 'PROPOSED OFFERINGS RECENTLY FILED WITH THE SEC', `The following proposed securities offerings were filed recently with the Securities and Exchange Commission: Evans and Sutherland Computer Corp (ESCC) - Offering of 50 mln dlrs of debentures through Hambrecht and Quist Inc. Gould Inc (GLD) - ${terms('7.2', '21.4', 'Kappa Inc', '4.4', '11.3', 'Sigma Corp')} ${through} REUTER`, '1987-03-06T09:53:00Z');
    const relation = (docs: Doc[]): string | undefined => analyze([...filler, ...docs]).pairs.find((p) => [p.a, p.b].sort().join('|') === 'digest|gould')?.relation;
    expect(relation([item, digest])).toBeDefined();
    expect(relation([item, digest])).not.toBe('template');
    // the digest naming another company there: a formula pair
    expect(relation([item, { ...digest, text: digest.text.replace('(GLD)', '(GDX)') }])).toBe('template');
  });

  it('takes a table for the same one only when most of its figures and three specific ones are on both sides', () => {
    const span = (t: string) => ({ start: 0, end: t.length });
    const pair = (x: string, y: string) => sameTable(x, y, [{ a: span(x), b: span(y) }]);
    const table = 'Net loss 8,812,432 vs profit 1,847,560 Avg shrs 7,187,941 vs 6,828,368';
    expect(pair(table, table)).toBe(true);
    // one figure corrected of four: still the same table
    expect(pair(table, table.replace('7,187,941', '7,187,491'))).toBe(true);
    // two of four: two editions of a price table
    expect(pair(table, table.replace('7,187,941', '7,190,112').replace('6,828,368', '6,830,020'))).toBe(false);
    // round figures, fractions and years are what formulas share, not facts
    const bond = 'due 1992 priced at 101-1/8 pct in denominations of 1,000 and 10,000 dlrs';
    expect(pair(bond, bond)).toBe(false);
  });

  it('takes two notices of one outlet that open with different subjects, neither mentioned by the other, for one formula', () => {
    const posting = (co: string): string =>
      `${co} said it raised the contract price it will pay for all grades of crude oil by 50 cts a barrel, effective today.\n\n` +
      `The increase brings the company's posted price for West Texas Intermediate to 17.50 dlrs a barrel, it said in a statement released this morning.`;
    const sun = posting('Sun Co Inc');
    // the subject rule needs a corpus to know which names are formula words ("Co", "Inc"): 240 other wire items
    const filler = paragraphs(301, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(i % 20) }));
    const docs: Doc[] = [
      ...filler,
      { id: 'sun', text: sun, outlet: 'Reuters', kind: 'wire', publishedAt: at(9) },
      { id: 'shamrock', text: posting('Diamond Shamrock Corp'), outlet: 'Reuters', kind: 'wire', publishedAt: at(10) },
      { id: 'sun-update', text: `${sun}\n\nSun said the move followed similar increases by other refiners over the past week.`, outlet: 'Reuters', kind: 'wire', publishedAt: at(11) },
    ];
    const rel = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('sun|shamrock')).toBe('template');
    expect(rel.get('shamrock|sun-update')).toBe('template');
    expect(rel.get('sun|sun-update')).toBe('version');
    // a small corpus has no such names to tell: the rule stays off and the pair is what it looks like
    const small = new Map(analyze(docs.slice(-3)).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(small.get('sun|shamrock')).not.toBe('template');
  });

  it("takes two items of one outlet that share only the outlet's own short phrase for a template, not a rewrite that keeps its figures", () => {
    const filler = paragraphs(301, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(i % 20) }));
    const wire = (id: string, text: string, h: number): Doc => ({ id, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(h) });
    const docs: Doc[] = [
      ...filler,
      wire('gulf1', 'An Iranian gunboat fired on a Liberian-registered tanker near Dubai early on Tuesday, setting its engine room ablaze, a British naval source in the Gulf said. Nobody was hurt.', 30),
      wire('gulf2', 'Two Kuwaiti ships will sail under American escort from next month, a British naval source in the Gulf said on Friday, adding that minesweepers had been sent ahead.', 90),
      wire('par1', 'Paralax Video Enterprises Inc said it has agreed to acquire American Video Group Inc for 287,700 restricted shares and warrants to buy 318,600 shares at six dlrs.', 40),
      wire('par2', 'Paralax Video Enterprises Inc said it has agreed to buy all of American Video Group for stock: about 287,700 restricted Paralax shares plus warrants for 318,600 more.', 42),
    ];
    const rel = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('gulf1|gulf2')).toBe('template');
    expect(rel.get('par1|par2')).toBe('same-outlet');
    // two takes of one day's story carry a sentence of ten words along, with no figure in it; days apart it is the outlet's stock
    const ec1 = wire('ec1', 'EC farm ministers failed to agree on cuts in milk output quotas at talks in Brussels, diplomats said. West Germany and Ireland are opposed to proposed limits on intervention buying.', 100);
    const ec2 = (h: number) => wire('ec2', 'Community agriculture chiefs postponed their dairy talks until next week, officials said on Monday night. West Germany and Ireland are opposed to proposed limits on imports of butter.', h);
    const relOf = (later: Doc): string | undefined => analyze([...filler, ec1, later]).pairs.find((p) => [p.a, p.b].sort().join('|') === 'ec1|ec2')?.relation;
    expect(['version', 'same-outlet']).toContain(relOf(ec2(109)));
    // beyond the 20-hour edition gap, or undated, it is the outlet's stock
    expect(relOf(ec2(160))).toBe('template');
    expect(relOf(ec2(121))).toBe('template');
    expect(analyze([...filler, { ...ec1, publishedAt: undefined }, { ...ec2(109), publishedAt: undefined }]).pairs.find((p) => [p.a, p.b].sort().join('|') === 'ec1|ec2')?.relation).toBe('template');
    // a figure in the shared words, in digits on one side only or written out, keeps the longer limit (review)
    const vetoes = (n: string, id: string, lead: string, h: number) => wire(id, `${lead} The President has vetoed ${n} such bills since taking office.`, h);
    const vetoPair = (x: string, y: string): string | undefined =>
      analyze([...filler, vetoes(x, 'v1', 'Senators pressed for a vote on the textile bill on Tuesday.', 100), vetoes(y, 'v2', 'The highway bill cleared its committee late in the evening.', 103)]).pairs.find((p) => p.a === 'v1' && p.b === 'v2')?.relation;
    expect(vetoPair('six', 'six')).toBe('template');
    expect(vetoPair('six', '6')).toBe('template');
    expect(vetoPair('many', '6')).toBe('template');
    expect(vetoPair('many', 'many')).not.toBe('template');
    // a notice's formula carries its figures: two funds' payouts the same minute are two notices
    const fund1 = wire('fund1', 'The government securities fund of the group declared a monthly dividend of 6.2 cts vs 6.4 cts in prior month Payable April six Record March 30.', 120);
    const fund2 = wire('fund2', 'Its income fund, another of the family, paid 8.1 cts vs 8.3 cts in prior month Payable April six Record March 30.', 120.01);
    expect(analyze([...filler, fund1, fund2]).pairs.find((p) => p.a === 'fund1' && p.b === 'fund2')?.relation).toBe('template');
    // nor does the same day make an attribution of eight words a story's sentence
    expect(analyze([...filler, { ...docs.find((d) => d.id === 'gulf1')!, publishedAt: at(85) }, docs.find((d) => d.id === 'gulf2')!]).pairs.find((p) => p.a === 'gulf1' && p.b === 'gulf2')?.relation).toBe('template');
  });

  it('takes two items whose titles name two listed companies, sharing wording that names neither, for one formula', () => {
    const wire = (id: string, title: string, text: string, h: number): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(h) });
    const tail = 'to yield 8.807 pct, or 115 basis points over the off-the-run 9-1/4 pct Treasury bonds of 2016. Non-refundable for 10 years, the debentures are rated A-2 by Moody\'s.';
    const docs: Doc[] = [
      wire('gte', 'GTE <GTE> SELLS DEBENTURES YIELDING 8.807 PCT', `GTE Corp is raising 250 mln dlrs through an offering of debentures due 2017 priced at 99.40 ${tail}`, 1),
      wire('coke', 'COCA-COLA ENTERPRISES <CCE> SELLS DEBT', `Coca-Cola Enterprises Inc is raising 600 mln dlrs through an offering of debentures due 2017, priced ${tail}`, 30),
      // the same wording about the same company: a take of one story
      wire('gte2', 'GTE CORP <GTE> DEBENTURES PRICED', `GTE Corp is raising 250 mln dlrs through an offering of debentures due 2017 priced at 99.40 ${tail} Salomon Brothers led the group.`, 2),
      // wording about the other company is a story both tell
      wire('usair', 'USAIR <U> HAS NO COMMENT ON TWA <TWA> OFFER', 'USAir Group said it had no comment. USAir has offered 71 dlrs cash per share for half of Piedmont\'s stock, and 73 dlrs in its own stock for the balance of the shares outstanding.', 40),
      wire('pie', 'TALKING POINT/PIEDMONT <PIE>', 'Analysts expect the bid to succeed. USAir has offered 71 dlrs cash per share for half of Piedmont\'s stock, and 73 dlrs in its own stock for the balance of the shares outstanding.', 44),
    ];
    const rel = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('gte|coke')).toBe('template');
    expect(['version', 'same-outlet']).toContain(rel.get('gte|gte2'));
    expect(['version', 'same-outlet']).toContain(rel.get('usair|pie'));
    // without titles nothing says the companies differ
    const untitled = docs.map(({ title: _t, ...d }) => d);
    expect(new Map(analyze(untitled).pairs.map((p) => [`${p.a}|${p.b}`, p.relation])).get('gte|coke')).not.toBe('template');
  });

  it("takes one notice told of two entities, named in the titles' difference, for a template, not a version", () => {
    const note = (fund: string) => `Mthly div 7.1 cts vs 7.1 cts prior\n    Pay March 31\n    Record March 16\n    NOTE: Franklin ${fund} Tax-Free Income Fund.\n Reuter`;
    const wire = (id: string, title: string, text: string, h: number): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(h) });
    const docs: Doc[] = [
      wire('insured', 'FRANKLIN INSURED TAX-FREE SETS PAYOUT', note('Insured'), 1),
      wire('pr', 'FRANKLIN PUERTO RICO TAX-FREE SETS PAYOUT', note('Puerto Rico'), 1),
      // the outlet fills the title with a third fund: it is a formula title
      wire('ca', 'FRANKLIN CALIFORNIA TAX-FREE SETS PAYOUT', 'Qtly div 9.2 cts vs 9.0 cts prior\n    Pay April 15\n    NOTE: Franklin California Tax-Free Income Fund.', 1),
      wire('ny', 'FRANKLIN NEW YORK TAX-FREE SETS PAYOUT', 'Qtly div 8.1 cts vs 8.0 cts prior\n    Pay April 15\n    NOTE: Franklin New York Tax-Free Income Fund.', 1),
      wire('ma', 'FRANKLIN MASSACHUSETTS TAX-FREE SETS PAYOUT', 'Qtly div 6.4 cts vs 6.2 cts prior\n    Pay April 15\n    NOTE: Franklin Massachusetts Tax-Free Income Fund.', 1),
      // the same fund's notice re-sent under a reworded title keeps its text: a version
      wire('insured2', 'FRANKLIN INSURED TAX-FREE FUND SETS PAYOUT', note('Insured'), 2),
    ];
    const rel = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('insured|pr')).toBe('template');
    expect(['version', 'same-outlet']).toContain(rel.get('insured|insured2'));
    // two funds besides the pair's own are no evidence of a formula title: without the third, a version
    const two = new Map(analyze(docs.filter((d) => d.id !== 'ca')).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(two.get('insured|pr')).not.toBe('template');
    // a text that differs in a word that is no name (an update) is not a swap of entities
    expect(namesSwapped(note('Insured'), `${note('Puerto Rico')} Payment was delayed.`, new Set(['insured', 'puerto', 'rico']))).toBe(false);
    expect(namesSwapped(note('Insured'), note('Puerto Rico'), new Set(['insured', 'puerto', 'rico']))).toBe(true);
    // the names must be the ones the titles differ in
    expect(namesSwapped(note('Insured'), note('Puerto Rico'), new Set(['california']))).toBe(false);
    // in capitals every word looks like a name
    expect(namesSwapped(note('Insured').toUpperCase(), `${note('Puerto Rico')} PAYMENT WAS DELAYED`.toUpperCase(), new Set(['insured', 'puerto', 'rico']))).toBe(false);
  });

  it('takes one title stamped with two clock times, or filled with two entities, for two editions of a formula', () => {
    const wire = (id: string, title: string, text: string, h: number): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(h) });
    const table = (may: string) => `MINNEAPOLIS WHEAT\n MAY7 ${may}            UP  1 3/4\n JUL7 280 3/4            UNCH\n SEP7 276 1/2            UP    1/2\n DEC7  --     --`;
    const hogs = (up: string, lbs: string) => `barrow and gilt prices rose ${up} dlr, the usda said. us 1-3 ${lbs} lbs 51.00-51.50.\n    sows - up 1.00 dlr. us 1-3 500-650 lbs 46.50-47.00.`;
    // the table's rows are each crop's own: the shared heading is under half of each item
    const rows = (seed: number) => ['United States', 'Canada', 'Argentina', 'Australia', 'European Community', 'Soviet Union'].map((c, i) => `${c} ${seed + i * 7}.${i} ${seed * 3 + i}.${i + 2} ${seed + 11 * i}.${i + 1}`).join('\n');
    const supply = (crop: string, seed: number) => `The U.S. Agriculture Department gave its projections of world ${crop} supply and demand by country, in mln tonnes, for the 1986/87 season, with comparisons.\n${rows(seed)}`;
    const docs: Doc[] = [
      wire('t1120', 'MIDWEST GRAIN FUTURES 11:20   EDT', table('285 1/4'), 1),
      wire('t1131', 'MIDWEST GRAIN FUTURES 11:31   EDT', table('285'), 1),
      // the same table under a new stamp, every figure kept: a re-send
      wire('t1125', 'MIDWEST GRAIN FUTURES 11:25   EDT', table('285 1/4'), 1),
      wire('t1120r', 'MIDWEST GRAIN FUTURES 11:20   EDT', table('285 1/4'), 2),
      wire('t1140', 'MIDWEST GRAIN FUTURES 11:40   EDT', table('286'), 2),
      wire('t1150', 'MIDWEST GRAIN FUTURES 11:50   EDT', table('286 1/2'), 2),
      wire('t1200', 'MIDWEST GRAIN FUTURES 12:00   EDT', table('285 3/4'), 2),
      wire('stpaul', 'ST PAUL HOGS SEEN UP 1.00 DLR - PRIVATE SOURCES', hogs('1.00 to 1.50', '215-260'), 3),
      wire('joliet', 'JOLIET HOGS SEEN UP 1.50 DLR - PRIVATE SOURCES', hogs('0.50', '210-250'), 3),
      wire('peoria', 'PEORIA HOGS SEEN UP 1.50 DLR - PRIVATE SOURCES', 'Hog prices at Peoria were seen up 1.50 dlr on a light run, private sources said.', 3),
      wire('omaha', 'OMAHA HOGS SEEN UP 1.00 DLR - PRIVATE SOURCES', 'Hog prices at Omaha were seen up 1.00 dlr, private sources said.', 3),
      wire('joseph', 'ST JOSEPH HOGS SEEN UP 0.50 DLR - PRIVATE SOURCES', 'Hog prices at St Joseph were seen up 0.50 dlr, private sources said.', 3),
      // the market leads the title and its tail tells the day's move: the tails differ too
      wire('stlouis', 'ST LOUIS HOGS SEEN STEADY/UP 0.50 DLR - PRIVATE', hogs('0.50 to 1.00', '220-240'), 3),
      wire('sioux', 'SIOUX FALLS HOGS SEEN UP 0.50 DLR - PRIVATE', hogs('0.75', '200-230'), 3),
      wire('q1', 'QUAKE KILLS 12 IN EASTERN TURKEY', 'At least 12 people were killed and 40 injured when a strong tremor struck the province of Erzurum in eastern Turkey early on Friday, the state radio said. Rescue teams were sent from Ankara.', 6),
      wire('q2', 'EARTHQUAKE KILLS 45 IN TURKEY, HUNDREDS HURT', 'At least 45 people were killed and 300 injured when a strong tremor struck the province of Erzurum in eastern Turkey early on Friday, the state radio said. Rescue teams were sent from Ankara and Istanbul.', 7),
      wire('f1', 'FLOOD KILLS 30 IN BANGLADESH', 'Floods in northern Bangladesh have killed 30 people, officials said.', 2),
      wire('f2', 'STORM KILLS 8 IN PHILIPPINES', 'A tropical storm killed eight people in the central Philippines, the army said.', 3),
      wire('f3', 'BLAST KILLS 5 IN BEIRUT', 'A car bomb killed five people in west Beirut, police said.', 4),
      wire('reagan', 'REAGAN SAYS U.S. WILL VETO TRADE BILL', 'The President told reporters the administration would veto the House trade bill in its present form because it would invite retaliation against 170 billion dlrs of exports. He said talks with Congress would go on.', 8),
      wire('baker', 'BAKER SAYS U.S. WILL VETO PROTECTIONIST BILL', 'The Treasury Secretary told reporters the administration would veto the House trade bill in its present form because it would invite retaliation against 20 billion dlrs of farm exports. He said talks with Congress would go on.', 8),
      wire('yeutter', 'YEUTTER SAYS U.S. TO PRESS JAPAN ON CHIPS', 'Trade Representative Clayton Yeutter said Washington would press Tokyo on semiconductors.', 2),
      wire('volcker', 'VOLCKER SAYS U.S. RATES STEADY', 'Fed chairman Paul Volcker said interest rates were steady.', 3),
      wire('lyng', 'LYNG SAYS U.S. FARM EXPORTS TO RISE', 'Agriculture Secretary Richard Lyng said farm exports would rise.', 4),
      wire('reagan2', 'REAGAN SAYS U.S. BUDGET GAP TO NARROW', 'Reagan said the 1988 budget of 1,024 billion dlrs would cut the deficit to 108 billion dlrs from 173 billion. The Congressional Budget Office put the fiscal 1987 deficit at 174.5 billion dlrs, up from 163.2 billion dlrs it had forecast in January. Reagan told reporters he would veto any tax rise.', 9),
      wire('baker2', 'BAKER SAYS U.S. DOLLAR FALL HAS GONE FAR ENOUGH', 'Baker said the dollar had fallen 40 pct against the yen since 1985 and 35 pct against the mark. The Congressional Budget Office put the fiscal 1987 deficit at 174.5 billion dlrs, up from 163.2 billion dlrs it had forecast in January. Baker spoke to 300 bankers in New York.', 9),
      // two markets' sheep reports under a lead frame ("_ sheep steady" / "_ sheep higher") the outlet fills nowhere else: no formula title
      wire('sheep1', 'DENVER SHEEP STEADY 0.50 DLR - PRIVATE', hogs('0.50 to 1.00', '120-140').replace('barrow and gilt', 'lamb'), 3),
      wire('sheep2', 'OGDEN SHEEP HIGHER - USDA', hogs('0.75', '110-130').replace('barrow and gilt', 'lamb'), 3),
      // a story told again under another lead, each text naming the other's: one story
      wire('texaco', 'TEXACO HOGS SEEN IN COURT FIGHT', 'Texaco Inc said its dispute with Pennzoil Co over the Getty merger was headed back to court in Houston on Monday, 12 lawyers said.', 3),
      wire('pennzoil', 'PENNZOIL HOGS SEEN WINNING', 'Pennzoil Co said its dispute with Texaco Inc over the Getty merger was headed back to court in Houston on Monday, 14 lawyers said.', 3),
      wire('corn', 'CORN SUPPLY/DEMAND BY COUNTRY -- USDA', supply('corn', 23), 4),
      wire('cotton', 'COTTON SUPPLY/DEMAND BY COUNTRY -- USDA', supply('cotton', 41), 4),
      wire('wheat', 'WHEAT SUPPLY/DEMAND BY COUNTRY -- USDA', supply('wheat', 57), 4),
      wire('rice', 'RICE SUPPLY/DEMAND BY COUNTRY -- USDA', supply('rice', 71), 4),
      wire('sorghum', 'SORGHUM SUPPLY/DEMAND BY COUNTRY -- USDA', supply('sorghum', 89), 4),
      // a changed verb is no entity, and a word spelt two ways is none either
      wire('raises', 'MAGMA RAISES COPPER PRICE 0.50 CT TO 66.00 CTS', 'Magma Copper Co said it raised its price for cathodes by 0.50 cent to 66.00 cents a lb, effective immediately.', 5),
      wire('lowers', 'MAGMA LOWERS COPPER PRICE 0.50 CT TO 65.50 CTS', 'Magma Copper Co said it lowered its price for cathodes by 0.50 cent to 65.50 cents a lb, effective immediately.', 6),
      wire('centres', 'OTTAWA SAID BACKING DOWN ON BANKING CENTRES', 'Ottawa is said to be backing down on plans for international banking centres in Montreal and Vancouver, officials said on Tuesday.', 7),
      wire('centers', 'OTTAWA SAID BACKING DOWN ON BANKING CENTERS', 'Ottawa is said to be backing down on plans for international banking centers in Montreal and Vancouver, officials said on Tuesday.', 8),
    ];
    const rel = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('t1120|t1131')).toBe('template');
    // the same time sent again is a re-send, and so is the same table under another stamp
    expect(rel.get('t1120|t1120r')).not.toBe('template');
    expect(rel.get('t1120|t1125')).not.toBe('template');
    expect(rel.get('stpaul|joliet')).toBe('template');
    expect(rel.get('stlouis|sioux')).toBe('template');
    // a lead frame is also a headline's pattern: a story's update whose first word changed, its body naming neither, is no template (review of leadSlot)
    expect(rel.get('q1|q2')).toBeDefined();
    expect(rel.get('q1|q2')).not.toBe('template');
    expect(rel.get('reagan|baker')).toBeDefined();
    expect(rel.get('reagan|baker')).not.toBe('template');
    // under a lead frame, two figure-dense stories each naming its own lead and sharing one sentence are two stories, not one formula
    expect(rel.get('reagan2|baker2')).toBeDefined();
    expect(rel.get('reagan2|baker2')).not.toBe('template');
    // a lead frame must recur (FRAME_OTHERS other leads): one the outlet fills nowhere else is no formula title
    expect(rel.get('sheep1|sheep2')).toBeDefined();
    expect(rel.get('sheep1|sheep2')).not.toBe('template');
    expect(rel.get('texaco|pennzoil')).toBeDefined();
    expect(rel.get('texaco|pennzoil')).not.toBe('template');
    expect(rel.get('corn|cotton')).toBe('template');
    expect(rel.get('raises|lowers')).not.toBe('template');
    expect(rel.get('centres|centers')).not.toBe('template');
  });

  it('keeps an update retitled with another word, each text naming only its own, a take of one story', () => {
    const wire = (id: string, title: string, text: string, h: number): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(h) });
    const first = 'A car bomb blast tore through a market in central Kabul on Tuesday, killing twelve people and wounding dozens more, police said. The blast shattered windows along the street and set several stalls on fire.';
    const update = `${first.replace(/blast/g, 'bombing')} Hospital officials said many of the wounded were in a serious condition, and the interior ministry blamed insurgents.`;
    const docs: Doc[] = [wire('blast', 'KABUL BLAST KILLS TWELVE IN MARKET', first, 1), wire('bombing', 'KABUL BOMBING KILLS TWELVE IN MARKET', update, 2)];
    const rel = new Map(analyze(docs).pairs.map((p) => [`${p.a}|${p.b}`, p.relation]));
    expect(rel.get('blast|bombing')).toBe('version');
  });

  it('keeps updates, refiles and corrections of one story versions whatever their titles change (the title rules need a formula title)', () => {
    const wire = (id: string, title: string, text: string, h: number, outlet = 'Reuters'): Doc => ({ id, title, text, outlet, kind: 'wire', publishedAt: at(h) });
    const rel = (docs: Doc[]): string | undefined => analyze(docs).pairs[0]?.relation;
    const cut = 'The cuts will come at plants in Michigan and Ohio over the next two years, and the company expects savings of 500 mln dlrs a year, a spokesman said. The United Auto Workers union said it would fight the closings, which follow two earlier rounds of layoffs.';
    const bomb = (n: number, more = '') => `A car bomb went off in a crowded Kabul market on Tuesday, killing ${n} people and wounding 30, police said. Windows were shattered along the street and several stalls caught fire.${more}`;
    const ceo = (n: string) => `Acme Corp said its board named ${n} chief executive officer, effective April 1. ${n}, 52, succeeds John Doe, who retires after 20 years. Acme makes industrial valves and pumps.`;
    const opec = (d: string) => `OPEC oil ministers will meet in Vienna on ${d} to review the group's output ceiling of 16.6 mln barrels a day, a spokesman for the secretariat said. Prices have fallen five pct this month.`;
    const powell = (t: string) => `Federal Reserve Chairman Jerome Powell will testify before the Senate Banking Committee on Tuesday at ${t} EDT, the committee said in a statement. Powell is expected to be asked about the outlook for rates.`;
    const market = 'Technology shares led the advance after strong quarterly results from chipmakers, while energy stocks slipped with crude prices. Traders said investors were also looking ahead to payrolls.';
    const notOne = ['template', undefined];
    // an update, its title marked or its symbol restyled
    expect(notOne).not.toContain(rel([wire('a', 'GENERAL MOTORS <GM> TO CUT 5,000 JOBS', `General Motors Corp said on Tuesday it would eliminate 5,000 salaried positions. ${cut}`, 1), wire('b', 'UPDATE 1-GM <GM.N> TO CUT 5,000 JOBS, UNION TO FIGHT', `The largest U.S. carmaker will shed 5,000 white-collar jobs, it said on Tuesday. ${cut} Its shares fell.`, 2)]));
    // a market story written through, its index code at the end of the title
    expect(notOne).not.toContain(rel([wire('a', 'US STOCKS-Wall St rises as tech gains <.SPX>', `U.S. stocks rose at midday on Thursday. ${market}`, 1), wire('b', 'US STOCKS-Nasdaq ends at record as chipmakers rally <.IXIC>', `The Nasdaq closed at a record high on Thursday. ${market}`, 4)]));
    // two parties of one deal, each title naming the other
    expect(notOne).not.toContain(rel([wire('a', 'CHRYSLER <C> BIDS FOR AMERICAN MOTORS', `Chrysler made a bid on Monday. ${cut}`, 1), wire('b', 'AMERICAN MOTORS <AMO> BOARD TO STUDY CHRYSLER BID', `The board will meet on Friday. ${cut}`, 3)]));
    // a death toll updated under a reworded headline; a refile fixing a name; a meeting moved
    expect(notOne).not.toContain(rel([wire('a', 'EXPLOSION ROCKS KABUL MARKET', bomb(12), 1), wire('b', 'BOMBING ROCKS KABUL MARKET', bomb(14, ' Two of the wounded died in hospital.'), 3)]));
    expect(notOne).not.toContain(rel([wire('a', 'Acme names Jane Smyth CEO', ceo('Jane Smyth'), 1), wire('b', 'REFILE-Acme names Jane Smith CEO', ceo('Jane Smith'), 2)]));
    expect(notOne).not.toContain(rel([wire('a', 'OPEC MINISTERS TO MEET ON MONDAY', opec('Monday'), 1), wire('b', 'OPEC MINISTERS TO MEET ON TUESDAY', opec('Tuesday'), 2)]));
    // a time or a score corrected is no clock edition
    expect(notOne).not.toContain(rel([wire('a', 'FED CHAIR POWELL TO TESTIFY AT 10:00 EDT', powell('10:00'), 1), wire('b', 'FED CHAIR POWELL TO TESTIFY AT 10:30 EDT', powell('10:30'), 2)]));
    const game = (x: string) => `ALBA Berlin hat das Spitzenspiel der Basketball-Bundesliga gegen Bayern München mit ${x} gewonnen. Vor 14.500 Zuschauern war Johannes Thiemann mit 22 Punkten bester Werfer.`;
    expect(notOne).not.toContain(rel([wire('a', 'ALBA schlägt Bayern 98:87', game('98:87'), 1, 'dpa'), wire('b', 'ALBA schlägt Bayern 98:85', game('98:85'), 2, 'dpa')]));
  });

  it('keeps the takes of a breaking story versions: a new toll, a status word, a toll in the title, a foreign update marker', () => {
    const wire = (id: string, title: string | undefined, text: string, h: number, outlet = 'AFP'): Doc => ({ id, ...(title === undefined ? {} : { title }), text, outlet, kind: 'wire', publishedAt: at(h) });
    const base = 'A gunman opened fire in a shopping mall in El Paso, Texas on Saturday, police said. ';
    const take = (killed: number, wounded: number, more = '') => `${base}At least ${killed} people were killed and ${wounded} wounded, a police spokesman told reporters. The suspect, a 21-year-old man, was arrested at the scene.${more}`;
    const rel = (docs: Doc[], a: string, b: string): string | undefined => analyze(docs).pairs.find((p) => [p.a, p.b].sort().join('|') === [a, b].sort().join('|'))?.relation;
    // three figures each, mostly new: a take with a new toll, not two notices
    expect(rel([wire('u1', undefined, take(3, 12), 10), wire('u2', undefined, take(7, 26, ' Governor Greg Abbott called it a senseless act.'), 11)], 'u1', 'u2')).not.toBe('template');
    const titled = [wire('u1', 'URGENT: Mass shooting at Texas mall', take(3, 12), 10), wire('u2', 'BREAKING: Mass shooting at Texas mall', take(7, 26, ' Governor Greg Abbott called it a senseless act.'), 11), wire('u3', 'LATEST: Mass shooting at Texas mall', take(20, 40, ' Governor Greg Abbott called it a senseless act. The White House offered help.'), 12)];
    expect(rel(titled, 'u1', 'u2')).not.toBe('template');
    const quake = (n: number, m: number) => `A magnitude 6.1 earthquake struck eastern Turkey on Monday, killing at least ${n} people and injuring ${m}, the disaster agency AFAD said. The quake hit at a depth of 10 km near the town of Malatya.`;
    expect(rel([wire('q1', 'Quake kills 12 in eastern Turkey', quake(12, 40), 10, 'Reuters'), wire('q2', 'Quake kills 45 in eastern Turkey', quake(45, 130), 14, 'Reuters')], 'q1', 'q2')).not.toBe('template');
    expect(rel([wire('s1', 'Sismo deja 12 muertos en Turquía', quake(12, 40), 10, 'Reuters'), wire('s2', 'ACTUALIZA 1-Sismo deja 45 muertos en Turquía', quake(45, 130), 14, 'Reuters')], 's1', 's2')).not.toBe('template');
  });

  it('gives no cut-down direction to two takes of one length, whatever the input order', () => {
    const head = paragraphs(12, 3).join('\n\n');
    const a: Doc = { id: 'a', text: `${head}\n\n${'Alpha tail words here. '.repeat(4)}`, outlet: 'AFP', kind: 'wire' };
    const b: Doc = { id: 'b', text: `${head}\n\n${'Omega tail words here. '.repeat(4)}`, outlet: 'AFP', kind: 'wire' };
    expect(a.text.length).toBe(b.text.length);
    for (const docs of [[a, b], [b, a]]) {
      const e = analyze(docs).graph.edges.find((x) => x.type === 'version') as ReuseEdge | undefined;
      expect(e?.direction.basis ?? 'none').toBe('none');
    }
  });

  it("does not let a draft's title hide another outlet's wording it copied (the gate applies no title rule)", () => {
    const ceo = (n: string) => `Acme Corp said its board named ${n} chief executive officer, effective April 1. ${n}, 52, succeeds John Doe, who retires after 20 years. Acme makes industrial valves and pumps.`;
    const index = new CorpusIndex();
    index.add([
      { id: 'ap', outlet: 'Associated Press', kind: 'article', title: 'Acme picks new CEO', publishedAt: at(0), text: ceo('Jane Smith') },
      { id: 'r1', outlet: 'Reuters', kind: 'wire', title: 'Acme names Jane Smyth CEO', publishedAt: at(1), text: ceo('Jane Smyth') },
      { id: 'r2', outlet: 'Reuters', kind: 'wire', title: 'Acme names John Roe CEO', publishedAt: at(1), text: ceo('John Roe') },
    ]);
    const report = checkDraft({ id: 'draft', outlet: 'Reuters', kind: 'wire', title: 'Acme names Jane Smith CEO', publishedAt: at(2), text: ceo('Jane Smith') }, index);
    expect(report.uncreditedShare).toBeGreaterThan(0.9);
  });

  it('reads the opening subject as the informative capitalised words an item starts with, before a verb', () => {
    const frequent = new Set(['corp', 'inc', 'co', 'police', 'officials']);
    const slots = (w: string): boolean => !frequent.has(w);
    expect(openingSubject('Diamond Shamrock Corp said it raised its postings.', slots)).toEqual(['diamond', 'shamrock']);
    expect(openingSubject('Euratom is issuing a 145 mln ECU eurobond.', slots)).toEqual(['euratom']);
    // a particle inside an organisation's name ("des", "du") does not end it; one before a lower-case word does, and so does a person's
    expect(openingSubject('Caisse Nationale des Telecommunications is issuing a yen bond.', slots)).toEqual(['caisse', 'nationale', 'telecommunications']);
    expect(openingSubject('Caisse Centrale Desjardins du Quebec is issuing a bond.', slots)).toEqual(['caisse', 'centrale', 'desjardins', 'quebec']);
    expect(openingSubject('Banque Paribas de la plus grande is issuing a bond.', slots)).toEqual([]);
    expect(openingSubject('Jacques de Larosiere said the bank would cut its rate.', slots)).toEqual([]);
    // nor a title or a person's two given names before the particle (review)
    expect(openingSubject('IMF Managing Director Jacques de Larosiere said debtors must reform.', slots)).toEqual([]);
    expect(openingSubject('Carlos Salinas de Gortari said Mexico expects inflation to slow.', slots)).toEqual([]);
    expect(openingSubject('Banque Nationale de Paris said it raised its base rate.', slots)).toEqual(['banque', 'nationale', 'paris']);
    expect(subjectsDiffer('Caisse Nationale des Telecommunications is issuing a 20 billion yen eurobond.', 'McDonalds Corp is issuing a 75 mln dlr eurobond.', slots)).toBe(true);
    // an apposition, a dateline or a table row is not a subject followed by its verb
    expect(openingSubject('The Tasmanian Public Finance Corp, guaranteed by the state, is issuing a bond.', slots)).toEqual([]);
    expect(openingSubject('SEOUL, March 3 (Yonhap) -- Exports rose.', slots)).toEqual([]);
    expect(openingSubject('Shr 1.22 dlrs vs 27 cts', slots)).toEqual([]);
    // formula words name no subject
    expect(subjectsDiffer('Police said a man was arrested after the fire.', 'Officials said the talks would resume next week.', slots)).toBe(false);
    expect(subjectsDiffer('Sun Co Inc said it raised crude postings.', 'Phillips Petroleum Co said it raised crude postings.', slots)).toBe(true);
    // the same subject, or one the other item mentions in any form, is the same story
    expect(subjectsDiffer('Moody’s said it may downgrade Chrysler.', "Moody's said the review covers 12 billion dlrs of debt.", slots)).toBe(false);
    expect(subjectsDiffer('Texaco Inc said it cut its postings.', "Refiners said they followed Texaco's cut.", slots)).toBe(false);
    expect(subjectsDiffer('Texaco Inc said it cut its postings.', 'Refiners said they cut postings, following Texaco.', slots)).toBe(false);
  });

  it('reads a subject past its "of the …" qualifier, its company form and a capitalised verb', () => {
    const slots = (): boolean => true;
    expect(openingSubject('De Nationale Investeringsbank NV of the Netherlands has signed a 3.1 billion yen loan.', slots)).toEqual(['de', 'nationale', 'investeringsbank']);
    expect(openingSubject('DNC International Finance A.S. Is issuing a 10 billion yen eurobond.', slots)).toEqual(['dnc', 'international', 'finance']);
    // two Dutch borrowers: the country and the company form are no part of either name
    expect(subjectsDiffer('De Nationale Investeringsbank NV of the Netherlands has signed a loan.', 'NV Nederlandse Gasunie of the Netherlands has signed a loan.', slots)).toBe(true);
    expect(openingSubject('Bank of America said it would pay.', slots)).toEqual(['bank']);
    // a name with a particle is not read through it: "Governor Jacques de Larosiere said" would become a subject unlike "Banque de France said"
    expect(openingSubject('Governor Jacques de Larosiere said the central bank cut its rate.', slots)).toEqual([]);
    // an "of" that no capitalised qualifier follows ends the subject without a verb
    expect(openingSubject('Bank of 12 lenders said it would pay.', slots)).toEqual([]);
  });

  it("takes a passage that shares only names for a naming, not copied wording, and keeps a pair's other passages", () => {
    const a = 'Saudi Arabian Oil Minister Hisham Nazer reiterated the kingdom\'s commitment to the accord.';
    const b = 'Saudi Arabian Oil Minister Hisham Nazer said the agreement was being implemented.';
    const name = { a: { start: 0, end: 39 }, b: { start: 0, end: 39 }, kind: 'rewritten' as const, tokens: 6, similarity: 1 };
    expect(namesOnly(a, b, [name])).toBe(true);
    expect(markTemplates(a, b, [name])[0]!.kind).toBe('template');
    // words between the names are copied wording
    const c = 'The Writers Guild of America said its members struck the news staffs of CBS Inc.';
    const d = 'The Writers Guild of America said its members struck the news staffs of CBS Inc today.';
    expect(namesOnly(c, d, [{ a: { start: 0, end: c.length }, b: { start: 0, end: c.length } }])).toBe(false);
    // what the whole of one text shares with the whole of another
    const wholly = (x: string, y = x): boolean => namesOnly(x, y, [{ a: { start: 0, end: x.length }, b: { start: 0, end: y.length } }]);
    // titles, attribution and the particles of names describe the names
    const nesi = 'BNL president Nerio Nesi told a news conference';
    expect(wholly(nesi)).toBe(true);
    // political titles describe too: nine capitalised words, two of them titles
    const leaders = "West German Chancellor Helmut Schmidt and former French President Valery Giscard d'Estaing";
    expect(wholly(leaders)).toBe(true);
    const bank = 'Banca Nazionale del Lavoro and Valery Giscard d\'Estaing';
    const bank2 = 'Banca Nazionale Del Lavoro and Valery Giscard d\'Estaing';
    expect(wholly(bank, bank2)).toBe(true);
    // in a text set in capitals every word is capitalised: a copied sentence is no name
    const caps = 'OIL MINISTER NAZER SAID PRICES WOULD HOLD';
    expect(wholly(caps)).toBe(false);
    // a long list of names in the same order is a copy's evidence
    const list = 'Kuwait, Bahrain, Oman, Qatar, Saudi Arabia, Yemen, Jordan, Syria and Iraq';
    expect(wholly(list)).toBe(false);
    // a name shared beside copied wording stays part of the copy
    const e = `${a} It sold 318,600 restricted shares at six dlrs a share.`;
    const f = `${b} It sold 318,600 restricted shares at six dlrs a share.`;
    const figures = { a: { start: a.length + 1, end: e.length }, b: { start: b.length + 1, end: f.length }, kind: 'verbatim' as const, tokens: 9, similarity: 1 };
    expect(markTemplates(e, f, [name, figures]).map((p) => p.kind)).toEqual(['rewritten', 'verbatim']);
    // a headline in title case is copied wording, not names
    const head = 'Opec Ministers Agree To Extend Output Accord Until End Of June';
    expect(wholly(head)).toBe(false);
    // the aligner matches stems: "warned" / "warns" is a shared verb
    const g = 'Oil Minister Hisham Nazer warned OPEC members';
    const h = 'Oil Minister Hisham Nazer warns OPEC member';
    expect(wholly(g, h)).toBe(false);
  });

  it('takes two same-day editions of a report whose titles differ only in their figures for formula items, not a correction', () => {
    const filler = paragraphs(501, 240).map((text, i): Doc => ({ id: `f${i}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: at(i % 20) }));
    const report = (id: string, title: string, n: [number, number, number, number], h: number): Doc => ({
      id,
      title,
      text: `The Bank of England said it provided the money market with a further ${n[0]} mln stg of assistance. It bought ${n[1]} mln stg of band two bank bills outright at 10-3/8 pct and ${n[2]} mln stg of bills for resale on March 30 at 10-5/16 pct, bringing its help so far today to ${n[3]} mln stg.`,
      outlet: 'Reuters',
      kind: 'wire',
      publishedAt: at(h),
    });
    const morning = report('am', 'U.K. MONEY MARKET GIVEN FURTHER 168 MLN STG HELP', [168, 121, 47, 646], 30);
    // the outlet sends the report under that title every day: three other days' editions
    const days = [[243, 200, 43, 700], [88, 60, 28, 412], [312, 250, 62, 955]].map((n, k) => report(`d${k}`, `U.K. MONEY MARKET GIVEN FURTHER ${n[0]} MLN STG HELP`, n as [number, number, number, number], 40 + 24 * k));
    const relation = (b: Doc, others = days): string | undefined => analyze([...filler, ...others, morning, b]).pairs.find((p) => [p.a, p.b].sort().join('|') === ['am', b.id].sort().join('|'))?.relation;
    expect(relation(report('pm', 'U.K. MONEY MARKET GIVEN FURTHER 195 MLN STG HELP', [195, 176, 19, 841], 32))).toBe('template');
    // a correction of the morning's item keeps its link, whatever figures it corrects
    expect(relation(report('fix', 'CORRECTED - U.K. MONEY MARKET GIVEN FURTHER 186 MLN STG HELP', [186, 139, 52, 664], 31))).not.toBe('template');
    // one title told twice with other figures is no evidence of a formula ("QUAKE KILLS 12 / 45"): without the other days, a version
    expect(relation(report('pm', 'U.K. MONEY MARKET GIVEN FURTHER 195 MLN STG HELP', [195, 176, 19, 841], 32), [])).not.toBe('template');
  });

  it('calls two takes of one wire story versions, the first take first even without dates', () => {
    const first = paragraphs(3, 3);
    const update = [first[0]!, ...paragraphs(4, 2), ...first.slice(1)];
    const a = analyze([
      { id: 'update', text: update.join('\n\n'), outlet: 'AFP', kind: 'wire' },
      { id: 'first', text: first.join('\n\n'), outlet: 'AFP', kind: 'wire' },
    ]);
    expect(edges(a, 'version')).toMatchObject([{ source: 'first', target: 'update' }]);
    expect(edges(a, 'reuses')).toEqual([]);
  });

  it('takes a take that keeps only the top of the other, without dates, for the other cut down: the longer first', () => {
    const story = paragraphs(8, 5);
    const cut = analyze([
      { id: 'short', text: story.slice(0, 2).join('\n\n'), outlet: 'Reuters', kind: 'wire' },
      { id: 'full', text: story.join('\n\n'), outlet: 'Reuters', kind: 'wire' },
    ]);
    expect(edges(cut, 'version')).toMatchObject([{ source: 'full', target: 'short' }]);
    // a new lead on top of the old text is an update, not a cut: the old text is no head of it
    const update = analyze([
      { id: 'update', text: [...paragraphs(9, 2), ...story.slice(0, 2)].join('\n\n'), outlet: 'Reuters', kind: 'wire' },
      { id: 'first', text: story.slice(0, 2).join('\n\n'), outlet: 'Reuters', kind: 'wire' },
    ]);
    expect(edges(update, 'version')).toMatchObject([{ source: 'first', target: 'update' }]);
  });

  it('takes a take whose title marks it as sent again (CORRECTED, RPT, a later UPDATE) for the later one, without dates', () => {
    // the corrected take is the full one: without the mark, the other would be taken for it cut down
    const story = paragraphs(10, 5);
    const takes = (title: string): Doc[] => [
      { id: 'full', title, text: story.join('\n\n'), outlet: 'Reuters', kind: 'wire' },
      { id: 'short', title: 'TALKS END', text: story.slice(0, 2).join('\n\n'), outlet: 'Reuters', kind: 'wire' },
    ];
    for (const title of ['CORRECTED - TALKS END', '(CORRECTED) - TALKS END', '(RPT) TALKS END', 'RPT-TALKS END', 'UPDATE 1-TALKS END']) {
      const e = edges(analyze(takes(title)), 'version');
      expect(e, title).toMatchObject([{ source: 'short', target: 'full', direction: { basis: 'title' } }]);
    }
    // a headline about an update is no mark: the cut-down rule decides
    expect(edges(analyze(takes('UPDATE ON TALKS')), 'version')).toMatchObject([{ source: 'full', target: 'short', direction: { basis: 'containment' } }]);
    // two updates: the higher number is the later
    const two = analyze([
      { id: 'u3', title: 'UPDATE 3-TALKS END', text: story.join('\n\n'), outlet: 'Reuters', kind: 'wire' },
      { id: 'u2', title: 'UPDATE 2-TALKS END', text: story.slice(0, 4).join('\n\n'), outlet: 'Reuters', kind: 'wire' },
    ]);
    expect(edges(two, 'version')).toMatchObject([{ source: 'u2', target: 'u3' }]);
    // marks in a run: a corrected or repeated update comes after that update, before the next (review, 2026-11-24)
    const order = (later: string, earlier: string): ReuseEdge[] =>
      edges(
        analyze([
          { id: 'later', title: later, text: story.join('\n\n'), outlet: 'Reuters', kind: 'wire' },
          { id: 'earlier', title: earlier, text: story.slice(0, 4).join('\n\n'), outlet: 'Reuters', kind: 'wire' },
        ]),
        'version',
      );
    for (const [later, earlier] of [['CORRECTED-UPDATE 2-TALKS END', 'UPDATE 2-TALKS END'], ['RPT-UPDATE 2-TALKS END', 'UPDATE 2-TALKS END'], ['UPDATE 3-TALKS END', 'CORRECTED-UPDATE 2-TALKS END'], ['WRAPUP 2-TALKS END', 'RPT-WRAPUP 1-TALKS END']] as const) {
      expect(order(later, earlier), later).toMatchObject([{ source: 'earlier', target: 'later', direction: { basis: 'title' } }]);
    }
    // a headline in running case is no mark: the cut-down rule decides (the longer first)
    expect(order('TALKS END', 'Repeat: offenders face longer terms')).toMatchObject([{ source: 'later', target: 'earlier', direction: { basis: 'containment' } }]);
  });

  it('does not call two wire stories of one agency versions when they share only a background paragraph', () => {
    const background = paragraphs(5, 1)[0]!;
    const a = analyze([
      { id: 'monday', text: [...paragraphs(6, 4), background].join('\n\n'), outlet: 'AFP', kind: 'wire', publishedAt: at(1) },
      { id: 'tuesday', text: [...paragraphs(7, 4), background].join('\n\n'), outlet: 'AFP', kind: 'wire', publishedAt: at(20) },
    ]);
    expect(a.pairs.map((p) => p.relation)).toEqual(['same-outlet']);
    expect(edges(a, 'version')).toEqual([]);
  });

  it('labels an outlet reusing its own story same-outlet, keeps it out of uncredited reuse, and drops it on request', () => {
    const day1 = paragraphs(5, 5);
    const docs: Doc[] = [
      { id: 'day1', text: day1.join('\n\n'), outlet: 'Daily', publishedAt: at(1) },
      { id: 'day2', text: [...paragraphs(6, 2), ...day1.slice(1, 3), ...paragraphs(7, 2)].join('\n\n'), outlet: 'Daily', publishedAt: at(30) },
    ];
    const a = analyze(docs);
    expect(edges(a, 'same-outlet')).toMatchObject([{ source: 'day1', target: 'day2' }]);
    expect(edges(a, 'reuses')).toEqual([]);
    const skipped = analyze(docs, { skipSameOutlet: true });
    expect(skipped.graph.edges.filter((e) => e.type !== 'cites')).toEqual([]);
    // the pair itself is left out, as the option says: no "same-outlet" pair in the report either
    expect(skipped.pairs).toEqual([]);
    expect(a.pairs.map((p) => p.relation)).toEqual(['same-outlet']);
  });

  it('lists a small verbatim lift in the summary instead of saying there is no reuse', () => {
    const article = paragraphs(8, 9);
    const lifted = article[4]!;
    const a = analyze([
      { id: 'source', text: article.join('\n\n'), outlet: 'Paper A', publishedAt: at(1) },
      { id: 'lifter', text: [...paragraphs(9, 4), lifted, ...paragraphs(10, 4)].join('\n\n'), outlet: 'Paper B', publishedAt: at(5) },
    ]);
    const e = edges(a, 'reuses')[0]!;
    expect(e).toMatchObject({ source: 'source', target: 'lifter', credited: false });
    const text = formatSummary(a);
    expect(text).not.toContain('none: no document reuses');
    expect(text).toContain(lifted.split(' ').slice(0, 6).join(' '));
  });
});

describe('accuracy on the generated newsroom corpus (fixed seed)', () => {
  it('finds the reuse edges, the siblings and the unseen sources with half the dates withheld', () => {
    const docs = generateNewsroom({ stories: 40, seed: 101, withholdDates: 0.5 });
    const s = scoreNewsroom(docs, analyze(docs));
    // measured on this seed: see README, Accuracy; the thresholds leave room for noise, not for regressions
    // measured 0.989 / 0.989, siblings 1.0, parents 0.989, latent 1.0
    expect(s.edges.precision).toBeGreaterThanOrEqual(0.93);
    expect(s.edges.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.siblings.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(s.parentAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(s.latent.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(s.templates.linked).toBe(0);
    expect(s.relations.quotes.right).toBe(s.relations.quotes.pairs);
  });
});

describe("a copy of an outlet's follow-up that reuses the outlet's item of days before (session 21, test4 k18)", () => {
  it('draws the copy off the follow-up only: the earlier item reached it through the follow-up', () => {
    const day1 = paragraphs(9961, 5);
    const day3 = [...paragraphs(9962, 3), day1[2]!, day1[3]!];
    const docs: Doc[] = [
      { id: 'wire1', text: day1.join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(1) },
      { id: 'wire3', text: day3.join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(50) },
      { id: 'paper', text: `${[day3[0]!, day3[1]!, day3[3]!, day3[4]!].join('\n\n')}\n\n(Yonhap)`, outlet: 'The Korea Herald', publishedAt: at(52) },
      ...Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, text: paragraphs(9970 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ];
    const a = analyze(docs);
    expect(edges(a, 'same-outlet').map((e) => `${e.source}>${e.target}`)).toEqual(['wire1>wire3']);
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')].map((e) => `${e.source}>${e.target}`)).toEqual(['wire3>paper']);
  });
});

describe('a clause rewritten alike is no reuse (session 21: dev2 mofa-briefing-quoted, translation-paraphrase; test4 k19)', () => {
  it("leaves two agencies' wires that phrase a lede and a background clause alike unlinked, and the copy of one off the other", () => {
    // test4 k19's AP and Yonhap wires as the agencies wrote them: a lede and a sanctions clause phrased alike, one KCNA quote
    const body = (f: string): string => readFileSync(join(ROOT, 'bench/scenarios/test4/k19-wrong-agency-credit', f), 'utf8').replace(/^---[\s\S]*?---\n/, '');
    const ap = body('ap.md');
    const docs: Doc[] = [
      { id: 'ap', text: ap, outlet: 'Associated Press', kind: 'wire', publishedAt: at(1) },
      { id: 'yonhap', text: body('yonhap.md'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(2) },
      { id: 'copy', text: ap.split('\n\n').slice(0, 5).join('\n\n'), outlet: 'WTOP', publishedAt: at(3) },
      ...Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, text: paragraphs(9710 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ];
    const a = analyze(docs);
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')].map((e) => `${e.source}>${e.target}`)).toEqual(['ap>copy']);
  });

  it("still draws a paper's reworded lift of one exclusive sentence of a wire (a review of c463cc9)", () => {
    const wire = [
      'SEOUL, March 4 (Yonhap) -- North Korea has quietly moved a mobile launcher carrying a new solid-fuel intercontinental ballistic missile to a coastal base near Sinpo in the past week, a senior South Korean military official told Yonhap News Agency on Monday.',
      ...paragraphs(9721, 5),
    ];
    const paper = [
      paragraphs(9722, 1)[0]!,
      'North Korea has secretly shifted a mobile launcher loaded with a new solid-fuel intercontinental ballistic missile to a coastal base near Sinpo during the past week, a military official said.',
      ...paragraphs(9723, 8),
    ];
    const docs: Doc[] = [
      { id: 'yonhap', text: wire.join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: at(2) },
      { id: 'times', text: paper.join('\n\n'), outlet: 'The Korea Times', publishedAt: at(9) },
      ...Array.from({ length: 10 }, (_, i) => ({ id: `o${i}`, text: paragraphs(9730 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ];
    const a = analyze(docs);
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')].map((e) => `${e.source}>${e.target}:${e.credited}`)).toEqual(['yonhap>times:false']);
  });

  it('draws an outlet quoting a short fragment of an official briefing as quoting it (test5 m13: 8 quoted words, some of them stock)', () => {
    const dir = join(ROOT, 'bench/scenarios/test5/m13-ministry-briefing-quoted');
    const doc = (id: string, outlet: string, kind?: Doc['kind']): Doc => ({ id, outlet, ...(kind ? { kind } : {}), text: readFileSync(join(dir, `${id}.md`), 'utf8').replace(/^---[\s\S]*?---\n/, '') });
    const a = analyze([doc('mofa-briefing', 'Ministry of Foreign Affairs', 'official'), doc('yonhap', 'Yonhap', 'wire'), doc('nk-news', 'NK News'), doc('korea-times', 'The Korea Times')]);
    // (the Korea Times, carrying Yonhap's quotation of it, is drawn quoting it too: the scenario leaves that open)
    expect(edges(a, 'quotes').map((e) => `${e.source}>${e.target}`)).toEqual(expect.arrayContaining(['mofa-briefing>nk-news', 'mofa-briefing>yonhap']));
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')].map((e) => `${e.source}>${e.target}`)).toEqual(['yonhap>korea-times']);
  });

  it("does not draw reports quoting the military's phrase as quoting a ministry statement that repeats it hours later (a review of 7c12b2f)", () => {
    const mofa = "The Government of the Republic of Korea strongly condemns North Korea's launch of ballistic missiles this morning, which is a grave provocation that threatens peace on the peninsula and a violation of relevant UN Security Council resolutions.\n\nThe Government urges North Korea to immediately cease its provocations and return to dialogue. The Government will respond firmly to any provocation in close cooperation with the international community.";
    const yonhap = "SEOUL, March 18 (Yonhap) -- North Korea fired several short-range ballistic missiles toward the East Sea on Monday morning, the Joint Chiefs of Staff said, in the latest in a string of weapons tests this year.\n\nThe JCS called the launch \"a grave provocation that threatens peace on the peninsula\" and said the military had strengthened its surveillance posture in close coordination with the United States.\n\nThe missiles flew about 350 kilometers before splashing into waters off the east coast, the JCS said, adding that South Korean and U.S. intelligence authorities were analysing the details.\n\nThe launch came as U.S. Secretary of State Antony Blinken was in Seoul for a democracy summit hosted by President Yoon Suk Yeol.";
    const kt = "North Korea launched a volley of ballistic missiles off its east coast on Monday, hours after the top U.S. diplomat arrived in Seoul for a summit on democracy.\n\nMilitary officials in Seoul described the test as \"a grave provocation that threatens peace on the peninsula,\" and urged Pyongyang to stop what they called reckless behavior that only deepens its isolation.\n\nExperts said the timing was designed to send a message to Washington while Blinken was in the country, and that more tests were likely before the South's general election next month.";
    const docs: Doc[] = [
      { id: 'mofa', text: mofa, outlet: 'Ministry of Foreign Affairs', kind: 'official', publishedAt: '2024-03-18T11:00:00Z' },
      { id: 'yonhap', text: yonhap, outlet: 'Yonhap', kind: 'wire', publishedAt: '2024-03-18T00:30:00Z' },
      { id: 'kt', text: kt, outlet: 'The Korea Times', publishedAt: '2024-03-18T02:00:00Z' },
      ...Array.from({ length: 6 }, (_, i) => ({ id: `o${i}`, text: paragraphs(9740 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: '2024-03-11T05:00:00Z' })),
    ];
    expect(edges(analyze(docs), 'quotes').filter((e) => e.source === 'mofa')).toEqual([]);
  });
});

describe("a copy's quotation taken from the document it copied (session 22, test7 p20)", () => {
  const hour = (h: number): string => new Date(Date.UTC(2024, 1, 20, h)).toISOString();
  const kcna = paragraphs(9301, 4);
  const wire = [...paragraphs(9302, 2), `The sister said the gift "${kcna[1]}", the KCNA said.`, ...paragraphs(9303, 3)];
  const others = Array.from({ length: 12 }, (_, i): Doc => ({ id: `o${i}`, text: paragraphs(9400 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: hour(i) }));
  const docs = (herald: string[]): Doc[] => [
    { id: 'kcna', text: kcna.join('\n\n'), outlet: 'KCNA', kind: 'official', publishedAt: hour(1) },
    { id: 'wire', text: wire.join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: hour(2) },
    { id: 'herald', text: [...herald, '(Yonhap)'].join('\n\n'), outlet: 'The Korea Herald', publishedAt: hour(3) },
    { id: 'blog', text: [paragraphs(9304, 1)[0]!, ...herald.slice(1, 5)].join('\n\n'), outlet: 'Asia Pulse Today', publishedAt: hour(5) },
    ...others,
  ];
  it('draws the quote from the official text to the one that quoted it, not to the copies that took it from there', () => {
    const a = analyze(docs(wire));
    expect(edges(a, 'quotes').map((e) => `${e.source}>${e.target}`)).toEqual(['kcna>wire']);
    expect(a.graph.droppedEdges.filter((e) => e.type === 'quotes').map((e) => `${e.source}>${e.target} via ${e.explainedBy}`).sort()).toEqual(['kcna>blog via wire', 'kcna>herald via wire']);
  });
  it("keeps the quote of a text that quotes the official words in a paragraph of its own, beside words it took from the wire", () => {
    const own = [...wire.slice(0, 2), `${paragraphs(9305, 1)[0]} Kim Yo Jong told Moscow that "${kcna[1]}", state media said. ${paragraphs(9306, 1)[0]}`, ...wire.slice(3)];
    const a = analyze(docs(own));
    expect(edges(a, 'quotes').map((e) => `${e.source}>${e.target}`).sort()).toContain('kcna>herald');
  });
});

describe("a copy crediting the agency whose story its source carries (session 23, test8 q11)", () => {
  const hour = (h: number): string => new Date(Date.UTC(2024, 1, 20, h)).toISOString();
  const ap = paragraphs(9501, 6);
  const explainer = paragraphs(9502, 2);
  const rnd = mulberry32(9503);
  // the paper's cut of the AP story, edited, and an explainer of its own
  const cut = ap.slice(1, 4).map((p) => lightEdit(p, rnd, 0.1));
  const tribune = ['By Associated Press', `SEOUL, South Korea (AP) — ${ap[0]}`, ...cut, ...explainer, 'Tribune staff contributed to this report.'];
  const others = Array.from({ length: 12 }, (_, i): Doc => ({ id: `o${i}`, text: paragraphs(9600 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: hour(i) }));
  const docs = (site: string[]): Doc[] => [
    { id: 'ap', text: `SEOUL, South Korea (AP) — ${ap.join('\n\n')}`, outlet: 'AP', kind: 'wire', publishedAt: hour(1) },
    { id: 'tribune', text: tribune.join('\n\n'), outlet: 'The Valley Tribune', publishedAt: hour(3) },
    { id: 'site', text: [...site, '(AP)'].join('\n\n'), outlet: 'NewsHub24', publishedAt: hour(6) },
    ...others,
  ];
  const credit = (a: A): boolean | undefined => edges(a, 'reuses').find((e) => e.source === 'tribune' && e.target === 'site')?.credited;
  it("does not count the agency's credit for the source's own paragraphs the copy took with the agency's", () => {
    expect(credit(analyze(docs([...cut, ...explainer])))).toBe(false);
  });
  it("counts it for a copy of the source's cut of the agency's story alone", () => {
    expect(credit(analyze(docs(cut)))).toBe(true);
  });
  it("counts it when the source says nothing of its own reporting: the rest is the agency's write-through, its first take alone in the corpus (a review of 3d5692a)", () => {
    const take1 = paragraphs(7301, 4);
    const added = paragraphs(7302, 2);
    const a = analyze([
      { id: 'ap', text: `SEOUL, South Korea (AP) — ${take1.join('\n\n')}`, outlet: 'AP', kind: 'wire', publishedAt: hour(1) },
      // AP's own contributor line is no word of the paper's own reporting (a review of 94e00f0)
      { id: 'tribune', text: `By Associated Press\n\nSEOUL, South Korea (AP) — ${[...take1, ...added].join('\n\n')}\n\nAssociated Press writers Kim Tong-hyung in Seoul and Mari Yamaguchi in Tokyo contributed to this report.`, outlet: 'The Valley Tribune', publishedAt: hour(4) },
      { id: 'site', text: `${[...take1, ...added].join('\n\n')}\n\n(AP)`, outlet: 'NewsHub24', publishedAt: hour(6) },
      ...others,
    ]);
    expect([...edges(a, 'reuses'), ...edges(a, 'duplicates')].filter((e) => e.source === 'tribune' && e.target === 'site').map((e) => e.credited)).toEqual([true]);
    // nor is it a paper's whose name ends in "Press" (a review: the Winnipeg Free Press)
    const press = analyze(a.documents.map((d) => (d.id === 'tribune' ? { ...d, outlet: 'Winnipeg Free Press' } : d)));
    expect([...edges(press, 'reuses'), ...edges(press, 'duplicates')].filter((e) => e.source === 'tribune' && e.target === 'site').map((e) => e.credited)).toEqual([true]);
  });
  it("counts it when the agency's only story in the corpus shares one background paragraph, though the source says it added reporting", () => {
    const own = [...tribune.slice(0, 2), ...paragraphs(9504, 3), ...explainer, 'Tribune staff contributed to this report.'];
    const a = analyze([
      { id: 'ap', text: `SEOUL, South Korea (AP) — ${[...paragraphs(9505, 3), ap[0]!].join('\n\n')}`, outlet: 'AP', kind: 'wire', publishedAt: hour(0) },
      { id: 'tribune', text: own.join('\n\n'), outlet: 'The Valley Tribune', publishedAt: hour(3) },
      { id: 'site', text: [...own.slice(1, 6), '(AP)'].join('\n\n'), outlet: 'NewsHub24', publishedAt: hour(6) },
      ...others,
    ]);
    expect(credit(a)).toBe(true);
  });
});

describe('a reprint of an official text and an agency translating it (session 23, test8 q18)', () => {
  const hour = (h: number): string => new Date(Date.UTC(2024, 1, 20, h)).toISOString();
  const kcna = paragraphs(9701, 4);
  // the agency's own rendering: each of the statement's sentences reworded (lightly or more), quoted as the statement's
  const rendering = (rate: number): string[] => {
    const rnd = mulberry32(9702);
    return kcna.slice(0, 3).map((p) => `${lightEdit(p, rnd, rate)} KCNA reported.`);
  };
  const others = Array.from({ length: 12 }, (_, i): Doc => ({ id: `o${i}`, text: paragraphs(9800 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: hour(i) }));
  const docs = (xinhua: string[], site: string[]): Doc[] => [
    { id: 'kcna', text: kcna.join('\n\n'), outlet: 'KCNA', kind: 'official', publishedAt: hour(1) },
    { id: 'xinhua', text: [paragraphs(9703, 1)[0]!, ...xinhua].join('\n\n'), outlet: 'Xinhua', kind: 'wire', publishedAt: hour(2) },
    { id: 'site', text: ['We reproduce the report below.', ...site, 'Source: KCNA'].join('\n\n'), outlet: 'DPRK Solidarity Network', publishedAt: hour(5) },
    ...others,
  ];
  const linked = (a: A): string[] => a.graph.edges.filter((e) => e.type === 'reuses' || e.type === 'duplicates').map((e) => `${e.source}>${e.target}`);
  it('does not draw the reprint as a copy of the agency: both hold the statement, the reprint in its own words', () => {
    const a = analyze(docs(rendering(0.25), kcna));
    expect(a.pairs.find((p) => [p.a, p.b].sort().join() === 'site,xinhua')?.relation).toBe('shared-quote');
    expect(linked(a)).toEqual([]);
  });
  it("still draws a blog that copies a paper's own opening beside the statement it prints (a review of 3d5692a)", () => {
    const statement = paragraphs(7501, 10);
    const intro = `Pyongyang issued a statement on Tuesday. ${paragraphs(7502, 1)[0]!.split(/(?<=\.) /).slice(0, 2).join(' ')}`;
    const a = analyze([
      { id: 'kcna', text: statement.join('\n\n'), outlet: 'KCNA', kind: 'official', publishedAt: hour(1) },
      { id: 'herald', text: [intro, 'The full text of the statement follows.', ...statement, ...paragraphs(7503, 4)].join('\n\n'), outlet: 'Korea Herald', publishedAt: hour(3) },
      { id: 'blog', text: [intro, ...statement, ...paragraphs(7504, 4)].join('\n\n'), outlet: 'Peninsula Watch Blog', publishedAt: hour(6) },
      ...others,
    ]);
    expect(linked(a)).toContain('herald>blog');
  });
  it("still draws a site that runs the agency's rendering as the agency's copy, its words nearer the agency's than the statement's", () => {
    const light = rendering(0.04);
    expect(linked(analyze(docs(light, light)))).toEqual(['xinhua>site']);
  });
});

describe('two reports naming the same people alike, and an agency quoting a third party (session 23, test8 q07, q10)', () => {
  const scenario = (dir: string) => (id: string, outlet: string, kind?: Doc['kind'], h = 1): Doc => ({
    id,
    outlet,
    ...(kind ? { kind } : {}),
    publishedAt: at(h),
    text: readFileSync(join(ROOT, 'bench/scenarios/test8', dir, `${id}.md`), 'utf8').replace(/^---[\s\S]*?---\n/, ''),
  });
  const linked = (a: A): string[] => [...edges(a, 'reuses'), ...edges(a, 'duplicates'), ...edges(a, 'quotes')].map((e) => `${e.source}>${e.target}`).sort();
  it("does not draw a rewrite of one agency's story off another agency whose lede names the same people and thing alike", () => {
    const doc = scenario('q07-plagiarised-feature');
    const a = analyze([doc('yonhap-kim-car', 'Yonhap', 'wire', 1), doc('ap-kim-car', 'Associated Press', 'wire', 2), doc('globalinsight-putin-gift', 'Global Insight Today', undefined, 9)]);
    expect(linked(a)).toEqual(['yonhap-kim-car>globalinsight-putin-gift']);
  });
  it('shares out one plain word there, a dozen in a reworded lift of an exclusive sentence', () => {
    const both = (x: string, y: string): number | undefined => sharedPlainWords(x, y, [{ a: { start: 0, end: x.length }, b: { start: 0, end: y.length } }]);
    expect(both('Russian President Vladimir Putin has given North Korean leader Kim Jong Un a Russian-made car', 'Russian President Vladimir Putin has presented North Korean leader Kim Jong-un with a Russian-made car')).toBe(1);
    expect(both('North Korea has quietly moved a mobile launcher carrying a new solid-fuel intercontinental ballistic missile to a coastal base near Sinpo in the past week', 'North Korea has secretly shifted a mobile launcher loaded with a new solid-fuel intercontinental ballistic missile to a coastal base near Sinpo during the past week')).toBeGreaterThanOrEqual(8);
  });
  it("still draws a paper's reworded lift of a scoop's lede, names and a date mostly, that no other source of the paper holds (a review of 3d5692a)", () => {
    const hour = (h: number): string => new Date(Date.UTC(2024, 7, 7, h)).toISOString();
    const s1 = 'South Korean President Yoon Suk Yeol will meet Japanese Prime Minister Fumio Kishida and U.S. President Joe Biden at Camp David on Aug. 18, two government sources told Yonhap on Monday.';
    const s2 = 'South Korean President Yoon Suk Yeol is set to meet Japanese Prime Minister Fumio Kishida and U.S. President Joe Biden at Camp David on Aug. 18, two sources in the government said on Monday.';
    const paper = paragraphs(7702, 7);
    const a = analyze([
      { id: 'yonhap', text: `SEOUL, Aug. 7 (Yonhap) -- ${s1}\n\n${paragraphs(7701, 5).join('\n\n')}`, outlet: 'Yonhap', kind: 'wire', publishedAt: hour(1) },
      { id: 'paper', text: `${paper[0]}\n\n${s2}\n\n${paper.slice(1).join('\n\n')}`, outlet: 'Seoul Morning Post', publishedAt: hour(5) },
      ...Array.from({ length: 10 }, (_, i): Doc => ({ id: `o${i}`, text: paragraphs(7800 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: hour(i) })),
    ]);
    expect(linked(a)).toEqual(['yonhap>paper']);
    // a blog's later verbatim copy of the paper's story is no source of the paper's sentence (a review of 94e00f0)
    const withBlog = analyze([...a.documents, { id: 'blog', text: `${paper[0]}\n\n${s2}\n\n${paper.slice(1, 4).join('\n\n')}\n\nWhat do you think? Leave a comment below.`, outlet: 'Peninsula Watch Blog', publishedAt: hour(9) }]);
    expect(linked(withBlog)).toEqual(['paper>blog', 'yonhap>paper']);
  });
  it('still draws an agency quoting a paper it names, though no cue the extractor reads names it ("warned in an editorial", a review of 3d5692a)', () => {
    const ed1 = 'The government must stop treating the North Korean missile threat as a problem that can be postponed until after the next election, because every month of delay hands Pyongyang another chance to perfect its weapons.';
    const ed2 = 'A country that cannot agree on how to defend itself will not be taken seriously by its allies or by its enemies, and the ruling and opposition parties alike share the blame for this dangerous drift.';
    const editorial = ['[EDITORIAL] Time to stop drifting on defence', `North Korea fired another ballistic missile into the East Sea on Tuesday, the third launch this month. ${ed1}`, ...paragraphs(7901, 2), ed2, ...paragraphs(7902, 2)].join('\n\n');
    const afp = [
      "SEOUL, Feb 21 (AFP) - South Korea's political parties traded blame on Wednesday after North Korea's latest missile launch, as the country's biggest newspapers demanded a tougher response.",
      `The JoongAng Ilbo, one of the country's largest dailies, warned in an editorial that "${ed1.charAt(0).toLowerCase()}${ed1.slice(1, -1)}."`,
      `"${ed2.slice(0, -1)}," the paper wrote.`,
      ...paragraphs(7903, 4),
    ].join('\n\n');
    const a = analyze([
      { id: 'joongang', text: editorial, outlet: 'JoongAng Ilbo', publishedAt: at(1) },
      { id: 'afp', text: afp, outlet: 'AFP', kind: 'wire', publishedAt: at(5) },
      ...Array.from({ length: 10 }, (_, i): Doc => ({ id: `o${i}`, text: paragraphs(8000 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: at(i) })),
    ]);
    expect(linked(a)).toEqual(['joongang>afp']);
    // named in a short form: "the Yomiuri daily" for The Yomiuri Shimbun (a review of 94e00f0)
    const yomiuri = analyze([{ ...a.documents[0]!, outlet: 'The Yomiuri Shimbun' }, { ...a.documents[1]!, text: a.documents[1]!.text.replace('The JoongAng Ilbo, one of', 'The Yomiuri daily, one of') }, ...a.documents.slice(2)]);
    expect(linked(yomiuri)).toEqual(['joongang>afp']);
  });
  it("does not draw an agency quoting a spokesman as quoting another agency that wrote the same words unquoted, unnamed", () => {
    const doc = scenario('q10-two-wires-merged');
    const a = analyze([doc('afp-putin-car', 'AFP', 'wire', 3), doc('reuters-putin-car-update', 'Reuters', 'wire', 2)]);
    expect(linked(a)).toEqual([]);
  });
  it('still draws an agency quoting the words of an agency it names', () => {
    const yonhap = 'SEOUL, Feb. 20 (Yonhap) -- North Korea is believed to have brought the car in through a Russian port in breach of U.N. sanctions that ban the export of luxury vehicles to the country, a government source said.\n\nMore on the story here, with other facts of the day.';
    const afp = 'SEOUL, Feb. 20 (AFP) - The car was a gift, state media said.\n\nYonhap news agency said North Korea "is believed to have brought the car in through a Russian port in breach of U.N. sanctions that ban the export of luxury vehicles" to the country.\n\nAFP could not confirm the report.';
    const a = analyze([{ id: 'yonhap', text: yonhap, outlet: 'Yonhap', kind: 'wire', publishedAt: at(1) }, { id: 'afp', text: afp, outlet: 'AFP', kind: 'wire', publishedAt: at(2) }]);
    expect(linked(a)).toEqual(['yonhap>afp']);
  });
});

describe("a brief page's item credit and a sentence of another item naming the same people (session 23, test5 m06)", () => {
  it("credits the item that carries the agency's paragraphs, though the page's other item names Putin and Kim as the agency did", () => {
    const dir = join(ROOT, 'bench/scenarios/test5/m06-news-in-brief-page');
    const doc = (id: string, outlet: string, kind?: Doc['kind']): Doc => ({ id, outlet, ...(kind ? { kind } : {}), text: readFileSync(join(dir, `${id}.md`), 'utf8').replace(/^---[\s\S]*?---\n/, '') });
    const a = analyze([doc('afp', 'AFP', 'wire'), doc('reuters', 'Reuters', 'wire'), doc('st-briefs', 'The Straits Times')]);
    expect(edges(a, 'reuses').filter((e) => e.target === 'st-briefs' && e.source !== 'latent:1').map((e) => `${e.source}:${e.credited}`).sort()).toEqual(['afp:true', 'reuters:true']);
    // and the gate passes the page against an index of the two wires
    const index = new CorpusIndex();
    index.add([doc('afp', 'AFP', 'wire'), doc('reuters', 'Reuters', 'wire')]);
    const r = checkDraft(doc('st-briefs', 'The Straits Times'), index);
    expect(r.sources.map((x) => `${x.id}:${x.credited}`).sort()).toEqual(['afp:true', 'reuters:true']);
    expect(r.uncreditedShare).toBe(0);
  });
  it('credits an item that opens with a lede naming the same people as the source, the rest of it the source\'s words (a review of 94e00f0)', () => {
    const dir = join(ROOT, 'bench/scenarios/test5/m06-news-in-brief-page');
    const doc = (id: string, outlet: string, kind?: Doc['kind']): Doc => ({ id, outlet, ...(kind ? { kind } : {}), text: readFileSync(join(dir, `${id}.md`), 'utf8').replace(/^---[\s\S]*?---\n/, '') });
    const page = doc('st-briefs', 'The Straits Times');
    const lede = "SEOUL – Russian President Vladimir Putin has given North Korean leader Kim Jong Un a car, North Korea's state media said on Tuesday, a gift that analysts said could breach U.N. sanctions on the reclusive state.";
    expect(page.text).toContain(lede);
    const reworded = { ...page, text: page.text.replace(lede, 'SEOUL – Russian President Vladimir Putin has presented North Korean leader Kim Jong Un with a Russian-made limousine, Pyongyang reported on Tuesday.') };
    const a = analyze([doc('afp', 'AFP', 'wire'), doc('reuters', 'Reuters', 'wire'), reworded]);
    expect(edges(a, 'reuses').filter((e) => e.target === 'st-briefs' && e.source === 'reuters').map((e) => e.credited)).toEqual([true]);
    const index = new CorpusIndex();
    index.add([doc('afp', 'AFP', 'wire'), doc('reuters', 'Reuters', 'wire')]);
    expect(checkDraft(reworded, index).uncreditedShare).toBe(0);
  });
});

describe('a desk merging two agencies whose wires share only a quote, and a ministry named by its portfolio (session 23, test9 r12, r16)', () => {
  const hour = (h: number): string => new Date(Date.UTC(2024, 1, 20, h)).toISOString();
  const quote = 'Kim Yo Jong said the gift serves as a clear demonstration of the special personal relations between the top leaders of the two countries.';
  const ap = [...paragraphs(9901, 3), `The sister thanked Putin, saying the gift was a "clear demonstration" of the special relations between the leaders, state media said.`, ...paragraphs(9902, 2)];
  const reuters = [...paragraphs(9903, 3), `Kim's sister "${quote.slice(0, -1)}," KCNA said.`, ...paragraphs(9904, 2)];
  const desk = [ap[0]!, reuters[0]!, reuters[1]!, reuters[3]!, ap[1]!, ap[2]!, reuters[4]!, paragraphs(9905, 1)[0]!, 'With files from The Associated Press'];
  const others = Array.from({ length: 10 }, (_, i): Doc => ({ id: `o${i}`, text: paragraphs(9950 + i, 4).join('\n\n'), outlet: `Other ${i}`, publishedAt: hour(i) }));
  it('draws the desk off both wires, no unseen source, each credited as the desk credits it', () => {
    const a = analyze([
      { id: 'ap', text: ap.join('\n\n'), outlet: 'Associated Press', kind: 'wire', publishedAt: hour(1) },
      { id: 'reuters', text: reuters.join('\n\n'), outlet: 'Reuters', kind: 'wire', publishedAt: hour(0) },
      { id: 'desk', text: desk.join('\n\n'), outlet: 'The Toronto Sentinel', publishedAt: hour(9) },
      ...others,
    ]);
    expect(edges(a, 'reuses').filter((e) => e.target === 'desk').map((e) => `${e.source}:${e.credited}`).sort()).toEqual(['ap:true', 'reuters:false']);
    expect(latents(a)).toEqual([]);
    // the scenario itself: AP's words in the quote differ from Reuters', which the desk keeps; AP stays on the desk's line
    const dir = join(ROOT, 'bench/scenarios/test9/r12-merged-two-wires');
    const doc = (id: string, outlet: string, publishedAt: string, kind?: Doc['kind']): Doc => ({ id, outlet, publishedAt, ...(kind ? { kind } : {}), text: readFileSync(join(dir, `${id}.md`), 'utf8').replace(/^---[\s\S]*?---\n/, '') });
    const r = analyze([doc('ap-wire', 'The Associated Press', '2024-02-20T00:20:00Z', 'wire'), doc('reuters-wire', 'Reuters', '2024-02-19T23:30:00Z', 'wire'), doc('toronto-sentinel', 'The Toronto Sentinel', '2024-02-20T13:00:00Z')]);
    expect(latents(r)).toEqual([]);
    expect(edges(r, 'reuses').map((e) => `${e.source}>${e.target}`).sort()).toEqual(['ap-wire>toronto-sentinel', 'reuters-wire>toronto-sentinel']);
  });
  it('credits a quote of a ministry\'s briefing named "foreign ministry spokesperson", not "the defense ministry"', () => {
    const said = 'Security Council sanctions against North Korea prohibit the direct or indirect supply, sale or transfer of all transport vehicles to North Korea, including luxury cars.';
    const briefing = [`Q: What is the government's view? A: ${said}`, ...paragraphs(9906, 3)].join('\n\n');
    const report = (who: string): Doc => ({ id: 'report', text: [paragraphs(9907, 1)[0]!, `"${said.slice(0, -1)}," ${who} told a regular press briefing.`, ...paragraphs(9908, 2)].join('\n\n'), outlet: 'Yonhap', kind: 'wire', publishedAt: hour(6) });
    const credited = (who: string): (boolean | undefined)[] => {
      const a = analyze([{ id: 'mofa', text: briefing, outlet: 'Ministry of Foreign Affairs, Republic of Korea', kind: 'official', publishedAt: hour(5) }, report(who), ...others]);
      return edges(a, 'quotes').map((e) => e.credited);
    };
    expect(credited('foreign ministry spokesperson Lim Soo-suk')).toEqual([true]);
    expect(credited('a Defense Ministry spokesperson')).toEqual([false]);
    // another country's ministry (a review of eb54d98)
    expect(credited('Chinese foreign ministry spokesperson Wang Wenbin')).toEqual([false]);
  });
});

