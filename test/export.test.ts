import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, checkDraft, CorpusIndex, fromJSON, isUncreditedReuse, renderHtmlReport, toDot, toGraphML, toJSON, toMermaid, type ReuseEdge } from '../src/index.js';
import { formatSummary } from '../src/cli/summary.js';
import { paragraphs, seedDocs } from './helpers.js';

const hostile = 'Evil "outlet" <script>alert(1)</script> & \\ back\nslash';
const docs = [
  ...seedDocs(),
  { id: 'x"<&>\'', text: seedDocs()[3]!.text, title: hostile, outlet: hostile },
];
const a = analyze(docs);

describe('toJSON / fromJSON', () => {
  it('round-trips and is versioned', () => {
    const json = toJSON(a.graph);
    expect(fromJSON(json)).toEqual(a.graph);
    expect(JSON.parse(json)).toMatchObject({ format: 'wiretrace-graph', version: 1 });
    expect(() => fromJSON(json.replace('"version": 1', '"version": 99'))).toThrow(expect.objectContaining({ code: 'E_VERSION' }));
    expect(() => fromJSON('{')).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
    expect(() => fromJSON('{"format":"other"}')).toThrow(expect.objectContaining({ code: 'E_INPUT' }));
  });
});

describe('toDot', () => {
  const dot = toDot(a.graph);
  it('escapes names and labels', () => {
    expect(dot).toContain('"x\\"<&>\'"');
    expect(dot).toContain('Evil \\"outlet\\"');
    expect(dot).not.toMatch(/[^\\]"outlet"/);
    expect(dot.split('\n').filter((l) => l.includes('->')).length).toBe(a.graph.edges.length);
  });
  it('parses with Graphviz when it is installed', () => {
    const has = spawnSync('dot', ['-V']).status === 0;
    if (has) expect(execFileSync('dot', ['-Tsvg'], { input: dot }).toString()).toContain('<svg');
    // without Graphviz: balanced quotes on every line is the structural check
    for (const line of dot.split('\n')) expect((line.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g) ?? []).length % 2).toBe(0);
  });
});

describe('toMermaid', () => {
  it('keys nodes safely and escapes labels', () => {
    const m = toMermaid(a.graph);
    expect(m.startsWith('flowchart LR\n')).toBe(true);
    expect(m).not.toContain('<script>');
    expect(m).toContain('#lt;script#gt;');
    expect(m).not.toMatch(/\["[^"\n]*"[^\]\n]*"\]/); // no raw quote inside a label
  });
});

describe('toGraphML', () => {
  const g = toGraphML(a.graph);

  it('is well-formed XML that parses back to the same nodes, edges and labels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-graphml-'));
    const file = join(dir, 'g.graphml');
    writeFileSync(file, g);
    if (spawnSync('xmllint', ['--version']).status === 0) {
      const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
    // our own strict reading: tags balance, attributes are quoted, entities are known
    const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    expect(g).not.toMatch(/&(?!(?:lt|gt|amp|quot|apos);)/);
    const stack: string[] = [];
    for (const m of g.matchAll(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g)) {
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else if (!m[4]) stack.push(m[2]!);
      for (const attr of m[3]!.matchAll(/\s([\w:]+)=("[^"]*"|'[^']*'|[^\s]+)/g)) expect(attr[2]!.startsWith('"')).toBe(true);
    }
    expect(stack).toEqual([]);
    const nodeIds = [...g.matchAll(/<node id="([^"]*)">/g)].map((m) => unescape(m[1]!));
    expect(nodeIds).toEqual(a.graph.nodes.map((n) => n.id));
    expect([...g.matchAll(/<edge /g)].length).toBe(a.graph.edges.length);
    expect(g).toContain(`<data key="n_label">${hostile.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</data>`);
  });
});

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(a, { title: hostile });

  it('has one script that runs (the viewer, allowed by its hash) and data blocks that cannot', () => {
    const tags = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(tags.filter((t) => t === '')).toHaveLength(1);
    for (const t of tags.filter((x) => x !== '')) expect(t).toMatch(/^ type="application\/(json|x-wiretrace-chunk|x-wiretrace-end)" id="wt-[\w-]+"$/);
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('never shows a hostile id, title or outlet raw: escaped in the page, \u003c-escaped in the data', () => {
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('x"<&>');
    expect(html).toContain('<title>Evil &quot;outlet&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; \\ back\nslash</title>');
    const data = /<script type="application\/json" id="wt-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(data).docs.map((d: unknown[]) => d[0])).toContain('x"<&>\'');
  });

  it('is deterministic', () => {
    expect(renderHtmlReport(a, { title: hostile })).toBe(html);
  });
});

describe('an uncredited duplicate', () => {
  // a copy of a story with one word added and no credit: a duplicate edge, and uncredited reuse
  const story = { text: paragraphs(42, 3).join('\n\n') };
  const docs = [
    { id: 'a', text: story.text },
    { id: 'b', text: story.text.replace(/\.\s/, '. Indeed, ') },
  ];
  const a = analyze(docs);
  const dup = a.graph.edges.find((e) => e.type === 'duplicates');

  it('is counted and drawn as uncredited reuse in every rendering', () => {
    expect(dup).toBeDefined();
    expect(isUncreditedReuse(dup!)).toBe(true);
    expect(toDot(a.graph)).toMatch(/duplicate 100%, uncredited", color="#c0392b"/);
    expect(toMermaid(a.graph)).toMatch(/linkStyle \d+ stroke:#c0392b/);
    expect(renderHtmlReport(a)).toContain('1 reuse edge (1 uncredited)');
    expect(formatSummary(a)).toMatch(/(^|, )1 reuse edge \(1 uncredited\)/m);
    expect(formatSummary(a)).toMatch(/duplicate, 100% of the derived text \(\d+ words\), UNCREDITED/);
  });

  it('is not uncredited once the copy credits its source', () => {
    const credited = analyze([
      { id: 'a', text: story.text, outlet: 'Yonhap' },
      { id: 'b', text: `${story.text.replace(/\.\s/, '. Indeed, ')}\n\nYonhap reported it.` },
    ]);
    const e = credited.graph.edges.find((x) => x.type === 'duplicates');
    expect(e).toBeDefined();
    expect(isUncreditedReuse(e!)).toBe(false);
    expect(formatSummary(credited)).toContain('(0 uncredited)');
  });
});

describe('a reprint of an agency item', () => {
  const body = paragraphs(91, 2).join('\n\n');
  const item = `SEOUL, Feb. 20 (Yonhap) -- ${body}`;
  const daily = { id: 'daily', outlet: 'Daily Planet', publishedAt: '2024-02-20T08:00:00Z', text: item };

  it('is credited when it credits the agency whose copy its source carries, not only the outlet of its source', () => {
    for (const herald of [item, `${body}\n\nYonhap News Agency reported it.`]) {
      const a = analyze([daily, { id: 'herald', outlet: 'Herald', publishedAt: '2024-02-20T10:00:00Z', text: herald }]);
      // both run Yonhap's copy, so both hang off Yonhap's unseen item (sourcing reads them as two
      // copies of it): the edge into the reprint, from the daily or from that item, is credited
      const into = a.graph.edges.filter((x): x is ReuseEdge => (x.type === 'duplicates' || x.type === 'reuses') && x.target === 'herald');
      expect(into.length, herald.slice(0, 20)).toBeGreaterThan(0);
      expect(into.every((e) => e.credited), herald.slice(0, 20)).toBe(true);
      expect(formatSummary(a)).toContain('(0 uncredited)');
    }
    // without a credit the reprint is uncredited: the daily's dateline says its words are Yonhap's, so
    // both hang off Yonhap's unseen item (session 20), the daily credited, the reprint not
    const bare = analyze([daily, { id: 'herald', outlet: 'Herald', publishedAt: '2024-02-20T10:00:00Z', text: body }]);
    const intoBare = bare.graph.edges.filter((x): x is ReuseEdge => (x.type === 'duplicates' || x.type === 'reuses') && x.target === 'herald');
    expect(intoBare.map((e) => [e.source.startsWith('latent:'), e.credited])).toEqual([[true, false]]);
    expect(formatSummary(bare)).toContain('(1 uncredited)');
  });

  it('passes the gate when the draft credits the agency the indexed reprint carries', () => {
    const index = new CorpusIndex();
    index.add([daily]);
    expect(checkDraft(`${body}\n\nYonhap News Agency reported it.`, index).uncreditedShare).toBe(0);
    expect(checkDraft(body, index, { credits: ['Yonhap'] }).uncreditedShare).toBe(0);
    expect(checkDraft(body, index).uncreditedShare).toBeGreaterThan(0.9);
  });
});

describe('the HTML report and the CLI summary', () => {
  it('count the same reuse edges: an outlet reusing its own copy is a relation, not reuse', () => {
    const [p1, p2, p3] = paragraphs(61, 3);
    const a = analyze([
      { id: 'first', outlet: 'Daily Planet', publishedAt: '2024-03-01T08:00:00Z', text: `${p1}\n\n${p2}` },
      { id: 'follow', outlet: 'Daily Planet', publishedAt: '2024-03-02T08:00:00Z', text: `${p3}\n\n${p2}` },
    ]);
    expect(a.graph.edges.some((e) => e.type === 'same-outlet')).toBe(true);
    const count = (text: string): string => /(\d+) reuse edges? \((\d+) uncredited\)/.exec(text)!.slice(1).join('/');
    expect(count(renderHtmlReport(a))).toBe(count(formatSummary(a)));
    expect(count(formatSummary(a))).toBe('0/0');
  });
});
