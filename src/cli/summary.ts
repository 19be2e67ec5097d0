import type { DraftReport } from '../corpus/check.js';
import type { Analysis } from '../provenance/analyze.js';
import { isCounted } from '../compare/template.js';
import { isUncreditedReuse, relationCounts, type DocumentNode, type ReuseEdge, type SiblingEdge } from '../provenance/graph.js';
import { escapeControls as f, escapeControlsKeepLines } from '../export/_escape.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;
/** A check's shares, to one decimal: the report and the gate's message on stderr print the same figure (92.5%, not 93% and 92.5%). */
export const share = (x: number): string => `${Math.round(x * 1000) / 10}%`;
const plural = (n: number, w: string, ws = `${w}s`): string => `${n} ${n === 1 ? w : ws}`;

const RELATION_WORDS: Record<Exclude<ReuseEdge['type'], 'reuses'>, string> = {
  duplicates: 'duplicate',
  version: 'version (two takes of one story)',
  'same-outlet': 'same outlet (reusing its own copy)',
  quotes: 'quotes the source’s statement',
};

/** The readable summary `wiretrace analyze` prints. */
export function formatSummary(a: Analysis): string {
  const g = a.graph;
  const label = new Map(g.nodes.map((n) => [n.id, n.label]));
  const docs = g.nodes.filter((n): n is DocumentNode => n.type === 'document');
  const directed = g.edges.filter((e): e is ReuseEdge => e.type !== 'cites' && e.type !== 'siblings');
  const reuse = directed.filter((e) => e.type === 'reuses' || e.type === 'duplicates');
  const siblings = g.edges.filter((e): e is SiblingEdge => e.type === 'siblings');
  const uncredited = reuse.filter(isUncreditedReuse).length;
  const latents = g.nodes.filter((n) => n.type === 'latent').length;
  const out: string[] = [];
  out.push(
    [`${plural(docs.length, 'document')}`, plural(g.families.length, 'story family', 'story families'), `${plural(reuse.length, 'reuse edge')} (${uncredited} uncredited)`, ...relationCounts(directed, plural), plural(siblings.length, 'sibling pair'), plural(latents, 'unseen source'), `${plural(a.pairs.length, 'pair')} sharing passages`].join(', '),
  );
  out.push('', 'Story families');
  for (const fam of g.families) {
    const where = fam.original.startsWith('source:') ? ' (not in the corpus)' : fam.original.startsWith('latent:') ? ' (inferred)' : '';
    out.push(`  #${fam.id + 1}  ${plural(fam.members.length, 'document')}, likely original: ${f(label.get(fam.original) ?? fam.original)}${where}`);
  }
  out.push('', 'Reuse (source → derived)');
  if (directed.length === 0) out.push(reuseNone(a));
  const pairOf = new Map(a.pairs.map((p) => [`${p.a}\u0000${p.b}`, p]));
  for (const e of directed) {
    const what = e.type === 'reuses' ? `${e.verdict === 'non' ? 'minor reuse' : `${e.verdict} derived`}` : RELATION_WORDS[e.type];
    // a `reuses` or `duplicates` edge can be uncredited reuse (the header counts those); an outlet's own copy or take needs no credit
    const credit = e.type === 'same-outlet' || e.type === 'version' ? '' : isUncreditedReuse(e) ? ', UNCREDITED' : e.credited ? ', credited' : ', not credited';
    const src = e.source.startsWith('latent:') ? `${f(label.get(e.source) ?? e.source)}` : f(e.source);
    out.push(`  ${src} → ${f(e.target)}  ${what}, ${pct(e.containment)} of the derived text (${plural(e.sharedTokens, 'word')})${credit}  [${e.direction.basis === 'none' ? 'direction undecided: no evidence either way' : `direction by ${e.direction.basis}, ${e.direction.confidence} confidence`}]`);
    const p = pairOf.get(`${e.source}\u0000${e.target}`) ?? pairOf.get(`${e.target}\u0000${e.source}`);
    if (p && e.type === 'reuses') for (const line of passageLines(a, p, e.target)) out.push(line);
  }
  if (siblings.length > 0) {
    out.push('', 'Siblings (both copy a common source, not each other)');
    for (const e of siblings) out.push(`  ${f(e.source)} — ${f(e.target)}  via ${f(label.get(e.via) ?? e.via)}`);
  }
  out.push('', 'Likely origin of each document');
  for (const d of docs) {
    const o = d.origin;
    const how = o ? (o.basis === 'credit' ? 'credited, not in the corpus' : o.basis === 'latent' ? 'an unseen source its relatives share' : 'reused') : '';
    out.push(`  ${f(d.id)}  ← ${o ? `${f(label.get(o.node) ?? o.node)} (${how}, ${o.confidence === 'none' ? 'direction undecided' : `${o.confidence} confidence`})` : 'unknown'}`);
  }
  const citedBy = new Map<string, Set<string>>();
  for (const e of g.edges) if (e.type === 'cites') citedBy.set(e.target, (citedBy.get(e.target) ?? new Set()).add(e.source));
  out.push('', 'Cited sources');
  for (const [src, who] of [...citedBy].sort((x, y) => y[1].size - x[1].size || (x[0] < y[0] ? -1 : 1))) {
    out.push(`  ${f(label.get(src) ?? src).padEnd(28)} by ${plural(who.size, 'document')}: ${[...who].map(f).join(', ')}`);
  }
  const quotes = a.pairs.reduce((n, p) => n + p.passages.filter((x) => x.kind === 'quote').length, 0);
  const templates = a.pairs.reduce((n, p) => n + p.passages.filter((x) => x.kind === 'template').length, 0);
  const common = a.pairs.reduce((n, p) => n + p.passages.filter((x) => x.common && x.kind !== 'quote' && x.kind !== 'template').length, 0);
  if (quotes + common + templates > 0) out.push('', `Shared but not counted as reuse: ${plural(quotes, 'quoted passage')}, ${plural(templates, 'template passage')}, ${plural(common, 'stock phrase')}`);
  return escapeControlsKeepLines(out.join('\n'));
}

/** "none" only when no pair has a counted passage; otherwise say what the shared passages are. */
function reuseNone(a: Analysis): string {
  const counted = a.pairs.reduce((n, p) => n + p.passages.filter(isCounted).length, 0);
  return counted === 0 ? '  none: no document reuses another one’s wording beyond quotes, templates and stock phrases' : `  no directed reuse; ${plural(counted, 'counted passage')} shared between siblings (see below)`;
}

/** Every counted passage of a reuse, however small, with where it sits in the derived text. */
function passageLines(a: Analysis, p: Analysis['pairs'][number], target: string): string[] {
  const doc = a.documents.find((d) => d.id === target);
  if (!doc) return [];
  const side = p.a === target ? 'a' : 'b';
  return p.passages.filter(isCounted).map((x) => `      [${x.kind}, ${plural(x.tokens, 'word')}] ${x[side].start}–${x[side].end}: “${clip(doc.text.slice(x[side].start, x[side].end), 100)}”`);
}

function clip(s: string, n = 140): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return f(one.length > n ? `${one.slice(0, n - 1)}…` : one);
}

/** The report `wiretrace check` prints. */
export function formatCheck(draftId: string, r: DraftReport, credits: readonly string[] = []): string {
  // an empty draft was not checked: no figures that read as a 0% pass
  if (r.tokens === 0) return escapeControlsKeepLines(`${f(draftId)}: EMPTY: the draft has no words; not checked (an error, not a pass)`);
  const out = [`${f(draftId)}: ${plural(r.tokens, 'word')}; ${share(r.reusedShare)} reused, ${share(r.uncreditedShare)} uncredited`];
  if (r.sources.length === 0) out.push('  no indexed source shares counted wording with the draft (quotes, templates and stock phrases are not counted)');
  for (const s of r.sources) {
    const role = s.role === 'copy' ? `, a copy of ${f(s.copyOf ?? 'an earlier source')}` : '';
    out.push('', `  ${f(s.id)}${s.outlet ? ` (${f(s.outlet)})` : ''}: ${share(s.share)} of the draft${role}, ${s.credited ? 'credited' : s.role === 'copy' ? 'not credited' : 'UNCREDITED'}`);
    for (const p of s.passages) {
      const note = p.kind === 'quote' ? ' (quote, not counted)' : p.kind === 'template' ? ' (template, not counted)' : p.common ? ' (stock phrase, not counted)' : '';
      out.push(`    [${p.kind} ${p.similarity}] draft ${p.a.start}–${p.a.end} ↔ source ${p.b.start}–${p.b.end}${note}`, `      draft:  “${clip(p.draftText)}”`, `      source: “${clip(p.sourceText)}”`);
    }
  }
  // credits given outside the text (--credit) count as the text's do: the line shows both
  const inText = [...new Set(r.attributions.map((a) => f(a.name)))];
  if (inText.length + credits.length > 0) out.push('', `  the draft credits: ${[...inText, ...credits.map((c) => `${f(c)} (--credit)`)].join(', ')}`);
  return escapeControlsKeepLines(out.join('\n'));
}
