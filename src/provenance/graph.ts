import type { Attribution } from '../attribution/extract.js';
import type { Gazetteer, SourceEntry } from '../attribution/gazetteer.js';
import type { Passage } from '../compare/align.js';
import type { Doc } from '../doc.js';

/** Version of the serialised graph format (`toJSON`/`fromJSON`). */
export const GRAPH_FORMAT_VERSION = 1;

export type Confidence = 'high' | 'medium' | 'low' | 'none';
export type DirectionBasis = 'date' | 'credit' | 'wire' | 'containment' | 'none';
export type Verdict = 'wholly' | 'partially' | 'non';

export interface DocumentNode {
  id: string;
  type: 'document';
  label: string;
  outlet?: string;
  publishedAt?: string;
  kind?: 'wire' | 'article';
  url?: string;
  tokens: number;
  /** What this document most likely rewrote: an in-corpus parent, else the wire or state agency it credits. */
  origin?: { node: string; basis: 'reuse' | 'credit'; confidence: Confidence };
  /** Story family index (see `families`). */
  family: number;
}

export interface SourceNode {
  /** `source:<canonical id>`, or `source:generic:<text>` for an unresolved source. */
  id: string;
  type: 'source';
  label: string;
  sourceKind?: SourceEntry['kind'];
}

export type GraphNode = DocumentNode | SourceNode;

export interface ReuseEdge {
  type: 'reuses' | 'duplicates' | 'version';
  /** The earlier / original document. */
  source: string;
  /** The derived document. */
  target: string;
  /** Share of the target's words inside counted passages. */
  containment: number;
  /** Share of the source's words inside counted passages. */
  sourceCoverage: number;
  /** Words of the target inside counted passages. */
  sharedTokens: number;
  passages: number;
  /** Share of those words matched word for word (the rest are edits inside rewritten passages). */
  verbatimShare: number;
  /** METER-style verdict for the target. */
  verdict: Verdict;
  /** Whether the target credits the source's outlet. */
  credited: boolean;
  direction: { basis: DirectionBasis; confidence: Confidence };
}

export interface CiteEdge {
  type: 'cites';
  source: string; // document id
  target: string; // source node id
  cues: string[];
  count: number;
}

export type GraphEdge = ReuseEdge | CiteEdge;

export interface Family {
  id: number;
  members: string[];
  /** Likely original: a document id or a source node id. */
  original: string;
}

export interface ProvenanceGraph {
  format: 'wiretrace-graph';
  version: typeof GRAPH_FORMAT_VERSION;
  nodes: GraphNode[];
  edges: GraphEdge[];
  families: Family[];
  /** Reuse edges removed because an intermediate copy explains them, with that copy. */
  droppedEdges: (ReuseEdge & { explainedBy: string })[];
}

/** A verified, aligned pair, as `analyze` reports it (a and b in input order). */
export interface PairAnalysis {
  a: string;
  b: string;
  jaccard: number;
  containment: { aInB: number; bInA: number };
  passages: Passage[];
  /** Share of each text covered by counted passages (quotes and common passages excluded). */
  coverage: { a: number; b: number };
  /** Counted words of each text inside passages. */
  coveredTokens: { a: number; b: number };
  verbatimShare: number;
}

export interface GraphInput {
  docs: readonly Doc[];
  tokens: ReadonlyMap<string, number>;
  pairs: readonly PairAnalysis[];
  attributions: ReadonlyMap<string, readonly Attribution[]>;
  gazetteer: Gazetteer;
  verdict: { wholly: number; partially: number };
  duplicateThreshold: number;
}

export function verdictFor(coverage: number, t: { wholly: number; partially: number }): Verdict {
  return coverage >= t.wholly ? 'wholly' : coverage >= t.partially ? 'partially' : 'non';
}

export function sourceNodeId(a: Attribution): string {
  // "the Kremlin" and "Kremlin" are one source: the leading article is not part of the name
  return a.canonical ? `source:${a.canonical}` : `source:generic:${a.source.toLowerCase().replace(/\s+/g, ' ').replace(/^the /, '')}`;
}
