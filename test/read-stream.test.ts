// Lazy reading for `index add` (issue 13): JSON Lines streamed a line at a time must read
// exactly what reading the whole file read, with the same errors and line numbers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { iterateDocs, readDocs } from '../src/cli/read.js';

const dir = mkdtempSync(join(tmpdir(), 'wt-stream-'));
const file = (name: string, body: string | Buffer): string => {
  const f = join(dir, name);
  writeFileSync(f, body);
  return f;
};
const read = (f: string, warn: string[] = []) => readDocs([f], dir, (m) => warn.push(m));

describe('JSON Lines, streamed', () => {
  it('reads lines across the 1 MiB read boundary, CRLF, blank lines and a last line without a newline', () => {
    const long = 'word '.repeat(500_000); // 2.5 MB: one line spans three reads
    const f = file('a.jsonl', `\uFEFF{"id":"x","text":"short"}\r\n\r\n{"id":"y","text":"${long}"}\n  \n{"text":"no id, last line"}`);
    const docs = read(f);
    expect(docs.map((d) => d.id)).toEqual(['x', 'y', 'a#5']);
    expect(docs[1]!.text).toBe(long);
  });

  it('names the line of a bad JSON line and of a duplicate id', () => {
    expect(() => read(file('bad.jsonl', '{"id":"a","text":"t"}\n{"id": oops}\n'))).toThrow(/bad\.jsonl:2: bad JSON line/);
    expect(() => read(file('dup.jsonl', '{"id":"a","text":"t"}\n\n{"id":"a","text":"u"}\n'))).toThrow('dup.jsonl:3: duplicate document id "a" (also in dup.jsonl:1)');
    expect(() => read(file('empty.jsonl', '\n \n'))).toThrow('empty.jsonl: no documents (empty file)');
  });

  it('falls back to Windows-1252 with one warning, and refuses binary data', () => {
    const warn: string[] = [];
    const docs = read(file('cp.jsonl', Buffer.concat([Buffer.from('{"id":"a","text":"caf'), Buffer.from([0xe9, 0x93]), Buffer.from('x"}\n{"id":"b","text":"\x93q\x94"}\n', 'latin1')])), warn);
    expect(docs.map((d) => d.text)).toEqual(['café“x', '“q”']);
    expect(warn).toEqual(['cp.jsonl: not valid UTF-8, read as Windows-1252']);
    expect(() => read(file('bin.jsonl', Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x0a])))).toThrow('bin.jsonl: unreadable encoding (binary data, not text)');
  });

  it('reads a UTF-16 file whole, as before', () => {
    const body = '{"id":"a","text":"héllo"}\n';
    const docs = read(file('u16.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')])));
    expect(docs).toEqual([{ id: 'a', text: 'héllo' }]);
  });

  it('is lazy: the first document comes before a later bad line is read', () => {
    const it = iterateDocs([file('lazy.jsonl', '{"id":"a","text":"t"}\n{oops\n')], dir, () => {});
    expect(it.next().value).toEqual({ id: 'a', text: 't' });
    expect(() => it.next()).toThrow(/lazy\.jsonl:2: bad JSON line/);
  });
});
