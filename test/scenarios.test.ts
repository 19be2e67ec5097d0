import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV2_SCENARIOS, DEV_SCENARIOS, readExpected, scoreSet, TEST2_SCENARIOS, TEST3_SCENARIOS, TEST4_SCENARIOS, TEST5_SCENARIOS, TEST7_SCENARIOS, TEST8_SCENARIOS, TEST9_SCENARIOS, TEST10_SCENARIOS, TEST_SCENARIOS, UNSCORED_SCENARIOS } from '../bench/scenarios.js';

type Totals = ReturnType<typeof scoreSet>['totals'];

/** The set's size exactly, and each figure at least as good as its floor (`falseReuse` and `forbiddenPresent` at most). */
function expectFloors(t: Totals, f: { scenarios: number; expectedEdges: number; passed: number; foundEdges: number; falseReuse: number; siblingsFound: number; forbiddenPresent: number }): void {
  expect([t.scenarios, t.expectedEdges]).toEqual([f.scenarios, f.expectedEdges]);
  expect(t.passed).toBeGreaterThanOrEqual(f.passed);
  expect(t.foundEdges).toBeGreaterThanOrEqual(f.foundEdges);
  expect(t.falseReuse).toBeLessThanOrEqual(f.falseReuse);
  expect(t.siblingsFound).toBeGreaterThanOrEqual(f.siblingsFound);
  expect(t.forbiddenPresent).toBeLessThanOrEqual(f.forbiddenPresent);
}

// The hand-built real-news scenarios (bench/scenarios/dev, README "The real-news scenarios"): fixed
// documents and expectations, analysed with the defaults, so the figures are deterministic. The
// floors are the figures measured when the set was added; a change that loses any of them fails.
describe('real-news scenarios (dev)', () => {
  const set = scoreSet(DEV_SCENARIOS);
  const t = set.totals;

  it('scores at least as well as when the set was added', () => {
    // session 19 ended at 16 passed, 55 edges, 11 false; session 20's story credits (a copy's dateline or credit line says its words are the agency's)
    expectFloors(t, { scenarios: 23, expectedEdges: 69, passed: 21, foundEdges: 68, falseReuse: 2, siblingsFound: 40, forbiddenPresent: 1 });
  });

  it('still passes every scenario that passed when the set was added', () => {
    const passing = [
      's1-wire-in-corpus',
      's1b-wire-in-corpus-credit-source-line',
      's7a-s1-half-dates',
      's7a2-s1-half-dates-alt',
      's3-kcna-quoted',
      's4-syndication-chain',
      's5-takes',
      's6-independent-shared-quote',
      's7b-s4-half-dates',
      's7b2-s4-half-dates-alt',
      's7c-s5-half-dates',
      's7c2-s5-half-dates-alt',
      's8b-roundup-one-paragraph',
      's8c-own-earlier-story',
      's8d-wire-picks-up-paper-exclusive',
      's8d2-wire-picks-up-paper-exclusive-undated',
      // session 20: copies of a wire absent from the corpus, one crediting it, hang off one unseen source
      's2-copies-only',
      's2b-copies-only-credit-source-line',
      's2c-copies-only-trim-published-last',
      's7d-s2b-no-dates',
      's7e-s2-no-dates-herald-keeps-dateline',
    ];
    const failing = set.scenarios.filter((s) => passing.includes(s.name) && !s.pass).map((s) => `${s.name}: ${s.mismatches.join('; ')}`);
    expect(failing).toEqual([]);
  });
});

// The blind sets, each written by a helper that never ran the tool nor read its code or the other
// sets, scored once as held out and then read to diagnose: their floors are their scores after
// reading. Scored once: dev2 7 of 20 (session 19), test2 12 (session 20), test3 12 (session 20),
// test4 11 (session 21, 8 at its first commit), test5 9 (session 21, 9 at its first commit), test6 5
// (session 21, 5 at its first commit), test7 12 (session 22, 12 at its first commit), test8 11 (session 22, 11 at its first commit), test9 10 (session 23, 9 at its first commit); the
// moves since are in docs/accuracy.md (sessions 20 to 23).
const READ_SETS: { name: string; dir: string; floors: Parameters<typeof expectFloors>[1] }[] = [
  // session 21: a brief page's item credit (13 of 20); two agencies' wires phrasing a lede alike (15 of 20, 3 false: a copy of one
  // wire still shares the other wire's lede clause)
  // session 22: one word an earlier copy changed says a later one did not copy it (17 of 20, 2 false)
  // session 23: an agency quoting words another agency wrote unquoted, unnamed, quotes a third party (1 false)
  // and a desk merging two wires that share only a quote stays off both (18 of 20)
  { name: 'dev2, the first held-out set', dir: DEV2_SCENARIOS, floors: { scenarios: 20, expectedEdges: 60, passed: 18, foundEdges: 59, falseReuse: 1, siblingsFound: 39, forbiddenPresent: 1 } },
  // session 20's end 13 of 20, 46 edges, 8 false; session 21: credits over trimmed tails, "Seoul (AFP) -", a brief page's item credit
  { name: 'test2', dir: TEST2_SCENARIOS, floors: { scenarios: 20, expectedEdges: 61, passed: 17, foundEdges: 57, falseReuse: 2, siblingsFound: 34, forbiddenPresent: 4 } },
  // session 20's end 14 of 20, 51 edges, 4 false; session 21: "Copyright © 2024 AFP", credits over trimmed tails, an unseen source
  // named by a member's dateline, "Source(s): Xinhua News Agency", a brief page's item credit
  { name: 'test3', dir: TEST3_SCENARIOS, floors: { scenarios: 20, expectedEdges: 63, passed: 19, foundEdges: 62, falseReuse: 0, siblingsFound: 35, forbiddenPresent: 1 } },
  // read in session 21: "SEOUL/MOSCOW (Reuters) -", "YONHAP, REUTERS", "with content from Reuters", a text's closing credit over a long
  // trimmed half, a copy of an outlet's follow-up, a blog keeping a paper's caption; two agencies' ledes phrased alike (16 of 20 while
  // a wire and any text were spared; a review found that hid a reworded lift of a wire's exclusive sentence: 15 of 20, 2 false);
  // two fragments of a briefing quoted (16 of 20)
  // session 23: a lede naming the same people and thing alike is no reuse (k19: 1 false)
  { name: 'test4', dir: TEST4_SCENARIOS, floors: { scenarios: 20, expectedEdges: 52, passed: 16, foundEdges: 51, falseReuse: 1, siblingsFound: 14, forbiddenPresent: 2 } },
  // read in session 21: the JoongAng Daily's and DW's credit lines, "with input from", the JoongAng Ilbo as the JoongAng Daily (12 of 20);
  // short fragments of an official text quoted (14 of 20); session 23: a brief's item credit past another item naming the same people
  // (15), then m06's one-member unseen source, which had stood on AFP taken off the page's line by Reuters' lede, is gone (14, 44 edges)
  { name: 'test5', dir: TEST5_SCENARIOS, floors: { scenarios: 20, expectedEdges: 47, passed: 14, foundEdges: 44, falseReuse: 3, siblingsFound: 12, forbiddenPresent: 6 } },
  // scored once at 0b827a1: 5 of 20, 26 of 43 edges (8 more with the wrong credit), 6 false (5, 25, 8 false at e2c73b2); read: credit
  // forms ("… the body. AP", "Source: The Standard", "quoted as telling"), a caption's credit (11 of 20; 10 after a review dropped
  // "Additional reporting by X" as a credit of the agency's copy: a paper's own story is not the agency's)
  // session 22: a copy merging two cuts of one credited agency story runs the story itself (n19: 33 edges, 3 false)
  // session 23: an agency quoting a third party (n15), "Seoul-based outlet Daily NK reported" (n10): 12 of 20, 34 edges
  // ("(Yonhap)" closing a lede passed n19, 13 of 20, until a review found captions closed so: dropped)
  { name: 'test6', dir: TEST_SCENARIOS, floors: { scenarios: 20, expectedEdges: 43, passed: 12, foundEdges: 34, falseReuse: 3, siblingsFound: 6, forbiddenPresent: 8 } },
  // scored once at 268deca and at 55df645: 12 of 20, 39 of 46 edges, 3 false; read: "Reuters/Seoul", "AFP SEOUL" as bylines (14 of 20);
  // a stock phrase in another item voids no item credit, a copy's quote taken from its parent is its parent's (16 of 20)
  { name: 'test7', dir: TEST7_SCENARIOS, floors: { scenarios: 20, expectedEdges: 46, passed: 16, foundEdges: 42, falseReuse: 1, siblingsFound: 9, forbiddenPresent: 3 } },
  // scored once at 268deca and at 4f26f11: 11 of 20, 30 of 37 edges, 5 false; read in session 23: "Reuters, SEOUL" closing an item,
  // "THE KOREA HERALD/ASIA NEWS NETWORK", an agency's credit not covering the source's own paragraphs, a reprint of an official
  // text beside an agency's rendering, a lede naming the same people alike, an agency quoting a third party (16 of 20)
  { name: 'test8', dir: TEST8_SCENARIOS, floors: { scenarios: 20, expectedEdges: 37, passed: 16, foundEdges: 35, falseReuse: 2, siblingsFound: 9, forbiddenPresent: 2 } },
  // scored once at 4f26f11 (9 of 20, 33 of 45 edges, 2 false) and at 50e184c (10 of 20, 33, 2 false); read in session 23: "With files
  // from", "The Asia Ledger reported", a ministry named by its portfolio, a desk merging two wires (13 of 20; a lede's "[YONHAP]" read as
  // the text's credit passed r14 too, until a review found captions closed so)
  { name: 'test9', dir: TEST9_SCENARIOS, floors: { scenarios: 20, expectedEdges: 45, passed: 13, foundEdges: 37, falseReuse: 2, siblingsFound: 13, forbiddenPresent: 6 } },
  // scored once at session 23's end (b2c0226: 11 of 20, 30 of 39 edges, 4 false; 10 at 4f26f11); read: "(With inputs from Reuters)",
  // "contributed by … of The Associated Press", "auto-generated from Press Trust of India", a quoted fragment (14 of 20)
  { name: 'test10', dir: TEST10_SCENARIOS, floors: { scenarios: 20, expectedEdges: 39, passed: 14, foundEdges: 34, falseReuse: 4, siblingsFound: 9, forbiddenPresent: 4 } },
];

for (const set of READ_SETS) {
  describe(`real-news scenarios (${set.name})`, () => {
    it('scores at least as well as after it was read', () => {
      expectFloors(scoreSet(set.dir).totals, set.floors);
    });
  });
}

describe('scenario expectations', () => {
  // the unscored set's files are checked for form only (ids the folders hold), never scored here
  it('reads every expectation of the unscored held-out set (test11) without scoring it', () => {
    const dirs = readdirSync(UNSCORED_SCENARIOS).filter((d) => existsSync(join(UNSCORED_SCENARIOS, d, 'expected.json')));
    expect(dirs.length).toBe(20);
    for (const d of dirs) {
      const ids = new Set(readdirSync(join(UNSCORED_SCENARIOS, d)).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '')));
      expect(() => readExpected(join(UNSCORED_SCENARIOS, d, 'expected.json'), ids)).not.toThrow();
    }
  });

  it('refuses an expected.json that names a document the folder does not hold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wiretrace-scen-'));
    try {
      const f = join(dir, 'expected.json');
      writeFileSync(f, JSON.stringify({ note: 'x', edges: [{ type: 'reuses', source: 'wire', target: 'heraldA' }], forbid: [{ source: 'latent', target: 'paper', type: 'siblings' }] }));
      expect(() => readExpected(f, new Set(['wire', 'paper']))).toThrow(/"heraldA" is no document.*"latent" is no document/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
