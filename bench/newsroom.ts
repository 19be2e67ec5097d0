/**
 * A generated newsroom corpus with the hard cases of provenance, and its ground truth:
 * wire stories in the corpus with 3–6 copies (some syndicated copies of copies), wire stories
 * NOT in the corpus with 3–6 copies each (the usual case), first takes and updates, an official
 * release quoted by every outlet, formula notices sharing a template, same-outlet follow-ups,
 * independent stories, and dates withheld for a share of the documents. Deterministic.
 */
import type { Doc } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';
import { lightEdit, newsModel } from './generate.js';

export type HardCase = 'wire-present' | 'wire-absent' | 'version' | 'official' | 'template' | 'same-outlet' | 'independent';

export interface TruthDoc extends Doc {
  story: number;
  case: HardCase;
  /** What the document took its text from: a document id, `L<story>` for an unseen wire story, or none. */
  parent?: string;
  /** How it relates to its parent when that is not reuse: `version`, `quotes`, `same-outlet`. */
  relation?: 'reuses' | 'version' | 'quotes' | 'same-outlet';
}

export interface NewsroomOptions {
  stories: number;
  seed: number;
  /** Share of documents whose date is withheld. Default 0.5. */
  withholdDates?: number;
  /**
   * Copies run their source's words unedited, as papers usually run a wire story: the same stories,
   * the same paragraphs kept, the same dates and credits as without it (the edits' random draws are
   * still made), only the words differ. Nothing then tells two copies apart but which paragraphs
   * each kept, their credits and their dates.
   */
  verbatim?: boolean;
}

const AGENCIES = [
  { outlet: 'Yonhap', city: 'SEOUL' },
  { outlet: 'Reuters', city: 'LONDON' },
  { outlet: 'AFP', city: 'PARIS' },
  { outlet: 'Associated Press', city: 'NEW YORK' },
  { outlet: 'Kyodo', city: 'TOKYO' },
];
const CASES: HardCase[] = ['wire-present', 'wire-absent', 'wire-absent', 'version', 'official', 'template', 'same-outlet', 'independent'];

class Builder {
  readonly docs: TruthDoc[] = [];
  private n = 0;
  private outlets = 0;
  constructor(
    readonly rnd: () => number,
    private readonly verbatim = false,
  ) {}
  /** A copy's light edit (lightEdit), or the text as it was in a verbatim corpus (the draws made all the same). */
  edit(text: string, rate: number): string {
    const edited = lightEdit(text, this.rnd, rate);
    return this.verbatim ? text : edited;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)]!;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  paragraphs(count: number): string[] {
    const m = newsModel();
    // stray quotation marks from the seeds' bigrams would open quotes that never close
    return Array.from({ length: count }, () =>
      Array.from({ length: this.int(2, 3) }, () => m.sentence(this.rnd))
        .join(' ')
        .replace(/[“”«»"„]/g, ''),
    );
  }
  /** Outlets in rotation: never two of one story from the same outlet unless the case wants it. */
  outlet(): string {
    return `outlet-${(this.outlets++ % 40) + 1}`;
  }
  add(d: Omit<TruthDoc, 'id'>, hour: number): TruthDoc {
    const doc = { id: `n${String(this.n++).padStart(5, '0')}`, ...d, publishedAt: new Date(Date.UTC(2024, 2, 1) + hour * 3_600_000).toISOString() } as TruthDoc;
    this.docs.push(doc);
    return doc;
  }
}

/** A copy of a wire story: wholly (light edits, maybe a paragraph dropped) or partially (some paragraphs among fresh ones), crediting the agency or not. */
function copyOf(b: Builder, paras: readonly string[], agency: (typeof AGENCIES)[number]): string {
  let body: string[];
  if (b.rnd() < 0.5) {
    body = paras.map((p) => b.edit(p, 0.05));
    if (body.length > 4 && b.rnd() < 0.5) body.splice(b.int(1, body.length - 1), 1);
  } else {
    const keep = Math.max(2, Math.floor(paras.length * (0.4 + b.rnd() * 0.3)));
    const from = b.int(0, paras.length - keep);
    body = [...b.paragraphs(1), ...paras.slice(from, from + keep).map((p) => b.edit(p, 0.04)), ...b.paragraphs(b.int(1, 2))];
  }
  const r = b.rnd();
  if (r < 0.35) body[0] = `${agency.city} (${agency.outlet}) -- ${body[0]}`;
  else if (r < 0.55) body.push(`${agency.outlet} reported the news first.`);
  return body.join('\n\n');
}

function wireStory(b: Builder, story: number, present: boolean, t0: number): void {
  const agency = b.pick(AGENCIES);
  const paras = b.paragraphs(b.int(5, 7));
  let wire: TruthDoc | undefined;
  if (present) wire = b.add({ text: paras.join('\n\n'), outlet: agency.outlet, kind: 'wire', story, case: 'wire-present' }, t0);
  const parent = wire?.id ?? `L${story}`;
  const copies: TruthDoc[] = [];
  const n = b.int(3, 6);
  for (let i = 0; i < n; i++) {
    copies.push(b.add({ text: copyOf(b, paras, agency), outlet: b.outlet(), kind: 'article', story, case: present ? 'wire-present' : 'wire-absent', parent, relation: 'reuses' }, t0 + 1 + i));
  }
  // a syndicated copy of a copy, now and then
  if (b.rnd() < 0.4) {
    const src = b.pick(copies);
    const text = src.text.split('\n\n').map((p) => b.edit(p, 0.02)).join('\n\n');
    b.add({ text, outlet: b.outlet(), kind: 'article', story, case: present ? 'wire-present' : 'wire-absent', parent: src.id, relation: 'reuses' }, t0 + 1 + n);
  }
}

function versions(b: Builder, story: number, t0: number): void {
  const agency = b.pick(AGENCIES);
  const first = b.paragraphs(b.int(3, 4));
  const added = b.paragraphs(b.int(3, 4));
  const take1 = b.add({ text: first.join('\n\n'), outlet: agency.outlet, kind: 'wire', story, case: 'version' }, t0);
  const updParas = [first[0]!, ...added.slice(0, 2), ...first.slice(1), ...added.slice(2)];
  const take2 = b.add({ text: updParas.join('\n\n'), outlet: agency.outlet, kind: 'wire', story, case: 'version', parent: take1.id, relation: 'version' }, t0 + 3);
  // copies of each take: a copy of the update takes some of its new paragraphs
  b.add({ text: [...first.map((p) => b.edit(p, 0.04)), ...b.paragraphs(2)].join('\n\n'), outlet: b.outlet(), kind: 'article', story, case: 'version', parent: take1.id, relation: 'reuses' }, t0 + 1);
  b.add({ text: [...added.slice(0, 3).map((p) => b.edit(p, 0.04)), first[1]!, ...b.paragraphs(1)].join('\n\n'), outlet: b.outlet(), kind: 'article', story, case: 'version', parent: take2.id, relation: 'reuses' }, t0 + 4);
}

function official(b: Builder, story: number, t0: number): void {
  const paras = b.paragraphs(b.int(4, 5));
  // the release is often published (in English) after the first reports that quote it
  const rel = b.add({ text: paras.join('\n\n'), outlet: 'KCNA', kind: 'official', story, case: 'official' }, t0 + b.int(0, 4));
  const n = b.int(3, 5);
  for (let i = 0; i < n; i++) {
    const quoted = [b.pick(paras), b.pick(paras)].filter((p, j, xs) => xs.indexOf(p) === j);
    const body = [...b.paragraphs(1), ...quoted.map((q) => `The statement said: “${q}”`), ...b.paragraphs(b.int(2, 3))];
    b.add({ text: body.join('\n\n'), outlet: b.outlet(), kind: 'article', story, case: 'official', parent: rel.id, relation: 'quotes' }, t0 + 1 + i);
  }
}

const COMPANIES = ['Acme', 'Borealis', 'Cinder', 'Dalton', 'Everest', 'Fulton', 'Granite', 'Harbor', 'Ironwood', 'Juniper', 'Keystone', 'Lakeside', 'Meridian', 'Northgate', 'Oakmont', 'Pinnacle', 'Quarry', 'Redwood', 'Summit', 'Tidewater'];
const SUFFIX = ['Corp', 'Inc', 'Holdings', 'Group', 'Industries'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function templates(b: Builder, story: number, t0: number): void {
  const n = b.int(6, 12);
  for (let i = 0; i < n; i++) {
    const co = `${b.pick(COMPANIES)} ${b.pick(COMPANIES)} ${b.pick(SUFFIX)}`;
    const cts = b.int(2, 95);
    const text = [
      `${co} said its board declared a quarterly dividend of ${cts} cts per share, payable ${b.pick(MONTHS)} ${b.int(1, 28)} to holders of record ${b.pick(MONTHS)} ${b.int(1, 28)}.`,
      `The company previously paid ${b.int(2, 95)} cts per share. It said net income for the quarter rose to ${b.int(2, 900)} mln dlrs from ${b.int(2, 900)} mln dlrs a year earlier.`,
      `${co} shares closed at ${b.int(5, 300)} dlrs on ${b.pick(MONTHS)} ${b.int(1, 28)}.`,
    ].join('\n\n');
    b.add({ text, outlet: 'Reuters', kind: 'wire', story, case: 'template' }, t0 + i);
  }
}

function sameOutlet(b: Builder, story: number, t0: number): void {
  const outlet = b.outlet();
  const day1 = b.paragraphs(b.int(4, 6));
  const first = b.add({ text: day1.join('\n\n'), outlet, kind: 'article', story, case: 'same-outlet' }, t0);
  const from = b.int(0, day1.length - 2);
  const text = [...b.paragraphs(2), ...day1.slice(from, from + 2), ...b.paragraphs(b.int(2, 3))].join('\n\n');
  b.add({ text, outlet, kind: 'article', story, case: 'same-outlet', parent: first.id, relation: 'same-outlet' }, t0 + 24);
}

/** Generates the corpus; `stories` stories, cases in a fixed rotation shuffled by the seed. */
export function generateNewsroom(opts: NewsroomOptions): TruthDoc[] {
  const b = new Builder(mulberry32(opts.seed), opts.verbatim);
  for (let s = 0; s < opts.stories; s++) {
    const c = CASES[Math.floor(b.rnd() * CASES.length)]!;
    const t0 = s * 10;
    if (c === 'wire-present' || c === 'wire-absent') wireStory(b, s, c === 'wire-present', t0);
    else if (c === 'version') versions(b, s, t0);
    else if (c === 'official') official(b, s, t0);
    else if (c === 'template') templates(b, s, t0);
    else if (c === 'same-outlet') sameOutlet(b, s, t0);
    else b.add({ text: b.paragraphs(b.int(4, 6)).join('\n\n'), outlet: b.outlet(), kind: 'article', story: s, case: 'independent' }, t0);
  }
  const r2 = mulberry32(opts.seed ^ 0x5eed);
  const withhold = opts.withholdDates ?? 0.5;
  for (const d of b.docs) if (r2() < withhold) delete d.publishedAt;
  // documents arrive in no particular order
  const r3 = mulberry32(opts.seed ^ 0xa11);
  const docs = b.docs;
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(r3() * (i + 1));
    [docs[i], docs[j]] = [docs[j]!, docs[i]!];
  }
  return docs;
}
