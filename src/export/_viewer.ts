// The report's only script. It reads the embedded JSON and builds every piece of article text
// with DOM text nodes (never innerHTML), so nothing from a document can become markup.
export const VIEWER_JS = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('wt-data').textContent);
  // id-keyed lookups without a prototype: ids such as "__proto__" or "constructor" are plain keys
  var docs = Object.create(null);
  data.documents.forEach(function (d) { docs[d.id] = d; });
  var attributionsOf = Object.create(null);
  Object.keys(data.attributions).forEach(function (id) { attributionsOf[id] = data.attributions[id]; });
  var select = document.getElementById('pair-select');
  var left = document.getElementById('text-a');
  var right = document.getElementById('text-b');
  var headA = document.getElementById('head-a');
  var headB = document.getElementById('head-b');
  var info = document.getElementById('pair-info');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function label(id) {
    var d = docs[id];
    return (d.title ? d.title : id) + (d.outlet ? ' — ' + d.outlet : '');
  }

  data.pairs.forEach(function (p, i) {
    var o = document.createElement('option');
    o.value = String(i);
    var counted = p.passages.filter(function (x) { return x.kind !== 'quote' && x.kind !== 'template' && !x.common; }).length;
    o.textContent = p.a + ' ↔ ' + p.b + ' (' + p.passages.length + ' passage' + (p.passages.length === 1 ? '' : 's') + ', ' + counted + ' counted)';
    select.appendChild(o);
  });

  // Splits a text at every span boundary and wraps each piece in the classes that cover it.
  function render(container, text, spans) {
    while (container.firstChild) container.removeChild(container.firstChild);
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

  function cueSpans(id) {
    var out = [];
    (attributionsOf[id] || []).forEach(function (a) {
      out.push({ start: a.start, end: a.end, cls: 'cue-source', title: 'credit: ' + a.name + ' (' + a.cue + ')' });
      if (a.cueEnd <= a.start || a.cueStart >= a.end) out.push({ start: a.cueStart, end: a.cueEnd, cls: 'cue' });
    });
    return out;
  }

  function show(i) {
    var p = data.pairs[i];
    if (!p) return;
    select.value = String(i);
    var A = docs[p.a], B = docs[p.b];
    headA.textContent = label(p.a);
    headB.textContent = label(p.b);
    var sa = cueSpans(p.a), sb = cueSpans(p.b);
    p.passages.forEach(function (x, k) {
      var cls = 'passage ' + x.kind + (x.common || x.kind === 'template' ? ' common' : '');
      var t = x.kind + (x.kind === 'template' ? ' (formula wording, not counted)' : '') + (x.common ? ', common phrase (not counted)' : '') + ', similarity ' + x.similarity + ', ' + x.tokens + ' words';
      sa.push({ start: x.a.start, end: x.a.end, cls: cls, passage: k, title: t });
      sb.push({ start: x.b.start, end: x.b.end, cls: cls, passage: k, title: t });
    });
    render(left, A.text, sa);
    render(right, B.text, sb);
    info.textContent = 'Jaccard ' + p.jaccard + ' · ' + Math.round(p.coverage.a * 100) + '% of the left and ' + Math.round(p.coverage.b * 100) + '% of the right text in counted passages · ' + p.passages.length + ' passage(s)';
  }

  select.addEventListener('change', function () { show(Number(select.value)); });
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) return;
    var row = t.closest('[data-pair]');
    if (row) { show(Number(row.getAttribute('data-pair'))); document.getElementById('pairs').scrollIntoView(); return; }
    var ps = t.closest('[data-passage]');
    if (ps) {
      var k = ps.getAttribute('data-passage');
      document.querySelectorAll('.flash').forEach(function (e) { e.classList.remove('flash'); });
      document.querySelectorAll('[data-passage="' + k + '"]').forEach(function (e) { e.classList.add('flash'); });
      var other = (ps.parentElement === left ? right : left).querySelector('[data-passage="' + k + '"]');
      if (other) other.scrollIntoView({ block: 'center' });
    }
  });
  var best = 0, bestScore = -1;
  data.pairs.forEach(function (p, i) { var s = p.coverage.a + p.coverage.b + p.passages.length * 1e-3; if (s > bestScore) { bestScore = s; best = i; } });
  if (data.pairs.length > 0) show(best);
  document.body.setAttribute('data-ready', '1');
})();`;
