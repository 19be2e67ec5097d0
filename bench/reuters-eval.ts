/**
 * Provenance on a real wire archive: Reuters-21578 (installed into bench/.cache on first use;
 * research use only, its texts are never committed). Two halves by archive file: dev (files
 * 000–010) and test (011–021).
 *
 * Labels (bench/labels/reuters.json: pair ids and a label, no text) come from two sources:
 * - every story whose title says CORRECTED, REPEAT or UPDATE, paired with the story it re-sends
 *   (same title otherwise, within ten days): true rewrites, found by metadata alone;
 * - a random sample of the pairs that share any aligned passage, stratified by Jaccard (J ≥ 0.3:
 *   near copies and formula twins; J < 0.3: the rest) — strata that do not depend on how the
 *   analysis labels pairs, so any version of it can be scored on the same labels — read and
 *   labelled by hand: `template` (formula or stock wording only), `rewrite` (one is a take,
 *   correction, repeat or write-through of the other), or `related` (other stories that reuse
 *   some of each other's sentences, such as background paragraphs).
 *
 *   npm run eval:reuters -- --dump dev        writes the sample to label (bench/.cache/reuters-sample-dev.txt)
 *   npm run eval:reuters -- --dump-more dev 100 11
 *                                             draws 100 more pairs of the dev half (same 40:60 high:low
 *                                             split, seed 11), leaving out pairs already labelled, and writes
 *                                             them with both full texts to bench/.cache/reuters-more-dev.txt —
 *                                             blind: nothing about how the analysis labels a pair is shown
 *   npm run eval:reuters -- --dump-more test 300 23 --near
 *                                             the same, drawn only from the low stratum's near pairs (both
 *                                             dated, at most NEAR_HOURS apart), where rewrites of low Jaccard are;
 *                                             --far: from the rest of the low stratum (its far pairs)
 * Audits of what is linked (bench/labels/reuters-linked-<half>*.json, ids and labels only): random
 * samples of the pairs one version linked, labelled blind; each is scored by how many of its
 * template, rewrite and related pairs are still linked.
 *
 *   npm run eval:reuters                      scores both halves against the labels
 *   npm run eval:reuters -- --half dev        scores the dev half only
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, type Analysis, type Doc } from '../src/index.js';
import { followUpDirection, versionDirection } from '../src/provenance/relations.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { loadReutersFiles } from './reuters.js';

const here = dirname(fileURLToPath(import.meta.url));
const LABELS = join(here, 'labels', 'reuters.json');
const SAMPLE = { high: 40, low: 60 };
const HIGH_J = 0.3;

type Label = 'template' | 'rewrite' | 'related';
interface LabelFile {
  note: string;
  /** `sample`: the later samples' number (3: session 14's blind sample of the test half); the first two have none. `unsure`: the label a labeller hesitated over (fifth sample on). */
  pairs: { half: 'dev' | 'test'; a: string; b: string; stratum: 'high' | 'low'; label: Label; category?: string; sample?: number; unsure?: Label }[];
}

const key = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
const isLinked = (rel: string | undefined): boolean => rel !== undefined && rel !== 'template' && rel !== 'shared-quote';

/** Re-sent stories (CORRECTED, REPEAT, UPDATE in the title) and the story each re-sends. */
export function resentPairs(docs: readonly Doc[]): [string, string][] {
  const strip = (t: string): string =>
    t
      .replace(/\(?\b(CORRECTED|REPEAT(ED)?|UPDATE)\b\)?\s*-?\s*/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const out: [string, string][] = [];
  for (const d of docs) {
    if (!/\b(CORRECTED|REPEAT|UPDATE)\b/.test(d.title ?? '')) continue;
    const want = strip(d.title!);
    const t = Date.parse(d.publishedAt ?? '');
    const orig = docs.find((o) => o.id !== d.id && !/\b(CORRECTED|REPEAT|UPDATE)\b/.test(o.title ?? '') && strip(o.title ?? '') === want && Math.abs(Date.parse(o.publishedAt ?? '') - t) <= 10 * 86_400_000);
    if (orig) out.push([orig.id, d.id]);
  }
  return out;
}

function sample<T>(xs: readonly T[], k: number, seed: number): T[] {
  const r = mulberry32(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** Hours apart within which a low-stratum pair is "near" (both dated): every labelled rewrite of the first four samples but one is this close. */
const NEAR_HOURS = 48;

/**
 * A split of a half's pairs into strata: `drawn`, the two the first samples were drawn from (J ≥ 0.3 or
 * not), and `post`, the same with the low stratum cut by time (`near`: both dated, at most NEAR_HOURS
 * apart; `far`: the rest), which the fifth sample was drawn from. Neither looks at how the analysis labels a pair.
 */
interface Partition {
  /** A labelled pair's stratum: from its `stratum` field (as drawn) and, for `post`, the two stories' dates. */
  of(p: LabelledPair): string;
  /** How many of the half's pairs sharing a passage each stratum holds. */
  size: ReadonlyMap<string, number>;
}

function strata(a: Analysis, docs: readonly Doc[]): { high: string[]; low: string[]; near: string[]; relation: Map<string, string>; drawn: Partition; post: Partition } {
  const relation = new Map(a.pairs.map((p) => [key(p.a, p.b), p.relation ?? 'none'] as const));
  const at = new Map(docs.map((d) => [d.id, Date.parse(d.publishedAt ?? '')] as const));
  const isNear = (x: string, y: string): boolean => Math.abs(at.get(x)! - at.get(y)!) <= NEAR_HOURS * 3_600_000;
  const high = a.pairs.filter((p) => p.jaccard >= HIGH_J).map((p) => key(p.a, p.b));
  const low = a.pairs.filter((p) => p.jaccard < HIGH_J).map((p) => key(p.a, p.b));
  const near = a.pairs.filter((p) => p.jaccard < HIGH_J && isNear(p.a, p.b)).map((p) => key(p.a, p.b));
  const drawn: Partition = { of: (p) => p.stratum, size: new Map([['high', high.length], ['low', low.length]]) };
  const post: Partition = {
    of: (p) => (p.stratum === 'high' ? 'high' : isNear(p.a, p.b) ? 'near' : 'far'),
    size: new Map([['high', high.length], ['near', near.length], ['far', low.length - near.length]]),
  };
  return { high, low, near, relation, drawn, post };
}

function dump(half: 'dev' | 'test', docs: readonly Doc[], a: Analysis): void {
  const by = new Map(docs.map((d) => [d.id, d]));
  const s = strata(a, docs);
  const pick = [...sample(s.high, SAMPLE.high, 7).map((k) => ['high', k] as const), ...sample(s.low, SAMPLE.low, 8).map((k) => ['low', k] as const)];
  const pairOf = new Map(a.pairs.map((p) => [key(p.a, p.b), p]));
  const clip = (t: string, n: number): string => t.replace(/\s+/g, ' ').slice(0, n);
  const lines: string[] = [];
  for (const [stratum, k] of pick) {
    const p = pairOf.get(k)!;
    const A = by.get(p.a)!;
    const B = by.get(p.b)!;
    lines.push(`### ${stratum} ${p.a} ${p.b} J ${p.jaccard}`, `A: ${A.title} — ${clip(A.text, 220)}`, `B: ${B.title} — ${clip(B.text, 220)}`);
    for (const x of p.passages.slice(0, 2)) lines.push(`  [${clip(A.text.slice(x.a.start, x.a.end), 140)}] || [${clip(B.text.slice(x.b.start, x.b.end), 140)}]`);
  }
  mkdirSync(join(here, '.cache'), { recursive: true });
  const f = join(here, '.cache', `reuters-sample-${half}.txt`);
  writeFileSync(f, lines.join('\n'));
  process.stdout.write(`wrote ${pick.length} pairs to label to ${f}\n`);
}

/**
 * A further sample to label blind: `count` pairs of the half (high:low as in SAMPLE), drawn with
 * `seed` (high stratum; seed + 1 for low) from the pairs not yet in the labels file (so the draw is
 * reproducible only against the labels file as it was before its pairs were appended), written with ids, stratum, Jaccard, titles,
 * dates, both full texts and a few aligned passages — never the analysis's relation or verdict.
 * score() weights each labelled pair by size/n of its stratum, so the samples simply pool.
 */
function dumpMore(half: 'dev' | 'test', docs: readonly Doc[], a: Analysis, draw: { count: number; seed: number; near: boolean; far: boolean }, labels: LabelFile): void {
  const by = new Map(docs.map((d) => [d.id, d]));
  const done = new Set(labels.pairs.filter((p) => p.half === half).map((p) => key(p.a, p.b)));
  const s = strata(a, docs);
  const { count, seed } = draw;
  const nHigh = draw.near || draw.far ? 0 : Math.round((count * SAMPLE.high) / (SAMPLE.high + SAMPLE.low));
  const nearSet = new Set(s.near);
  const lowPool = draw.near ? s.near : draw.far ? s.low.filter((k) => !nearSet.has(k)) : s.low;
  const fresh = (ks: string[]): string[] => ks.filter((k) => !done.has(k));
  const pick = [...sample(fresh(s.high), nHigh, seed).map((k) => ['high', k] as const), ...sample(fresh(lowPool), count - nHigh, seed + 1).map((k) => ['low', k] as const)];
  const pairOf = new Map(a.pairs.map((p) => [key(p.a, p.b), p]));
  const flat = (t: string): string => t.replace(/\s+/g, ' ').trim();
  const lines: string[] = [];
  pick.forEach(([stratum, k], i) => {
    const p = pairOf.get(k)!;
    const A = by.get(p.a)!;
    const B = by.get(p.b)!;
    lines.push(`### ${i + 1} ${stratum} ${p.a} ${p.b} J ${p.jaccard}`);
    lines.push(`A ${p.a} ${A.publishedAt ?? '?'} ${A.title ?? ''}`, A.text.trim(), '');
    lines.push(`B ${p.b} ${B.publishedAt ?? '?'} ${B.title ?? ''}`, B.text.trim(), '');
    for (const x of p.passages.slice(0, 3)) lines.push(`  passage: [${flat(A.text.slice(x.a.start, x.a.end))}]`);
    lines.push('');
  });
  mkdirSync(join(here, '.cache'), { recursive: true });
  const f = join(here, '.cache', `reuters-more-${half}.txt`);
  writeFileSync(f, lines.join('\n'));
  process.stdout.write(`wrote ${pick.length} more pairs to label to ${f}\n`);
}

export interface ReutersScore {
  stories: number;
  pairs: number;
  linked: number;
  seconds: number;
  resent: { pairs: number; found: number };
  /** The labelled sample by label: how many, and how many of them the analysis links. */
  sample: Record<Label, { labelled: number; linked: number }>;
  /** Estimated share of all template pairs that are linked (strata weighted by their sizes). */
  templateLinkedRate: number;
  /** The same estimate without the labelled pairs that touch a document of a development audit (none when the half has no such audit). */
  templateLinkedRateHeldOut: { labelled: number; linked: number; rate: number } | undefined;
  /** Each later sample on its own (LabelFile `sample`), strata weighted by its own counts: templates and rewrites labelled, linked, and the estimated shares. */
  laterSamples: Record<string, { templates: { labelled: number; linked: number; rate: number }; rewrites: { labelled: number; linked: number; rate: number } }>;
  /** Estimated share of rewrite pairs found (linked), the three strata (high, near, far) weighted; re-sent stories counted apart. */
  rewriteFoundRate: number;
  /** The first four samples alone (drawn from the high and low strata), weighted by those two strata: the estimate as reported before the near and far samples. */
  rewriteFoundRateDrawn: number;
  /** 95% interval of rewriteFoundRate: a stratified bootstrap (BOOTSTRAP_RUNS resamples of each stratum's labelled pairs, fixed seed). */
  rewriteFoundInterval: [number, number];
  /** The hesitations (`unsure`, recorded from the fifth sample on) both ways: every pair a labeller thought might be a rewrite counted as one, or only the rewrites no labeller hesitated over. */
  rewriteFoundRateBounds: Record<'maybeRewrites' | 'sureOnly', { labelled: number; linked: number; rate: number }>;
  /** The same on the issue's definition of a rewrite (updates, write-throughs), from the blind kind pass (rewriteKinds); `unread`: labelled rewrites the pass has no kind for. */
  rewriteKinds: Record<'version' | 'versionOrCarried', KindRate> & { resolved: Record<'version' | 'versionOrCarried', KindRate> & { unresolved: number }; unread: number } | undefined;
  /** The three strata: pairs in each and how many of them are labelled. */
  strata: Record<string, { pairs: number; labelled: number }>;
  /**
   * Direction without dates, scored against the dates: every version pair 12 minutes or more apart
   * and every same-outlet pair 12 hours or more apart (a follow-up), read again with both dates
   * hidden (versionDirection, followUpDirection): right, wrong, or none (no direction claimed).
   */
  undated: Record<'versions' | 'followUps', { right: number; wrong: number; none: number }>;
  /** The audits of linked pairs (bench/labels/reuters-linked-<half>*.json, each drawn from what an earlier version linked): per file and label, how many and how many are still linked. */
  audits: Record<string, Record<string, { labelled: number; linked: number }>>;
}

/** An audit file; `development`: rules have since been chosen on its pairs (it no longer measures held-out data). */
type AuditFile = { note: string; development?: string; pairs: { a: string; b: string; label: Label; category?: string }[] };

/**
 * The audit files of a half, by file name: samples of what one version linked
 * (bench/labels/reuters-linked-<half>*.json) or did not link (reuters-unlinked-<half>*.json),
 * labelled blind.
 */
function auditFiles(half: 'dev' | 'test'): Map<string, AuditFile> {
  const dir = join(here, 'labels');
  const files = readdirSync(dir).filter((f) => (f.startsWith(`reuters-linked-${half}`) || f.startsWith(`reuters-unlinked-${half}`)) && f.endsWith('.json')).sort();
  return new Map(files.map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as AuditFile]));
}

/** The documents of every pair of a half's audits marked `development`: rules were chosen on them, so a pair that touches one is not held out. */
function developmentDocs(half: 'dev' | 'test'): Set<string> {
  return new Set([...auditFiles(half).values()].filter((x) => x.development !== undefined).flatMap((x) => x.pairs.flatMap((p) => [p.a, p.b])));
}

/**
 * Each audit file of a half → its score. A held-out file with pairs that touch a document of a
 * development audit (developmentDocs) is also scored without them (`<file> held out`).
 */
function scoreAudits(half: 'dev' | 'test', relation: ReadonlyMap<string, string | undefined>): Record<string, Record<string, { labelled: number; linked: number }>> {
  const used = developmentDocs(half);
  const out: [string, Record<string, { labelled: number; linked: number }>][] = [];
  for (const [f, audit] of auditFiles(half)) {
    const name = audit.development === undefined ? f : `${f} (development since ${audit.development})`;
    out.push([name, scoreAudit(audit.pairs, relation)]);
    if (audit.development !== undefined) continue;
    const held = audit.pairs.filter((p) => !used.has(p.a) && !used.has(p.b));
    if (held.length < audit.pairs.length) out.push([`${f} held out`, scoreAudit(held, relation)]);
  }
  return Object.fromEntries(out);
}

/** How many of an audit's pairs, by label (templates by category), the analysis still links. */
function scoreAudit(pairs: AuditFile['pairs'], relation: ReadonlyMap<string, string | undefined>): Record<string, { labelled: number; linked: number }> {
  const out: Record<string, { labelled: number; linked: number }> = {};
  for (const p of pairs) {
    const k = p.label === 'template' ? `template:${p.category ?? 'other'}` : p.label;
    const v = (out[k] ??= { labelled: 0, linked: 0 });
    v.labelled++;
    if (isLinked(relation.get(key(p.a, p.b)))) v.linked++;
  }
  return Object.fromEntries(Object.entries(out).sort(([x], [y]) => (x < y ? -1 : 1)));
}

type LabelledPair = LabelFile['pairs'][number];

/** Rewrites of some kinds: labelled, found, the estimated share found and its 95% interval. */
interface KindRate {
  labelled: number;
  linked: number;
  rate: number;
  interval: [number, number];
}

/** The kinds a second blind reading gives a rewrite pair (bench/labels/brief-kinds.md). */
type Kind = 'version' | 'carried' | 'follow-up' | 'neither';
/** bench/labels/reuters-kinds.json: each pair labelled `rewrite` (or hesitated as one) read again by two readers. */
interface KindFile {
  note: string;
  pairs: { half: 'dev' | 'test'; a: string; b: string; readers: { kind: Kind; unsure?: Kind }[] }[];
}
const KINDS = join(here, 'labels', 'reuters-kinds.json');

/** Of each kind-labelled pair (by key), the kinds its readers gave it, as label or hesitation, one list a reader. */
function kindsOf(half: 'dev' | 'test'): Map<string, Kind[][]> {
  const file: KindFile = existsSync(KINDS) ? JSON.parse(readFileSync(KINDS, 'utf8')) : { note: '', pairs: [] };
  return new Map(file.pairs.filter((p) => p.half === half).map((p) => [key(p.a, p.b), p.readers.map((r) => (r.unsure ? [r.kind, r.unsure] : [r.kind]))] as const));
}

/**
 * The kind a pair's readers resolve to (brief-kinds.md, "Resolution"): the label, hesitations
 * aside, that two readers or more give (both, when there are two); undefined when two differ and no
 * third reader breaks the tie, or three give three labels.
 */
export function resolvedKind(readers: readonly (readonly Kind[])[]): Kind | undefined {
  const labels = readers.map((r) => r[0]!);
  return labels.find((k) => labels.filter((x) => x === k).length >= 2);
}

/**
 * The share of rewrites found on the issue's own definition, "updates, write-throughs": of the
 * labelled rewrites, those the kind pass calls a `version`, and those it calls a `version` or
 * `carried` (a digest or report carrying the item). Two ways:
 * - a lower bound, as brief-kinds.md fixed before scoring: a pair every reader put in the kinds
 *   without hesitating counts; a disputed one (a reader or a hesitation outside them, one inside)
 *   counts only when it is missed — against the figure, never for it;
 * - `resolved` (brief-kinds.md, "Resolution"): a pair counts when its resolved kind (resolvedKind)
 *   is in the kinds, found or missed alike; an unresolved pair as in the lower bound.
 * Undefined when the half has no kind labels.
 */
function rewriteKinds(mine: readonly LabelledPair[], part: Partition, relation: ReadonlyMap<string, string>): ReutersScore['rewriteKinds'] {
  const kinds = kindsOf(mine[0]?.half ?? 'dev');
  if (kinds.size === 0) return undefined;
  const missing = mine.filter((p) => p.label === 'rewrite' && !kinds.has(key(p.a, p.b))).length;
  const readersOf = (p: LabelledPair): Kind[][] | undefined => (p.label === 'rewrite' ? kinds.get(key(p.a, p.b)) : undefined);
  // a disputed pair whose readers name one of the kinds, counted only when missed
  const missedDisputed = (readers: readonly Kind[][], ks: readonly Kind[], p: LabelledPair): boolean => readers.some((r) => r.some((k) => ks.includes(k))) && !isLinked(relation.get(key(p.a, p.b)));
  const bound = (...ks: Kind[]) => (p: LabelledPair): boolean => {
    const readers = readersOf(p);
    if (readers === undefined) return false;
    return readers.every((r) => r.every((k) => ks.includes(k))) || missedDisputed(readers, ks, p);
  };
  const resolved = (...ks: Kind[]) => (p: LabelledPair): boolean => {
    const readers = readersOf(p);
    if (readers === undefined) return false;
    const kind = resolvedKind(readers);
    return kind === undefined ? missedDisputed(readers, ks, p) : ks.includes(kind);
  };
  const rated = (is: (p: LabelledPair) => boolean): KindRate => {
    const e = estimate(mine, is, part, relation);
    return { labelled: e.labelled, linked: e.linked, rate: r3(e.share ?? 1), interval: bootstrap(mine, part, relation, is) };
  };
  const unresolved = mine.filter((p) => {
    const readers = readersOf(p);
    return readers !== undefined && resolvedKind(readers) === undefined;
  }).length;
  return {
    version: rated(bound('version')),
    versionOrCarried: rated(bound('version', 'carried')),
    resolved: { version: rated(resolved('version')), versionOrCarried: rated(resolved('version', 'carried')), unresolved },
    unread: missing,
  };
}

/** How many labelled pairs each stratum of a partition holds. */
function strataCounts(pairs: readonly LabelledPair[], part: Partition): Map<string, number> {
  const n = new Map<string, number>();
  for (const p of pairs) {
    const x = part.of(p);
    n.set(x, (n.get(x) ?? 0) + 1);
  }
  return n;
}

/**
 * Of some labelled pairs, those of one label: how many, how many are linked, and the linked share
 * over all pairs sharing a passage (undefined when none is labelled so), each labelled pair standing
 * for size/n pairs of its stratum in the partition, n the stratum's count in `counted` (the pairs
 * themselves unless they are part of a larger sample whose weights they keep).
 */
function estimate(pairs: readonly LabelledPair[], label: Label | ((p: LabelledPair) => boolean), part: Partition, relation: ReadonlyMap<string, string>, counted: ReadonlyMap<string, number> = strataCounts(pairs, part)): { labelled: number; linked: number; share: number | undefined } {
  const of = typeof label === 'function' ? label : (p: LabelledPair): boolean => p.label === label;
  let all = 0;
  let linkedW = 0;
  let labelled = 0;
  let linked = 0;
  for (const p of pairs) {
    if (!of(p)) continue;
    const x = part.of(p);
    const w = part.size.get(x)! / counted.get(x)!;
    labelled++;
    all += w;
    if (isLinked(relation.get(key(p.a, p.b)))) {
      linked++;
      linkedW += w;
    }
  }
  return { labelled, linked, share: all === 0 ? undefined : linkedW / all };
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const r4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Resamples of the stratified bootstrap. */
const BOOTSTRAP_RUNS = 2000;

/**
 * A 95% interval for the share of rewrites found: each stratum's labelled pairs resampled with
 * replacement (as many as it has), the estimate taken again, BOOTSTRAP_RUNS times (seeded: the
 * same labels give the same interval); the 2.5th and 97.5th percentiles.
 */
function bootstrap(mine: readonly LabelledPair[], part: Partition, relation: ReadonlyMap<string, string>, of: Label | ((p: LabelledPair) => boolean) = 'rewrite'): [number, number] {
  const byStratum = new Map<string, LabelledPair[]>();
  for (const p of mine) {
    const x = part.of(p);
    const l = byStratum.get(x);
    if (l) l.push(p);
    else byStratum.set(x, [p]);
  }
  const r = mulberry32(2026);
  const shares: number[] = [];
  for (let run = 0; run < BOOTSTRAP_RUNS; run++) {
    const drawn = [...byStratum.values()].flatMap((ps) => ps.map(() => ps[Math.floor(r() * ps.length)]!));
    shares.push(estimate(drawn, of, part, relation).share ?? 1);
  }
  shares.sort((x, y) => x - y);
  return [r3(shares[Math.floor(0.025 * BOOTSTRAP_RUNS)]!), r3(shares[Math.ceil(0.975 * BOOTSTRAP_RUNS) - 1]!)];
}

/** Each later sample of a half's labels scored on its own (ReutersScore.laterSamples). */
function laterSamples(mine: readonly LabelledPair[], part: Partition, relation: ReadonlyMap<string, string>): ReutersScore['laterSamples'] {
  const numbers = [...new Set(mine.map((p) => p.sample).filter((x): x is number => x !== undefined))].sort((x, y) => x - y);
  const rated = (e: ReturnType<typeof estimate>): { labelled: number; linked: number; rate: number } => ({ labelled: e.labelled, linked: e.linked, rate: r4(e.share ?? 0) });
  return Object.fromEntries(
    numbers.map((k) => {
      const ps = mine.filter((p) => p.sample === k);
      return [String(k), { templates: rated(estimate(ps, 'template', part, relation)), rewrites: rated(estimate(ps, 'rewrite', part, relation)) }] as const;
    }),
  );
}

function score(half: 'dev' | 'test', docs: readonly Doc[], a: Analysis, seconds: number, labels: LabelFile): ReutersScore {
  const s = strata(a, docs);
  const resent = resentPairs(docs);
  const found = resent.filter(([x, y]) => isLinked(s.relation.get(key(x, y)))).length;
  const mine = labels.pairs.filter((p) => p.half === half);
  // each labelled pair stands for size/n pairs of its stratum (high, near, far), n its count over the whole sample
  const t = estimate(mine, 'template', s.post, s.relation);
  // the sample without the pairs that touch a document rules were chosen on (developmentDocs)
  const used = developmentDocs(half);
  const th = estimate(mine.filter((p) => !used.has(p.a) && !used.has(p.b)), 'template', s.post, s.relation, strataCounts(mine, s.post));
  const r = estimate(mine, 'rewrite', s.post, s.relation);
  // as reported before the near and far samples: the first four samples, drawn from the high and low strata alike
  const rd = estimate(mine.filter((p) => (p.sample ?? 0) <= 4), 'rewrite', s.drawn, s.relation);
  // the hesitations both ways (the first four samples recorded none): every pair a labeller thought might be a rewrite counted as one, or none of the hesitant rewrites
  const counted = strataCounts(mine, s.post);
  const wide = estimate(mine, (p) => p.label === 'rewrite' || p.unsure === 'rewrite', s.post, s.relation);
  const sure = estimate(mine.filter((p) => p.unsure === undefined), 'rewrite', s.post, s.relation, counted);
  const interval = bootstrap(mine, s.post, s.relation);
  const rel = estimate(mine, 'related', s.post, s.relation);
  return {
    stories: docs.length,
    pairs: a.pairs.length,
    linked: [...s.relation.values()].filter(isLinked).length,
    seconds: +seconds.toFixed(1),
    resent: { pairs: resent.length, found },
    sample: { template: { labelled: t.labelled, linked: t.linked }, rewrite: { labelled: r.labelled, linked: r.linked }, related: { labelled: rel.labelled, linked: rel.linked } },
    templateLinkedRate: r4(t.share ?? 0),
    templateLinkedRateHeldOut: used.size === 0 ? undefined : { labelled: th.labelled, linked: th.linked, rate: r4(th.share ?? 0) },
    laterSamples: laterSamples(mine, s.post, s.relation),
    rewriteFoundRate: r3(r.share ?? 1),
    rewriteFoundRateDrawn: r3(rd.share ?? 1),
    rewriteFoundInterval: interval,
    rewriteFoundRateBounds: { maybeRewrites: { labelled: wide.labelled, linked: wide.linked, rate: r3(wide.share ?? 1) }, sureOnly: { labelled: sure.labelled, linked: sure.linked, rate: r3(sure.share ?? 1) } },
    rewriteKinds: rewriteKinds(mine, s.post, s.relation),
    strata: Object.fromEntries([...s.post.size].map(([x, n]) => [x, { pairs: n, labelled: strataCounts(mine, s.post).get(x) ?? 0 }])),
    audits: scoreAudits(half, s.relation),
    undated: undatedDirections(docs, a),
  };
}

/** Minimum gaps between two dated items for scoring direction without dates: a version, a follow-up. */
const UNDATED_GAP_MS = { versions: 12 * 60_000, followUps: 12 * 3_600_000 };

/** How the content rules direct dated versions and follow-ups once their dates are hidden (ReutersScore.undated). */
function undatedDirections(docs: readonly Doc[], a: Analysis): ReutersScore['undated'] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const out = { versions: { right: 0, wrong: 0, none: 0 }, followUps: { right: 0, wrong: 0, none: 0 } };
  for (const p of a.pairs) {
    const kind = p.relation === 'version' ? 'versions' : p.relation === 'same-outlet' ? 'followUps' : undefined;
    if (kind === undefined) continue;
    const A = byId.get(p.a)!;
    const B = byId.get(p.b)!;
    const ta = Date.parse(A.publishedAt ?? '');
    const tb = Date.parse(B.publishedAt ?? '');
    if (!(Math.abs(ta - tb) >= UNDATED_GAP_MS[kind])) continue;
    const hide = (d: Doc): Doc => ({ ...d, publishedAt: undefined });
    const d = (kind === 'versions' ? versionDirection : followUpDirection)(hide(A), hide(B), p);
    if (d.basis === 'none') out[kind].none++;
    else if (d.from === (ta < tb ? A.id : B.id)) out[kind].right++;
    else out[kind].wrong++;
  }
  return out;
}

const kindsLine = (k: ReutersScore['rewriteKinds']): string => {
  if (k === undefined) return '';
  const one = (x: KindRate): string => `${x.labelled}/${x.linked}, ${(100 * x.rate).toFixed(1)}% (${x.interval.map((v) => (100 * v).toFixed(1)).join('–')}%)`;
  const r = k.resolved;
  return (
    `  on the issue's definition (blind kind pass, readings resolved: the label the readers agree on, a third reader's majority where two differ${r.unresolved > 0 ? `, ${r.unresolved} unresolved counted only when missed` : ''}): updates and write-throughs ${one(r.version)}; with digests and reports carrying an item ${one(r.versionOrCarried)}\n` +
    `  the same as a lower bound (any hesitation or dispute counted only when missed): updates and write-throughs ${one(k.version)}; with digests and reports carrying an item ${one(k.versionOrCarried)}${k.unread > 0 ? `; ${k.unread} labelled rewrites not yet read for kind` : ''}\n`
  );
};

const undatedLine = (x: { right: number; wrong: number; none: number }): string => `${x.right} / ${x.wrong} / ${x.none}`;

function run(): void {
  const args = process.argv.slice(2);
  const dumpHalf = args.includes('--dump') ? (args[args.indexOf('--dump') + 1] as 'dev' | 'test') : undefined;
  // --dump-more <half> <count> <seed>: a further blind sample to label
  const m = args.indexOf('--dump-more');
  const more = m >= 0 ? { half: args[m + 1], count: Number(args[m + 2] ?? 100), seed: Number(args[m + 3] ?? 11), near: args.includes('--near'), far: args.includes('--far') } : undefined;
  // --half dev: score one half only (work on the dev half without looking at the test figures)
  const onlyHalf = args.includes('--half') ? args[args.indexOf('--half') + 1] : (dumpHalf ?? more?.half);
  const out: Record<string, ReutersScore> = {};
  for (const half of ['dev', 'test'] as const) {
    if (onlyHalf && onlyHalf !== half) continue;
    const docs = loadReutersFiles(half === 'dev' ? [0, 10] : [11, 21]);
    const t0 = performance.now();
    const a = analyze(docs);
    const seconds = (performance.now() - t0) / 1000;
    if (dumpHalf) {
      dump(half, docs, a);
      continue;
    }
    const labels: LabelFile = existsSync(LABELS) ? JSON.parse(readFileSync(LABELS, 'utf8')) : { note: '', pairs: [] };
    if (more) {
      dumpMore(half, docs, a, more, labels);
      continue;
    }
    const s = score(half, docs, a, seconds, labels);
    out[half] = s;
    process.stdout.write(
      `${half}: ${s.stories} stories, ${s.pairs} pairs sharing a passage, ${s.linked} linked (analyze ${s.seconds} s)\n` +
        `  re-sent stories (CORRECTED/REPEAT/UPDATE) found: ${s.resent.found}/${s.resent.pairs}\n` +
        `  hand-labelled sample (labelled / linked): ${Object.entries(s.sample).map(([k, v]) => `${k} ${v.labelled}/${v.linked}`).join(', ')}\n` +
        `  strata (pairs / labelled): ${Object.entries(s.strata).map(([k, v]) => `${k} ${v.pairs}/${v.labelled}`).join(', ')}\n` +
        `  template pairs linked (estimated): ${(100 * s.templateLinkedRate).toFixed(2)}%; rewrites found (estimated): ${(100 * s.rewriteFoundRate).toFixed(1)}% (95% interval ${s.rewriteFoundInterval.map((x) => (100 * x).toFixed(1)).join('–')}%; the first four samples alone: ${(100 * s.rewriteFoundRateDrawn).toFixed(1)}%)\n` +
        `  rewrites found with the labellers' hesitations counted both ways: every possible rewrite ${s.rewriteFoundRateBounds.maybeRewrites.labelled}/${s.rewriteFoundRateBounds.maybeRewrites.linked}, ${(100 * s.rewriteFoundRateBounds.maybeRewrites.rate).toFixed(1)}%; no hesitant one ${s.rewriteFoundRateBounds.sureOnly.labelled}/${s.rewriteFoundRateBounds.sureOnly.linked}, ${(100 * s.rewriteFoundRateBounds.sureOnly.rate).toFixed(1)}%\n` +
        kindsLine(s.rewriteKinds) +
        Object.entries(s.laterSamples)
          .map(([k, v]) => `  sample ${k} alone: templates ${v.templates.labelled}/${v.templates.linked} linked, estimated ${(100 * v.templates.rate).toFixed(2)}%; rewrites ${v.rewrites.labelled}/${v.rewrites.linked} found${v.rewrites.labelled === 0 ? '' : ` (${(100 * v.rewrites.rate).toFixed(1)}%)`}\n`)
          .join('') +
        (s.templateLinkedRateHeldOut ? `  the same without pairs touching a development audit's documents: templates ${s.templateLinkedRateHeldOut.labelled}/${s.templateLinkedRateHeldOut.linked}, estimated ${(100 * s.templateLinkedRateHeldOut.rate).toFixed(2)}%\n` : '') +
        `  direction with the dates hidden (right / wrong / none): versions ${undatedLine(s.undated.versions)}; same-outlet follow-ups ${undatedLine(s.undated.followUps)}\n` +
        Object.entries(s.audits)
          .map(([f, audit]) => `  audit of ${f.startsWith('reuters-unlinked') ? 'pairs not linked' : 'linked pairs'}, ${f} (labelled / linked now): ${Object.entries(audit).map(([k, v]) => `${k} ${v.labelled}/${v.linked}`).join(', ')}\n`)
          .join(''),
    );
  }
  if (!onlyHalf) {
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results', 'reuters.json'), `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), ...out }, null, 2)}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) run();
