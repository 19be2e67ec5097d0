import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { documentOfRecord, documentRecord } from '../src/corpus/entries.js';

// The Redis store's document records: Brotli behind a marker byte since issue 15's fourth pass,
// raw deflate before. An index holds both after an upgrade: each must read as what was written.
describe('Redis document records', () => {
  const docs = [
    { id: 'a', text: 'Plain words, "quoted", and a line\nbreak.' },
    { id: 'b', text: 'Ünïcödé — “curly” quotes, emoji 🚀, and CJK 漢字.', title: 'T', date: '2026-11-24', source: 'wire' },
    { id: 'c', text: 'x'.repeat(100_000) },
    { id: 'd', text: '' },
  ];

  it('reads back every document it writes, smaller than its JSON', () => {
    for (const d of docs) {
      const r = documentRecord(d);
      expect(documentOfRecord(r)).toEqual(d);
      if (d.text.length > 1000) expect(r.length).toBeLessThan(Buffer.byteLength(JSON.stringify(d)) / 10);
    }
  });

  it('reads the raw deflate records written before (any level), unchanged', () => {
    for (const d of docs) for (const level of [1, 6, 9]) expect(documentOfRecord(deflateRawSync(Buffer.from(JSON.stringify(d)), { level }))).toEqual(d);
  });

  it('is refused by a reader of deflate only (an older wiretrace): an error, not a misread document', () => {
    for (const d of docs) expect(() => inflateRawSync(documentRecord(d))).toThrow(/invalid block type/);
  });
});
