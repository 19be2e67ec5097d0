// Regression tests for harden8's items: each fails on the code before its fix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, seedText } from './helpers.js';

const run = runCli;
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `wt-h8-${name}-`));
const P003 = seedText('003').split('\n').find((l) => l.startsWith('There are concerns that North Korea may be supplying'))!;

describe('1: check names the index it falls back to', () => {
  const NOTE = 'wiretrace: checking against ./wiretrace.db (the index in this folder; give --against, --db or --redis to choose)\n';

  it('says on stderr that ./wiretrace.db is used, once, with or without --quiet; stdout is the report of --db wiretrace.db', async () => {
    const dir = tmp('fallback');
    writeFileSync(join(dir, 'draft.txt'), `Analysts spoke to us on Wednesday.\n\n${P003}`);
    writeFileSync(join(dir, 'drafts.jsonl'), `${JSON.stringify({ id: 'a', text: P003 })}\n${JSON.stringify({ id: 'b', text: `Our own words.\n\n${P003}` })}\n`);
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--quiet'], dir)).code).toBe(0);
    const named = await run(['check', 'draft.txt', '--db', 'wiretrace.db', '--format', 'json'], dir);
    expect(named).toMatchObject({ code: 0, err: '' });
    for (const quiet of [[], ['--quiet']]) {
      const r = await run(['check', 'draft.txt', '--format', 'json', ...quiet], dir);
      expect(r.code).toBe(0);
      expect(r.err).toBe(NOTE);
      expect(r.out).toBe(named.out);
      expect((JSON.parse(r.out) as { sources: { id: string }[] }).sources[0]!.id).toMatch(/003_/);
    }
    // several drafts, text output: one note, not one a draft
    const many = await run(['check', 'drafts.jsonl'], dir);
    expect(many.code).toBe(0);
    expect(many.err).toBe(NOTE);
    expect(many.out).toBe((await run(['check', 'drafts.jsonl', '--db', 'wiretrace.db'], dir)).out);
  });

  it('says nothing when the sources are given', async () => {
    const dir = tmp('given');
    writeFileSync(join(dir, 'draft.txt'), P003);
    expect((await run(['index', 'add', join(ROOT, 'seeds'), '--quiet'], dir)).code).toBe(0);
    expect((await run(['check', 'draft.txt', '--against', join(ROOT, 'seeds'), '--format', 'json'], dir)).err).toBe('');
  });

  it('a wiretrace.db here that is not an index: the note comes before the error that names it', async () => {
    const dir = tmp('foreign');
    writeFileSync(join(dir, 'draft.txt'), P003);
    writeFileSync(join(dir, 'wiretrace.db'), '');
    const r = await run(['check', 'draft.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.startsWith(NOTE)).toBe(true);
    expect(r.err.slice(NOTE.length)).toMatch(/^wiretrace: --db wiretrace\.db: not a wiretrace index/);
  });
});
