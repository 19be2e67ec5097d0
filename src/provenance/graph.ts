import type { Attribution } from '../attribution/extract.js';
import type { Gazetteer, SourceEntry } from '../attribution/gazetteer.js';
import type { Passage } from '../compare/align.js';
import type { TripleEvidence } from '../compare/closeness.js';
import type { Doc } from '../doc.js';

/** Version of the serialised graph format (`toJSON`/`fromJSON`). */
export const GRAPH_FORMAT_VERSION = 1;

export type Confidence = 'high' | 'medium' | 'low' | 'none';
export type DirectionBasis = 'date' | 'title' | 'credit' | 'wire' | 'official' | 'lineage' | 'latent' | 'containment' | 'none';
export type Verdict = 'wholly' | 'partially' | 'non';

export interface DocumentNode {
  id: string;
  type: 'document';
  label: string;
  outlet?: string;
  publishedAt?: string;
  kind?: Doc['kind'];
  url?: string;
  tokens: number;
  /** What this document most likely rewrote: an in-corpus parent, else the wire or state agency it credits. */
  origin?: { node: string; basis: 'reuse' | 'latent' | 'credit'; confidence: Confidence };
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

/**
 * An unseen common source: documents that share passages none of them can be the origin of
 * (the wire story they all copied is not in the corpus) hang off one latent node.
 */
export interface LatentNode {
  /** `latent:<n>`, numbered in the order of the first member. */
  id: string;
  type: 'latent';
  /** "unseen source; probably AFP: credited or photo-credited by 3 of 4 members". */
  label: string;
  members: string[];
  /** The agency most members credit (a source node id), if any. */
  hint?: string;
  /** How many members credit the hinted agency. */
  hintVotes?: number;
  family: number;
}

export type GraphNode = DocumentNode | SourceNode | LatentNode;

/**
 * What one document took from another.
 * - `reuses`: the target took passages from the source (a document or a latent source);
 * - `duplicates`: the target is a copy of the source (Jaccard ≥ duplicateThreshold);
 * - `version`: two takes of one wire story (first take → update);
 * - `same-outlet`: an outlet reusing its own earlier copy (not counted as uncredited);
 * - `quotes`: the target quotes the source's own statement (an official release).
 */
export interface ReuseEdge {
  type: 'reuses' | 'duplicates' | 'version' | 'same-outlet' | 'quotes';
  /** The earlier / original document (or `latent:<n>`). */
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

/**
 * Uncredited reuse: a `reuses` or `duplicates` edge whose target credits no outlet of its source. A
 * duplicate is a copy whichever way it ran (its direction may be unknown), so an uncredited one is
 * uncredited reuse too; versions, quotes and an outlet's own copy never are.
 */
export function isUncreditedReuse(e: { type: string; credited?: boolean }): boolean {
  return (e.type === 'reuses' || e.type === 'duplicates') && e.credited === false;
}

/** The cues by which a text names whom a statement came from ("KCNA said", "according to KCNA"), not whose copy it runs. */
const SPEAKER_CUES: ReadonlySet<string> = new Set(['said', 'reported', 'reported-by', 'according-to', 'citing', 'quoted-by', 'told', 'news-agency']);

/**
 * Whether an attribution says where a text's copy came from. State media are mostly the speaker
 * of a story ("the Korean Central News Agency said"), which every copy of a wire story about
 * their statement repeats: such a mention says nothing of whose copy the text runs. A state
 * medium's dateline, copyright, credit line or byline does, as does any cue naming a wire agency.
 */
export function copyCredit(a: Pick<Attribution, 'sourceKind' | 'cue'>): boolean {
  return a.sourceKind !== 'state-media' || !SPEAKER_CUES.has(a.cue);
}

/**
 * The cues by which a text says whose copy it runs: a copyright line, "With AFP", "Reuters
 * contributed", a credit line ("Source: Yonhap", or "(Yonhap)" ending the text), a byline, a
 * sign-off (a dateline is read apart: isAgencyDateline).
 */
const COPY_CUES: ReadonlySet<string> = new Set(['copyright', 'with', 'contributed', 'credit', 'end-credit', 'byline', 'sign-off']);

/**
 * Whether an attribution of `text` names a wire agency as the source of the text's copy (COPY_CUES;
 * of the credit cues "Source: Yonhap", not a caption's "(Credits: UPI)" or "Photo: AFP", which
 * credit a picture).
 */
export function namesCopySource(a: Attribution, text: string): boolean {
  if (!a.canonical || a.sourceKind !== 'wire' || !COPY_CUES.has(a.cue)) return false;
  return a.cue !== 'credit' || /^\W*source\b/i.test(text.slice(a.cueStart, a.cueEnd));
}

/** The directed edges that are relations, not reuse, as the summaries name them (singular, plural). */
const RELATION_EDGES: readonly [string, string, string][] = [
  ['version', 'version edge', 'version edges'],
  ['quotes', 'quote edge', 'quote edges'],
  ['same-outlet', 'same-outlet edge', 'same-outlet edges'],
];

/** How many edges of each relation (versions, quotes, an outlet's own copy) a graph holds, those it holds, for the summaries beside the reuse count: "2 version edges". */
export function relationCounts(edges: readonly { type: string }[], plural: (n: number, one: string, many: string) => string): string[] {
  return RELATION_EDGES.map(([type, one, many]) => [edges.filter((e) => e.type === type).length, one, many] as const)
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => plural(n, one, many));
}

export interface CiteEdge {
  type: 'cites';
  source: string; // document id
  target: string; // source node id
  cues: string[];
  count: number;
}

/** Two documents that share wording because both copy a common source (`via`), not each other. Undirected. */
export interface SiblingEdge {
  type: 'siblings';
  source: string;
  target: string;
  /** The common source: a document id or a latent node id. */
  via: string;
  /** Words of the target inside passages the two share. */
  sharedTokens: number;
}

export type GraphEdge = ReuseEdge | SiblingEdge | CiteEdge;

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

/**
 * How a pair of documents that share wording relate, after sourcing:
 * `template`: only formula or stock wording is shared (counted nowhere);
 * `shared-quote`: both quote the same statement; `indirect`: one took the text through an
 * intermediate copy (see `droppedEdges`); the others as the edge kinds.
 */
export type PairRelation = 'reuses' | 'duplicates' | 'version' | 'same-outlet' | 'quotes' | 'siblings' | 'indirect' | 'template' | 'shared-quote';

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
  /**
   * How closely each text's counted passages match the other's wording: the share of a's word
   * 3-grams inside the passages that b also has (`aInB`), and the reverse. A copy matches the
   * document it copied more closely than it matches that document's other copies.
   */
  closeness?: { aInB: number; bInA: number };
  /** Counted passages quoted (inside quotation marks) in one text only: a's or b's. */
  quotedIn?: { a: number; b: number };
  /** Filled in by the provenance stage. */
  relation?: PairRelation;
}

export interface GraphInput {
  docs: readonly Doc[];
  tokens: ReadonlyMap<string, number>;
  pairs: readonly PairAnalysis[];
  attributions: ReadonlyMap<string, readonly Attribution[]>;
  gazetteer: Gazetteer;
  verdict: { wholly: number; partially: number };
  duplicateThreshold: number;
  /** Drop pairs of documents from one outlet. Default false (they are labelled `same-outlet`). */
  skipSameOutlet?: boolean;
  /**
   * Word-level evidence about two holders x and y of document t's reused stretches (what
   * `analyze` supplies from the texts): which of t's 3-grams each keeps, over what both hold.
   * Without it, sourcing works from pair closeness alone.
   */
  triple?: (t: string, x: string, y: string) => TripleEvidence | undefined;
  /**
   * Over the stretch a document shares with `other`: the share of its 3-grams that neither
   * `other` nor any other document sharing its passages has (its own edits; about zero for the
   * text the others copied).
   */
  privateShare?: (id: string, other: string) => { n: number; share: number } | undefined;
  /**
   * Over the stretch a document shares with `other` and with some third document: its 3-grams, and
   * how many of them `other` keeps while no other document sharing its passages does (edits of
   * `other`'s that the document carries, when it copied `other`).
   */
  keptOnly?: (id: string, other: string) => { n: number; kept: number } | undefined;
}

export function verdictFor(coverage: number, t: { wholly: number; partially: number }): Verdict {
  return coverage >= t.wholly ? 'wholly' : coverage >= t.partially ? 'partially' : 'non';
}

export function sourceNodeId(a: Attribution): string {
  // "the Kremlin" and "Kremlin" are one source: the leading article is not part of the name
  return a.canonical ? `source:${a.canonical}` : `source:generic:${a.source.toLowerCase().replace(/\s+/g, ' ').replace(/^the /, '')}`;
}
