/**
 * The editor page's script (plain browser JavaScript, kept as a string so that the page is
 * one self-contained document; it uses no template literals so that it can live in one).
 * Every text from the server is put in the page with textContent, never as HTML.
 */
export const PAGE_SCRIPT = `(function () {
'use strict';
var $ = function (id) { return document.getElementById(id); };
var KEY = 'wiretrace-token';
var memoryToken = '';
var state = { report: null, text: '', checked: '', seq: 0, selected: -1, docs: new Map(), marks: [], cursor: -1, pending: null };
var KINDS = ['verbatim', 'rewritten', 'quote'];
var KNOWN = { id: 1, title: 1, outlet: 1, url: 1, share: 1, credited: 1, passages: 1 };

function getToken() { try { return localStorage.getItem(KEY) || memoryToken; } catch (e) { return memoryToken; } }
function setToken(t) { memoryToken = t; try { if (t) localStorage.setItem(KEY, t); else localStorage.removeItem(KEY); } catch (e) { /* private mode: memory only */ } }
function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined && text !== null) e.textContent = String(text); return e; }
function pct(x) { return typeof x === 'number' && isFinite(x) ? (Math.round(x * 1000) / 10) + '%' : '?'; }
function status(msg, isError) { var s = $('status'); s.textContent = msg; s.className = isError ? 'error' : ''; }
function kindOf(p) { return p && p.common ? 'template' : (KINDS.indexOf(p && p.kind) >= 0 ? p.kind : 'other'); }
function list(x) { return Array.isArray(x) ? x : []; }

function askToken(why) {
  $('token-why').textContent = why || 'Paste the access token your newsroom gave you. It is kept in this browser only.';
  $('token-input').value = '';
  if (!$('token-dialog').open) $('token-dialog').showModal();
  $('token-input').focus();
}
$('token-form').addEventListener('submit', function () {
  var t = $('token-input').value.trim();
  if (!t) return;
  setToken(t);
  status('Token saved.');
  var next = state.pending; state.pending = null;
  if (next) setTimeout(next, 0);
});
$('token-cancel').addEventListener('click', function () { $('token-dialog').close(); });
$('token-btn').addEventListener('click', function () { askToken(); });

function request() {
  var body = { text: $('draft').value };
  var title = $('title').value.trim(), outlet = $('outlet').value.trim();
  var credits = $('credits').value.split(',').map(function (c) { return c.replace(/[()]/g, '').trim(); }).filter(Boolean);
  if (title) body.title = title;
  if (outlet) body.outlet = outlet;
  if (credits.length) body.credits = credits;
  return body;
}

/** No verdict on screen: an empty draft, or a check that failed, leaves none from an earlier text. */
function clearResult() {
  state.report = null; state.checked = ''; state.marks = []; state.cursor = -1;
  $('result').hidden = true;
}

/**
 * The verdict on screen belongs to the request that was checked: once the draft (or its title,
 * outlet or credits) differs from it, the verdict is marked out of date, and fresh again if the
 * text comes back to what was checked.
 */
function updateStale() {
  if (!state.report) return;
  var stale = JSON.stringify(request()) !== state.checked;
  if (stale === $('result').classList.contains('stale')) return;
  $('result').classList.toggle('stale', stale);
  showVerdict(stale);
  if (stale) status('The draft has changed since it was checked: press Check for a verdict on it.');
  else status('');
}

function check() {
  var body = request();
  var seq = ++state.seq;
  if (!body.text.trim()) { clearResult(); status('Paste or upload a draft first.', true); $('draft').focus(); return; }
  if (!getToken()) { state.pending = check; askToken(); return; }
  status('Checking…');
  $('check-btn').disabled = true;
  var t0 = performance.now();
  fetch('/api/check', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + getToken() }, body: JSON.stringify(body) })
    .then(function (res) { return res.json().catch(function () { return null; }).then(function (data) { return { res: res, data: data }; }); })
    .then(function (r) {
      // an answer to an earlier request than the last one sent is not shown
      if (seq !== state.seq) return;
      if (r.res.status === 401 || r.res.status === 403) {
        clearResult();
        setToken('');
        state.pending = check;
        askToken('The server refused this token (' + (r.data && r.data.message || r.res.status) + '). Paste a valid one.');
        status('Not checked: the token was refused.', true);
        return;
      }
      if (!r.res.ok || !r.data) { clearResult(); status('Not checked: ' + (r.data && r.data.message || 'HTTP ' + r.res.status), true); return; }
      state.report = r.data; state.text = body.text; state.checked = JSON.stringify(body); state.selected = -1;
      $('result').classList.remove('stale');
      render();
      status('Checked in ' + Math.round(performance.now() - t0) + ' ms.');
      // typed while the check ran: already out of date
      updateStale();
    })
    .catch(function (e) { if (seq !== state.seq) return; clearResult(); status('Not checked: the server cannot be reached (' + e.message + ').', true); })
    .then(function () { if (seq === state.seq) $('check-btn').disabled = false; });
}

function figure(label, value, share, bad) {
  var f = el('div', 'figure card');
  f.appendChild(el('span', '', label));
  f.appendChild(el('b', '', value));
  if (share !== undefined) { var bar = el('div', bad ? 'bar bad' : 'bar'); var i = el('i'); i.style.width = Math.max(0, Math.min(100, share * 100)) + '%'; bar.appendChild(i); f.appendChild(bar); }
  return f;
}

/** The verdict line of the report on screen, or, once the draft has changed, that it is out of date. */
function showVerdict(stale) {
  var r = state.report, v = r.verdict || {}, sources = list(r.sources);
  var line = v.pass === false ? 'Over the threshold: ' + pct(r.uncreditedShare) + ' of the draft is reused without credit' : (sources.length === 0 ? 'No reuse found in the index' : 'Within the threshold: ' + pct(r.uncreditedShare) + ' of the draft is reused without credit');
  var verdict = $('verdict');
  if (stale) {
    verdict.className = 'stale';
    verdict.textContent = 'Out of date: the draft has changed since this check';
    verdict.appendChild(el('small', '', 'This verdict was for the earlier text (' + line + '). It says nothing about the draft as it is now: press Check (Ctrl+Enter).'));
    return;
  }
  verdict.className = v.pass === false ? 'fail' : 'pass';
  verdict.textContent = line;
  verdict.appendChild(el('small', '', 'The newsroom allows ' + pct(v.maxUncredited) + ' uncredited. ' + pct(r.reusedShare) + ' of the draft is reused in all, from ' + sources.length + (sources.length === 1 ? ' source.' : ' sources.')));
}

function render() {
  var r = state.report, v = r.verdict || {};
  var sources = list(r.sources);
  $('result').hidden = false;
  showVerdict(false);
  var figs = $('figures'); figs.textContent = '';
  figs.appendChild(figure('Words in the draft', r.tokens));
  figs.appendChild(figure('Reused', pct(r.reusedShare), r.reusedShare));
  figs.appendChild(figure('Reused without credit', pct(r.uncreditedShare), r.uncreditedShare, v.pass === false));
  var ul = $('sources'); ul.textContent = '';
  sources.forEach(function (s, i) {
    var li = el('li'), b = el('button');
    b.type = 'button'; b.setAttribute('aria-pressed', 'false'); b.dataset.i = String(i);
    b.appendChild(el('span', 'src-name', s.outlet || s.title || s.id));
    if (s.outlet && s.title) b.appendChild(el('span', 'src-line', s.title));
    var line = el('span', 'src-line');
    line.appendChild(el('span', 'badge ' + (s.credited ? 'credited' : 'uncredited'), s.credited ? 'credited' : 'not credited'));
    line.appendChild(document.createTextNode(pct(s.share) + ' of the draft · ' + counts(list(s.passages))));
    b.appendChild(line);
    var ex = extras(s); if (ex) b.appendChild(el('span', 'extra', ex));
    b.addEventListener('click', function () { select(i); });
    li.appendChild(b); ul.appendChild(li);
  });
  if (sources.length === 0) { ul.appendChild(el('li', 'empty', 'No indexed article shares wording with this draft.')); $('compare').hidden = true; }
  else { $('compare').hidden = false; select(0); }
}

function counts(ps) {
  var n = {}; ps.forEach(function (p) { var k = kindOf(p); n[k] = (n[k] || 0) + 1; });
  var out = Object.keys(n).map(function (k) { return n[k] + ' ' + k; });
  return out.length ? out.join(', ') : 'no passages';
}

/** Fields the page does not know yet (a newer server): shown as they are. */
function extras(s) {
  var name = function (x) { return x && typeof x === 'object' ? (x.outlet || x.title || x.id || '') : String(x); };
  return Object.keys(s).filter(function (k) { return !KNOWN[k] && s[k] !== undefined && s[k] !== null; }).map(function (k) {
    var x = s[k];
    return k + ': ' + (Array.isArray(x) ? x.map(name).join(', ') : name(x));
  }).join(' · ');
}

function highlight(box, text, spans) {
  box.textContent = '';
  var at = 0, marks = [];
  spans.slice().sort(function (x, y) { return x.start - y.start || y.end - x.end; }).forEach(function (s) {
    var start = Math.max(s.start, at), end = Math.min(s.end, text.length);
    if (end <= start) return;
    if (start > at) box.appendChild(document.createTextNode(text.slice(at, start)));
    var m = el('mark', kindOf(s.p), text.slice(start, end));
    m.dataset.i = String(s.i); m.tabIndex = 0;
    m.title = kindOf(s.p) + ', ' + (s.p.tokens || '?') + ' words, ' + pct(s.p.similarity) + ' alike';
    m.setAttribute('aria-label', 'passage ' + (s.i + 1) + ': ' + m.title);
    box.appendChild(m); marks.push(m);
    at = end;
  });
  if (at < text.length) box.appendChild(document.createTextNode(text.slice(at)));
  return marks;
}

function select(i) {
  var sources = list(state.report.sources), s = sources[i];
  if (!s) return;
  state.selected = i;
  Array.prototype.forEach.call($('sources').querySelectorAll('button'), function (b) { b.setAttribute('aria-pressed', b.dataset.i === String(i) ? 'true' : 'false'); });
  var ps = list(s.passages);
  state.marks = highlight($('text-draft'), state.text, ps.map(function (p, k) { return { start: p.a.start, end: p.a.end, p: p, i: k }; }));
  state.cursor = -1;
  if (state.marks.length) reveal(state.marks[0]);
  var head = $('source-head'); head.textContent = 'Source: ' + (s.outlet ? s.outlet + ' — ' : '') + (s.title || s.id) + ' ';
  if (typeof s.url === 'string' && /^https?:\\/\\//i.test(s.url)) { var a = el('a', '', 'open'); a.href = s.url; a.target = '_blank'; a.rel = 'noopener noreferrer'; head.appendChild(a); }
  var doc = state.docs.get(s.id);
  if (doc) return showSource(s, doc.text);
  showExcerpts(s);
  fetch('/api/documents/' + encodeURIComponent(s.id), { headers: { authorization: 'Bearer ' + getToken() } })
    .then(function (res) { return res.ok ? res.json() : null; })
    .then(function (d) { if (d && typeof d.text === 'string') { state.docs.set(s.id, d); if (state.selected === i) showSource(s, d.text); } })
    .catch(function () { /* the excerpts stay */ });
}

function showSource(s, text) {
  var marks = highlight($('text-source'), text, list(s.passages).map(function (p, k) { return { start: p.b.start, end: p.b.end, p: p, i: k }; }));
  $('text-source').dataset.full = '1';
  if (marks.length) reveal(marks[0]);
}

/** Scrolls a mark's pane (only the pane, not the page) so that the mark is in view. */
function reveal(m) {
  var box = m.parentNode;
  if (m.offsetTop < box.scrollTop || m.offsetTop + m.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, m.offsetTop - 16);
}

function showExcerpts(s) {
  var box = $('text-source'); box.textContent = ''; box.dataset.full = '0';
  list(s.passages).forEach(function (p, k) {
    var m = el('mark', kindOf(p), p.sourceText || ''); m.dataset.i = String(k); m.tabIndex = 0;
    box.appendChild(m); box.appendChild(document.createTextNode('\\n\\n'));
  });
}

function activate(i, from) {
  Array.prototype.forEach.call(document.querySelectorAll('mark.active'), function (m) { m.classList.remove('active'); });
  var pair = document.querySelectorAll('#compare mark[data-i="' + i + '"]');
  Array.prototype.forEach.call(pair, function (m) { m.classList.add('active'); reveal(m); });
}

$('compare').addEventListener('click', function (e) { var m = e.target.closest && e.target.closest('mark[data-i]'); if (m) activate(m.dataset.i, m); });
$('compare').addEventListener('keydown', function (e) {
  var m = e.target.closest && e.target.closest('mark[data-i]');
  if (m && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); activate(m.dataset.i, m); }
});
document.addEventListener('keydown', function (e) {
  var t = e.target, typing = t && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT');
  if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); check(); return; }
  if (typing || e.ctrlKey || e.metaKey || e.altKey || !state.marks.length) return;
  if (e.key !== 'n' && e.key !== 'p') return;
  state.cursor = (state.cursor + (e.key === 'n' ? 1 : -1) + state.marks.length) % state.marks.length;
  var m = state.marks[state.cursor]; m.focus(); activate(m.dataset.i, m);
});
$('draft-form').addEventListener('submit', function (e) { e.preventDefault(); check(); });
$('draft').addEventListener('paste', function () { setTimeout(check, 0); });
// typing, cutting, dropping or editing the title, outlet or credits: the verdict on screen may no longer be the draft's
$('draft-form').addEventListener('input', updateStale);
$('file').addEventListener('change', function () {
  var f = this.files && this.files[0];
  if (!f) return;
  f.text().then(function (t) {
    if (/\\.html?$/i.test(f.name) || f.type === 'text/html') {
      var d = new DOMParser().parseFromString(t, 'text/html');
      Array.prototype.forEach.call(d.querySelectorAll('script, style, nav, footer, header, aside'), function (n) { n.remove(); });
      var root = d.querySelector('article') || d.querySelector('main') || d.body;
      t = (root ? root.textContent : '').replace(/\\n\\s*\\n\\s*\\n+/g, '\\n\\n').trim();
    }
    $('draft').value = t;
    if (!$('title').value) $('title').value = f.name.replace(/\\.[^.]+$/, '');
    check();
  }, function () { status('That file cannot be read as text.', true); });
});
if (!getToken()) askToken();
document.body.dataset.ready = '1';
})();
`;
