/**
 * The editor's page at GET /: one self-contained HTML document (no CDN, no external file),
 * with a Content-Security-Policy that allows exactly its own script and style.
 */
import { createHash } from 'node:crypto';
import { PAGE_SCRIPT } from './_page-script.js';

const STYLE = `
:root { --fg: #1d232b; --muted: #5b6573; --bg: #f6f7f9; --card: #fff; --line: #d8dde4; --accent: #1f5fbf;
  --verbatim: #ffc9c2; --verbatim-b: #c0392b; --rewritten: #ffe2a8; --rewritten-b: #b7791f; --quote: #cfe3ff; --quote-b: #2b6cb0;
  --template: #e4e6ea; --template-b: #8a93a0; --ok: #1e7a46; --ok-bg: #e3f4ea; --bad: #b3261e; --bad-bg: #fdeaea; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1rem; background: #16202c; color: #fff; }
header h1 { font-size: 1.15rem; margin: 0; flex: 1; }
header h1 span { font-weight: 400; color: #b9c4d2; font-size: .95rem; margin-left: .5rem; }
main { max-width: 1400px; margin: 0 auto; padding: 1rem; display: grid; gap: 1rem; }
section, .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
label { font-weight: 600; display: block; margin-bottom: .3rem; }
textarea, input[type=text], input[type=password] { width: 100%; font: inherit; padding: .5rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--fg); }
textarea { min-height: 11rem; resize: vertical; }
details { margin: .6rem 0; } summary { cursor: pointer; color: var(--muted); }
.meta { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .6rem; margin-top: .5rem; }
.meta label { font-weight: 400; color: var(--muted); font-size: .9rem; }
.row { display: flex; flex-wrap: wrap; gap: .8rem; align-items: center; margin-top: .6rem; }
button, .file { font: inherit; border-radius: 6px; border: 1px solid var(--line); background: #fff; padding: .45rem .9rem; cursor: pointer; color: var(--fg); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
header button { background: transparent; color: #fff; border-color: #4a586a; }
.file { display: inline-block; font-weight: 400; margin: 0; }
.file input { position: absolute; opacity: 0; width: 1px; height: 1px; }
.file:focus-within, :focus-visible { outline: 3px solid #f5b50a; outline-offset: 2px; }
kbd { font-size: .75rem; border: 1px solid currentColor; border-radius: 3px; padding: 0 .25rem; opacity: .85; }
#status { color: var(--muted); min-height: 1.5em; }
#status.error { color: var(--bad); font-weight: 600; }
#verdict { border-radius: 8px; padding: .8rem 1rem; font-size: 1.15rem; font-weight: 700; }
#verdict.pass { background: var(--ok-bg); color: var(--ok); border: 2px solid var(--ok); }
#verdict.fail { background: var(--bad-bg); color: var(--bad); border: 2px solid var(--bad); }
#verdict small { display: block; font-weight: 400; font-size: .95rem; color: var(--fg); }
#verdict.stale { background: #fff6d6; color: #6b4e00; border: 2px dashed #b7791f; }
#result.stale .figures, #result.stale #sources, #result.stale .legend, #result.stale .compare { opacity: .45; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(13rem, 1fr)); gap: .8rem; margin: .8rem 0; }
.figure b { font-size: 1.4rem; display: block; }
.bar { height: .5rem; background: var(--template); border-radius: 4px; overflow: hidden; margin-top: .2rem; }
.bar i { display: block; height: 100%; background: var(--accent); }
.bar.bad i { background: var(--bad); }
h2 { font-size: 1.05rem; margin: .4rem 0 .5rem; }
#sources { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .6rem; }
#sources button { width: 100%; text-align: left; padding: .6rem .8rem; }
#sources button[aria-pressed=true] { border: 2px solid var(--accent); background: #eef4fd; }
.src-name { font-weight: 700; display: block; overflow-wrap: anywhere; }
.src-line { font-size: .9rem; color: var(--muted); display: block; }
.badge { display: inline-block; font-size: .75rem; font-weight: 700; border-radius: 999px; padding: 0 .5rem; margin-right: .3rem; }
.badge.credited { background: var(--ok-bg); color: var(--ok); }
.badge.uncredited { background: var(--bad-bg); color: var(--bad); }
.legend { display: flex; flex-wrap: wrap; gap: .8rem; font-size: .9rem; color: var(--muted); margin: .6rem 0; }
.legend mark { padding: 0 .3rem; }
.compare { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.compare h3 { font-size: 1rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
.text { position: relative; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 70vh; overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: .7rem; background: #fcfcfd; font-size: .95rem; }
mark { color: inherit; border-radius: 2px; cursor: pointer; }
mark.verbatim { background: var(--verbatim); border-bottom: 2px solid var(--verbatim-b); }
mark.rewritten { background: var(--rewritten); border-bottom: 2px dashed var(--rewritten-b); }
mark.quote { background: var(--quote); border-bottom: 2px dotted var(--quote-b); }
mark.template, mark.other { background: var(--template); border-bottom: 1px solid var(--template-b); }
mark.active { background: #ffd84d; border-bottom-color: #8a6d00; }
.extra { font-size: .85rem; color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
dialog { border: 1px solid var(--line); border-radius: 8px; max-width: 28rem; width: calc(100% - 2rem); }
dialog p { margin-top: 0; }
@media (max-width: 760px) {
  main { padding: .5rem; }
  header h1 span { display: none; }
  .compare { grid-template-columns: 1fr; }
  .text { max-height: 50vh; }
  .figures { grid-template-columns: repeat(3, 1fr); gap: .4rem; }
  .figure { padding: .5rem; font-size: .8rem; }
  .figure b { font-size: 1.1rem; }
}
`;

const BODY = `
<header><h1>wiretrace <span>check a draft before it is published</span></h1><button type="button" id="token-btn">Access token</button></header>
<main>
<section aria-labelledby="draft-label">
<form id="draft-form">
<label id="draft-label" for="draft">Draft</label>
<textarea id="draft" placeholder="Paste the draft here: it is checked as soon as it is pasted" spellcheck="false"></textarea>
<details><summary>Title, outlet and credits (optional)</summary><div class="meta">
<div><label for="title">Title</label><input type="text" id="title" autocomplete="off"></div>
<div><label for="outlet">Outlet</label><input type="text" id="outlet" autocomplete="off"></div>
<div><label for="credits">Credits outside the text (comma-separated)</label><input type="text" id="credits" autocomplete="off" placeholder="Reuters, Yonhap"></div>
</div></details>
<div class="row">
<button type="submit" class="primary" id="check-btn">Check <kbd>Ctrl</kbd>+<kbd>Enter</kbd></button>
<label class="file">Upload a file (.txt, .md, .html)<input type="file" id="file" accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"></label>
<span id="status" role="status" aria-live="polite"></span>
</div>
</form>
</section>
<section id="result" hidden aria-labelledby="verdict">
<div id="verdict" tabindex="-1"></div>
<div class="figures" id="figures"></div>
<h2 id="sources-head">Sources</h2>
<ul id="sources" aria-labelledby="sources-head"></ul>
<div class="legend" aria-label="Legend"><span><mark class="verbatim">verbatim</mark> copied word for word</span><span><mark class="rewritten">rewritten</mark> lightly edited</span><span><mark class="quote">quote</mark> the same quotation (not counted)</span><span><mark class="template">template</mark> stock wording (not counted)</span><span>Keys: <kbd>n</kbd> / <kbd>p</kbd> next / previous passage</span></div>
<div class="compare" id="compare">
<div><h3 id="draft-head">Draft</h3><div class="text" id="text-draft" tabindex="0" aria-labelledby="draft-head"></div></div>
<div><h3 id="source-head">Source</h3><div class="text" id="text-source" tabindex="0" aria-labelledby="source-head"></div></div>
</div>
</section>
</main>
<dialog id="token-dialog" aria-labelledby="token-title">
<form method="dialog" id="token-form">
<h2 id="token-title">Access token</h2>
<p id="token-why">Paste the access token your newsroom gave you. It is kept in this browser only.</p>
<label for="token-input">Token</label>
<input type="password" id="token-input" autocomplete="off" required>
<div class="row"><button type="submit" class="primary">Save</button><button type="button" id="token-cancel">Cancel</button></div>
</form>
</dialog>
`;

const sha = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

let cached: { html: string; csp: string } | undefined;

/** The page and its Content-Security-Policy (the script and the style are allowed by hash). */
export function page(): { html: string; csp: string } {
  cached ??= {
    html: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>wiretrace — check a draft</title><link rel="icon" href="data:,"><style>${STYLE}</style></head><body>${BODY}<script>${PAGE_SCRIPT}</script></body></html>\n`,
    csp: `default-src 'none'; script-src ${sha(PAGE_SCRIPT)}; style-src ${sha(STYLE)}; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
  return cached;
}
