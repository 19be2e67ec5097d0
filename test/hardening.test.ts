// Regression tests for issue 12 (hostile and mistaken input): each fails on the code before the fix.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, statSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandInputs, htmlToDoc, MAX_FILE_BYTES, readDocs } from '../src/cli/read.js';
import { alignPassages, analyze, extractAttributions, renderHtmlReport, tokenize, toGraphML, validateDocs, WiretraceError } from '../src/index.js';
import { Redis } from 'ioredis';
import { startRedis } from '../bench/util.js';
import { ROOT, runCli, seedText } from './helpers.js';

const run = runCli;

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `wt-h12-${name}-`));
const jsonl = (docs: object[]): string => `${docs.map((d) => JSON.stringify(d)).join('\n')}\n`;
// raw control characters a terminal would obey: C0 (but \n), DEL, C1, bidi overrides
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const P003 = seedText('003').split('\n').find((l) => l.startsWith('There are concerns that North Korea may be supplying'))!;
const P001 = seedText('001').split('\n').find((l) => l.startsWith('The manufacturer'))!;

describe('terminal escape injection', () => {
  const dir = tmp('esc');
  const osc52 = '\u001b]52;c;SGVsbG8=\u0007';
  const clear = '\u001b[2J\u001b[H';
  writeFileSync(
    join(dir, 'docs.jsonl'),
    jsonl([
      { id: `wire${osc52}`, title: `T${clear}`, outlet: `Out\u009b31m`, text: `${P003}\n\n${P001}` },
      { id: `copy\u202e`, title: 'x', text: `${P003}\u001b[31m\n\n${P001}` },
    ]),
  );
  writeFileSync(join(dir, 'page.html'), `<html><head><title>Hi &#27;[2J there</title></head><body><p>${P003}</p></body></html>`);

  it('analyze prints ids, titles and excerpts with control characters made visible', async () => {
    const r = await run(['analyze', dir, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.out).toContain('wire\\x1b]52;c;SGVsbG8=\\x07');
    const json = await run(['analyze', dir, '--format', 'json']);
    expect(json.out).not.toMatch(RAW_CONTROL);
    // still the same data once parsed
    expect(JSON.parse(json.out).documents.map((d: { id: string }) => d.id)).toContain(`wire${osc52}`);
  });

  it('check prints draft and source text escaped, including ESC from an HTML entity', async () => {
    const r = await run(['check', join(dir, 'page.html'), '--against', join(dir, 'docs.jsonl')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/UNCREDITED/);
    expect(r.out).not.toMatch(RAW_CONTROL);
    const html = htmlToDoc(readFileSync(join(dir, 'page.html'), 'utf8'), 'p');
    expect(html.title).toBe('Hi \u001b[2J there'); // the data keeps the character; only the output escapes it
  });

  it('error messages and warnings are escaped too', async () => {
    const r = await run(['analyze', join(dir, `missing${clear}`)]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.err).toContain('\\x1b[2J');
  });
});

describe('__proto__, constructor and toString as document ids', () => {
  const ids = ['__proto__', 'constructor', 'toString'];
  const docs = ids.map((id, i) => ({ id, text: i === 0 ? `SEOUL (Reuters) – ${P003}\n\n${P001}` : `${P003}\n\n${P001}\n\nReuters reported the figures. Extra sentence number ${i} here.` }));

  it('analyze keeps every id as a key of attributions, through JSON too', () => {
    const a = analyze(docs);
    for (const id of ids) expect(Object.hasOwn(a.attributions, id)).toBe(true);
    expect(a.attributions['__proto__']!.map((x) => x.canonical)).toContain('reuters');
    const back = JSON.parse(JSON.stringify(a)) as { attributions: Record<string, unknown[]> };
    expect(Object.keys(back.attributions).sort()).toEqual([...ids].sort());
    expect(a.graph.nodes.filter((n) => n.type === 'document').map((n) => n.id).sort()).toEqual([...ids].sort());
  });

  it('the HTML report viewer keys documents without a prototype', () => {
    const html = renderHtmlReport(analyze(docs));
    expect(html).toContain('var docs = Object.create(null)');
    expect(html).not.toMatch(/var docs = \{\}/);
  });

  it('check and analyze work end to end with these ids', async () => {
    const dir = tmp('proto');
    writeFileSync(join(dir, 'sources.jsonl'), jsonl(docs.slice(1)));
    writeFileSync(join(dir, 'draft.jsonl'), jsonl([docs[0]!]));
    const r = await run(['check', join(dir, 'draft.jsonl'), '--against', join(dir, 'sources.jsonl'), '--format', 'json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out) as { draft: string; sources: { id: string }[] };
    expect(rep.draft).toBe('__proto__');
    expect(rep.sources.map((s) => s.id).sort()).toEqual(['constructor', 'toString']);
    const an = await run(['analyze', join(dir, 'sources.jsonl'), join(dir, 'draft.jsonl'), '--quiet']);
    expect(an.code).toBe(0);
    expect(an.out).toMatch(/^3 documents/);
    const json = JSON.parse((await run(['analyze', join(dir, 'sources.jsonl'), join(dir, 'draft.jsonl'), '--format', 'json'])).out) as { attributions: Record<string, { canonical: string }[]> };
    expect(Object.keys(json.attributions).sort()).toEqual([...ids].sort());
    expect(json.attributions['__proto__']!.map((a) => a.canonical)).toContain('reuters');
  });

  it('help and HTML entities named after Object.prototype members are unknown, not functions', async () => {
    expect((await run(['help', 'constructor'])).code).toBe(2);
    expect(htmlToDoc('<body><p>a &constructor; b</p></body>', 'x').text).toBe('a &constructor; b');
  });
});

describe('denial of service: every stage bounded', () => {
  // generous hang bounds (the machine is shared): before the fix these took 10 s to minutes
  it('alignment of two 100 KB repetitive texts', () => {
    const t0 = Date.now();
    const ps = alignPassages('a b '.repeat(25_000), 'a b '.repeat(25_000));
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(ps.length).toBeGreaterThan(0);
  });

  it('stemming a 30,000-letter "word" (Porter is quadratic in the word length)', () => {
    const t0 = Date.now();
    expect(tokenize('xT'.repeat(15_000), { stem: true })).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('analyze on 1.3 MB of "according to "', () => {
    const t0 = Date.now();
    analyze([
      { id: 'a', text: 'according to '.repeat(100_000) },
      { id: 'b', text: 'according to '.repeat(100_000) },
    ]);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('extractAttributions on 580 KB of "Reuters said…"', () => {
    const t0 = Date.now();
    const got = extractAttributions('Reuters said the price rose. '.repeat(20_000));
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(got).toHaveLength(20_000);
    const nl = extractAttributions('Reuters said '.repeat(45_000));
    expect(nl.length).toBeGreaterThan(40_000);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it.each([
    ['<meta a', 40_000],
    ['<title', 40_000],
    ['<p a', 70_000],
    ['<!--', 70_000],
    ['<nav>', 60_000],
    ['<script>', 40_000],
  ])('HTML reading of %j repeated %i times, never closed', (piece, times) => {
    const t0 = Date.now();
    htmlToDoc(piece.repeat(times), 'x');
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('a FIFO or a device named .txt in a folder is skipped, and refused when named', async () => {
    const dir = tmp('fifo');
    writeFileSync(join(dir, 'ok.txt'), P003);
    const mk = spawnSync('mkfifo', [join(dir, 'pipe.txt')]);
    symlinkSync('/dev/zero', join(dir, 'zero.txt'));
    const r = await run(['analyze', dir, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/zero\.txt: not a regular file/);
    if (mk.status === 0) {
      expect(r.err).toMatch(/pipe\.txt: not a regular file/);
      expect(await run(['analyze', join(dir, 'pipe.txt')])).toMatchObject({ code: 2, err: expect.stringMatching(/pipe\.txt: not a regular file/) });
    }
    expect(await run(['analyze', join(dir, 'zero.txt')])).toMatchObject({ code: 2, err: expect.stringMatching(/zero\.txt: not a regular file/) });
  });

  it('a file over the size limit is refused with a clear error, before it is read', async () => {
    const dir = tmp('big');
    const fd = openSync(join(dir, 'huge.txt'), 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1); // sparse: no disk used
    closeSync(fd);
    const r = await run(['analyze', join(dir, 'huge.txt')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/huge\.txt: file too large \(256 MiB; wiretrace reads files of up to 256 MiB/);
  });
});

describe('the publishing gate: every draft, no empty pass, no altered index', () => {
  const dir = tmp('gate');
  mkdirSync(join(dir, 'drafts'));
  writeFileSync(join(dir, 'drafts', 'a-clean.txt'), 'Our own reporting from Seoul on Wednesday, in words nobody else has used, about the car and the summit.');
  writeFileSync(join(dir, 'drafts', 'b-copied.txt'), `${P003}\n\n${P001}`);

  it('check on a folder checks every draft, prints each, and fails if any fails', async () => {
    const r = await run(['check', join(dir, 'drafts'), '--against', join(ROOT, 'seeds'), '--max-uncredited', '10%']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/drafts\/a-clean: \d+ words; 0% reused/);
    expect(r.out).toMatch(/drafts\/b-copied: \d+ words; \d+(\.\d)?% reused/);
    expect(r.err).toMatch(/drafts\/b-copied: uncredited reuse/);
    expect(r.err).toMatch(/1 of 2 drafts failed the gate/);
    const json = await run(['check', join(dir, 'drafts'), '--against', join(ROOT, 'seeds'), '--format', 'json']);
    expect((JSON.parse(json.out) as unknown[]).length).toBe(2);
  });

  it('check on a multi-document JSONL checks the second draft too', async () => {
    writeFileSync(join(dir, 'drafts.jsonl'), jsonl([{ id: 'one', text: 'Nothing copied here at all, only our own words about the weather in Seoul.' }, { id: 'two', text: `${P003}\n\n${P001}` }]));
    const r = await run(['check', join(dir, 'drafts.jsonl'), '--against', join(ROOT, 'seeds'), '--max-uncredited', '0.1']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/two: uncredited reuse/);
  });

  it('an empty draft is an error, not a 0% pass', async () => {
    writeFileSync(join(dir, 'empty.txt'), '   \n\n');
    const r = await run(['check', join(dir, 'empty.txt'), '--against', join(ROOT, 'seeds'), '--max-uncredited', '0.1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/empty: the draft has no words to check/);
  });

  it.each([
    ['an empty file', ''],
    ['a text file', 'not a database at all\n'],
  ])('check --db on %s: exit 2, file unchanged', async (_what, content) => {
    const f = join(dir, `x-${content.length}.db`);
    writeFileSync(f, content);
    const before = statSync(f);
    const r = await run(['check', join(dir, 'drafts', 'a-clean.txt'), '--db', f]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1);
    expect(readFileSync(f, 'utf8')).toBe(content);
    expect(statSync(f).mtimeMs).toBe(before.mtimeMs);
    expect(existsSync(`${f}-wal`)).toBe(false);
    for (const sub of ['stats', 'list']) expect((await run(['index', sub, '--db', f])).code).toBe(2);
    expect(readFileSync(f, 'utf8')).toBe(content);
  });

  it('check --db on another program\'s SQLite database: exit 2, no wiretrace tables written', async () => {
    const f = join(dir, 'foreign.db');
    const mk = spawnSync(process.execPath, ['-e', `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(f)}); d.exec('CREATE TABLE t (x)'); d.close();`], { cwd: ROOT });
    expect(mk.status, String(mk.stderr)).toBe(0);
    const bytes = readFileSync(f);
    const r = await run(['check', join(dir, 'drafts', 'a-clean.txt'), '--db', f]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not a wiretrace index/);
    expect(readFileSync(f).equals(bytes)).toBe(true);
    expect((await run(['index', 'remove', 'x', '--db', f])).code).toBe(2);
    expect(readFileSync(f).equals(bytes)).toBe(true);
  });

  it('a read-only index file works for check, stats and list', async () => {
    const f = join(dir, 'ro.db');
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', f, '--quiet'])).code).toBe(0);
    chmodSync(f, 0o444);
    const bytes = readFileSync(f);
    expect((await run(['index', 'stats', '--db', f])).out).toMatch(/^sqlite index: 5 documents/);
    expect((await run(['index', 'list', '--db', f])).out.split('\n').filter(Boolean)).toHaveLength(5);
    const r = await run(['check', join(dir, 'drafts', 'b-copied.txt'), '--db', f, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).reusedShare).toBeGreaterThan(0.5);
    expect(readFileSync(f).equals(bytes)).toBe(true);
    chmodSync(f, 0o644);
  });

  // root ignores file modes: the real test runs the CLI as an unprivileged user, in a read-only folder
  const asNobody = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;
  it.skipIf(!asNobody)('a read-only index in a read-only folder works for an unprivileged user', async () => {
    const ro = tmp('ro');
    chmodSync(ro, 0o755);
    const f = join(ro, 'ro.db');
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--db', f, '--quiet'])).code).toBe(0);
    writeFileSync(join(ro, 'draft.txt'), `${P003}\n\n${P001}`);
    chmodSync(f, 0o444);
    chmodSync(ro, 0o555);
    const cli = (...args: string[]) => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    const stats = cli('index', 'stats', '--db', f);
    expect(stats.status, stats.stderr).toBe(0);
    expect(stats.stdout).toMatch(/^sqlite index: 5 documents/);
    expect(cli('index', 'list', '--db', f).stdout.split('\n').filter(Boolean)).toHaveLength(5);
    const check = cli('check', join(ro, 'draft.txt'), '--db', f, '--format', 'json');
    expect(check.status, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout).reusedShare).toBeGreaterThan(0.5);
    chmodSync(ro, 0o755);
  });

  it('index add with a duplicate id in a later batch adds nothing (all ids are checked first)', async () => {
    const f = join(dir, 'batches.db');
    writeFileSync(join(dir, 'first.jsonl'), jsonl([{ id: 'x1', text: P003 }]));
    expect((await run(['index', 'add', join(dir, 'first.jsonl'), '--db', f, '--quiet'])).code).toBe(0);
    writeFileSync(join(dir, 'second.jsonl'), jsonl([{ id: 'y1', text: P001 }, { id: 'y2', text: 'Another story entirely, with words of its own.' }, { id: 'x1', text: P003 }]));
    const r = await run(['index', 'add', join(dir, 'second.jsonl'), '--db', f, '--batch', '1', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already in the index: "x1"; nothing was added/);
    expect((await run(['index', 'list', '--db', f])).out).toBe('x1\n');
  });

  it('ids do not depend on the working directory; --id-base sets them explicitly', async () => {
    const root = tmp('ids');
    mkdirSync(join(root, 'nc', 'seeds'), { recursive: true });
    mkdirSync(join(root, 'elsewhere', 'deep'), { recursive: true });
    writeFileSync(join(root, 'nc', 'seeds', 'a.txt'), P003);
    writeFileSync(join(root, 'nc', 'seeds', 'b.txt'), `${P003}\n\n${P001}`);
    const ids = async (cwd: string, path: string, more: string[] = []): Promise<string[]> => (JSON.parse((await run(['analyze', path, '--format', 'json', ...more], cwd)).out) as { documents: { id: string }[] }).documents.map((d) => d.id);
    const fromRoot = await ids(join(root, 'nc'), 'seeds');
    expect(fromRoot).toEqual(['seeds/a', 'seeds/b']);
    expect(await ids(join(root, 'elsewhere', 'deep'), '../../nc/seeds')).toEqual(fromRoot);
    expect(await ids(join(root, 'nc', 'seeds'), '.', ['--id-base', '.'])).toEqual(['a', 'b']);
    expect(await ids(root, 'nc/seeds/a.txt')).toEqual(['a']);
  });
});

// Debian's redis-server (installed by .ci/run): CI must run this; elsewhere it shows as skipped
const redisBin = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!redisBin && process.env.CI) throw new Error('CI must provide redis-server for the hardening tests');

describe('the publishing gate on Redis', () => {
  it.skipIf(!redisBin)('check --redis with a prefix that holds no index: exit 2, and nothing is written', async () => {
    const server = await startRedis(redisBin);
    try {
      const dir = tmp('redis');
      writeFileSync(join(dir, 'draft.txt'), `${P003}\n\n${P001}`);
      const r = await run(['check', join(dir, 'draft.txt'), '--redis', server.url, '--prefix', 'typo']);
      expect(r.code, r.err).toBe(2);
      // harden7 17: the prefix is named
      expect(r.err).toBe(`wiretrace: --redis ${server.url}: no wiretrace index under the prefix "typo" (make one with wiretrace index add <files> --redis URL --prefix typo)\n`);
      expect((await run(['index', 'stats', '--redis', server.url, '--prefix', 'typo'])).code).toBe(2);
      const client = new Redis(server.url, { lazyConnect: true });
      await client.connect();
      expect(await client.dbsize()).toBe(0);
      await client.quit();
    } finally {
      server.stop();
    }
  });
});

describe('errors and small defects', () => {
  it('a symlink loop and a dangling symlink in a folder are skipped with a warning, not an internal error', async () => {
    const dir = tmp('links');
    writeFileSync(join(dir, 'ok.txt'), P003);
    symlinkSync('.', join(dir, 'loop'));
    symlinkSync('nowhere.txt', join(dir, 'dead.txt'));
    symlinkSync('self.txt', join(dir, 'self.txt'));
    const r = await run(['analyze', dir, '--quiet']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/loop: symbolic link loop/);
    expect(r.err).toMatch(/dead\.txt: dangling symbolic link, skipped/);
    expect(r.err).toMatch(/self\.txt: symbolic link loop, skipped/);
    expect((await run(['analyze', join(dir, 'self.txt')])).err).toMatch(/self\.txt: symbolic link loop\n$/);
  });

  const asNobody = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;
  it.skipIf(!asNobody)('an unreadable subfolder is skipped with a warning (run as an unprivileged user)', () => {
    const dir = tmp('locked');
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'ok.txt'), P003);
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'secret.txt'), P001);
    chmodSync(join(dir, 'locked'), 0o000);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'analyze', dir, '--quiet'], { cwd: ROOT, encoding: 'utf8' });
    chmodSync(join(dir, 'locked'), 0o755);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/locked: cannot read folder \(EACCES\), skipped/);
    expect(r.stdout).toMatch(/^1 document/);
  });

  it('<meta content> keeps an apostrophe inside double quotes', () => {
    const d = htmlToDoc(`<html><head><meta property="og:site_name" content="The People's Daily"><meta content='Kim "gets" a car' property='og:title'></head><body><p>Text.</p></body></html>`, 'x');
    expect(d.outlet).toBe("The People's Daily");
    expect(d.title).toBe('Kim "gets" a car');
  });

  it('API options: bad types and unknown names are named errors listing the valid names', () => {
    const err = (f: () => unknown): WiretraceError => {
      try {
        f();
      } catch (e) {
        return e as WiretraceError;
      }
      throw new Error('no error');
    };
    const e1 = err(() => extractAttributions('x', { sources: [{}] as never }));
    expect(e1).toBeInstanceOf(WiretraceError);
    expect(e1.code).toBe('E_OPTIONS');
    expect(err(() => analyze([{ id: 'a', text: 'x' }], { sources: 'x' as never })).code).toBe('E_OPTIONS');
    const e2 = err(() => alignPassages('a', 'b', { minMatc: 3 } as never));
    expect(e2.code).toBe('E_OPTIONS');
    expect(e2.message).toMatch(/unknown option "minMatc" \(valid: .*minMatch/);
    expect(err(() => extractAttributions('x', { generics: true } as never)).message).toMatch(/unknown option "generics"/);
    expect(err(() => alignPassages('a', 'b', { minMatch: Number.NaN })).message).toMatch(/\(got NaN\)/);
  });

  it('title, outlet and url must be strings: a clear E_INPUT, not a TypeError deep in the analysis', () => {
    expect(() => validateDocs([{ id: 'a', text: 'x', title: null } as never], 't')).toThrow(/has title null \(expected a string\)/);
    expect(() => analyze([{ id: 'a', text: 'x', title: 42 } as never, { id: 'b', text: 'x' }])).toThrow(/has title 42 \(expected a string\)/);
    expect(() => validateDocs([{ id: 'a', text: 'x', outlet: ['AP'] } as never], 't')).toThrow(/has outlet \["AP"\]/);
    expect(() => validateDocs([{ id: 'a', text: 'x', title: 'T', outlet: 'AP', url: 'https://x' }], 't')).not.toThrow();
  });

  it('publishedAt must name a year: "1" is not a date', async () => {
    expect(() => validateDocs([{ id: 'a', text: 'x', publishedAt: '1' }], 't')).toThrow(/not an ISO 8601 date/);
    expect(() => validateDocs([{ id: 'a', text: 'x', publishedAt: '2024-02-20' }], 't')).not.toThrow();
    const dir = tmp('dates');
    writeFileSync(join(dir, 'd.jsonl'), jsonl([{ id: 'a', text: 'x', publishedAt: '1' }]));
    expect((await run(['analyze', join(dir, 'd.jsonl')])).err).toMatch(/"publishedAt" is not a date: "1"/);
  });

  it.each([
    ['null', null],
    ['an object', { a: 1 }],
  ])('a JSON id that is %s is refused', async (_w, id) => {
    const dir = tmp('ids');
    writeFileSync(join(dir, 'd.jsonl'), jsonl([{ id, text: 'x' }]));
    const r = await run(['analyze', join(dir, 'd.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"id" must be a string or a number/);
  });

  it('--db mistakes are the user\'s: exit 2', async () => {
    const dir = tmp('dbm');
    mkdirSync(join(dir, 'adir'));
    const r = await run(['index', 'add', join(ROOT, 'seeds'), '--db', join(dir, 'adir'), '--quiet']);
    expect(r.code).toBe(2);
    const r2 = await run(['index', 'add', join(ROOT, 'seeds'), '--db', join(dir, 'no', 'such', 'dir', 'x.db'), '--quiet']);
    expect(r2.code).toBe(2);
    expect(r2.err.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('an uncredited duplicate says UNCREDITED, and the header counts it (the two agree)', async () => {
    const dir = tmp('dup');
    writeFileSync(join(dir, 'd.jsonl'), jsonl([{ id: 'a', text: `${P003}\n\n${P001}` }, { id: 'b', text: `${P003}\n\n${P001}` }]));
    const r = await run(['analyze', join(dir, 'd.jsonl'), '--quiet']);
    expect(r.out).toMatch(/1 reuse edge \(1 uncredited\)/);
    expect(r.out).toMatch(/duplicate, .* UNCREDITED/);
    expect(r.out).not.toMatch(/not credited/);
  });

  it('the progress bar redraws at most ten times a second', async () => {
    const dir = tmp('progress');
    writeFileSync(join(dir, 'd.jsonl'), jsonl(Array.from({ length: 3000 }, (_, i) => ({ id: `d${i}`, text: `word${i} alpha${i % 7} beta${i % 11} gamma` }))));
    // a clock that starts two seconds in and advances 5 ms per reading
    let t = -5;
    let calls = 0;
    const now = (): number => (calls++ === 0 ? 0 : 2000 + (t += 5));
    const r = await run(['analyze', join(dir, 'd.jsonl'), '--format', 'json'], ROOT, { stderrIsTTY: true, now });
    expect(r.code).toBe(0);
    const draws = r.err.split('\r').filter((x) => x.length > 0 && !x.startsWith('\u001b')).length;
    const elapsed = t;
    expect(draws).toBeGreaterThan(0);
    expect(draws).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 3);
  });

  it('GraphML keeps ids that differ only in control characters distinct', () => {
    const a = analyze([
      { id: 'a\u0001', text: `${P003}\n\n${P001}` },
      { id: 'a\u0002', text: `${P003}\n\n${P001} More words here.` },
    ]);
    const ids = [...toGraphML(a.graph).matchAll(/<node id="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(a.graph.nodes.length);
  });

  it('input readers: expandInputs and readDocs give stable ids and warn instead of failing', () => {
    const warns: string[] = [];
    const files = expandInputs(['seeds'], ROOT, (m) => warns.push(m));
    expect(files[0]!.idPath).toMatch(/^seeds\/000_/);
    expect(readDocs(files, '/', () => {})[0]!.id).toMatch(/^seeds\/000_/);
    expect(warns).toEqual([]);
  });
});
