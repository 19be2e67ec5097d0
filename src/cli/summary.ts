import type { DraftReport } from '../corpus/index.js';
import type { Analysis } from '../provenance/analyze.js';
import type { DocumentNode, ReuseEdge } from '../provenance/graph.js';
import { escapeControls as f, escapeControlsKeepLines } from '../export/_escape.js';

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const plural = (n: number, w: string, ws = `${w}s`): string => `${n} ${n === 1 ? w : ws}`;

/** The readable summary `wiretrace analyze` prints. */
export function formatSummary(a: Analysis): string {
  const g = a.graph;
  const label = new Map(g.nodes.map((n) => [n.id, n.label]));
  const docs = g.nodes.filter((n): n is DocumentNode => n.type === 'document');
  const reuse = g.edges.filter((e): e is ReuseEdge => e.type !== 'cites');
  const uncredited = reuse.filter((e) => e.type === 'reuses' && !e.credited).length;
  const out: string[] = [];
  out.push(`${plural(docs.length, 'document')}, ${plural(g.families.length, 'story family', 'story families')}, ${plural(reuse.length, 'reuse edge')} (${uncredited} uncredited), ${plural(a.pairs.length, 'pair')} sharing passages`);
  out.push('', 'Story families');
  for (const fam of g.families) {
    out.push(`  #${fam.id + 1}  ${plural(fam.members.length, 'document')}, likely original: ${f(label.get(fam.original) ?? fam.original)}${fam.original.startsWith('source:') ? ' (not in the corpus)' : ''}`);
  }
  out.push('', 'Reuse (source → derived)');
  if (reuse.length === 0) out.push('  none: no document reuses another one’s wording beyond quotes and stock phrases');
  for (const e of reuse) {
    const what = e.type === 'duplicates' ? 'duplicate' : e.type === 'version' ? 'version' : `${e.verdict}ly derived`.replace('whollyly', 'wholly').replace('partiallyly', 'partially');
    // only a `reuses` edge can be uncredited reuse (the header counts those): a duplicate or a version says "not credited"
    const credit = e.credited ? 'credited' : e.type === 'reuses' ? 'UNCREDITED' : 'not credited';
    out.push(`  ${f(e.source)} → ${f(e.target)}  ${what}, ${pct(e.containment)} of the derived text (${pct(e.verbatimShare)} word for word), ${credit}  [direction by ${e.direction.basis}, ${e.direction.confidence} confidence]`);
  }
  out.push('', 'Likely origin of each document');
  for (const d of docs) {
    const o = d.origin;
    out.push(`  ${f(d.id)}  ← ${o ? `${f(label.get(o.node) ?? o.node)} (${o.basis === 'credit' ? 'credited, not in the corpus' : 'reused'}, ${o.confidence} confidence)` : 'unknown'}`);
  }
  const citedBy = new Map<string, Set<string>>();
  for (const e of g.edges) if (e.type === 'cites') citedBy.set(e.target, (citedBy.get(e.target) ?? new Set()).add(e.source));
  out.push('', 'Cited sources');
  for (const [src, who] of [...citedBy].sort((x, y) => y[1].size - x[1].size || (x[0] < y[0] ? -1 : 1))) {
    out.push(`  ${f(label.get(src) ?? src).padEnd(28)} by ${plural(who.size, 'document')}: ${[...who].map(f).join(', ')}`);
  }
  const quotes = a.pairs.reduce((n, p) => n + p.passages.filter((x) => x.kind === 'quote').length, 0);
  const common = a.pairs.reduce((n, p) => n + p.passages.filter((x) => x.common && x.kind !== 'quote').length, 0);
  if (quotes + common > 0) out.push('', `Shared but not counted as reuse: ${plural(quotes, 'quoted passage')}, ${plural(common, 'stock phrase')}`);
  return escapeControlsKeepLines(out.join('\n'));
}

function clip(s: string, n = 140): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return f(one.length > n ? `${one.slice(0, n - 1)}…` : one);
}

/** The report `wiretrace check` prints. */
export function formatCheck(draftId: string, r: DraftReport): string {
  const out = [`${f(draftId)}: ${r.tokens} words; ${pct(r.reusedShare)} reused, ${pct(r.uncreditedShare)} uncredited`];
  if (r.sources.length === 0) out.push('  no indexed source shares wording with the draft');
  for (const s of r.sources) {
    out.push('', `  ${f(s.id)}${s.outlet ? ` (${f(s.outlet)})` : ''}: ${pct(s.share)} of the draft, ${s.credited ? 'credited' : 'UNCREDITED'}`);
    for (const p of s.passages) {
      const note = p.kind === 'quote' ? ' (quote, not counted)' : p.common ? ' (stock phrase, not counted)' : '';
      out.push(`    [${p.kind} ${p.similarity}] draft ${p.a.start}–${p.a.end} ↔ source ${p.b.start}–${p.b.end}${note}`, `      draft:  “${clip(p.draftText)}”`, `      source: “${clip(p.sourceText)}”`);
    }
  }
  if (r.attributions.length > 0) out.push('', `  the draft credits: ${[...new Set(r.attributions.map((a) => f(a.name)))].join(', ')}`);
  return escapeControlsKeepLines(out.join('\n'));
}
