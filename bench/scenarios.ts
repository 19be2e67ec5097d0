/**
 * Scores wiretrace on the hand-built real-news scenarios: small folders of articles made from the
 * five real seed articles (seeds/), each with the graph it should give written down before the
 * tool was run (`expected.json`, with the prose it translates in `note`).
 *
 *   node --import tsx bench/scenarios.ts [dir ...]     (default bench/scenarios/dev)
 *
 * A dir is a set of scenario folders (or one scenario folder: one holding expected.json). Each
 * folder is read as the CLI reads it (expandPaths, readDocs; ids relative to the folder, so a
 * document's id is its file name without the extension) and analysed with the defaults. Checked:
 * - every expected edge is there (`reuses` also accepts `duplicates`; source "latent": an edge from
 *   a latent node whose members include the target); `credited` compared when given;
 * - no `reuses` or `duplicates` edge between two documents that is not expected (a false accusation);
 * - the expected pairs are labelled `siblings`;
 * - `latent` (when given): the latent nodes' member sets are exactly those groups (`[]`: none);
 * - `forbid`: no directed edge of any type (reuses, duplicates, version, same-outlet, quotes) from
 *   source to target (source "latent": from any latent node); an entry with `"type": "siblings"`
 *   forbids a `siblings` edge between the two instead, in either order ("shared quote at most",
 *   "0 siblings").
 * Prints one line per scenario and the totals; writes bench/results/scenarios-<dirname>.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, type Analysis, type LatentNode, type ReuseEdge, type SiblingEdge } from '../src/index.js';
import { expandPaths, readDocs } from '../src/cli/read.js';

const here = dirname(fileURLToPath(import.meta.url));
export const DEV_SCENARIOS = join(here, 'scenarios', 'dev');
/**
 * The first held-out set, 20 scenarios written blind by another helper after session 19's rules:
 * scored as held out in sessions 19 and 20 (with the rules session 20 chose on dev), then read to
 * diagnose, so a development set since.
 */
export const DEV2_SCENARIOS = join(here, 'scenarios', 'dev2');
/**
 * 20 scenarios written blind by another helper during session 20: held out until scored once with
 * that session's story-credit rule (12 of 20), then read to diagnose, so a development set since.
 */
export const TEST2_SCENARIOS = join(here, 'scenarios', 'test2');
/**
 * 20 scenarios written blind by a third helper late in session 20: held out until scored once (12 of
 * 20), then read (a wire stamped with its update's time), so a development set since.
 */
export const TEST3_SCENARIOS = join(here, 'scenarios', 'test3');
/**
 * 20 scenarios written blind by a fourth helper at the start of session 21 (it never ran the tool nor
 * read the code or the other sets): scored once with that session's rules (11 of 20; 8 at the
 * session's start), then read, so a development set since.
 */
export const TEST4_SCENARIOS = join(here, 'scenarios', 'test4');
/**
 * 20 scenarios written blind by a fifth helper during session 21: scored once with the rules of
 * 8c6bac6 (9 of 20, as at the session's start), then read, so a development set since.
 */
export const TEST5_SCENARIOS = join(here, 'scenarios', 'test5');
/**
 * 20 scenarios written blind by a sixth helper late in session 21: scored once with the session's
 * rules at 0b827a1 (5 of 20, as at the session's start), then read. The next held-out set is to be
 * written blind the same way.
 */
export const TEST_SCENARIOS = join(here, 'scenarios', 'test6');
/**
 * 20 scenarios written blind by a seventh helper at the end of session 21: scored once at session
 * 22's start (268deca) and again with its rules at 55df645 (12 of 20 both times), then read.
 */
export const TEST7_SCENARIOS = join(here, 'scenarios', 'test7');
/**
 * 20 scenarios written blind by an eighth helper during session 22 (it read only seeds/ and ran
 * nothing): scored once at that session's end (11 of 20 at its first and last commits), then read
 * in session 23, so a development set since.
 */
export const TEST8_SCENARIOS = join(here, 'scenarios', 'test8');
/**
 * 20 scenarios written blind by a ninth helper at the start of session 23 (it read only seeds/ and
 * ran nothing): scored once at 50e184c (10 of 20; 9 at the session's first commit), then read, so a
 * development set since.
 */
export const TEST9_SCENARIOS = join(here, 'scenarios', 'test9');
/**
 * 20 scenarios written blind by a tenth helper during session 23 (it read only seeds/ and ran
 * nothing): scored once at b2c0226 (11 of 20; 10 at the session's first commit), then read, so a
 * development set since.
 */
export const TEST10_SCENARIOS = join(here, 'scenarios', 'test10');
/**
 * 20 scenarios written blind by an eleventh helper late in session 23 (it read only seeds/ and ran
 * nothing): held out, not scored. It is left out of `npm run eval:scenarios` and of the test floors
 * until a session scores it once and reads it.
 */
export const UNSCORED_SCENARIOS = join(here, 'scenarios', 'test11');

type EdgeType = 'reuses' | 'quotes' | 'version' | 'same-outlet';
const EDGE_TYPES: readonly string[] = ['reuses', 'quotes', 'version', 'same-outlet'];

export interface Expected {
  /** The prose expectation, verbatim. */
  note: string;
  edges: { type: EdgeType; source: string; target: string; credited?: boolean }[];
  siblings?: [string, string][];
  latent?: string[][];
  /** Directed edges that must not exist, any type; with `type: 'siblings'`, a pair that must not be labelled siblings. */
  forbid?: { source: string; target: string; type?: 'siblings' }[];
  /** What the prose says that is not checked (verdicts, the latent node's label…), for the reader. */
  unscored?: string[];
}

export interface ScenarioCounts {
  expectedEdges: number;
  foundEdges: number;
  /** Expected edges present but with the other credit. */
  creditWrong: number;
  falseReuse: number;
  siblings: number;
  siblingsFound: number;
  latentGroups: number;
  latentGroupsFound: number;
  /** Latent nodes that match no expected group (counted only where `latent` is given). */
  latentExtra: number;
  forbidden: number;
  forbiddenPresent: number;
}

export interface ScenarioResult {
  name: string;
  pass: boolean;
  mismatches: string[];
  counts: ScenarioCounts;
  /** The graph's edges in words, for reading a failure. */
  graph: string[];
}

export interface SetResult {
  dir: string;
  scenarios: ScenarioResult[];
  totals: ScenarioCounts & { scenarios: number; passed: number };
}

const stemOf = (id: string): string => id.split('/').pop()!;
const REUSE = new Set(['reuses', 'duplicates']);

/** Reads and checks a scenario's expected.json: every name it uses must be a document of the folder. */
export function readExpected(file: string, stems: ReadonlySet<string>): Expected {
  const x = JSON.parse(readFileSync(file, 'utf8')) as Expected;
  const bad: string[] = [];
  const known = (s: string, latentOk: boolean): void => {
    if (!(stems.has(s) || (latentOk && s === 'latent'))) bad.push(`"${s}" is no document of the folder`);
  };
  if (typeof x.note !== 'string') bad.push('"note" must be the prose expectation');
  if (!Array.isArray(x.edges)) bad.push('"edges" must be an array');
  for (const e of x.edges ?? []) {
    if (!EDGE_TYPES.includes(e.type)) bad.push(`edge type "${e.type}"`);
    known(e.source, true);
    known(e.target, false);
  }
  for (const p of x.siblings ?? []) for (const s of p) known(s, false);
  for (const g of x.latent ?? []) for (const s of g) known(s, false);
  for (const f of x.forbid ?? []) {
    if (f.type !== undefined && f.type !== 'siblings') bad.push(`forbid type "${f.type}" (only "siblings", or none: any directed edge)`);
    known(f.source, f.type === undefined);
    known(f.target, false);
  }
  if (bad.length > 0) throw new Error(`${file}: ${bad.join('; ')}`);
  return x;
}

/** Analyses one scenario folder as the CLI reads it and scores it against its expected.json. */
export function scoreScenario(folder: string): ScenarioResult {
  const warnings: string[] = [];
  const files = expandPaths([folder], process.cwd(), (m) => warnings.push(m)).filter((f) => basename(f) !== 'expected.json');
  const docs = readDocs(files, folder, (m) => warnings.push(m));
  const stems = new Map<string, string>();
  for (const d of docs) {
    const s = stemOf(d.id);
    if (stems.has(s)) throw new Error(`${folder}: two documents named ${s}`);
    stems.set(s, d.id);
  }
  const x = readExpected(join(folder, 'expected.json'), new Set(stems.keys()));
  const analysis = analyze(docs);
  return { name: basename(folder), ...score(analysis, x), graph: describeGraph(analysis) };
}

/** Latent node id → its members as stems; document id → stem. */
function namer(a: Analysis): { name: (id: string) => string; latent: Map<string, string[]> } {
  const latent = new Map<string, string[]>();
  for (const n of a.graph.nodes) if (n.type === 'latent') latent.set(n.id, (n as LatentNode).members.map(stemOf).sort());
  const name = (id: string): string => {
    const m = latent.get(id);
    return m ? `the unseen source of {${m.join(', ')}}` : stemOf(id);
  };
  return { name, latent };
}

function describeGraph(a: Analysis): string[] {
  const { name } = namer(a);
  return a.graph.edges
    .filter((e) => e.type !== 'cites')
    .map((e) => {
      if (e.type === 'siblings') return `siblings ${name(e.source)} ~ ${name(e.target)} (via ${name(e.via)})`;
      const r = e as ReuseEdge;
      return `${r.type} ${name(r.source)} -> ${name(r.target)}${REUSE.has(r.type) ? (r.credited ? ' (credited)' : ' (not credited)') : ''}`;
    });
}

export function score(a: Analysis, x: Expected): Omit<ScenarioResult, 'name' | 'graph'> {
  const { name, latent } = namer(a);
  const mismatches: string[] = [];
  const edges = a.graph.edges.filter((e) => e.type !== 'cites');
  const reuseEdges = edges.filter((e): e is ReuseEdge => e.type !== 'siblings');
  const isLatent = (id: string): boolean => latent.has(id);
  /** Whether an edge's source is the named one ("latent": a latent node holding `target`). */
  const from = (id: string, source: string, target: string): boolean =>
    source === 'latent' ? isLatent(id) && latent.get(id)!.includes(target) : !isLatent(id) && stemOf(id) === source;
  const typeOk = (found: string, want: string): boolean => found === want || (want === 'reuses' && found === 'duplicates');
  const words = (e: ReuseEdge): string => `${e.type} ${name(e.source)} -> ${name(e.target)}${REUSE.has(e.type) ? (e.credited ? ' (credited)' : ' (not credited)') : ''}`;
  /** What the graph says between two documents (or of a target's sources, for a latent source). */
  const between = (s: string, t: string): string => {
    const found = edges.filter((e) =>
      s === 'latent'
        ? e.type !== 'siblings' && stemOf(e.target) === t
        : (stemOf(e.source) === s && stemOf(e.target) === t) || (stemOf(e.source) === t && stemOf(e.target) === s),
    );
    if (found.length > 0) return found.map((e) => (e.type === 'siblings' ? `siblings via ${name(e.via)}` : words(e as ReuseEdge))).join('; ');
    if (s === 'latent') return `no edge into ${t}`;
    const pair = a.pairs.find((p) => (stemOf(p.a) === s && stemOf(p.b) === t) || (stemOf(p.a) === t && stemOf(p.b) === s));
    if (!pair) return 'they share no passage';
    const dropped = a.graph.droppedEdges.find((e) => stemOf(e.source) === s && stemOf(e.target) === t);
    return `pair labelled ${pair.relation}${dropped ? `, through ${name(dropped.explainedBy)}` : ''}`;
  };

  let found = 0;
  let creditWrong = 0;
  for (const e of x.edges) {
    const src = e.source === 'latent' ? 'an unseen source' : e.source;
    const want = `${e.type} ${src} -> ${e.target}${e.credited === undefined ? '' : e.credited ? ' (credited)' : ' (not credited)'}`;
    const cands = reuseEdges.filter((r) => typeOk(r.type, e.type) && stemOf(r.target) === e.target && from(r.source, e.source, e.target));
    if (cands.length === 0) mismatches.push(`missing ${want}; found: ${between(e.source, e.target)}`);
    else if (e.credited !== undefined && !cands.some((r) => r.credited === e.credited)) {
      creditWrong++;
      mismatches.push(`wrong credit: expected ${want}, found ${cands.map(words).join('; ')}`);
    } else found++;
  }

  const expectedReuse = x.edges.filter((e) => e.type === 'reuses' && e.source !== 'latent');
  const falseReuse = reuseEdges.filter(
    (r) => REUSE.has(r.type) && !isLatent(r.source) && !expectedReuse.some((e) => stemOf(r.source) === e.source && stemOf(r.target) === e.target),
  );
  for (const r of falseReuse) mismatches.push(`false reuse edge: ${words(r)}`);

  let siblingsFound = 0;
  for (const [p, q] of x.siblings ?? []) {
    const ok = edges.some((e) => e.type === 'siblings' && ((stemOf(e.source) === p && stemOf(e.target) === q) || (stemOf(e.source) === q && stemOf(e.target) === p)));
    if (ok) siblingsFound++;
    else mismatches.push(`not siblings: ${p} and ${q}; found: ${between(p, q)}`);
  }

  let latentGroupsFound = 0;
  let latentExtra = 0;
  if (x.latent) {
    const key = (g: readonly string[]): string => [...g].sort().join(', ');
    const foundGroups = [...latent.values()].map(key);
    const wanted = x.latent.map(key);
    for (const w of wanted) {
      const i = foundGroups.indexOf(w);
      if (i >= 0) {
        latentGroupsFound++;
        foundGroups.splice(i, 1);
      } else mismatches.push(`missing unseen source over {${w}}; found ${latent.size === 0 ? 'no unseen source' : [...latent.values()].map((m) => `{${m.join(', ')}}`).join(', ')}`);
    }
    latentExtra = foundGroups.length;
    for (const g of foundGroups) mismatches.push(`unexpected unseen source over {${g}}`);
  }

  let forbiddenPresent = 0;
  for (const f of x.forbid ?? []) {
    if (f.type === 'siblings') {
      const hit = edges.find(
        (e): e is SiblingEdge => e.type === 'siblings' && ((stemOf(e.source) === f.source && stemOf(e.target) === f.target) || (stemOf(e.source) === f.target && stemOf(e.target) === f.source)),
      );
      if (!hit) continue;
      forbiddenPresent++;
      mismatches.push(`labelled siblings though they must not be: ${f.source} and ${f.target} (via ${name(hit.via)})`);
      continue;
    }
    const hit = reuseEdges.filter((e) => stemOf(e.target) === f.target && (f.source === 'latent' ? isLatent(e.source) : !isLatent(e.source) && stemOf(e.source) === f.source));
    if (hit.length === 0) continue;
    forbiddenPresent++;
    mismatches.push(`forbidden edge ${f.source === 'latent' ? 'an unseen source' : f.source} -> ${f.target} present: ${hit.map(words).join('; ')}`);
  }

  const counts: ScenarioCounts = {
    expectedEdges: x.edges.length,
    foundEdges: found,
    creditWrong,
    falseReuse: falseReuse.length,
    siblings: x.siblings?.length ?? 0,
    siblingsFound,
    latentGroups: x.latent?.length ?? 0,
    latentGroupsFound,
    latentExtra,
    forbidden: x.forbid?.length ?? 0,
    forbiddenPresent,
  };
  return { pass: mismatches.length === 0, mismatches, counts };
}

/** The scenario folders of a set (or the folder itself when it is one scenario). */
function scenarioFolders(dir: string): string[] {
  if (existsSync(join(dir, 'expected.json'))) return [dir];
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory())
    .sort()
    .map((n) => join(dir, n));
}

/** Scores every scenario of a set. */
export function scoreSet(dir: string): SetResult {
  const scenarios = scenarioFolders(resolve(dir)).map(scoreScenario);
  const totals = { scenarios: scenarios.length, passed: scenarios.filter((s) => s.pass).length } as SetResult['totals'];
  for (const k of Object.keys(scenarios[0]?.counts ?? {}) as (keyof ScenarioCounts)[]) totals[k] = scenarios.reduce((n, s) => n + s.counts[k], 0);
  return { dir, scenarios, totals };
}

/** The totals in one line. */
export function totalsLine(t: SetResult['totals']): string {
  return [
    `scenarios passed ${t.passed} of ${t.scenarios}`,
    `expected edges found ${t.foundEdges} of ${t.expectedEdges} (${t.creditWrong} more present with the wrong credit)`,
    `false reuse edges ${t.falseReuse}`,
    `sibling pairs ${t.siblingsFound} of ${t.siblings}`,
    `unseen-source groups ${t.latentGroupsFound} of ${t.latentGroups} (${t.latentExtra} unexpected)`,
    `forbidden edges present ${t.forbiddenPresent} of ${t.forbidden}`,
  ].join('; ');
}

function main(): void {
  const args = process.argv.slice(2);
  const dirs = args.length > 0 ? args : [DEV_SCENARIOS, DEV2_SCENARIOS, TEST2_SCENARIOS, TEST3_SCENARIOS, TEST4_SCENARIOS, TEST5_SCENARIOS, TEST_SCENARIOS, TEST7_SCENARIOS, TEST8_SCENARIOS, TEST9_SCENARIOS, TEST10_SCENARIOS];
  for (const dir of dirs) {
    const set = scoreSet(dir);
    console.log(`wiretrace scenarios: ${dir}`);
    for (const s of set.scenarios) {
      if (s.pass) console.log(`PASS ${s.name}`);
      else console.log(`FAIL ${s.name}\n${s.mismatches.map((m) => `     - ${m}`).join('\n')}`);
    }
    console.log(totalsLine(set.totals));
    const out = join(here, 'results', `scenarios-${basename(resolve(dir))}.json`);
    mkdirSync(dirname(out), { recursive: true });
    const rel = (p: string): string => p.replace(`${dirname(here)}/`, '');
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString().slice(0, 10), dir: rel(resolve(dir)), totals: set.totals, scenarios: set.scenarios }, null, 2) + '\n');
    console.log(`wrote ${rel(out)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
