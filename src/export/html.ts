import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { Analysis } from '../provenance/analyze.js';
import { isUncreditedReuse, relationCounts } from '../provenance/graph.js';
import { reportData, type ReportChunk } from './_report-data.js';
import { VIEWER_JS } from './_viewer.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe to embed in a <script type="application/json">: no "</script>", no "<!--". */
function embedJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#d9dee8; --verb:#ffe08a; --rew:#ffc8a8; --quote:#e4e7ee; --bg:#fafbfc; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
header, section { padding: 16px 24px; }
header { background:#1f2a44; color:#fff; }
header h1 { margin:0 0 4px; font-size:20px; }
header p { margin:0; color:#c8d1e6; }
h2 { font-size:16px; margin:0 0 10px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px; overflow:auto; }
#graph .card { max-height: 640px; }
svg .family { fill:#f3f6fb; stroke:#dde3ee; }
svg .family-label { font-size:12px; fill: var(--muted); }
svg .node rect { fill:#fff; stroke:#6b7a99; }
svg .node.wire rect { fill:#fff4d6; stroke:#b08a2e; }
svg .node.source rect { fill:#eef3ff; stroke:#5872b8; }
svg .node text.t1 { font-size:12px; font-weight:600; fill: var(--fg); }
svg .node text.t2 { font-size:11px; fill: var(--muted); }
svg .edge { fill:none; stroke-width:1.6; }
svg .edge.uncredited { stroke:#c0392b; stroke-width:2.4; }
svg .edge.credited { stroke:#2b7a2b; stroke-width:2.2; }
svg .edge.dup { stroke:#444; stroke-width:3; }
svg .edge.version { stroke:#777; stroke-dasharray:2 4; }
svg .edge.origin { stroke:#5872b8; stroke-dasharray:6 4; }
table { border-collapse: collapse; width:100%; background:#fff; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align: top; }
th { font-size:12px; color: var(--muted); font-weight:600; }
tr[data-pair] { cursor:pointer; }
tr[data-pair]:hover { background:#f4f7ff; }
.badge { display:inline-block; padding:0 6px; border-radius:10px; font-size:12px; }
.badge.unc { background:#fde2df; color:#8e1f14; }
.badge.cre { background:#dff3df; color:#1d5e1d; }
.badge.dup { background:#e6e6e6; }
.sbs { display:grid; grid-template-columns: 1fr 1fr; gap:12px; }
.text { white-space: pre-wrap; font-family: Georgia, "Times New Roman", serif; font-size:15px; line-height:1.6; max-height: 620px; overflow:auto; }
.passage.verbatim { background: var(--verb); }
.passage.rewritten { background: var(--rew); text-decoration: underline dotted #b4532a; }
.passage.quote { background: var(--quote); font-style: italic; }
.passage.common { background: #f1f1f1; color:#666; }
.cue-source { border-bottom: 2px solid #2f5bd3; }
.cue { color:#2f5bd3; }
.flash { outline: 2px solid #2f5bd3; }
.legend span { margin-right: 12px; padding: 0 6px; }
.muted { color: var(--muted); }
select, input, button { font: inherit; padding: 4px; max-width: 100%; }
#search-bar { position: sticky; top: 0; z-index: 1; background: var(--bg); border-bottom: 1px solid var(--line); padding: 8px 24px; }
#search { width: 28em; }
.pager { margin: 6px 0; }
button.link { border: none; background: none; color: #2f5bd3; cursor: pointer; padding: 0; }
`;

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function summary(analysis: Analysis, drawnFamilies: number, withReuse: number): string {
  const g = analysis.graph;
  // as the CLI summary counts them: reuse and duplicates (versions, quotes and an outlet's own copy are relations, not reuse)
  const reuse = g.edges.filter((e) => e.type === 'reuses' || e.type === 'duplicates');
  const uncredited = reuse.filter(isUncreditedReuse).length;
  const siblings = g.edges.filter((e) => e.type === 'siblings').length;
  const alone = analysis.documents.length - withReuse;
  return [
    plural(analysis.documents.length, 'document'),
    `${plural(drawnFamilies, 'story family', 'story families')} sharing wording (drawn)`,
    `${plural(alone, 'document')} sharing no wording (listed, not drawn)`,
    `${plural(reuse.length, 'reuse edge')} (${uncredited.toLocaleString('en-US')} uncredited)`,
    ...relationCounts(g.edges, plural),
    plural(siblings, 'sibling pair'),
    `${plural(analysis.pairs.length, 'pair')} sharing passages`,
  ].join(' · ');
}

/**
 * One text chunk as a data block: its JSON compressed (raw deflate, level 9) and in base64,
 * which holds no character HTML could take for markup. The viewer unpacks it with the
 * browser's DecompressionStream. Texts are most of a report; compressed, 100,000 documents'
 * report is a quarter of the size, and the browser reads it faster.
 */
function chunkScript(c: ReportChunk, k: number): string {
  return `<script type="application/x-wiretrace-chunk" id="wt-c${k}">${deflateRawSync(JSON.stringify(c), { level: 9 }).toString('base64')}</script>`;
}

const pager = (id: string): string => `<div class="pager" id="${id}"></div>`;

function body(analysis: Analysis, drawnFamilies: number, withReuse: number, title: string): string {
  return `<header><h1>${esc(title)}</h1><p id="summary">${summary(analysis, drawnFamilies, withReuse)}</p></header>
<div id="search-bar"><label for="search">Search documents (id, title or outlet): </label><input type="search" id="search" autocomplete="off"> <span id="search-info" class="muted"></span></div>
<section id="graph"><h2>Provenance graph: story families with reuse, the largest first</h2>${pager('family-pager')}<div class="card" id="graph-card"></div>
<p class="legend muted"><span style="color:#c0392b">━ uncredited reuse</span><span style="color:#2b7a2b">━ credited reuse</span><span>━ duplicate</span><span style="color:#5872b8">┅ credited origin (agency not in the corpus)</span></p></section>
<section id="edges"><h2>Reuse edges (source → derived)</h2>${pager('edge-pager')}<div class="card"><table><thead><tr><th>source</th><th>derived</th><th>verdict</th><th>derived text covered</th><th>word for word</th><th>credit</th><th>direction</th></tr></thead><tbody id="edge-rows"></tbody></table></div></section>
<section id="pairs"><h2>Side by side</h2><div class="card">
<p><label for="pair-select">Pair (this page of the list below): </label><select id="pair-select"></select> <span id="pair-info" class="muted"></span></p>
<p class="legend"><span class="passage verbatim">verbatim</span><span class="passage rewritten">rewritten</span><span class="passage quote">quote (not counted)</span><span class="passage common">template (not counted)</span><span class="passage common">stock phrase (not counted)</span><span class="cue-source">credited source</span></p>
<div class="sbs"><div><h2 id="head-a"></h2><div id="text-a" class="text card"></div></div><div><h2 id="head-b"></h2><div id="text-b" class="text card"></div></div></div>
<h2 style="margin-top:14px">All pairs sharing passages</h2>${pager('pair-pager')}<table><thead><tr><th>a</th><th>b</th><th>relation</th><th>Jaccard</th><th>covered (a / b)</th><th>passages</th></tr></thead><tbody id="pair-rows"></tbody></table>
</div></section>
<section id="documents"><h2>Documents, their likely origin and their credits</h2>
<p><label for="doc-filter">Show: </label><select id="doc-filter"><option value="all">all documents</option><option value="reuse">documents with reuse</option><option value="alone">documents without reuse</option></select></p>
${pager('doc-pager')}<div class="card"><table><thead><tr><th>id</th><th>title</th><th>outlet</th><th>published</th><th>likely origin</th><th>credits</th><th>family</th></tr></thead><tbody id="doc-rows"></tbody></table></div></section>
<section class="muted">Made by wiretrace. Passages inside quotation marks and phrases common to many independent documents are shown but not counted as reuse. Documents that share no wording with another are listed, not drawn.</section>`;
}

/**
 * One self-contained HTML file (no network at view time) that stays quick at 100,000
 * documents: the story families that share wording are drawn a page at a time, the reuse
 * edges, pairs and documents are paged tables, and one search box (document id, title or
 * outlet) filters them all. A side-by-side view shows any pair with verbatim, rewritten and
 * quoted passages and the credit cues highlighted. The page is built in the browser from
 * embedded data: a compact JSON index first, then the texts in compressed chunks, unpacked
 * when a pair of their documents is shown. All article text is inserted as text nodes; a Content-Security-Policy lets only the
 * report's own script run.
 */
export function renderHtmlReport(analysis: Analysis, opts: { title?: string } = {}): string {
  const title = opts.title ?? 'wiretrace report';
  const { index, chunks } = reportData(analysis);
  const withReuse = index.docs.filter((d) => d[5] >= 0).length;
  const hash = createHash('sha256').update(VIEWER_JS).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
${body(analysis, index.families.length, withReuse, title)}
<script type="application/json" id="wt-data">${embedJson(index)}</script>
<script>${VIEWER_JS}</script>
${chunks.map(chunkScript).join('\n')}
<script type="application/x-wiretrace-end" id="wt-end"></script>
</body></html>
`;
}
