/**
 * The publishing gate on real wire: how often `checkDraft` raises an alarm (uncredited share above
 * 10%, the CLI's `--max-uncredited 0.1`) for Reuters-21578 items of the test half (files 011–021)
 * checked one by one as plain-text drafts against an in-memory index of the dev half (000–010),
 * and what the alarms are, by the hand labels of bench/labels/reuters-gate.json (ids and labels
 * only): `right` (the draft repeats a source's wording about the same facts), `formula` (two
 * instances of one formula), `stock` (a generic phrase). The test half is shuffled once
 * (mulberry32(2031)); drafts 0–1999 are the development sample, 2000–3999 the held-out one, and
 * 4000–5999 a second held-out sample (`fresh`, unlabelled; first read in session 13, after the rule
 * it measured was chosen).
 * Writes bench/results/gate.json. Research use only: the archive's texts are never committed.
 *
 *   npm run eval:gate
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDraft, CorpusIndex, type Doc } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { loadReutersFiles } from './reuters.js';

const here = dirname(fileURLToPath(import.meta.url));
const SAMPLE = 2000;
const LIMIT = 0.1;

type Label = 'right' | 'formula' | 'stock';
interface Labels {
  dev: { draft: string; label: Label }[];
  test: { draft: string; label: Label }[];
  /** Alarms of the held-out sample drawn at random later (session 12), to measure what the alarms are now. */
  audit: { drawnAt: string; items: { draft: string; label: Label }[] };
}

/** The test half in one fixed shuffled order. */
function shuffled(docs: readonly Doc[]): Doc[] {
  const order = [...docs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const r = mulberry32(2031);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

interface SampleScore {
  drafts: number;
  alarms: number;
  /** Per label of the labelled alarms: how many, and how many still raise an alarm. */
  labelled: Record<string, { labelled: number; alarm: number }>;
  msPerCheck: number;
  /** The drafts that raise an alarm (not written out). */
  alarmIds: Set<string>;
}

/** Per label of some labelled drafts: how many, and how many of them are among `alarmIds`. */
function tally(items: readonly { draft: string; label: Label }[], alarmIds: ReadonlySet<string>): Record<string, { labelled: number; alarm: number }> {
  const out: Record<string, { labelled: number; alarm: number }> = {};
  for (const { draft, label } of items) {
    const s = (out[label] ??= { labelled: 0, alarm: 0 });
    s.labelled++;
    if (alarmIds.has(draft)) s.alarm++;
  }
  return out;
}

const tallyLine = (t: Record<string, { labelled: number; alarm: number }>): string =>
  Object.entries(t)
    .map(([k, v]) => `${k} ${v.labelled}/${v.alarm}`)
    .join(', ');

function score(index: CorpusIndex, drafts: readonly Doc[], labels: readonly { draft: string; label: Label }[]): SampleScore {
  const alarmIds = new Set<string>();
  const t0 = performance.now();
  for (const d of drafts) if (checkDraft(d.text, index).uncreditedShare > LIMIT) alarmIds.add(d.id);
  const msPerCheck = Math.round(((performance.now() - t0) / drafts.length) * 100) / 100;
  return { drafts: drafts.length, alarms: alarmIds.size, labelled: tally(labels, alarmIds), msPerCheck, alarmIds };
}

function run(): void {
  const labels = JSON.parse(readFileSync(join(here, 'labels', 'reuters-gate.json'), 'utf8')) as Labels;
  const index = new CorpusIndex();
  index.add(loadReutersFiles([0, 10]));
  const order = shuffled(loadReutersFiles([11, 21]));
  const out: Record<string, Omit<SampleScore, 'alarmIds'>> = {};
  let audit: Record<string, { labelled: number; alarm: number }> = {};
  const title = { dev: 'development', test: 'held-out', fresh: 'second held-out' } as const;
  for (const [name, from] of [['dev', 0], ['test', SAMPLE], ['fresh', 2 * SAMPLE]] as const) {
    const { alarmIds, ...s } = score(index, order.slice(from, from + SAMPLE), name === 'fresh' ? [] : labels[name]);
    out[name] = s;
    const labelled = name === 'fresh' ? 'unlabelled' : `the labelled alarms (labelled / still an alarm): ${tallyLine(s.labelled)}`;
    process.stdout.write(`${title[name]} sample: ${s.drafts} drafts, ${s.alarms} alarms (${((100 * s.alarms) / s.drafts).toFixed(1)}%); ${labelled}; ${s.msPerCheck} ms per check\n`);
    if (name === 'test') audit = tally(labels.audit.items, alarmIds);
  }
  process.stdout.write(`held-out alarms drawn at random at ${labels.audit.drawnAt} (labelled / still an alarm): ${tallyLine(audit)}\n`);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'gate.json'), `${JSON.stringify({ date: new Date().toISOString(), ...out, audit: { drawnAt: labels.audit.drawnAt, labelled: audit } }, null, 2)}\n`);
}

run();
