import { describe, expect, it } from 'vitest';
import { generateCorpus, lightEdit } from '../bench/generate.js';
import { analyze, type Doc, type DocumentNode, type ReuseEdge } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { paragraphs, seedDocs } from './helpers.js';

const docNode = (a: ReturnType<typeof analyze>, id: string): DocumentNode => a.graph.nodes.find((n) => n.id === id) as DocumentNode;
const reuseEdges = (a: ReturnType<typeof analyze>): ReuseEdge[] => a.graph.edges.filter((e): e is ReuseEdge => e.type !== 'cites' && e.type !== 'siblings');

describe('the seed graph (golden: what a careful reader of the five texts draws)', () => {
  const a = analyze(seedDocs());

  it('finds no copying between the seeds: each rewrote wire copy that is not in the corpus', () => {
    // 000 and 003 share only the KCNA line, in quotes in both; 001 and 002 share only the stock lede
    expect(reuseEdges(a)).toEqual([]);
    const q = a.pairs.find((p) => p.a === '000' && p.b === '003')!;
    expect(q.passages.map((p) => p.kind)).toEqual(['quote']);
    const lede = a.pairs.find((p) => p.a === '001' && p.b === '002')!;
    expect(lede.passages.every((p) => p.common)).toBe(true);
  });

  it('says which wire copy each seed rewrote, from its credits', () => {
    const origins = Object.fromEntries(['000', '001', '002', '003', '004'].map((id) => [id, docNode(a, id).origin?.node]));
    expect(origins).toEqual({ '000': 'source:yonhap', '001': 'source:reuters', '002': 'source:tass', '003': 'source:kcna', '004': 'source:kcna' });
    expect(docNode(a, '000').origin).toMatchObject({ basis: 'credit', confidence: 'medium' });
  });

  it('records which agencies each seed credits', () => {
    const cited = (id: string): string[] => a.graph.edges.filter((e) => e.type === 'cites' && e.source === id).map((e) => e.target).sort();
    expect(cited('000')).toEqual(['source:generic:state media', 'source:kcna', 'source:yonhap']);
    expect(cited('001')).toEqual(['source:generic:kremlin', 'source:generic:state media', 'source:getty', 'source:kcna', 'source:reuters']);
    expect(cited('002')).toEqual(['source:generic:north korean state media', 'source:kcna', 'source:tass', 'source:upi']);
    expect(cited('003')).toEqual(['source:generic:kremlin', 'source:generic:official media reports', 'source:kcna']);
    expect(cited('004')).toEqual(['source:cnn', 'source:generic:kremlin', 'source:kcna']);
  });

  it('groups the five into one story family whose original is the KCNA announcement', () => {
    expect(a.graph.families).toEqual([{ id: 0, members: ['000', '001', '002', '003', '004'], original: 'source:kcna' }]);
  });

  it('is deterministic, byte for byte', () => {
    expect(JSON.stringify(analyze(seedDocs()))).toBe(JSON.stringify(a));
  });
});

describe('direction, parents and traps', () => {
  const rnd = mulberry32(99);
  const wire = generateCorpus({ size: 1, seed: 21, words: 500 })[0]!.text;
  const paras = wire.split('\n\n');
  const rewrite = paras.map((p) => lightEdit(p, rnd, 0.04)).join('\n\n');
  const rewrite2 = rewrite.split('\n\n').map((p) => lightEdit(p, rnd, 0.04)).join('\n\n');

  it('orders by date, then credit, then wire kind, then containment', () => {
    const byDate = analyze([
      { id: 'late', text: wire, publishedAt: '2024-02-21T10:00:00Z' },
      { id: 'early', text: rewrite, publishedAt: '2024-02-20T10:00:00Z' },
    ]);
    expect(reuseEdges(byDate)[0]).toMatchObject({ source: 'early', target: 'late', direction: { basis: 'date', confidence: 'high' } });
    const byCredit = analyze([
      { id: 'paper', text: `${rewrite}\n\nThe gift was first reported by Yonhap.` },
      { id: 'yonhap-1', text: wire, outlet: 'Yonhap' },
    ]);
    expect(reuseEdges(byCredit)[0]).toMatchObject({ source: 'yonhap-1', target: 'paper', credited: true, direction: { basis: 'credit' } });
    const byKind = analyze([
      { id: 'paper', text: rewrite, outlet: 'Daily' },
      { id: 'w', text: wire, kind: 'wire', outlet: 'AFP' },
    ]);
    expect(reuseEdges(byKind)[0]).toMatchObject({ source: 'w', target: 'paper', credited: false, direction: { basis: 'wire', confidence: 'medium' } });
    const partial = analyze([
      { id: 'short', text: paras.slice(1, 4).join('\n\n') },
      { id: 'long', text: wire },
    ]);
    expect(reuseEdges(partial)[0]).toMatchObject({ source: 'long', target: 'short', direction: { basis: 'containment', confidence: 'low' } });
  });

  it('finds a short article that reuses three paragraphs of a long wire story although whole-document Jaccard is low', () => {
    const long = generateCorpus({ size: 1, seed: 8, words: 2500 })[0]!.text;
    const taken = long.split('\n\n').slice(5, 8).join('\n\n');
    const fresh = generateCorpus({ size: 1, seed: 9, words: 300 })[0]!.text;
    const r = analyze([
      { id: 'wire', text: long, kind: 'wire' },
      { id: 'short', text: `${fresh}\n\n${taken}` },
    ]);
    const p = r.pairs[0]!;
    expect(p.jaccard).toBeLessThan(0.15);
    expect(reuseEdges(r)[0]).toMatchObject({ source: 'wire', target: 'short', verdict: 'partially' });
  });

  it('drops an edge that an intermediate copy explains, keeping its evidence', () => {
    const r = analyze([
      { id: 'wire', text: wire, publishedAt: '2024-02-20T01:00:00Z', kind: 'wire' },
      { id: 'copy', text: rewrite, publishedAt: '2024-02-20T05:00:00Z' },
      { id: 'copy-of-copy', text: rewrite2, publishedAt: '2024-02-20T09:00:00Z' },
    ]);
    const kept = reuseEdges(r).map((e) => `${e.source}>${e.target}`);
    expect(kept).toEqual(['wire>copy', 'copy>copy-of-copy']);
    expect(r.graph.droppedEdges).toMatchObject([{ source: 'wire', target: 'copy-of-copy', explainedBy: 'copy' }]);
    expect(docNode(r, 'copy-of-copy').origin).toMatchObject({ node: 'copy', basis: 'reuse' });
    expect(r.graph.families).toEqual([{ id: 0, members: ['wire', 'copy', 'copy-of-copy'], original: 'wire' }]);
  });

  it('calls an exact repost a duplicate, and a wire update a version', () => {
    const dup = analyze([
      { id: 'site-a', text: wire, publishedAt: '2024-02-20T01:00:00Z' },
      { id: 'site-b', text: `${wire}\n\nAdvertisement`, publishedAt: '2024-02-20T02:00:00Z' },
    ]);
    expect(reuseEdges(dup)).toMatchObject([{ type: 'duplicates', source: 'site-a', target: 'site-b' }]);
    const upd = analyze([
      { id: 'take-1', text: paras.slice(0, 3).join('\n\n'), kind: 'wire', outlet: 'Yonhap', publishedAt: '2024-02-20T01:00:00Z' },
      { id: 'take-2', text: `${paras.slice(0, 3).join('\n\n')}\n\n${paras.slice(3).join('\n\n')}`, kind: 'wire', outlet: 'Yonhap', publishedAt: '2024-02-20T03:00:00Z' },
    ]);
    expect(reuseEdges(upd)).toMatchObject([{ type: 'version', source: 'take-1', target: 'take-2' }]);
  });

  it('does not call outlets copies of each other for quoting the same official line', () => {
    const line = '“The gift serves as a clear demonstration of the special personal relations between the top leaders of the two countries,” the statement said.';
    const docs = ['Seoul', 'Tokyo', 'Washington', 'Beijing'].map((city, i) => ({
      id: `o${i}`,
      text: `${generateCorpus({ size: 1, seed: 100 + i, words: 250 })[0]!.text}\n\n${line}\n\nAnalysts in ${city} said more was to come.`,
    }));
    const r = analyze(docs);
    expect(reuseEdges(r)).toEqual([]);
    expect(r.pairs.length).toBeGreaterThan(0);
    expect(r.pairs.every((p) => p.passages.every((x) => x.kind === 'quote' || x.common))).toBe(true);
  });

  it('takes a long quotation two items of one outlet share for the outlet telling its own story again, not two outlets quoting one speaker', () => {
    const quote = '“I would say Japan is applying the full court press. They certainly are putting both feet forward in terms of explaining their position,” Fitzwater told reporters.';
    const short = '“All indications are that they will take effect soon,” Fitzwater said.';
    const story = (id: string, seed: number, line: string, outlet: string, iso: string): Doc => ({
      id,
      text: `${generateCorpus({ size: 1, seed, words: 200 })[0]!.text}\n\n${line}`,
      outlet,
      kind: 'wire',
      publishedAt: iso,
    });
    const first = story('first', 301, quote, 'Reuters', '1987-04-08T13:19:00Z');
    const again = story('again', 302, quote, 'Reuters', '1987-04-08T14:12:00Z');
    const relation = (docs: Doc[], opts = {}): string | undefined => analyze(docs, opts).pairs.find((p) => p.passages.length > 0)?.relation;
    expect(relation([first, again])).toBe('same-outlet');
    const r = analyze([first, again]);
    expect(reuseEdges(r)).toMatchObject([{ type: 'same-outlet', source: 'first', target: 'again' }]);
    // with --skip-same-outlet the pair is dropped like any other of one outlet
    expect(reuseEdges(analyze([first, again], { skipSameOutlet: true }))).toEqual([]);
    // two outlets quoting the speaker: both may have it from him
    expect(relation([first, { ...again, outlet: 'AP' }])).toBe('shared-quote');
    // weeks apart, or undated: the speaker's line quoted again (review)
    expect(relation([first, { ...again, publishedAt: '1987-05-08T14:12:00Z' }])).toBe('shared-quote');
    expect(relation([{ ...first, publishedAt: undefined }, { ...again, publishedAt: undefined }])).toBe('shared-quote');
    // a short quotation is no telling of one story
    expect(relation([story('first', 301, short, 'Reuters', '1987-04-08T13:19:00Z'), story('again', 302, short, 'Reuters', '1987-04-08T14:12:00Z')])).toBe('shared-quote');
  });

  it('calls a pair that shares only a quotation of common words a shared quote, as the summary counts it, not a template (the seeds)', () => {
    const pairs = analyze(seedDocs()).pairs;
    const quoted = pairs.filter((p) => p.passages.length > 0 && p.passages.every((x) => x.kind === 'quote'));
    expect(quoted).toHaveLength(1);
    expect(quoted[0]!.passages[0]!.common).toBe(true);
    expect(quoted[0]!.relation).toBe('shared-quote');
    // a stock phrase outside quotation marks stays a template pair
    expect(pairs.filter((p) => p !== quoted[0]).map((p) => p.relation)).toEqual(['template']);
  });

  it("never gives a document its own outlet as its credited origin (a wire item under its own dateline)", () => {
    const text = 'SEOUL, Feb. 20 (Yonhap) -- North Korean leader Kim Jong Un received a car from Russian President Vladimir Putin as a personal gift.\n\nThe vehicle was delivered to his aides on Feb. 18, in a move that could breach sanctions.';
    const a = analyze([{ id: 'item', text, outlet: 'Yonhap', kind: 'wire' }]);
    expect((a.graph.nodes.find((n) => n.id === 'item') as DocumentNode).origin).toBeUndefined();
    // another outlet's copy under that dateline is credited to Yonhap as its origin
    const b = analyze([{ id: 'copy', text, outlet: 'Korea Herald' }]);
    expect((b.graph.nodes.find((n) => n.id === 'copy') as DocumentNode).origin).toMatchObject({ node: 'source:yonhap', basis: 'credit' });
  });

  it('drops a pair within one outlet under skipSameOutlet even when one quotes the other (review)', () => {
    const line = 'The ministry will cut the tariff on imported steel by half from next month to help carmakers facing higher costs';
    const release: Doc = { id: 'release', text: `${generateCorpus({ size: 1, seed: 401, words: 150 })[0]!.text}\n\n${line}.`, outlet: 'Reuters', kind: 'wire', publishedAt: '1987-04-08T13:00:00Z' };
    const story: Doc = { id: 'story', text: `${generateCorpus({ size: 1, seed: 402, words: 150 })[0]!.text}\n\n“${line},” the ministry said.`, outlet: 'Reuters', kind: 'wire', publishedAt: '1987-04-08T15:00:00Z' };
    expect(analyze([release, story]).pairs.map((p) => p.relation)).toEqual(['quotes']);
    const skipped = analyze([release, story], { skipSameOutlet: true });
    expect(skipped.pairs).toEqual([]);
    expect(reuseEdges(skipped)).toEqual([]);
  });

  it('recovers parents on a generated corpus with known lineage, dates withheld for half (fixed seed)', () => {
    const docs = generateCorpus({ size: 300, seed: 5, words: 350, derivedShare: 0.5, withholdDates: 0.5 });
    const r = analyze(docs);
    const derived = docs.filter((d) => d.parent);
    const right = derived.filter((d) => docNode(r, d.id).origin?.node === d.parent).length;
    expect(derived.length).toBeGreaterThan(100);
    // 0.913 measured (0.896 before passage-level sourcing, 0.847 with its first version, which took a
    // few copies of an in-corpus source for copies of an unseen one: this corpus has none)
    expect(right / derived.length).toBeGreaterThanOrEqual(0.88);
    // 6 measured (2 before): undated near copies whose direction the words get wrong (see README, Accuracy)
    const falseParents = docs.filter((d) => !d.parent && docNode(r, d.id).origin?.basis === 'reuse').length;
    expect(falseParents).toBeLessThanOrEqual(8);
  });

  it('reports empty documents as warnings and validates options', () => {
    const r = analyze([
      { id: 'e', text: '' },
      { id: 'x', text: wire },
    ]);
    expect(r.warnings).toEqual(['document "e" has no words (after boilerplate removal): it can match nothing']);
    expect(() => analyze([], { verdict: { wholly: 3 } })).toThrow(expect.objectContaining({ code: 'E_OPTIONS' }));
  });
});

describe('direction from an agency dateline', () => {
  const body = paragraphs(77, 2).join('\n\n');
  const wire = { id: 'wire-item', text: `SEOUL, Feb. 20 (Yonhap) -- ${body}` };
  const copy = { id: 'copy', text: body };
  const edge = (docs: { id: string; text: string; outlet?: string }[]): ReuseEdge | undefined => analyze(docs).graph.edges.find((e): e is ReuseEdge => e.type === 'duplicates' || e.type === 'reuses');

  it('takes the text carrying the dateline for the agency item, and the text without it for the copy', () => {
    for (const docs of [[wire, copy], [copy, wire]]) {
      const e = edge(docs);
      expect(e).toMatchObject({ source: 'wire-item', target: 'copy', direction: { basis: 'credit', confidence: 'low' } });
    }
  });

  it('decides nothing when both carry it, when the copy names the agency, or when outlets are given', () => {
    expect(edge([wire, { ...copy, text: `SEOUL, Feb. 21 (Yonhap) -- ${body}` }])!.direction.basis).not.toBe('credit');
    // a copy that credits the agency is the item's sibling: both copy the agency's unseen item
    const credited = analyze([wire, { ...copy, text: `${body}\n\nYonhap reported it first.` }]);
    expect(credited.pairs.map((p) => p.relation)).toEqual(['siblings']);
    expect(edge([{ ...wire, outlet: 'Daily' }, { ...copy, outlet: 'Herald' }])!.direction.basis).not.toBe('credit');
  });

  it('yields to coverage, and reads only a dateline that opens the text', () => {
    // an excerpt that added a dateline is still the copy of the longer original
    const excerpt = { id: 'excerpt', text: `SEOUL, Feb. 20 (Yonhap) -- ${paragraphs(77, 1)[0]}` };
    expect(edge([copy, excerpt])).toMatchObject({ source: 'copy', target: 'excerpt' });
    // a dateline halfway down a roundup does not make the roundup an agency item
    const roundup = { id: 'roundup', text: `${paragraphs(5, 4).join('\n\n')}\n\nSEOUL, Feb. 20 (Yonhap) -- ${body}` };
    expect(edge([roundup, copy])!.direction.basis).not.toBe('credit');
    const ruled = { id: 'ruled', text: `${'='.repeat(130)}\n\nSEOUL, Feb. 20 (Yonhap) -- ${body}` };
    expect(edge([ruled, copy])!.direction.basis).not.toBe('credit');
    // the copy's outlet is no reason to stop: the dateline item gives none
    expect(edge([wire, { ...copy, outlet: 'Herald' }])).toMatchObject({ source: 'wire-item', target: 'copy', direction: { basis: 'credit' } });
  });
});
