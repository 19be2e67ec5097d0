// Property-based fuzz (issue 12): arbitrary Unicode, control characters and huge repetitive
// inputs through every stage that reads untrusted text. Properties: nothing but a
// WiretraceError (or, in the CLI readers, a CliError) is thrown; every offset lies inside its
// text; each call finishes within a generous bound for its size. Fixed seed, bounded runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError, decode, htmlToDoc, readDocs } from '../src/cli/read.js';
import { alignPassages, analyze, extractAttributions, tokenize, WiretraceError } from '../src/index.js';

const SEED = 20261123;
const params = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

// Text that looks like news and text that does not: words, punctuation, quotes, credits,
// controls (C0, C1, DEL, ESC sequences), bidi marks, astral characters and lone surrogates.
const piece = fc.oneof(
  fc.constantFrom('Reuters', 'said', 'according to', 'Yonhap', 'KCNA', '新华社', '연합뉴스', 'By Jane Doe', '(AP Photo/X)', '“', '”', '"', "'", '.', '. ', '\n', '\n\n', ' ', '--', '(', ')', '©', 'Kim', 'car', 'the', 'a b'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('\u001b[2J', '\u001b]52;c;SGk=\u0007', '\u009b', '\u007f', '\u0000', '\u202e', '\ud800', '\udfff', '\u2028', '\ufeff', '&#27;', '<meta a', '<!--', '<script>'),
);
const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(' '));
// huge and repetitive: one short unit repeated thousands of times. Generated as { unit, times }
// and expanded inside the property, so a counterexample prints in one line.
interface Repeat {
  unit: string;
  times: number;
}
const repeatSpec = fc.record({ unit: fc.oneof(fc.constantFrom('a b ', 'according to ', 'Reuters said. ', '<meta a', '“', '. ', 'x\n', 'xT'), fc.string({ minLength: 1, maxLength: 6 })), times: fc.integer({ min: 2_000, max: 30_000 }) });
type Input = string | Repeat;
const input: fc.Arbitrary<Input> = fc.oneof(text, repeatSpec);
const expand = (x: Input): string => (typeof x === 'string' ? x : x.unit.repeat(x.times));

/** Runs f; only a WiretraceError may escape. */
function onlyWiretraceErrors<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof WiretraceError)) throw e;
    return undefined;
  }
}

/** Generous: 2 s plus 50 µs per character (quadratic behaviour on 100 KB blows far past it). */
const bound = (chars: number): number => 2_000 + chars * 0.05;

function timed<T>(chars: number, f: () => T): T {
  const t0 = Date.now();
  const r = f();
  expect(Date.now() - t0).toBeLessThan(bound(chars));
  return r;
}

const inside = (s: { start: number; end: number }, t: string): boolean => s.start >= 0 && s.start <= s.end && s.end <= t.length;

describe('fuzz: tokenize', () => {
  it('offsets inside the text, in order, never an unexpected error', () => {
    fc.assert(
      fc.property(input, (x) => {
        const t = expand(x);
        const toks = timed(t.length, () => onlyWiretraceErrors(() => tokenize(t))) ?? [];
        let last = 0;
        const bad = toks.filter((k) => {
          const ok = inside(k, t) && k.start >= last && k.end > k.start;
          last = k.end;
          return !ok;
        });
        expect(bad).toEqual([]);
      }),
      params(120),
    );
  });
});

describe('fuzz: alignPassages', () => {
  it('passages inside both texts and not overlapping', () => {
    fc.assert(
      fc.property(input, input, fc.boolean(), (xa, xb, same) => {
        const a = expand(xa);
        const b = expand(xb);
        const bb = same ? `${b} ${a}` : b;
        const ps = timed(a.length + bb.length, () => onlyWiretraceErrors(() => alignPassages(a, bb))) ?? [];
        const sorted = [...ps].sort((x, y) => x.a.start - y.a.start);
        sorted.forEach((p, i) => {
          expect(inside(p.a, a)).toBe(true);
          expect(inside(p.b, bb)).toBe(true);
          if (i > 0) expect(p.a.start).toBeGreaterThanOrEqual(sorted[i - 1]!.a.end);
        });
      }),
      params(30),
    );
  });
});

describe('fuzz: extractAttributions', () => {
  it('source and cue spans inside the text; the source span is the written source', () => {
    fc.assert(
      fc.property(input, (x) => {
        const t = expand(x);
        const got = timed(t.length, () => onlyWiretraceErrors(() => extractAttributions(t))) ?? [];
        const bad = got.filter((a) => !inside(a, t) || !inside({ start: a.cueStart, end: a.cueEnd }, t) || t.slice(a.start, a.end) !== a.source);
        expect(bad.slice(0, 3)).toEqual([]);
      }),
      params(120),
    );
  });
});

describe('fuzz: input readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wt-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('htmlToDoc takes any page, closed or not', () => {
    fc.assert(
      fc.property(input, (x) => {
        const html = expand(x);
        const d = timed(html.length, () => htmlToDoc(html, 'x'));
        expect(typeof d.text).toBe('string');
      }),
      params(120),
    );
  });

  it('readDocs on arbitrary bytes of every kind of file throws only CliError', () => {
    const exts = ['.txt', '.md', '.json', '.jsonl', '.html'];
    let n = 0;
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), text.map((t) => Buffer.from(t)), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? ''))), fc.constantFrom(...exts), (bytes, ext) => {
        const f = join(dir, `f${n++}${ext}`);
        writeFileSync(f, bytes);
        try {
          for (const d of readDocs([f], dir, () => {})) {
            expect(typeof d.id).toBe('string');
            expect(typeof d.text).toBe('string');
          }
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
        }
        try {
          decode(Buffer.from(bytes), 'f', () => {});
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
        }
      }),
      params(150),
    );
  });
});

describe('fuzz: analyze', () => {
  it('any documents: a result or a WiretraceError, with every passage inside its texts', () => {
    const doc = fc.record({ id: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString', '\u001b[2J')), text: fc.oneof(text, text, repeatSpec) });
    fc.assert(
      fc.property(fc.uniqueArray(doc, { maxLength: 5, selector: (d) => d.id }), fc.boolean(), (specs, copy) => {
        const docs = specs.map((d) => ({ id: d.id, text: expand(d.text) }));
        // make sure some pairs share text
        const input = copy && docs.length > 1 ? docs.map((d, i) => (i === 1 ? { ...d, text: `${docs[0]!.text} ${d.text}` } : d)) : docs;
        const chars = input.reduce((s, d) => s + d.text.length, 0);
        const a = timed(chars, () => onlyWiretraceErrors(() => analyze(input)));
        if (!a) return;
        const byId = new Map(input.map((d) => [d.id, d.text]));
        const bad = a.pairs.flatMap((p) => p.passages.filter((x) => !inside(x.a, byId.get(p.a)!) || !inside(x.b, byId.get(p.b)!)));
        expect(bad.slice(0, 3)).toEqual([]);
        for (const d of input) expect(Array.isArray(a.attributions[d.id])).toBe(true);
      }),
      params(25),
    );
  });
});
