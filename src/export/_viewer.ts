// The report's only script. It reads the embedded JSON and builds every piece of article text
// with DOM text nodes (never innerHTML), so nothing from a document can become markup. It
// draws one page of families and one page of each table at a time; the texts (the bulk of a
// large report) sit in compressed chunks after this script, each unpacked when a pair of its
// documents is first shown. Rows are arrays; see src/export/_report-data.ts for their columns.

const SETUP = String.raw`
  var data = JSON.parse(document.getElementById('wt-data').textContent);
  var D = data.docs.length;
  var SVG = 'http://www.w3.org/2000/svg';
  var FAMILIES_PER_PAGE = 20, ROWS_PER_PAGE = 100;
  // id-keyed lookups without a prototype: ids such as "__proto__" or "constructor" are plain keys
  var docs = Object.create(null);
  data.docs.forEach(function (d, i) { docs[d[0]] = i; });
  var texts = Object.create(null), attributionsOf = Object.create(null), passagesOf = Object.create(null);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function short(s, n) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }
  function nodeId(r) { return r < D ? data.docs[r][0] : data.nodes[r - D][0]; }
  function nodeLabel(r) { return r < D ? (data.docs[r][1] || data.docs[r][0]) : data.nodes[r - D][1]; }
  function docLabel(r) { var d = data.docs[r]; return (d[1] ? d[1] : d[0]) + (d[2] ? ' — ' + d[2] : ''); }
  function cell(tr, text, cls) { tr.appendChild(el('td', cls, text)); }
`;

// A pager over a list of row numbers: prev / next buttons and "page i of n", calling draw(rows) for the current page.
const PAGER = String.raw`
  function Pager(id, size, draw) {
    var root = document.getElementById(id);
    var prev = el('button', 'pg-prev', '‹ previous'), next = el('button', 'pg-next', 'next ›'), info = el('span', 'pg-info muted');
    prev.type = next.type = 'button';
    root.appendChild(prev); root.appendChild(info); root.appendChild(next);
    var self = { items: [], page: 0 };
    self.pages = function () { return Math.max(1, Math.ceil(self.items.length / size)); };
    self.show = function (p) {
      self.page = Math.max(0, Math.min(p, self.pages() - 1));
      prev.disabled = self.page === 0;
      next.disabled = self.page >= self.pages() - 1;
      info.textContent = ' page ' + (self.page + 1) + ' of ' + self.pages() + ' · ' + self.items.length + ' in all ';
      draw(self.items.slice(self.page * size, (self.page + 1) * size));
    };
    self.set = function (items) { self.items = items; self.show(0); };
    self.showItem = function (x) { var k = self.items.indexOf(x); if (k >= 0 && Math.floor(k / size) !== self.page) self.show(Math.floor(k / size)); };
    prev.addEventListener('click', function () { self.show(self.page - 1); });
    next.addEventListener('click', function () { self.show(self.page + 1); });
    return self;
  }
  function range(n) { var a = new Array(n); for (var i = 0; i < n; i++) a[i] = i; return a; }
`;

const GRAPH = String.raw`
  var EDGE_NAMES = { dup: 'duplicate', version: 'version', credited: 'credited', uncredited: 'uncredited', origin: 'origin' };
  function edgeTitle(f, k) {
    var s = f[6][k], t = f[6][k + 1], i = f[6][k + 3];
    if (i < 0) { var o = data.docs[t]; return o[0] + ' credits ' + nodeLabel(s) + ' (likely origin, ' + o[8] + ' confidence)'; }
    var e = data.edges[i];
    return nodeId(s) + ' → ' + nodeId(t) + ': ' + e[2] + ', ' + e[3] + ', ' + e[4] + '% of the target, ' + (e[6] ? 'credited' : e[2] === 'reuses' || e[2] === 'duplicates' ? 'uncredited' : 'not credited') + ' (direction by ' + e[7] + ', ' + e[8] + ' confidence)';
  }
  function nodeBox(r, x, y) {
    var src = r >= D, d = src ? null : data.docs[r];
    var sub = src ? data.nodes[r - D][2] : ([d[2], d[3] ? d[3].slice(0, 10) : ''].filter(Boolean).join(' · ') || d[0]);
    var cls = src ? 'node source' : d[4] === 'wire' || d[4] === 'official' ? 'node doc wire' : 'node doc';
    var g = sv('g', { 'class': cls, transform: 'translate(' + x + ',' + y + ')' });
    g.setAttribute('data-id', nodeId(r));
    g.appendChild(sv('rect', { width: 200, height: 38, rx: src ? 19 : 6 }));
    g.appendChild(sv('text', { x: 10, y: 16, 'class': 't1' }, short(nodeLabel(r), 30)));
    g.appendChild(sv('text', { x: 10, y: 31, 'class': 't2' }, short(sub, 34)));
    g.appendChild(sv('title', {}, nodeId(r)));
    return g;
  }
  function drawBand(svg, f, y0) {
    svg.appendChild(sv('rect', { 'class': 'family', x: 4, y: y0, width: f[3], height: f[4], rx: 8 }));
    svg.appendChild(sv('text', { 'class': 'family-label', x: 14, y: y0 + 16 }, 'story family ' + (f[0] + 1) + ' · ' + f[1] + ' document' + (f[1] === 1 ? '' : 's') + ' · likely original: ' + short(f[2], 60)));
    var at = Object.create(null), n = f[5], e = f[6], k;
    for (k = 0; k < n.length; k += 3) at[n[k]] = [4 + n[k + 1], y0 + n[k + 2]];
    for (k = 0; k < e.length; k += 4) {
      var a = at[e[k]], b = at[e[k + 1]];
      if (!a || !b) continue;
      var x1 = a[0] + 200, y1 = a[1] + 19, x2 = b[0], y2 = b[1] + 19, mx = (x1 + x2) / 2;
      var p = sv('path', { 'class': 'edge ' + e[k + 2], d: 'M' + x1 + ',' + y1 + ' C' + mx + ',' + y1 + ' ' + mx + ',' + y2 + ' ' + (x2 - 6) + ',' + y2, 'marker-end': 'url(#arrow)' });
      p.appendChild(sv('title', {}, edgeTitle(f, k)));
      svg.appendChild(p);
    }
    for (k = 0; k < n.length; k += 3) svg.appendChild(nodeBox(n[k], 4 + n[k + 1], y0 + n[k + 2]));
  }
  function drawFamilies(rows) {
    var card = document.getElementById('graph-card');
    clear(card);
    if (rows.length === 0) { card.appendChild(el('p', 'muted', data.families.length ? 'No story family matches the search.' : 'No document shares wording with another one: nothing to draw.')); return; }
    var width = 600, height = 20;
    rows.forEach(function (i) { width = Math.max(width, data.families[i][3] + 30); height += data.families[i][4] + 16; });
    var svg = sv('svg', { id: 'graph-svg', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'provenance graph' });
    var marker = sv('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.appendChild(sv('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#555' }));
    svg.appendChild(sv('defs', {})).appendChild(marker);
    var y0 = 20;
    rows.forEach(function (i) { drawBand(svg, data.families[i], y0); y0 += data.families[i][4] + 16; });
    card.appendChild(svg);
  }
`;

const TABLES = String.raw`
  function fillTable(id, rows, cols, empty, pairOfRow) {
    var body = document.getElementById(id);
    clear(body);
    if (rows.length === 0) { var tr = el('tr'); var td = el('td', 'muted', empty); td.colSpan = cols; tr.appendChild(td); body.appendChild(tr); }
    return body;
  }
  function drawEdges(rows) {
    var body = fillTable('edge-rows', rows, 7, 'No reuse edge to show.');
    rows.forEach(function (i) {
      var e = data.edges[i], tr = el('tr');
      if (e[9] >= 0) tr.setAttribute('data-pair', String(e[9]));
      cell(tr, e[0] < D ? nodeId(e[0]) : nodeLabel(e[0])); cell(tr, nodeId(e[1])); cell(tr, e[3]); cell(tr, e[4] + '%'); cell(tr, e[5] + '%');
      var td = el('td'); td.appendChild(e[2] === 'duplicates' && !e[6] ? el('span', 'badge unc', 'uncredited duplicate') : e[2] !== 'reuses' ? el('span', 'badge dup', e[2]) : e[6] ? el('span', 'badge cre', 'credited') : el('span', 'badge unc', 'uncredited'));
      tr.appendChild(td); cell(tr, e[7] + ' · ' + e[8]);
      body.appendChild(tr);
    });
  }
  var select = document.getElementById('pair-select');
  function drawPairs(rows) {
    var body = fillTable('pair-rows', rows, 6, 'No pair to show.');
    clear(select);
    rows.forEach(function (i) {
      var p = data.pairs[i], tr = el('tr');
      tr.setAttribute('data-pair', String(i));
      cell(tr, nodeId(p[0])); cell(tr, nodeId(p[1])); cell(tr, p[2]); cell(tr, String(p[3])); cell(tr, p[4] + '% / ' + p[5] + '%'); cell(tr, p[6] + ' (' + p[7] + ' counted)');
      body.appendChild(tr);
      var o = el('option', '', nodeId(p[0]) + ' ↔ ' + nodeId(p[1]) + ' (' + p[6] + ' passage' + (p[6] === 1 ? '' : 's') + ', ' + p[7] + ' counted)');
      o.value = String(i);
      select.appendChild(o);
    });
  }
  function drawDocs(rows) {
    var body = fillTable('doc-rows', rows, 7, 'No document matches.');
    rows.forEach(function (i) {
      var d = data.docs[i], tr = el('tr');
      cell(tr, d[0]); cell(tr, d[1] || ''); cell(tr, d[2] || ''); cell(tr, d[3] || '');
      var td = el('td');
      if (d[6] >= 0) { td.appendChild(document.createTextNode(nodeLabel(d[6]) + ' ')); td.appendChild(el('span', 'muted', '(' + d[7] + ', ' + d[8] + ')')); }
      else td.appendChild(el('span', 'muted', 'unknown'));
      tr.appendChild(td);
      cell(tr, d[9].map(nodeLabel).join(', '));
      if (d[5] >= 0) { var f = el('td'); var b = el('button', 'link', 'family ' + (data.families[d[5]][0] + 1)); b.type = 'button'; b.setAttribute('data-family', String(d[5])); f.appendChild(b); tr.appendChild(f); }
      else cell(tr, 'no reuse', 'muted');
      body.appendChild(tr);
    });
  }
`;

// Search by document id, title or outlet (case-insensitive substring), applied to every list.
const SEARCH = String.raw`
  var hay = null;
  function matches(q) {
    if (!hay) hay = data.docs.map(function (d) { return (d[0] + '\u0000' + (d[1] || '') + '\u0000' + (d[2] || '')).toLowerCase(); });
    var m = new Uint8Array(D);
    for (var i = 0; i < D; i++) if (hay[i].indexOf(q) >= 0) m[i] = 1;
    return m;
  }
  var pagers = {
    families: Pager('family-pager', FAMILIES_PER_PAGE, drawFamilies),
    edges: Pager('edge-pager', ROWS_PER_PAGE, drawEdges),
    pairs: Pager('pair-pager', ROWS_PER_PAGE, drawPairs),
    docs: Pager('doc-pager', ROWS_PER_PAGE, drawDocs),
  };
  var docFilter = document.getElementById('doc-filter');
  function applySearch(q) {
    q = q.trim().toLowerCase();
    // the query in force, for scripts and tests that wait for a search to be applied
    document.body.setAttribute('data-search', q);
    var m = q ? matches(q) : null;
    var hit = function (r) { return !m || (r < D && m[r] === 1); };
    var famHit = function (f) { var n = f[5]; for (var k = 0; k < n.length; k += 3) if (hit(n[k]) && n[k] < D) return true; return false; };
    var which = docFilter.value;
    pagers.families.set(range(data.families.length).filter(function (i) { return !m || famHit(data.families[i]); }));
    pagers.edges.set(range(data.edges.length).filter(function (i) { return hit(data.edges[i][0]) || hit(data.edges[i][1]); }));
    pagers.pairs.set(range(data.pairs.length).filter(function (i) { return hit(data.pairs[i][0]) || hit(data.pairs[i][1]); }));
    pagers.docs.set(range(D).filter(function (i) { var f = data.docs[i][5]; return hit(i) && (which === 'all' || (which === 'reuse') === (f >= 0)); }));
    document.getElementById('search-info').textContent = m ? countOf(m) + ' of ' + D + ' documents match' : '';
  }
  function countOf(m) { var c = 0; for (var i = 0; i < m.length; i++) c += m[i]; return c; }
  var search = document.getElementById('search'), timer = 0;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { applySearch(search.value); }, 150); });
  docFilter.addEventListener('change', function () { applySearch(search.value); });
`;

const PAIR_VIEW = String.raw`
  var left = document.getElementById('text-a'), right = document.getElementById('text-b');
  var headA = document.getElementById('head-a'), headB = document.getElementById('head-b'), info = document.getElementById('pair-info');
  var chunks = Object.create(null);
  // chunk k is whole once the parser has reached the element after it
  function chunkParsed(k) { return document.readyState !== 'loading' || !!document.getElementById('wt-c' + (k + 1)) || !!document.getElementById('wt-end'); }
  function unpack(k) {
    var bin = atob(document.getElementById('wt-c' + k).textContent), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (typeof DecompressionStream === 'undefined') throw new Error('this browser cannot unpack the texts (no DecompressionStream)');
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
  }
  function loadChunk(k) {
    if (!chunks[k]) chunks[k] = new Promise(function (resolve) {
      (function wait() { if (chunkParsed(k)) resolve(); else setTimeout(wait, 20); })();
    }).then(function () { return unpack(k); }).then(function (json) {
      var c = JSON.parse(json);
      c.texts.forEach(function (t) { texts[t[0]] = t[1]; attributionsOf[t[0]] = t[2]; });
      c.passages.forEach(function (p) { passagesOf[p[0]] = p[1]; });
    });
    return chunks[k];
  }
  // Splits a text at every span boundary and wraps each piece in the classes that cover it.
  function render(container, text, spans) {
    clear(container);
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s.start, s.end); });
    cuts = cuts.filter(function (c, i, a) { return a.indexOf(c) === i; }).sort(function (x, y) { return x - y; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var from = cuts[i], to = cuts[i + 1];
      if (to <= from) continue;
      var piece = text.slice(from, to);
      var covering = spans.filter(function (s) { return s.start <= from && s.end >= to; });
      if (covering.length === 0) { container.appendChild(document.createTextNode(piece)); continue; }
      var span = el('span', covering.map(function (s) { return s.cls; }).join(' '), piece);
      covering.forEach(function (s) { if (s.passage !== undefined) span.setAttribute('data-passage', String(s.passage)); if (s.title) span.title = s.title; });
      container.appendChild(span);
    }
  }
  function cueSpans(r) {
    var out = [];
    (attributionsOf[r] || []).forEach(function (a) {
      out.push({ start: a.start, end: a.end, cls: 'cue-source', title: 'credit: ' + a.name + ' (' + a.cue + ')' });
      if (a.cueEnd <= a.start || a.cueStart >= a.end) out.push({ start: a.cueStart, end: a.cueEnd, cls: 'cue' });
    });
    return out;
  }
  function showNow(i) {
    var p = data.pairs[i];
    pagers.pairs.showItem(i);
    select.value = String(i);
    headA.textContent = docLabel(p[0]);
    headB.textContent = docLabel(p[1]);
    var sa = cueSpans(p[0]), sb = cueSpans(p[1]), ps = passagesOf[i];
    ps.forEach(function (x, k) {
      var cls = 'passage ' + x[0] + (x[1] || x[0] === 'template' ? ' common' : '');
      var t = x[0] + (x[0] === 'template' ? ' (formula wording, not counted)' : '') + (x[1] ? ', common phrase (not counted)' : '') + ', similarity ' + x[2] + ', ' + x[3] + ' words';
      sa.push({ start: x[4], end: x[5], cls: cls, passage: k, title: t });
      sb.push({ start: x[6], end: x[7], cls: cls, passage: k, title: t });
    });
    render(left, texts[p[0]], sa);
    render(right, texts[p[1]], sb);
    info.textContent = 'Jaccard ' + p[3] + ' · ' + p[4] + '% of the left and ' + p[5] + '% of the right text in counted passages · ' + p[6] + ' passage(s)';
  }
  var showing = 0;
  // shows pair i once the chunks of its two documents are unpacked (a later choice wins)
  function show(i, then) {
    var p = data.pairs[i], ticket = ++showing;
    if (!p) { if (then) then(); return; }
    Promise.all([loadChunk(data.docs[p[0]][10]), loadChunk(data.docs[p[1]][10])]).then(function () {
      if (ticket === showing) showNow(i);
    }, function (e) { info.textContent = 'Cannot show this pair: ' + e.message; }).then(function () { if (then) then(); });
  }
`;

const EVENTS = String.raw`
  select.addEventListener('change', function () { show(Number(select.value)); });
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var fb = t.closest('[data-family]');
    if (fb) { var k = Number(fb.getAttribute('data-family')); search.value = ''; applySearch(''); pagers.families.showItem(k); document.getElementById('graph').scrollIntoView(); return; }
    var row = t.closest('[data-pair]');
    if (row) { show(Number(row.getAttribute('data-pair'))); document.getElementById('pairs').scrollIntoView(); return; }
    var ps = t.closest('[data-passage]');
    if (ps) {
      var k2 = ps.getAttribute('data-passage');
      document.querySelectorAll('.flash').forEach(function (e) { e.classList.remove('flash'); });
      document.querySelectorAll('[data-passage="' + k2 + '"]').forEach(function (e) { e.classList.add('flash'); });
      var other = (ps.parentElement === left ? right : left).querySelector('[data-passage="' + k2 + '"]');
      if (other) other.scrollIntoView({ block: 'center' });
    }
  });
  applySearch('');
  document.body.setAttribute('data-drawn', '1');
  show(data.best, function () { document.body.setAttribute('data-ready', '1'); });
`;

export const VIEWER_JS = `(function () {\n  'use strict';${SETUP}${PAGER}${GRAPH}${TABLES}${SEARCH}${PAIR_VIEW}${EVENTS}})();`;
