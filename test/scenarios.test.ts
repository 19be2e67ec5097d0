import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV2_SCENARIOS, DEV_SCENARIOS, readExpected, scoreSet, TEST2_SCENARIOS, TEST3_SCENARIOS, TEST4_SCENARIOS, TEST_SCENARIOS } from '../bench/scenarios.js';

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

// The first held-out set (bench/scenarios/dev2), written blind after session 19's rules: held out
// until session 20 scored it with the rules chosen on dev (8 of 20), then read to diagnose. Its
// floors are its score after that session's rules.
describe('real-news scenarios (dev2, the first held-out set)', () => {
  const t = scoreSet(DEV2_SCENARIOS).totals;

  // session 21: a news-in-brief page's credit under one item credits that item (13 of 20, 57 edges); a clause
  // rewritten alike by two agencies' wires is no reuse (15 of 20, 58 edges, 3 false: a copy of one wire and
  // the other wire still share the ledes' clause)
  it('scores at least as well as after session 21', () => {
    expectFloors(t, { scenarios: 20, expectedEdges: 60, passed: 15, foundEdges: 58, falseReuse: 3, siblingsFound: 38, forbiddenPresent: 3 });
  });
});

// bench/scenarios/test2, written blind by a helper during session 20: held out until scored once (12
// of 20, 44 edges, 10 false), then read to diagnose; its floors are its score after that session
// (13 of 20 while a brief page's mid-text "(Yonhap)" was read as a credit, reverted on review) and
// session 21 (a closing credit after a tail the other copies trimmed: 14 of 20, 50 edges, 5 false;
// an unseen source named by a member's credit line, not by a mention in the shared words: 52 edges;
// France 24's "Seoul (AFP) -" dateline: 15 of 20, 54 edges, 4 false; a closing credit after a
// trimmed second half of two paragraphs or more: 16 of 20, 55 edges, 3 false; a news-in-brief
// page's credit under one item: 17 of 20, 57 edges, 2 false).
describe('real-news scenarios (test2)', () => {
  const t = scoreSet(TEST2_SCENARIOS).totals;

  it('scores at least as well as after session 21', () => {
    expectFloors(t, { scenarios: 20, expectedEdges: 61, passed: 17, foundEdges: 57, falseReuse: 2, siblingsFound: 34, forbiddenPresent: 4 });
  });
});

// bench/scenarios/test3, written blind by a third helper late in session 20 and scored once as held
// out (12 of 20, 46 edges, 6 false; 8 of 20 on the session's first commit, f90befd); then read (the
// wire stamped late, syndication credit lines), so its floors are its score at the session's end,
// raised by session 21 ("Copyright © 2024 AFP" read as a credit line, a closing credit after a
// trimmed tail: 15 of 20, 53 edges, 2 false; an unseen source named by a member's dateline, not by
// "according to … Tass" in the shared words, and "Source(s): Xinhua News Agency": 17 of 20, 56 edges;
// "Seoul (AFP) -": 57 edges; a closing credit after a trimmed second half: 18 of 20, 59 edges, 1 false;
// a news-in-brief page's credit under one item: 19 of 20, 62 edges, 0 false).
describe('real-news scenarios (test3)', () => {
  const t = scoreSet(TEST3_SCENARIOS).totals;

  it('scores at least as well as after session 21', () => {
    expectFloors(t, { scenarios: 20, expectedEdges: 63, passed: 19, foundEdges: 62, falseReuse: 0, siblingsFound: 35, forbiddenPresent: 1 });
  });
});

// bench/scenarios/test4, written blind by a fourth helper at the start of session 21 and scored once
// as held out with that session's rules (11 of 20, 45 of 52 edges, 3 false; 8 of 20, 41 edges, 4
// false on its first commit, e2c73b2); its floors are that score.
describe('real-news scenarios (test4)', () => {
  const t = scoreSet(TEST4_SCENARIOS).totals;

  it('scores at least as well as when it was scored once, held out', () => {
    expectFloors(t, { scenarios: 20, expectedEdges: 52, passed: 11, foundEdges: 45, falseReuse: 3, siblingsFound: 13, forbiddenPresent: 4 });
  });

  // read since: "SEOUL/MOSCOW (Reuters) -", "YONHAP, REUTERS", "with content from Reuters", a text's closing credit over a long trimmed half,
  // a copy of an outlet's follow-up holding the outlet's item of days before through it (15 of 20), a blog keeping a paper's photo caption (50 edges),
  // two agencies' ledes phrased alike (16 of 20, 0 false, while a copy of a wire and another agency's wire
  // phrasing its lede alike were no reuse either; a review found that hid a paper's reworded lift of a wire's
  // exclusive sentence, so only two wires are spared: 15 of 20, 2 false)
  it('scores at least as well as after session 21 read it', () => {
    expectFloors(t, { scenarios: 20, expectedEdges: 52, passed: 15, foundEdges: 50, falseReuse: 2, siblingsFound: 14, forbiddenPresent: 3 });
  });
});

// bench/scenarios/test5, written blind by a fifth helper during session 21 and scored once as held out
// at 8c6bac6: 9 of 20, 37 of 47 edges (6 more with the wrong credit), 3 false (9 of 20, 36, 4 false
// at the session's first commit); read since (credit lines of the JoongAng Daily and DW, "with input
// from", a brief page's item beside a stray clause, the JoongAng Ilbo as the JoongAng Daily).
describe('real-news scenarios (test5)', () => {
  const t = scoreSet(TEST_SCENARIOS).totals;

  it('scores at least as well as when it was scored once, held out', () => {
    expectFloors(t, { scenarios: 20, expectedEdges: 47, passed: 9, foundEdges: 37, falseReuse: 3, siblingsFound: 12, forbiddenPresent: 6 });
  });

  it('scores at least as well as after session 21 read it', () => {
    expectFloors(t, { scenarios: 20, expectedEdges: 47, passed: 12, foundEdges: 42, falseReuse: 3, siblingsFound: 12, forbiddenPresent: 6 });
  });
});

describe('scenario expectations', () => {
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
