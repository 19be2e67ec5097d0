import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { fedRepoReport, paragraphs, runCli } from './helpers.js';
import { analyzeIndex, analyze, analyzeParallel, openCorpusIndex, toJSON, type Analysis, type AnalyzeOptions, type Doc } from '../src/index.js';
import { corpusCounts, planAnalysis } from '../src/provenance/analyze.js';
import { readsHold, runRecordedPairsTask } from '../src/provenance/incremental.js';
import { alignStage, runDocsTask, type PairsShared } from '../src/provenance/stages.js';
import { findPairsInFingerprints } from '../src/compare/pairs.js';
import { decodeScan, encodeScan } from '../src/corpus/analysis-cache.js';

// analyze over a SQLite index, and its incremental runs: the result must be analyze's, byte for byte.
const dir = mkdtempSync(join(tmpdir(), 'wiretrace-incr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const corpus: Doc[] = generateCorpus({ size: 320, seed: 31, words: 180, derivedShare: 0.4 }).map(({ id, text, title, outlet, publishedAt, kind }) => ({ id, text, ...(title ? { title } : {}), ...(outlet ? { outlet } : {}), ...(publishedAt ? { publishedAt } : {}), ...(kind ? { kind } : {}) }));
const byId = (docs: readonly Doc[]): Doc[] => [...docs].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
const bytes = (a: Analysis): string => JSON.stringify(a);

async function indexOf(name: string, docs: readonly Doc[]): Promise<string> {
  const file = join(dir, name);
  const index = await openCorpusIndex({ sqlite: file });
  await index.add(docs);
  await index.close();
  return file;
}

async function addTo(file: string, docs: readonly Doc[], remove: readonly string[] = []): Promise<void> {
  const index = await openCorpusIndex({ sqlite: file });
  for (const id of remove) await index.remove(id);
  await index.add(docs);
  await index.close();
}

describe('analyzeIndex', () => {
  it('gives analyze of the same documents (in id order), byte for byte, the graph JSON included', async () => {
    const file = await indexOf('whole.db', corpus);
    const { analysis, stats } = await analyzeIndex({ sqlite: file }, { workers: 1, batchSize: 64 });
    const direct = analyze(byId(corpus));
    expect(direct.pairs.length).toBeGreaterThan(50);
    expect(toJSON(analysis.graph)).toBe(toJSON(direct.graph));
    expect(bytes(analysis)).toBe(bytes(direct));
    expect(stats).toMatchObject({ documents: 320, scanned: 320, reusedDocuments: 0, reusedPairs: 0 });
    // a second run reuses everything and gives the same bytes
    const again = await analyzeIndex({ sqlite: file }, { workers: 1 });
    expect(again.stats).toMatchObject({ scanned: 0, reusedDocuments: 320, reshingled: 0, aligned: 0, recounted: 0 });
    expect(bytes(again.analysis)).toBe(bytes(direct));
  });

  it('gives the same bytes, serially, on 2 workers and incrementally, where one wire tells a story again (told.ts) or an outlet repeats its own quote', async () => {
    const wire = (id: string, title: string, text: string, iso: string): Doc => ({ id, title, text, outlet: 'Reuters', kind: 'wire', publishedAt: iso });
    // 200 documents or more, for the corpus's informative names
    const filler = paragraphs(741, 220).map((text, i): Doc => ({ id: `f${String(i).padStart(3, '0')}`, text, outlet: 'Reuters', kind: 'wire', publishedAt: `1987-02-${String(1 + (i % 20)).padStart(2, '0')}T10:00:00Z` }));
    const bid = 'It is mulling a bid to seek control of Baird Corp, its chairman Sal Iacono told reporters in New York.';
    const holds = (x: string, y: string, co: string, x2: string, y2: string, co2: string) => `said it now holds ${x} mln shares, or ${y} pct, of ${co} and ${x2} mln shares, or ${y2} pct, of ${co2}.`;
    const through = 'The offering will be made through First Boston Corp and Kidder, Peabody and Co Inc, it said in New York.';
    const quote = '“I would say Japan is applying the full court press. They certainly are putting both feet forward in terms of explaining their position,” Fitzwater told reporters.';
    const told: Doc[] = [
      wire('mk1', 'MARK IV SAYS IT DOES NOT PLAN BAIRD <BATM> BUY', `Mark IV Industries Inc <IV> ${holds('6.5', '19.9', 'Zeta Corp', '3.1', '8.8', 'Omega Inc')} ${bid} REUTER`, '1987-03-19T14:00:00Z'),
      wire('mk2', 'MARK IV CORRECTS AGREEMENT WITH BAIRD <BATM>', `Mark IV Industries Inc <IV> ${holds('7.2', '21.4', 'Kappa Inc', '4.4', '11.3', 'Sigma Corp')} ${bid} REUTER`, '1987-03-19T17:00:00Z'),
      wire('gld', 'GOULD <GLD> REGISTERS TO OFFER SHARES', `Gould Inc said it filed to offer 2.5 mln shares, or 12.2 pct, of Zeta Corp and 3.1 mln shares, or 8.8 pct, of Omega Inc. ${through} REUTER`, '1987-03-05T17:33:00Z'),
      wire('sec', 'PROPOSED OFFERINGS RECENTLY FILED WITH THE SEC', `The following proposed securities offerings were filed recently: Evans and Sutherland Computer Corp (ESCC) - Offering of 50 mln dlrs of debentures. Gould Inc (GLD) - filed to offer 7.2 mln shares, or 21.4 pct, of Kappa Inc and 4.4 mln shares, or 11.3 pct, of Sigma Corp. ${through} REUTER`, '1987-03-06T09:53:00Z'),
      wire('wh1', 'WHITE HOUSE STANDING FIRM ON JAPANESE SANCTIONS', `${paragraphs(751, 1)[0]}\n\n${quote}`, '1987-04-08T13:19:00Z'),
      wire('wh2', 'WHITE HOUSE SAYS JAPANESE TARIFFS LIKELY', `${paragraphs(752, 1)[0]}\n\n${quote}`, '1987-04-08T14:12:00Z'),
    ];
    const docs = byId([...filler, ...told]);
    const direct = analyze(docs);
    const rel = new Map(direct.pairs.map((p) => [[p.a, p.b].sort().join('|'), p.relation]));
    // the rules fire here: not template, not shared-quote
    expect(rel.get('mk1|mk2')).not.toBe('template');
    expect(rel.get('gld|sec')).not.toBe('template');
    expect(rel.get('wh1|wh2')).toBe('same-outlet');
    expect(bytes(await analyzeParallel(docs, { workers: 2 }))).toBe(bytes(direct));
    // the index, whole and then grown by the told items
    const whole = await analyzeIndex({ sqlite: await indexOf('told-whole.db', docs) }, { workers: 1 });
    expect(bytes(whole.analysis)).toBe(bytes(direct));
    const file = await indexOf('told-grown.db', filler);
    await analyzeIndex({ sqlite: file }, { workers: 1 });
    await addTo(file, told);
    const grown = await analyzeIndex({ sqlite: file }, { workers: 1 });
    expect(bytes(grown.analysis)).toBe(bytes(direct));
  }, 120_000);

  it('gives the same bytes for one outlet\'s formula items (two editions of a report), whose pairs are relabelled before the graph', async () => {
    const items: Doc[] = [
      { id: 'fed-1', text: fedRepoReport('1.5', '6-3/16'), outlet: 'Reuters', kind: 'wire', publishedAt: '2024-03-01T11:00:00Z' },
      { id: 'fed-2', text: fedRepoReport('1.5', '6-1/4'), outlet: 'Reuters', kind: 'wire', publishedAt: '2024-03-02T11:00:00Z' },
    ];
    const docs = [...corpus.slice(0, 60), ...items];
    const file = await indexOf('formula.db', docs);
    const direct = analyze(byId(docs));
    expect(direct.pairs.find((p) => p.a === 'fed-1' && p.b === 'fed-2')?.relation).toBe('template');
    for (let run = 0; run < 2; run++) expect(bytes((await analyzeIndex({ sqlite: file }, { workers: 1 })).analysis)).toBe(bytes(direct));
  });

  it('adding documents aligns only the new pairs (and old ones the new counts touch); the result equals a full analyze', async () => {
    const file = await indexOf('grow.db', corpus.slice(0, 240));
    const first = await analyzeIndex({ sqlite: file }, { workers: 1 });
    expect(bytes(first.analysis)).toBe(bytes(analyze(byId(corpus.slice(0, 240)))));
    await addTo(file, corpus.slice(240));
    const { analysis, stats } = await analyzeIndex({ sqlite: file }, { workers: 1 });
    expect(bytes(analysis)).toBe(bytes(analyze(byId(corpus))));
    expect(stats.scanned).toBe(80);
    expect(stats.reusedDocuments).toBe(240);
    // old documents in candidate pairs with the new ones: their shingles made again, no others
    expect(stats.reshingled).toBeGreaterThan(0);
    expect(stats.reshingled).toBeLessThan(240);
    expect(stats.reusedPairs).toBeGreaterThan(0);
    expect(stats.aligned).toBeLessThan(stats.candidates);
    // 240 → 320 documents moves the corpus counts (the formula words' threshold, common 3-grams):
    // some stored pairs read an answer that changed and were aligned again
    expect(stats.recounted).toBeGreaterThan(0);
  });

  it('aligns a stored pair again when the new documents make its shared sentence stock wording', async () => {
    // two old documents share one short sentence; six new, independent ones use it too, which
    // makes it a stock phrase (STOCK_DF = 5 independent groups): the old pair's passage turns
    // `common` and its coverage drops. Reusing the stored pair as it was would give other bytes.
    const S = 'The ministry said the talks would resume next week in the capital.';
    const filler = paragraphs(77, 16);
    const withS = (id: string, k: number): Doc => ({ id, text: `${filler[2 * k]} ${S} ${filler[2 * k + 1]}` });
    const old = [...corpus.slice(0, 120), withS('s-a', 0), withS('s-b', 1)];
    const added = [2, 3, 4, 5, 6, 7].map((k) => withS(`s-new-${k}`, k));
    const file = await indexOf('stock.db', old);
    const before = (await analyzeIndex({ sqlite: file }, { workers: 1 })).analysis.pairs.find((p) => p.a === 's-a' && p.b === 's-b')!;
    expect(before.coverage.a).toBeGreaterThan(0);
    await addTo(file, added);
    const { analysis, stats } = await analyzeIndex({ sqlite: file }, { workers: 1 });
    const after = analysis.pairs.find((p) => p.a === 's-a' && p.b === 's-b')!;
    expect(after.passages.some((x) => x.common)).toBe(true);
    expect(after.coverage.a).toBeLessThan(before.coverage.a);
    expect(stats.recounted).toBeGreaterThan(0);
    expect(bytes(analysis)).toBe(bytes(analyze(byId([...old, ...added]))));
  });

  it('finds the candidates again over the whole index: a new document can take an old pair out (the document-frequency cap)', async () => {
    // c-a and c-b share one paragraph; with maxDocFrequency 2 its winnowed hashes count while two
    // documents have them. A third copy makes them stock wording: the old pair is no longer a
    // candidate in a full analysis, so patching the old candidates with the new document's would differ.
    const shared = paragraphs(91, 1)[0]!;
    const filler = paragraphs(92, 12);
    const withShared = (id: string, k: number): Doc => ({ id, text: `${filler[2 * k]} ${filler[2 * k + 1]} ${shared} ${filler[2 * k + 2]}` });
    const opts: AnalyzeOptions = { maxDocFrequency: 2 };
    const old = [...corpus.slice(0, 60), withShared('c-a', 0), withShared('c-b', 2)];
    const file = await indexOf('cap.db', old);
    const before = await analyzeIndex({ sqlite: file }, { ...opts, workers: 1 });
    expect(before.analysis.pairs.some((p) => p.a === 'c-a' && p.b === 'c-b')).toBe(true);
    await addTo(file, [withShared('c-new', 4)]);
    const { analysis } = await analyzeIndex({ sqlite: file }, { ...opts, workers: 1 });
    const direct = analyze(byId([...old, withShared('c-new', 4)]), opts);
    expect(direct.pairs.some((p) => p.a === 'c-a' && p.b === 'c-b')).toBe(false);
    expect(bytes(analysis)).toBe(bytes(direct));
  });

  it('drops the pairs of removed documents and rescans a changed text', async () => {
    const file = await indexOf('change.db', corpus);
    await analyzeIndex({ sqlite: file }, { workers: 1 });
    const pairs = analyze(byId(corpus)).pairs;
    const gone = pairs[0]!.a;
    const changed = corpus.find((d) => d.id === pairs[1]!.b && d.id !== gone)!;
    const edited = { ...changed, text: `${changed.text} A new closing sentence was added by the desk.` };
    const rows = (id: string): number => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare(`SELECT (SELECT count(*) FROM ascan WHERE id = ?) + (SELECT count(*) FROM apair WHERE a = ? OR b = ?)`).pluck().get(id, id, id) as number);
      } finally {
        db.close();
      }
    };
    expect(rows(gone)).toBeGreaterThan(1);
    await addTo(file, [edited], [gone, changed.id]);
    expect(rows(gone)).toBe(0); // remove takes the document's stored results with it
    const docs = byId(corpus.filter((d) => d.id !== gone && d.id !== changed.id).concat(edited));
    const { analysis, stats } = await analyzeIndex({ sqlite: file }, { workers: 1 });
    expect(bytes(analysis)).toBe(bytes(analyze(docs)));
    expect(stats.scanned).toBe(1);
    expect(stats.dropped).toEqual({ documents: 0, pairs: 0 });
    expect(analysis.documents.some((d) => d.id === gone)).toBe(false);
  });

  it('deletes at the next run the stored rows a removal left behind (a crash between the two)', async () => {
    const docs = corpus.slice(0, 80);
    const file = await indexOf('left.db', docs);
    await analyzeIndex({ sqlite: file }, { workers: 1 });
    const id = analyze(byId(docs)).pairs[0]!.a;
    const index = await openCorpusIndex({ sqlite: file });
    await index.store.remove(id); // the store alone: the analysis rows stay, as after a crash
    await index.close();
    const { analysis, stats } = await analyzeIndex({ sqlite: file }, { workers: 1 });
    expect(stats.dropped.documents).toBe(1);
    expect(stats.dropped.pairs).toBeGreaterThan(0);
    expect(bytes(analysis)).toBe(bytes(analyze(byId(docs.filter((d) => d.id !== id)))));
  });

  it('tells texts apart that differ only in a lone surrogate (UTF-8 would hash both as U+FFFD)', async () => {
    const docs = corpus.slice(0, 20);
    const odd = { ...docs[3]!, text: `${docs[3]!.text} \uD800` };
    const file = await indexOf('surrogate.db', [...docs.slice(0, 3), odd, ...docs.slice(4)]);
    await analyzeIndex({ sqlite: file }, { workers: 1 });
    const fixed = { ...odd, text: `${docs[3]!.text} \uFFFD` };
    await addTo(file, [fixed], [odd.id]);
    const { analysis, stats } = await analyzeIndex({ sqlite: file }, { workers: 1 });
    expect(stats.scanned).toBe(1);
    expect(bytes(analysis)).toBe(bytes(analyze(byId([...docs.slice(0, 3), fixed, ...docs.slice(4)]))));
  });

  it('options that change the results leave the stored ones unused; full recomputes everything', async () => {
    const file = await indexOf('opts.db', corpus.slice(0, 120));
    await analyzeIndex({ sqlite: file }, { workers: 1 });
    const opts: AnalyzeOptions = { minTokens: 12 };
    const { analysis, stats } = await analyzeIndex({ sqlite: file }, { ...opts, workers: 1 });
    expect(stats.reusedPairs).toBe(0);
    expect(stats.reusedDocuments).toBe(120); // the scans do not depend on minTokens
    expect(bytes(analysis)).toBe(bytes(analyze(byId(corpus.slice(0, 120)), opts)));
    const full = await analyzeIndex({ sqlite: file }, { ...opts, workers: 1, full: true });
    expect(full.stats).toMatchObject({ scanned: 120, reusedDocuments: 0, reusedPairs: 0 });
    expect(bytes(full.analysis)).toBe(bytes(analysis));
  });

  it('gives the same bytes on worker threads', async () => {
    const file = await indexOf('workers.db', corpus.slice(0, 200));
    const one = await analyzeIndex({ sqlite: file }, { workers: 1, full: true });
    const two = await analyzeIndex({ sqlite: file }, { workers: 2, full: true });
    expect(bytes(two.analysis)).toBe(bytes(one.analysis));
  });

  it('refuses what is not an index, and an empty one', async () => {
    await expect(analyzeIndex({ sqlite: join(dir, 'missing.db') })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    const empty = join(dir, 'empty.db');
    await (await openCorpusIndex({ sqlite: empty })).close();
    await expect(analyzeIndex({ sqlite: empty }, { workers: 1 })).rejects.toMatchObject({ code: 'E_INPUT' });
    await expect(analyzeIndex({ sqlite: empty }, { batchSize: 0 } as never)).rejects.toMatchObject({ code: 'E_OPTIONS' });
  });
});

describe('recorded pair stage', () => {
  const docs = byId(corpus);
  const plan = planAnalysis(docs, {}, 'test');
  const scans = runDocsTask({ docs }, plan.docs);
  const candidates = findPairsInFingerprints(scans.map((s) => s.fp), plan.pairOpts);
  const shared = corpusCounts(plan, docs, scans, candidates);
  const recorded = runRecordedPairsTask({ docs, candidates }, shared);

  it('gives alignStage’s pairs, byte for byte', () => {
    expect(JSON.stringify(recorded.flatMap((r) => (r.result ? [r.result] : [])))).toBe(JSON.stringify(alignStage(docs, candidates, shared).pairs));
    expect(recorded.some((r) => r.reads.passages.length > 0 && r.reads.slots.length > 0 && r.reads.stock.length > 0)).toBe(true);
  });

  it('says a stored pair no longer holds when an answer it read from the counts changes what it decided, and only then', () => {
    const slots = new Set(shared.frequentSlots ?? []);
    const common = shared.common!;
    const withCommon = (add: Iterable<number>, drop: Iterable<number> = []): PairsShared => {
      const d = new Set(drop);
      return { ...shared, common: Uint32Array.from(new Set([...common, ...add])).filter((h) => !d.has(h)).sort() };
    };
    expect(recorded.every((x) => readsHold(x.reads, shared, slots))).toBe(true);
    // a copied passage: its 3-grams turned common make it stock wording, its flag changes
    const r = recorded.find((x) => x.reads.passages.some((p) => !p.common && p.looked.length >= 8))!;
    const p = r.reads.passages.find((q) => !q.common && q.looked.length >= 8)!;
    expect(readsHold(r.reads, withCommon(p.looked), slots)).toBe(false);
    // one of them turned common changes no flag: the stored result stands
    expect(readsHold(r.reads, withCommon([p.looked[0]!]), slots)).toBe(true);
    // a hash no passage read makes no difference
    const read = new Set(recorded.flatMap((x) => x.reads.passages.flatMap((q) => [...q.looked])));
    const unread = [...Array(1000).keys()].map((k) => k * 7919 + 17).find((x) => !read.has(x))!;
    expect(readsHold(r.reads, withCommon([unread]), slots)).toBe(true);
    // a passage flagged common whose 3-grams stop being common
    const c = recorded.find((x) => x.reads.passages.some((q) => q.common && q.looked.length >= 4 && q.looked.length >= 0.5 * q.grams));
    if (c) expect(readsHold(c.reads, withCommon([], c.reads.passages.find((q) => q.common && q.looked.length >= 4 && q.looked.length >= 0.5 * q.grams)!.looked), slots)).toBe(false);
    // a rule switched on or off
    expect(readsHold(r.reads, { ...shared, stock: null }, slots)).toBe(false);
    expect(readsHold(r.reads, { ...shared, common: null }, slots)).toBe(false);
    // a formula word's answer
    const w = recorded.find((x) => x.reads.slots.length > 0)!.reads;
    const s2 = new Set(slots);
    if (w.slotsIn[0]) s2.delete(w.slots[0]!);
    else s2.add(w.slots[0]!);
    expect(readsHold(w, shared, s2)).toBe(false);
    // a stock answer
    const k = recorded.find((x) => x.reads.stock.length > 0)!.reads;
    const h = k.stock[0]!;
    expect(readsHold(k, { ...shared, stock: k.stockIn[0] ? shared.stock!.filter((x) => x !== h) : Uint32Array.from([...shared.stock!, h]).sort() }, slots)).toBe(false);
  });

  it('reads the common 3-grams per passage (the lookups matched to passages) on this corpus', () => {
    const withPassages = recorded.filter((x) => x.result && x.result.passages.length > 0);
    expect(withPassages.every((x) => x.reads.passages.length === x.result!.passages.length && x.reads.common.length === 0)).toBe(true);
  });
});

describe('analysis cache encoding', () => {
  it('gives back every array of a scan but the shingles (the folded 3-grams stored as their difference from the plain ones)', () => {
    const docs = [...corpus.slice(0, 40), { id: 'figures', text: 'Shares rose 4.5 percent to 120 dollars on Monday, and 3 million more were sold for 12 cents each by two funds.' }];
    const plan = planAnalysis(docs, {}, 'test');
    const scans = runDocsTask({ docs }, { ...plan.docs, grams: true, folded: true, slots: true });
    let differs = 0;
    scans.forEach((x, i) => {
      const decoded = decodeScan(docs[i]!.id, encodeScan(x), JSON.stringify({ slots: x.slots, attributions: [] }), plan.params);
      const back = decoded.scan;
      for (const k of ['signature', 'winnowed'] as const) expect([...back.fp[k]]).toEqual([...x.fp[k]]);
      expect(decoded.shingleCount).toBe(x.fp.shingles.length); // the shingles themselves are not stored
      expect(back.fp.tokenCount).toBe(x.fp.tokenCount);
      expect([...back.grams!]).toEqual([...x.grams!]);
      expect([...back.folded!]).toEqual([...x.folded!]);
      if (x.folded!.join() !== x.grams!.join()) differs++;
    });
    expect(differs).toBeGreaterThan(0);
  });
});

describe('wiretrace analyze --db', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'wt-incr-cli-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const docs = byId(corpus.slice(0, 150));
  const jsonl = (ds: readonly Doc[]): string => ds.map((d) => JSON.stringify(d)).join('\n') + '\n';
  writeFileSync(join(cwd, 'day1.jsonl'), jsonl(docs.slice(0, 110)));
  writeFileSync(join(cwd, 'day2.jsonl'), jsonl(docs.slice(110)));
  const read = (d: string, f: string): string => readFileSync(join(cwd, d, f), 'utf8');

  it('analyses an index as analyze does its files, reusing the stored results on the next run', async () => {
    expect((await runCli(['index', 'add', 'day1.jsonl', '--db', 'news.db', '--quiet'], cwd)).code).toBe(0);
    const first = await runCli(['analyze', '--db', 'news.db', '--out', 'o1', '--workers', '1', '--quiet'], cwd);
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/^index: 110 documents, 110 scanned, 0 reused; \d+ candidate pairs, \d+ aligned, 0 reused\n$/);
    expect((await runCli(['index', 'add', 'day2.jsonl', '--db', 'news.db', '--quiet'], cwd)).code).toBe(0);
    const second = await runCli(['analyze', '--db', 'news.db', '--out', 'o2', '--workers', '1', '--quiet'], cwd);
    expect(second.err).toMatch(/^index: 150 documents, 40 scanned, 110 reused; \d+ candidate pairs, \d+ aligned.*, [1-9]\d* reused\n$/);
    const files = await runCli(['analyze', 'day1.jsonl', 'day2.jsonl', '--out', 'o3', '--workers', '1', '--quiet'], cwd);
    expect(files.code, files.err).toBe(0);
    expect(read('o2', 'graph.json')).toBe(read('o3', 'graph.json'));
    expect(read('o2', 'analysis.json')).toBe(read('o3', 'analysis.json'));
    expect(second.out).toBe(files.out.replace(/o3/g, 'o2'));
    const full = await runCli(['analyze', '--db', 'news.db', '--format', 'json', '--full', '--workers', '2', '--quiet'], cwd);
    expect(full.err).toMatch(/150 scanned, 0 reused;.* 0 reused\n$/);
    expect(`${full.out.trimEnd()}\n`).toBe(read('o3', 'analysis.json'));
  });

  it('says clearly what is wrong', async () => {
    expect(await runCli(['analyze', '--db', 'missing.db'], cwd)).toMatchObject({ code: 2, err: 'wiretrace: --db missing.db: no such index (make one with wiretrace index add <files> --db missing.db)\n' });
    expect((await runCli(['analyze', 'day1.jsonl', '--db', 'news.db'], cwd)).err).toMatch(/give no files/);
    expect((await runCli(['analyze', '--full'], cwd)).err).toMatch(/give --db FILE/);
    expect((await runCli(['analyze', '--db', 'news.db', '--redis', 'redis://127.0.0.1:1', '--distributed'], cwd)).err).toMatch(/not both/);
    writeFileSync(join(cwd, 'notes.db'), 'not a database at all');
    expect(await runCli(['analyze', '--db', 'notes.db'], cwd)).toMatchObject({ code: 2, err: 'wiretrace: --db notes.db: cannot open it (cannot open notes.db: file is not a database)\n' });
  });
});
