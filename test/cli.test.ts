import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandPaths, readDocs } from '../src/cli/read.js';
import { ROOT, runCli, seedText } from './helpers.js';

const run = (argv: string[], cwd = ROOT, tty = false): ReturnType<typeof runCli> => runCli(argv, cwd, { stderrIsTTY: tty });

const FIX = join(ROOT, 'test/fixtures/cli');

describe('wiretrace (CLI)', () => {
  it('prints its version and help', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((await run(['--version'])).out).toBe(`${pkg.version}\n`);
    expect((await run(['--help'])).out).toMatch(/^wiretrace .* find where news articles reuse/);
    expect((await run(['help', 'check'])).out).toMatch(/--max-uncredited/);
    expect((await run(['analyze', '--help'])).out).toMatch(/--format <f>/);
  });

  it('summarises the seeds', async () => {
    const r = await run(['analyze', 'seeds', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('5 documents, 1 story family, 0 reuse edges (0 uncredited), 0 sibling pairs, 0 unseen sources, 2 pairs sharing passages');
    expect(r.out).toContain('#1  5 documents, likely original: KCNA (not in the corpus)');
    expect(r.out).toContain('seeds/000_c860f2f358efbae9  ← Yonhap (credited, not in the corpus, medium confidence)');
    expect(r.out).toMatch(/KCNA\s+by 5 documents/);
    expect(r.out).toContain('Shared but not counted as reuse: 1 quoted passage, 0 template passages, 1 stock phrase');
  });

  it('keeps stdout machine-readable for machine formats, and writes every format with --out', async () => {
    const json = await run(['analyze', 'seeds', '--format', 'json']);
    expect(JSON.parse(json.out)).toMatchObject({ format: 'wiretrace-analysis', version: 1 });
    expect((await run(['analyze', 'seeds', '--format', 'dot'])).out.startsWith('digraph wiretrace {')).toBe(true);
    expect((await run(['analyze', 'seeds', '--format', 'mermaid'])).out.startsWith('flowchart LR')).toBe(true);
    expect((await run(['analyze', 'seeds', '--format', 'graphml'])).out.startsWith('<?xml')).toBe(true);
    expect((await run(['analyze', 'seeds', '--format', 'html'])).out.startsWith('<!doctype html>')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'wt-out-'));
    const r = await run(['analyze', join(ROOT, 'seeds'), '--out', join(dir, 'report')], dir);
    expect(r.code).toBe(0);
    for (const f of ['report.html', 'analysis.json', 'graph.json', 'graph.dot', 'graph.mmd', 'graph.graphml']) expect(existsSync(join(dir, 'report', f))).toBe(true);
  });

  it.each([
    [['analyze', 'no/such/dir'], /^wiretrace: no\/such\/dir: no such file or folder\n$/],
    [['analyze', 'test/fixtures/empty-folder'], /^wiretrace: test\/fixtures\/empty-folder: folder has no supported files/],
    [['analyze', 'test/fixtures/cli/bad.jsonl'], /^wiretrace: test\/fixtures\/cli\/bad.jsonl:2: bad JSON line/],
    [['analyze', 'package.json', '--format', 'json'], /^wiretrace: package.json: no "text" string\n$/],
    [['analyze', 'tsconfig.json', 'README.md', '--threshold', '7'], /^wiretrace: --threshold: expected a number from 0.01 to 1, got "7"\n$/],
    [['analyze', 'seeds', '--bogus'], /^wiretrace: analyze: Unknown option '--bogus'/],
    [['analyze', 'seeds', '--workers', '0'], /^wiretrace: --workers: expected an integer from 1 to 256, got "0"\n$/],
    // Node's parser explains a value starting with a dash over three lines
    [['analyze', 'seeds', '--workers', '-1'], /^wiretrace: analyze: Option '--workers' needs a value, and the next argument starts with a dash \(write --workers=VALUE if that is the value\) \(see wiretrace help analyze\)\n$/],
    [['frobnicate'], /^wiretrace: unknown command "frobnicate"/],
    // a folder the file system cannot hold (Node's recursive mkdir never returns there)
    [['analyze', 'seeds', '--out', '/proc/wiretrace-report'], /^wiretrace: --out \/proc\/wiretrace-report: cannot write \(ENOENT\)\n$/],
    [['analyze', 'seeds', '--out', 'package.json/report'], /^wiretrace: --out package.json\/report: cannot write \(ENOTDIR\)\n$/],
    // an unset variable in a script (--out "$OUTDIR") writes nothing: said, not passed over
    [['analyze', 'seeds', '--out', ''], /^wiretrace: --out: give the folder to write the reports into\n$/],
    [['check', 'seeds/000_c860f2f358efbae9.txt'], /^wiretrace: check: give the sources with --against/],
  ])('%j fails with one clear line and no stack trace', async (argv, message) => {
    mkdirSync(join(ROOT, 'test/fixtures/empty-folder'), { recursive: true });
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses binary files and duplicate ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-bad-'));
    writeFileSync(join(dir, 'x.txt'), Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x81]));
    expect((await run(['analyze', dir])).err).toMatch(/x\.txt: unreadable encoding/);
    writeFileSync(join(dir, 'x.txt'), 'hello');
    writeFileSync(join(dir, 'docs.json'), JSON.stringify([{ id: 'x', text: 'a' }, { id: 'x', text: 'b' }]));
    expect((await run(['analyze', join(dir, 'docs.json')])).err).toMatch(/duplicate document id "x"/);
  });
});

describe('readers', () => {
  const warn: string[] = [];
  const docs = readDocs(expandPaths(['test/fixtures/cli/draft.md', 'test/fixtures/cli/page.html', 'test/fixtures/cli/cp1252.txt'], ROOT), ROOT, (m) => warn.push(m));

  it('reads Markdown front matter as metadata', () => {
    expect(docs[0]).toMatchObject({ id: 'test/fixtures/cli/draft', title: 'A draft', outlet: 'Daily' });
    expect(docs[0]!.text.startsWith('# A draft')).toBe(true);
  });

  it('extracts the main text of an HTML page, without scripts or navigation', () => {
    expect(docs[1]).toMatchObject({ title: 'Page & title', outlet: 'Some Site', publishedAt: '2024-02-21T08:00:00Z' });
    expect(docs[1]!.text).toBe('Kim gets a car\n\nNorth Korean leader “Kim” got a car.\n\nSecond paragraph.');
  });

  it('falls back to Windows-1252 without losing characters, and says so', () => {
    expect(docs[2]!.text).toBe('Café owners said the naïve plan – a “gift” – would fail.\n');
    expect(warn).toEqual(['test/fixtures/cli/cp1252.txt: not valid UTF-8, read as Windows-1252']);
  });

  it('reads every kind a document may have, and refuses others in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-kinds-'));
    const kinds = ['wire', 'article', 'official'];
    writeFileSync(join(dir, 'docs.jsonl'), kinds.map((kind, i) => JSON.stringify({ id: `d${i}`, text: 'Some words.', kind })).join('\n'));
    expect(readDocs(expandPaths([join(dir, 'docs.jsonl')], ROOT), ROOT, () => {}).map((d) => d.kind)).toEqual(kinds);
    writeFileSync(join(dir, 'docs.jsonl'), JSON.stringify({ id: 'x', text: 'Some words.', kind: 'press-release' }));
    expect(() => readDocs(expandPaths([join(dir, 'docs.jsonl')], ROOT), ROOT, () => {})).toThrow(/"kind" must be "wire", "article" or "official" \(got "press-release"\)/);
  });

  it('takes the first real headline of a text file as its title', () => {
    const [d] = readDocs(expandPaths(['seeds/003_d76e3e11a66e36d3.txt'], ROOT), ROOT, () => {});
    expect(d!.title).toBe('Putin gifts Kim Jong Un Russian limo car gift');
  });
});

describe('wiretrace check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-check-'));
  // a draft assembled from two seed paragraphs (003's arms paragraph, 001's Aurus paragraph) and fresh text
  const p003 = seedText('003').split('\n').find((l) => l.startsWith('There are concerns that North Korea may be supplying'))!;
  const p001 = seedText('001').split('\n').find((l) => l.startsWith('The manufacturer'))!;
  const draft = `Kim's new car\n\nOur reporter looked at the story on Wednesday and spoke to several analysts in Seoul about it.\n\n${p003}\n\n${p001}\n\nMore on this story as it develops.`;
  writeFileSync(join(dir, 'draft.txt'), draft);

  it('says "1 word", not "1 words"', async () => {
    writeFileSync(join(dir, 'one.txt'), 'Pyongyang');
    const r = await run(['check', join(dir, 'one.txt'), '--against', join(ROOT, 'seeds')], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/: 1 word; 0% reused, 0% uncredited\n/);
  });

  it('names the right sources and passages, and gates on --max-uncredited', async () => {
    const r = await run(['check', join(dir, 'draft.txt'), '--against', join(ROOT, 'seeds'), '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { reusedShare: number; uncreditedShare: number; sources: { id: string; share: number; credited: boolean; passages: { draftText: string }[] }[] };
    const ids = rep.sources.filter((s) => s.share > 0).map((s) => s.id.replace(/.*\//, '').slice(0, 3));
    expect(ids).toEqual(['003', '001']);
    expect(rep.reusedShare).toBeGreaterThan(0.5);
    expect(rep.uncreditedShare).toBe(rep.reusedShare);
    expect(rep.sources[0]!.passages[0]!.draftText).toContain('supplying artillery, rockets, and ballistic missiles to Russia');
    const gated = await run(['check', join(dir, 'draft.txt'), '--against', join(ROOT, 'seeds'), '--max-uncredited', '10%'], dir);
    expect(gated.code).toBe(3);
    expect(gated.err).toMatch(/^wiretrace: uncredited reuse \d+(\.\d)?% of the draft exceeds --max-uncredited 10%\n$/);
    expect(gated.out).toMatch(/UNCREDITED/);
  });

  it('counts reuse from a credited source as credited', async () => {
    const wire = { id: 'yonhap-1', outlet: 'Yonhap', kind: 'wire', text: `SEOUL, Feb. 20 (Yonhap) -- ${p003}` };
    writeFileSync(join(dir, 'wire.json'), JSON.stringify(wire));
    writeFileSync(join(dir, 'credited.txt'), `${p003} Yonhap reported.`);
    const r = await run(['check', join(dir, 'credited.txt'), '--against', join(dir, 'wire.json'), '--format', 'json', '--max-uncredited', '0.1'], dir);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { uncreditedShare: number; reusedShare: number; sources: { credited: boolean }[] };
    expect(rep.sources[0]!.credited).toBe(true);
    expect(rep.reusedShare).toBeGreaterThan(0.8);
    expect(rep.uncreditedShare).toBe(0);
  });

  it('reads credits given outside the text (--credit) and outlets it is told of (--sources)', async () => {
    const story = { id: 'planet-1', outlet: 'Daily Planet', text: `${p003}\n\n${p001}` };
    writeFileSync(join(dir, 'planet.json'), JSON.stringify(story));
    writeFileSync(join(dir, 'by-alias.txt'), `${p003}\n\nThe Planet reported it first.`);
    writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ id: 'planet', name: 'Daily Planet', kind: 'outlet', aliases: ['Planet', 'Daily Planet'] }]));
    const gate = ['--against', join(dir, 'planet.json'), '--max-uncredited', '0.1'];
    expect((await run(['check', join(dir, 'by-alias.txt'), ...gate], dir)).code).toBe(3);
    expect((await run(['check', join(dir, 'by-alias.txt'), ...gate, '--sources', 'sources.json'], dir)).code).toBe(0);
    expect((await run(['check', join(dir, 'draft.txt'), ...gate], dir)).code).toBe(3);
    const credited = await run(['check', join(dir, 'draft.txt'), ...gate, '--credit', 'Daily Planet'], dir);
    expect(credited.code).toBe(0);
    expect(credited.err).toBe('');
    // a misspelt credit credits nothing, and says so
    const typo = await run(['check', join(dir, 'draft.txt'), ...gate, '--credit', 'Daily Plant', '--credit', 'Yonhap'], dir);
    expect(typo.code).toBe(3);
    expect(typo.err).toMatch(/^wiretrace: --credit Daily Plant: no outlet of that name is known \(built in\) or among the drafts' sources, so it credits nothing\n/);
    expect(typo.err).not.toMatch(/--credit Yonhap/);
    writeFileSync(join(dir, 'bad-sources.json'), JSON.stringify([{ id: 'planet', name: 'Daily Planet', kind: 'blog', aliases: ['Planet'] }]));
    const bad = await run(['check', join(dir, 'by-alias.txt'), ...gate, '--sources', 'bad-sources.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^wiretrace: --sources: bad-sources\.json: sources\[0\]\.kind must be one of .* \(got "blog"\)\n$/);
  });
});

describe('wiretrace index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-index-'));
  const p003 = seedText('003').split('\n').find((l) => l.startsWith('There are concerns that North Korea may be supplying'))!;
  writeFileSync(join(dir, 'draft.txt'), `Analysts spoke to us on Wednesday about the story.\n\n${p003}`);

  it('indexes a folder into SQLite, reports stats, and checks a draft against it as --against does', async () => {
    const add = await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'wire.db', '--quiet'], dir);
    expect(add.code, add.err).toBe(0);
    expect(add.err).toMatch(/^added 5 documents in [\d.]+ s; the index holds 5\n$/);
    const stats = await run(['index', 'stats', '--db', 'wire.db', '--format', 'json'], dir);
    expect(JSON.parse(stats.out)).toMatchObject({ store: 'sqlite', documents: 5, params: { shingleSize: 3, numPerm: 128 } });
    expect((await run(['index', 'stats', '--db', 'wire.db'], dir)).out).toMatch(/^sqlite index: 5 documents, [\d.]+ MiB on disk/);
    const viaDb = await run(['check', 'draft.txt', '--db', 'wire.db', '--format', 'json'], dir);
    const viaFiles = await run(['check', 'draft.txt', '--against', join(ROOT, 'seeds'), '--format', 'json'], dir);
    expect(viaDb.code).toBe(0);
    expect(JSON.parse(viaDb.out).sources[0].id).toMatch(/003_d76e3e11a66e36d3$/);
    expect(viaDb.out).toBe(viaFiles.out);
    // again: refused (nothing added), or skipped on request
    const again = await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'wire.db'], dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already in the index: .*; nothing was added \(use --skip-existing/);
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'wire.db', '--skip-existing'], dir)).err).toMatch(/added 0 documents \(5 already indexed, skipped\)/);
    // remove and list
    const id = (await run(['index', 'list', '--db', 'wire.db'], dir)).out.split('\n')[0]!;
    expect((await run(['index', 'remove', id, '--db', 'wire.db'], dir)).err).toBe('removed 1; the index holds 4\n');
    expect((await run(['index', 'list', '--db', 'wire.db', '--format', 'json'], dir)).out).not.toContain(id);
  });

  it('index add --workers 2 (fingerprinting threads) makes the index --workers 1 makes', async () => {
    const one = await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'one.db', '--workers', '1', '--batch', '2', '--quiet'], dir);
    const two = await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'two.db', '--workers', '2', '--batch', '2', '--quiet'], dir);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect((await run(['index', 'list', '--db', 'two.db'], dir)).out).toBe((await run(['index', 'list', '--db', 'one.db'], dir)).out);
    const check = (db: string): Promise<{ out: string }> => run(['check', 'draft.txt', '--db', db, '--format', 'json'], dir);
    expect((await check('two.db')).out).toBe((await check('one.db')).out);
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'three.db', '--workers', '0'], dir)).code).toBe(2);
  });

  it('says when the only source is the draft itself indexed under another id', async () => {
    const seed = '002_8de3c57dded80bd7';
    writeFileSync(join(dir, `${seed}.txt`), seedText('002'));
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'own.db', '--quiet'], dir)).code).toBe(0);
    const r = await run(['check', `${seed}.txt`, '--db', 'own.db'], dir);
    expect(r.err).toMatch(new RegExp(`^wiretrace: ${seed}: the source \\S*${seed} has the draft's file name and all of its words: is it the draft itself, indexed under another id\\?`));
    // a draft that is only partly another document's words gets no such note
    expect((await run(['check', 'draft.txt', '--db', 'own.db'], dir)).err).toBe('');
  });

  it('refuses to check a draft against an index that holds no documents (it would pass unchecked)', async () => {
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'emptied.db', '--quiet'], dir)).code).toBe(0);
    const ids = (await run(['index', 'list', '--db', 'emptied.db'], dir)).out.split('\n').filter(Boolean);
    expect(ids).toHaveLength(5);
    expect((await run(['index', 'remove', ...ids, '--db', 'emptied.db'], dir)).code).toBe(0);
    const r = await run(['check', 'draft.txt', '--db', 'emptied.db', '--max-uncredited', '10%'], dir);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe('wiretrace: emptied.db: the index holds no documents, so there is nothing to check the draft against (add the wire with wiretrace index add <files>)\n');
  });

  it('says clearly what is wrong', async () => {
    expect(await run(['check', 'draft.txt', '--db', 'missing.db'], dir)).toMatchObject({ code: 2, err: 'wiretrace: missing.db: no such index (make one with wiretrace index add <files> --db missing.db)\n' });
    expect((await run(['check', 'draft.txt', '--db', 'wire.db', '--against', 'seeds'], dir)).err).toMatch(/not both/);
    expect((await run(['index', 'frob'], dir)).err).toMatch(/unknown subcommand "frob"/);
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'wire.db', '--shingle', '5'], dir)).err).toMatch(/the index was made with shingleSize 3.*asked for shingleSize 5/);
    const gone = await run(['check', 'draft.txt', '--redis', 'redis://127.0.0.1:1'], dir);
    expect(gone.code).toBe(1);
    expect(gone.err).toMatch(/^wiretrace: CorpusIndex \(redis\): .* failed: .*\n$/);
  });
});
