// Regression tests for the new-user walkthrough's findings (harden7): each fails on the code before its fix.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Gazetteer } from '../src/attribution/gazetteer.js';
import { expandInputs, readDocs } from '../src/cli/read.js';
import { CorpusIndex, findNearDuplicates, fingerprint, LshIndex, MinHasher, openCorpusIndex, signText, WiretraceError } from '../src/index.js';
import { ROOT, runCli, seedText } from './helpers.js';

const run = runCli;
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `wt-h7-${name}-`));
const P003 = seedText('003').split('\n').find((l) => l.startsWith('There are concerns that North Korea may be supplying'))!;
const P001 = seedText('001').split('\n').find((l) => l.startsWith('The manufacturer'))!;

describe('5: numeric options are read strictly', () => {
  const dir = tmp('num');
  writeFileSync(join(dir, 'copied.txt'), `${P003}\n\n${P001}`);
  const check = (x: string): ReturnType<typeof run> => run(['check', join(dir, 'copied.txt'), '--against', join(ROOT, 'seeds'), '--max-uncredited', x], dir);

  it.each(['', '%', '0x1', '1e0', ' 0.5', 'Infinity', '0.1%%'])('--max-uncredited %j is refused (exit 2), never read as a number', async (x) => {
    const r = await check(x);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^wiretrace: --max-uncredited: expected a number from 0 to 1 \(or 0% to 100%\), got ".*"\n$/);
  });

  it('"10" says that 10% was probably meant', async () => {
    const r = await check('10');
    expect(r.code).toBe(2);
    expect(r.err).toBe('wiretrace: --max-uncredited: expected a number from 0 to 1 (or 0% to 100%), got "10"; for 10% write "10%" or 0.1\n');
  });

  it('still reads 0.1, 10%, .1 and 1', async () => {
    for (const x of ['0.1', '10%', '.1']) expect((await check(x)).code).toBe(3);
    expect((await check('1')).code).toBe(0);
  });

  it.each([
    [['--shingle', '0x3'], /--shingle: expected an integer/],
    [['--shingle', '3%'], /--shingle: expected an integer/],
    [['--num-perm', ''], /--num-perm: expected an integer/],
    [['--workers', '1e0'], /--workers: expected an integer/],
    [['--threshold', '0x1'], /--threshold: expected a number/],
  ])('analyze %j is refused', async (args, message) => {
    const r = await run(['analyze', join(ROOT, 'seeds'), ...args], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('serve --max-uncredited and --port are read as strictly', async () => {
    writeFileSync(join(dir, 'x.db'), '');
    for (const args of [['--max-uncredited', '0x1'], ['--port', '0x50'], ['--port', '']]) {
      const r = await run(['serve', '--db', 'x.db', ...args], dir, { env: { WIRETRACE_TOKEN: 'check-token-0123456789' } } as never);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^wiretrace: serve: --(max-uncredited|port): expected/);
    }
  });

  it('worker --concurrency is read as strictly', async () => {
    const r = await run(['worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0x2'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--concurrency: expected an integer/);
  });
});

describe('4: an empty draft does not look like a pass on stdout', () => {
  const dir = tmp('empty');
  writeFileSync(join(dir, 'empty.txt'), '  \n\n ');
  mkdirSync(join(dir, 'drafts'));
  writeFileSync(join(dir, 'drafts', 'a.txt'), 'Our own words about the weather in Seoul, which nobody else has written.');
  writeFileSync(join(dir, 'drafts', 'b.txt'), '\n');

  it('text: says the draft is empty and not checked, with no 0% figures', async () => {
    const r = await run(['check', join(dir, 'empty.txt'), '--against', join(ROOT, 'seeds')], dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('empty: EMPTY: the draft has no words; not checked (an error, not a pass)\n');
    expect(r.out).not.toMatch(/0% reused|no indexed source/);
  });

  it('json: the empty draft carries "error": "empty"; a checked one does not', async () => {
    const one = await run(['check', join(dir, 'empty.txt'), '--against', join(ROOT, 'seeds'), '--format', 'json'], dir);
    expect(one.code).toBe(2);
    expect(JSON.parse(one.out)).toMatchObject({ draft: 'empty', error: 'empty', tokens: 0 });
    const many = await run(['check', join(dir, 'drafts'), '--against', join(ROOT, 'seeds'), '--format', 'json'], dir);
    const reps = JSON.parse(many.out) as { draft: string; error?: string }[];
    expect(reps.map((x) => [x.draft, x.error])).toEqual([['drafts/a', undefined], ['drafts/b', 'empty']]);
  });
});

describe('9: the draft file is never among its own sources', () => {
  const dir = tmp('self');
  const seed = readdirSync(join(ROOT, 'seeds')).find((f) => f.startsWith('001_'))!;

  it('check seeds/001_….txt --against seeds does not match 001 with itself', async () => {
    const r = await run(['check', join('seeds', seed), '--against', 'seeds', '--format', 'json'], ROOT);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { reusedShare: number; sources: { id: string }[] };
    expect(rep.sources.map((x) => x.id)).not.toContain(`seeds/${seed.replace(/\.txt$/, '')}`);
    expect(rep.reusedShare).toBeLessThan(1);
  });

  it('through a symbolic link too, and a draft that is the only source says so', async () => {
    symlinkSync(join(ROOT, 'seeds', seed), join(dir, 'link.txt'));
    const r = await run(['check', 'link.txt', '--against', join(ROOT, 'seeds'), '--format', 'json'], dir);
    expect((JSON.parse(r.out) as { sources: { id: string }[] }).sources.map((x) => x.id)).not.toContain(`seeds/${seed.replace(/\.txt$/, '')}`);
    const alone = await run(['check', 'link.txt', '--against', join(ROOT, 'seeds', seed)], dir);
    expect(alone).toMatchObject({ code: 2, err: 'wiretrace: check --against: no documents found (the draft itself is never one of its sources)\n' });
    // a folder checked against itself: told how to check its drafts against each other
    const folder = await run(['check', 'seeds', '--against', 'seeds'], ROOT);
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/^wiretrace: check --against: no documents found \(the drafts' own files are never their sources; to check the drafts of a folder against each other, index it: wiretrace index add <folder> --db drafts\.db, then check <folder> --db drafts\.db\)\n$/);
  });
});

describe('8: public functions refuse unknown option names', () => {
  const docs = [{ id: 'a', text: P003 }, { id: 'b', text: P001 }];
  it.each([
    ['findNearDuplicates', () => findNearDuplicates(docs, { threshhold: 0.2 } as never), /findNearDuplicates: unknown option "threshhold" \(valid: .*threshold/],
    ['fingerprint', () => fingerprint(docs[0]!, { shingelSize: 2 } as never), /fingerprint: unknown option "shingelSize" \(valid: .*shingleSize/],
    ['signText', () => signText(P003, { numperm: 64 } as never), /signText: unknown option "numperm"/],
    ['CorpusIndex', () => new CorpusIndex({ shingelSize: 2 } as never), /CorpusIndex: unknown option "shingelSize"/],
    ['CorpusIndex.query', () => new CorpusIndex().query(P003, { limitt: 3 } as never), /CorpusIndex.query: unknown option "limitt" \(valid: align, allBandHits, limit, passages\)/],
    ['MinHasher', () => new MinHasher({ numPerms: 64 } as never), /MinHasher: unknown option "numPerms" \(valid: numPerm, seed\)/],
    ['LshIndex', () => new LshIndex({ treshold: 0.2 } as never), /LshIndex: unknown option "treshold"/],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(WiretraceError);
    expect(call).toThrow(message);
  });

  it('openCorpusIndex and a stored index\'s query too', async () => {
    await expect(openCorpusIndex({ sqlit: 'x.db' } as never)).rejects.toThrow(/openCorpusIndex: unknown option "sqlit" \(valid: .*sqlite/);
    const stored = await openCorpusIndex({ batchSize: 10, workers: 1, threshold: 0.3, shingleSize: 3 });
    try {
      await stored.add(docs);
      await expect(stored.query(P003, { limitt: 3 } as never)).rejects.toThrow(/CorpusIndex.query: unknown option "limitt"/);
      expect((await stored.query(P003, { limit: 3 }))[0]!.id).toBe('a');
    } finally {
      await stored.close();
    }
  });

  it('the valid names still work', () => {
    expect(findNearDuplicates(docs, { threshold: 0.2, containment: 0.1, onProgress: () => {} })).toBeInstanceOf(Array);
    expect(fingerprint(docs[0]!, { shingleSize: 2, keepTokens: false, stem: true }).params.shingleSize).toBe(2);
    const ix = new CorpusIndex({ shingleSize: 3, threshold: 0.3, minContainment: 0.02, maxDocFrequency: 100 });
    ix.add(docs);
    expect(ix.query(P003, { limit: 3, passages: true, align: { minTokens: 8 }, allBandHits: false })[0]!.id).toBe('a');
  });
});

describe('7: index remove of an id that is not indexed', () => {
  it('removes the others and exits 2 (a user mistake), not 1 (a store that failed)', async () => {
    const dir = tmp('remove');
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'idx.db', '--quiet'], dir)).code).toBe(0);
    const id = (await run(['index', 'list', '--db', 'idx.db'], dir)).out.split('\n')[0]!;
    const r = await run(['index', 'remove', 'nosuch', id, '--db', 'idx.db'], dir);
    expect(r).toMatchObject({ code: 2, err: 'wiretrace: index remove: "nosuch" is not in the index (see wiretrace index list)\nremoved 1; the index holds 4\n' });
  });
});

describe('18: drafts that fail and drafts that are empty in one run', () => {
  it('exit 2 (the error wins), both counted on stderr, and the help says so', async () => {
    const dir = tmp('mixed');
    mkdirSync(join(dir, 'drafts'));
    writeFileSync(join(dir, 'drafts', 'a.txt'), `${P003}\n\n${P001}`);
    writeFileSync(join(dir, 'drafts', 'b.txt'), `${P001}\n\n${P003}`);
    writeFileSync(join(dir, 'drafts', 'c.txt'), ' \n');
    const r = await run(['check', 'drafts', '--against', join(ROOT, 'seeds'), '--max-uncredited', '10%'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/2 of 3 drafts failed the gate, 1 empty\n$/);
    expect((await run(['help', 'check'])).out).toContain('2 if any is empty (an error wins: a draft went unchecked), else 3 if any exceeds --max-uncredited');
  });
});

describe('11: --sources entries', () => {
  const dir = tmp('sources');
  const wire = { id: 'yna-1', outlet: 'Yonhap', kind: 'wire', text: `SEOUL, Feb. 20 (Yonhap) -- ${P003}` };
  writeFileSync(join(dir, 'wire.json'), JSON.stringify(wire));
  writeFileSync(join(dir, 'draft.txt'), `${P003} The YNA wire reported it.`);
  const gate = (file: string): Promise<{ code: number; out: string; err: string }> => run(['check', 'draft.txt', '--against', 'wire.json', '--max-uncredited', '10%', '--sources', file], dir);

  it('an entry with a built-in id and only aliases adds spellings to that outlet', async () => {
    writeFileSync(join(dir, 'add.json'), JSON.stringify([{ id: 'yonhap', aliases: ['YNA wire'] }]));
    const r = await gate('add.json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const g = new Gazetteer([{ id: 'yonhap', aliases: ['YNA wire'] } as never]);
    expect(g.resolve('YNA wire')).toMatchObject({ id: 'yonhap', name: 'Yonhap', kind: 'wire' });
  });

  it('renaming or re-kinding a built-in outlet is refused, naming it', async () => {
    writeFileSync(join(dir, 'rename.json'), JSON.stringify([{ id: 'yonhap', name: 'Yonhap Wire', kind: 'outlet', aliases: ['YNA wire'] }]));
    const r = await gate('rename.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^wiretrace: --sources: rename\.json: 2 problems: sources\[0\]\.name: "yonhap" is built in \(name "Yonhap", kind "wire"\).*; sources\[0\]\.kind: "yonhap" is built in .*\n$/);
  });

  it('a misspelt field is named, and every problem is reported', async () => {
    writeFileSync(join(dir, 'typo.json'), JSON.stringify([{ id: 'planet', name: 'Daily Planet', kind: 'outlet', aliasez: ['Planet'] }, { id: 'star', name: 'Star', kind: 'blog', aliases: ['Star'] }]));
    const r = await gate('typo.json');
    expect(r.code).toBe(2);
    expect(r.err).toBe('wiretrace: --sources: typo.json: 3 problems: sources[0]: unknown field "aliasez" (fields: aliases, country, id, kind, name); sources[0].aliases must be an array of non-empty strings (got undefined); sources[1].kind must be one of "wire", "state-media", "outlet", "photo" (got "blog")\n');
  });
});

describe('13: check text output shows --credit', () => {
  it('the "the draft credits:" line lists credits given with --credit, marked as such', async () => {
    const dir = tmp('credit');
    writeFileSync(join(dir, 'draft.txt'), `${P003}\n\nKCNA said so.`);
    const r = await run(['check', 'draft.txt', '--against', join(ROOT, 'seeds'), '--credit', 'Yonhap'], dir);
    expect(r.out).toMatch(/\n  the draft credits: KCNA, Yonhap \(--credit\)\n?$/);
    const only = await run(['check', 'draft.txt', '--against', join(ROOT, 'seeds'), '--credit', 'AFP', '--credit', 'Yonhap'], dir);
    expect(only.out).toContain('the draft credits: KCNA, AFP (--credit), Yonhap (--credit)');
  });
});

describe('14: one rounding for the same figure', () => {
  it('the uncredited share on stdout is the one on stderr', async () => {
    const dir = tmp('round');
    writeFileSync(join(dir, 'draft.txt'), `Our reporter spoke to analysts in Seoul on Wednesday about the car.\n\n${P003}\n\n${P001}`);
    const r = await run(['check', 'draft.txt', '--against', join(ROOT, 'seeds'), '--max-uncredited', '10%'], dir);
    expect(r.code).toBe(3);
    const out = /, ([\d.]+%) uncredited/.exec(r.out)![1];
    const err = /uncredited reuse ([\d.]+%) of the draft/.exec(r.err)![1];
    expect(out).toBe(err);
    expect(out).toMatch(/\.\d%$/);
  });
});

describe('15: the README shows what index stats prints', () => {
  it('its example stats line of the seeds is the command\'s', async () => {
    const dir = tmp('stats');
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', 'wire.db', '--quiet'], dir)).code).toBe(0);
    const line = (await run(['index', 'stats', '--db', 'wire.db'], dir)).out.split('\n')[0]!;
    expect(line).toMatch(/^sqlite index: 5 documents, [\d.]+ MiB on disk \(\d+ B per document\)$/);
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\n${line}\n`);
  });
});

describe('16: a derived title is a headline, not the story', () => {
  const dir = tmp('title');
  const para = 'Our reporter spoke to several analysts in Seoul on Wednesday about the new car, which arrived by train from Russia late on Tuesday night.';
  writeFileSync(join(dir, 'one-line.txt'), `${para}\n`);
  writeFileSync(join(dir, 'long-first.txt'), `${para} ${para}\n\nA second paragraph follows here.`);
  writeFileSync(join(dir, 'headline.txt'), `Kim gets a car from Putin\n\n${para}`);

  it('a one-line file has no title; a line over 150 characters is not one; a headline is', () => {
    const docs = readDocs(expandInputs([dir], dir, () => {}), dir, () => {});
    const title = (id: string): string | undefined => docs.find((d) => d.id.endsWith(id))?.title;
    expect(title('one-line')).toBeUndefined();
    expect(title('long-first')).toBeUndefined();
    expect(title('headline')).toBe('Kim gets a car from Putin');
  });
});

describe('19: check without --against or --db uses wiretrace.db, as index add makes it', () => {
  it('checks against ./wiretrace.db when there is one, and says there is none otherwise', async () => {
    const dir = tmp('default-db');
    writeFileSync(join(dir, 'draft.txt'), `Analysts spoke to us on Wednesday.\n\n${P003}`);
    const none = await run(['check', 'draft.txt'], dir);
    expect(none).toMatchObject({ code: 2, err: 'wiretrace: check: give the sources with --against <files or folders>, or an index with --db FILE or --redis URL (there is no wiretrace.db here, the default of index add)\n' });
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--quiet'], dir)).code).toBe(0);
    const r = await run(['check', 'draft.txt', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe((await run(['check', 'draft.txt', '--db', 'wiretrace.db', '--format', 'json'], dir)).out);
    expect((JSON.parse(r.out) as { sources: { id: string }[] }).sources[0]!.id).toMatch(/003_/);
  });
});

describe('17: messages that say what is wrong', () => {
  const dir = tmp('msgs');
  writeFileSync(join(dir, 'd.txt'), 'Some words of a draft about the weather here.');
  writeFileSync(join(dir, 'empty.db'), '');
  mkdirSync(join(dir, 'folder.db'));
  mkdirSync(join(dir, 'pdfs'));
  writeFileSync(join(dir, 'pdfs', 'a.pdf'), '%PDF');
  writeFileSync(join(dir, 'pdfs', 'b.csv'), 'a,b');
  writeFileSync(join(dir, 'afile'), 'x');
  writeFileSync(join(dir, 'fm.md'), '---\ntitle: no end\nThe story starts here and goes on.\n');
  writeFileSync(join(dir, 'none.json'), '[]');
  writeFileSync(join(dir, 'one.json'), JSON.stringify([{ id: 'x', titel: 'no text' }]));
  writeFileSync(join(dir, 'docs.json'), JSON.stringify({ documents: [{ id: 'x' }] }));

  it.each([
    [['check', 'd.txt', '--db', 'empty.db'], 'wiretrace: --db empty.db: not a wiretrace index\n'],
    [['check', 'd.txt', '--db', 'folder.db'], 'wiretrace: --db folder.db: a folder, not an index file (give the file, e.g. folder.db/wiretrace.db)\n'],
    [['analyze', '--db', 'folder.db'], 'wiretrace: --db folder.db: a folder, not an index file\n'],
    [['analyze', join(ROOT, 'seeds'), '--out', 'afile'], 'wiretrace: --out afile: is a file; --out names a folder to write the reports into\n'],
    [['analyze', 'pdfs'], 'wiretrace: pdfs: folder has no supported files (.txt .md .markdown .json .jsonl .ndjson .html .htm)\n'],
    [['analyze', 'fm.md'], 'wiretrace: fm.md: the front matter opened by --- on line 1 is never closed (end it with a line ---)\n'],
    [['index', 'stats', '--db', 'empty.db', '--skip-existing'], 'wiretrace: index stats: --skip-existing is for index add (see wiretrace help index)\n'],
    [['index', 'list', '--db', 'empty.db', '--batch', '5'], 'wiretrace: index list: --batch is for index add (see wiretrace help index)\n'],
    [['check', '-', '--db', 'empty.db'], 'wiretrace: -: reading from standard input is not supported; save the text to a file (draft.txt) and give its name\n'],
    [['check', 'none.json', '--against', join(ROOT, 'seeds')], 'wiretrace: check: the draft none.json holds no documents\n'],
    [['analyze', 'one.json'], 'wiretrace: one.json[0]: no "text" string\n'],
    [['analyze', 'docs.json'], 'wiretrace: docs.json[0]: no "text" string\n'],
  ])('%j: one clear line, exit 2', async (argv, message) => {
    expect(await run(argv, dir)).toMatchObject({ code: 2, err: message });
  });

  it('an unknown document field is named once per file; the document is still read', async () => {
    writeFileSync(join(dir, 'titel.jsonl'), `${JSON.stringify({ id: 'a', titel: 'T', text: P003 })}\n${JSON.stringify({ id: 'b', titel: 'U', text: P001 })}\n`);
    const r = await run(['analyze', 'titel.jsonl', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('wiretrace: warning: titel.jsonl:1: unknown field "titel" ignored (a document has id, text, body, content, title, url, outlet, publishedAt, kind, date, published, published_at); said once per file\n');
  });

  it('an edge whose direction is undecided says so, not "by none, none confidence"', async () => {
    const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango'.split(' ');
    const text = Array.from({ length: 300 }, (_, i) => words[(i * 7 + Math.floor(i / 20)) % words.length]).join(' ');
    mkdirSync(join(dir, 'twins'));
    writeFileSync(join(dir, 'twins', 'a.txt'), `The council met on Tuesday.\n\n${text}\n`);
    writeFileSync(join(dir, 'twins', 'b.txt'), `The council met on Tuesday.\n\n${text}\n`);
    const r = await run(['analyze', 'twins', '--quiet'], dir);
    expect(r.out).toContain('[direction undecided: no evidence either way]');
    expect(r.out).not.toMatch(/by none|none confidence/);
  });
});
