import { WiretraceError } from '../errors.js';
import { GRAPH_FORMAT_VERSION, isUncreditedReuse, type GraphEdge, type GraphNode, type ProvenanceGraph, type ReuseEdge } from '../provenance/graph.js';

/**
 * The graph as a JSON string: `{ format: 'wiretrace-graph', version: 1, nodes, edges, families,
 * droppedEdges }`. Stable key order, so the same graph always gives the same bytes.
 */
export function toJSON(graph: ProvenanceGraph, indent = 2): string {
  return JSON.stringify(graph, null, indent);
}

/** Parses and checks a serialised graph; an unknown format or version is refused. */
export function fromJSON(json: string): ProvenanceGraph {
  let g: unknown;
  try {
    g = JSON.parse(json);
  } catch (e) {
    throw new WiretraceError('E_INPUT', 'fromJSON', `not JSON: ${(e as Error).message}`);
  }
  const o = g as Partial<ProvenanceGraph> | null;
  if (!o || o.format !== 'wiretrace-graph') throw new WiretraceError('E_INPUT', 'fromJSON', 'not a wiretrace graph (format is not "wiretrace-graph")');
  if (o.version !== GRAPH_FORMAT_VERSION) throw new WiretraceError('E_VERSION', 'fromJSON', `unknown graph version ${String(o.version)} (this build reads ${GRAPH_FORMAT_VERSION})`);
  if (!Array.isArray(o.nodes) || !Array.isArray(o.edges) || !Array.isArray(o.families)) throw new WiretraceError('E_INPUT', 'fromJSON', 'nodes, edges and families must be arrays');
  return o as ProvenanceGraph;
}

function edgeLabel(e: GraphEdge): string {
  if (e.type === 'cites') return `cites (${e.cues.join(', ')})`;
  if (e.type === 'siblings') return 'siblings';
  const pct = `${Math.round(e.containment * 100)}%`;
  if (e.type === 'duplicates') return `duplicate ${pct}${e.credited ? ', credited' : ', uncredited'}`;
  if (e.type === 'version') return `version ${pct}`;
  if (e.type === 'quotes') return `quotes ${pct}`;
  if (e.type === 'same-outlet') return `same outlet ${pct}`;
  return `${e.verdict} ${pct}${e.credited ? ', credited' : ', uncredited'}`;
}

function nodeLabel(n: GraphNode): string {
  if (n.type === 'source' || n.type === 'latent') return n.label;
  const bits = [n.label];
  if (n.outlet) bits.push(n.outlet);
  if (n.publishedAt) bits.push(n.publishedAt.slice(0, 10));
  return bits.join('\n');
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** Graphviz DOT: documents as boxes, sources as ellipses, uncredited reuse in red. */
export function toDot(graph: ProvenanceGraph): string {
  const lines = ['digraph wiretrace {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const n of graph.nodes) {
    const shape =
      n.type === 'source'
        ? 'ellipse, style=filled, fillcolor="#eef3ff"'
        : n.type === 'latent'
          ? 'ellipse, style="dashed,filled", fillcolor="#f4f4f4"'
          : n.kind === 'wire' || n.kind === 'official'
            ? 'box, style="rounded,filled", fillcolor="#fff4d6"'
            : 'box, style=rounded';
    lines.push(`  ${dotString(n.id)} [label=${dotString(nodeLabel(n))}, shape=${shape}];`);
  }
  for (const e of graph.edges) {
    const style =
      e.type === 'cites'
        ? 'style=dashed, color="#7a8aa8"'
        : e.type === 'siblings'
          ? 'dir=none, style=dashed, color="#999999"'
          : e.type === 'duplicates' && e.credited
            ? 'color="#555555", penwidth=2'
            : e.type === 'version' || e.type === 'same-outlet' || e.type === 'quotes'
              ? 'style=dotted'
              : (e as ReuseEdge).credited
                ? 'color="#2b7a2b"'
                : 'color="#c0392b", penwidth=2';
    lines.push(`  ${dotString(e.source)} -> ${dotString(e.target)} [label=${dotString(edgeLabel(e))}, ${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid flowchart. Ids are re-keyed (n0, n1…) because Mermaid ids cannot hold arbitrary text. */
export function toMermaid(graph: ProvenanceGraph): string {
  const key = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const esc = (s: string): string =>
    s
      .replace(/"/g, '#quot;')
      .replace(/</g, '#lt;')
      .replace(/>/g, '#gt;')
      .replace(/\r?\n/g, '<br/>')
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    const k = key.get(n.id)!;
    lines.push(n.type === 'source' || n.type === 'latent' ? `  ${k}(["${esc(nodeLabel(n))}"])` : `  ${k}["${esc(nodeLabel(n))}"]`);
  }
  graph.edges.forEach((e) => {
    const arrow = e.type === 'cites' ? '-.->' : e.type === 'siblings' ? '---' : e.type === 'duplicates' ? '==>' : '-->';
    lines.push(`  ${key.get(e.source)} ${arrow}|"${esc(edgeLabel(e))}"| ${key.get(e.target)}`);
  });
  const uncredited = graph.edges.map((e, i) => (isUncreditedReuse(e) ? i : -1)).filter((i) => i >= 0);
  if (uncredited.length > 0) lines.push(`  linkStyle ${uncredited.join(',')} stroke:#c0392b,stroke-width:2px`);
  return `${lines.join('\n')}\n`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/**
 * A node id as GraphML can hold it. XML 1.0 cannot carry most control characters, even as
 * character references, so they are written as `\xNN` and a backslash as `\\`: ids that
 * differ only in control characters stay distinct.
 */
function xmlId(id: string): string {
  return xml(id.replace(/[\\\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)));
}

/** GraphML (opens in Gephi, yEd, Cytoscape): typed attribute keys for nodes and edges. */
export function toGraphML(graph: ProvenanceGraph): string {
  const nodeKeys: [string, string][] = [
    ['type', 'string'],
    ['label', 'string'],
    ['outlet', 'string'],
    ['publishedAt', 'string'],
    ['kind', 'string'],
    ['family', 'int'],
    ['origin', 'string'],
  ];
  const edgeKeys: [string, string][] = [
    ['etype', 'string'],
    ['containment', 'double'],
    ['sharedTokens', 'int'],
    ['verbatimShare', 'double'],
    ['verdict', 'string'],
    ['credited', 'boolean'],
    ['confidence', 'string'],
    ['cues', 'string'],
  ];
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [k, t] of nodeKeys) out.push(`  <key id="n_${k}" for="node" attr.name="${k}" attr.type="${t}"/>`);
  for (const [k, t] of edgeKeys) out.push(`  <key id="e_${k}" for="edge" attr.name="${k === 'etype' ? 'type' : k}" attr.type="${t}"/>`);
  out.push('  <graph id="wiretrace" edgedefault="directed">');
  for (const n of graph.nodes) {
    out.push(`    <node id="${xmlId(n.id)}">`);
    const vals: Record<string, string | number | undefined> =
      n.type === 'source'
        ? { type: 'source', label: n.label, kind: n.sourceKind }
        : n.type === 'latent'
          ? { type: 'latent', label: n.label, family: n.family, origin: n.hint }
          : { type: 'document', label: n.label, outlet: n.outlet, publishedAt: n.publishedAt, kind: n.kind, family: n.family, origin: n.origin?.node };
    for (const [k] of nodeKeys) if (vals[k] !== undefined) out.push(`      <data key="n_${k}">${xml(String(vals[k]))}</data>`);
    out.push('    </node>');
  }
  graph.edges.forEach((e, i) => {
    out.push(`    <edge id="e${i}" source="${xmlId(e.source)}" target="${xmlId(e.target)}">`);
    const vals: Record<string, string | number | boolean | undefined> =
      e.type === 'cites'
        ? { etype: 'cites', cues: e.cues.join(' ') }
        : e.type === 'siblings'
          ? { etype: 'siblings', sharedTokens: e.sharedTokens, cues: `via ${e.via}` }
          : { etype: e.type, containment: e.containment, sharedTokens: e.sharedTokens, verbatimShare: e.verbatimShare, verdict: e.verdict, credited: e.credited, confidence: e.direction.confidence };
    for (const [k] of edgeKeys) if (vals[k] !== undefined) out.push(`      <data key="e_${k}">${xml(String(vals[k]))}</data>`);
    out.push('    </edge>');
  });
  out.push('  </graph>', '</graphml>');
  return `${out.join('\n')}\n`;
}
