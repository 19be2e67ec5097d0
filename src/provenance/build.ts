import { carriedAgencies, credits, creditsDocument, isAgencyDateline, type Attribution } from '../attribution/extract.js';
import { creditedByItem } from '../attribution/items.js';
import { isCounted, isNaming } from '../compare/template.js';
import type { Passage } from '../compare/align.js';
import type { Doc } from '../doc.js';
import { mergeSpans, type Span } from '../text/boilerplate.js';
import { coveredChars, coveredShare, spanChars, uncovered } from '../text/sentences.js';
import {
  GRAPH_FORMAT_VERSION,
  namesCopySource,
  sourceNodeId,
  verdictFor,
  type CiteEdge,
  type DocumentNode,
  type GraphInput,
  type LatentNode,
  type PairAnalysis,
  type PairRelation,
  type ProvenanceGraph,
  type ReuseEdge,
  type SiblingEdge,
  type SourceNode,
} from './graph.js';
import { itemCreditsOf } from './credit-scope.js';
import { buildFamilies } from './families.js';
import { latentNodes } from './latent.js';
import { classifyPair, followUpDirection, isOfficial, namesOfficial, namingPair, outletKey, quoteDirection, time, versionDirection, type Direction, type PairClass } from './relations.js';
import { LATENT, linksOf, pairDirections, pairKey, sourceDocuments, type SourcingContext } from './sourcing.js';

// Cues that say the document took its information from the source (a photo credit does not).
const REPORTING_CUES = new Set(['dateline', 'according-to', 'reported-by', 'citing', 'quoted-by', 'reported', 'said', 'news-agency']);
const CUE_RANK = new Map<string, number>([
  ['dateline', 0],
  ['reported-by', 1],
  ['according-to', 1],
  ['citing', 2],
  ['reported', 2],
  ['quoted-by', 3],
  ['news-agency', 3],
  ['said', 4],
]);

/** Builds the provenance graph from aligned pairs, attributions and metadata. */
export function buildProvenanceGraph(input: GraphInput): ProvenanceGraph {
  return buildGraph(input).graph;
}

interface Built {
  graph: ProvenanceGraph;
  /** The relation of every input pair, by index. */
  relations: PairRelation[];
}

/** The graph and each pair's relation (what `analyze` reports on its pairs). */
export function buildGraph(input: GraphInput): Built {
  return sourceGraph(input)(input.attributions);
}

/**
 * buildGraph in two steps: the sourcing of the pairs, which reads the attributions of the
 * documents in `input.pairs` only, then (the function returned) the citations, origins and
 * families, which read every document's. So the attributions of documents in no pair can be
 * taken on worker threads while this thread sources the pairs (analyzeParallel).
 */
export function sourceGraph(input: GraphInput): (attributions: GraphInput['attributions']) => Built {
  const byId = new Map(input.docs.map((d) => [d.id, d]));
  const order = new Map(input.docs.map((d, i) => [d.id, i]));
  const docNodes = documentNodes(input);
  const classes = namingsCopiedElsewhere(input, byId, quotesOfOneSpeaker(input, byId, input.pairs.map((p) => classifyPair(p, byId.get(p.a)!, byId.get(p.b)!, input))));

  // ---- sourcing of the reuse pairs -------------------------------------------------------
  const sourced = input.pairs.filter((_, i) => classes[i] === 'reuse' || classes[i] === 'duplicates');
  const links = linksOf(sourced);
  const directions = pairDirections(sourced, byId, links, input);
  const sameIdx = input.pairs.flatMap((_, i) => (classes[i] === 'version' || classes[i] === 'same-outlet' ? [i] : []));
  const sameText = new Set(sameIdx.map((i) => pairKey(input.pairs[i]!.a, input.pairs[i]!.b)));
  const sameTextDirections = new Map(
    sameIdx.map((i) => {
      const p = input.pairs[i]!;
      return [pairKey(p.a, p.b), (classes[i] === 'version' ? versionDirection : followUpDirection)(byId.get(p.a)!, byId.get(p.b)!, p)] as const;
    }),
  );
  const takes = earlierTakes(input.pairs, classes, sameTextDirections, byId);
  const ctx: SourcingContext = {
    ...{ byId, order, input, links, pairOf: new Map(sourced.map((p) => [pairKey(p.a, p.b), p])), sameText, directions, sameTextDirections },
    earlierTakeSpans: new Map([...takes].map(([t, xs]) => [t, xs.flatMap((x) => x.spans)])),
  };
  const { parents, latentOf } = sourceDocuments(
    input.docs.map((d) => d.id),
    ctx,
  );
  const latents = latentNodes(latentOf, input);
  const latentIdOf = new Map<string, string>();
  for (const n of latents) for (const m of n.members) latentIdOf.set(m, n.id);

  // ---- edges -------------------------------------------------------------------------------
  const edges: (ReuseEdge | SiblingEdge)[] = [];
  const dropped: (ReuseEdge & { explainedBy: string })[] = [];
  const parentIds = (t: string): string[] => (parents.get(t) ?? []).map((p) => (p === LATENT ? latentIdOf.get(t)! : p));
  // an update holds its first take's text: ancestry runs through versions too, and through an outlet's
  // earlier item its later one reused, however much later (a paper's copy of Yonhap's follow-up holds
  // the follow-up's background from the day before through the follow-up: test4 k18)
  const ownEarlier = ownEarlierItems(sameIdx.map((i) => input.pairs[i]!), sameTextDirections);
  const upstreamIds = (t: string): string[] => [...parentIds(t), ...(takes.get(t) ?? []).map((x) => x.take), ...(ownEarlier.get(t) ?? [])];
  const relations = input.pairs.map((p, i): PairRelation => {
    const A = byId.get(p.a)!;
    const B = byId.get(p.b)!;
    const cls = classes[i]!;
    if (cls === 'template' || cls === 'shared-quote' || cls === 'skip') return cls === 'skip' ? 'same-outlet' : cls;
    if (cls === 'quotes' || cls === 'version' || cls === 'same-outlet') {
      const d = cls === 'quotes' ? quoteDirection(A, B, p, input) : sameTextDirections.get(pairKey(p.a, p.b))!;
      edges.push(reuseEdge(cls, p, d, byId, input));
      return cls;
    }
    return sourcedRelation(p, cls, { byId, input, directions, parentIds, upstreamIds, edges, dropped });
  });
  dropInheritedQuotes(edges, dropped, upstreamIds, input);
  for (const n of latents) for (const m of n.members) edges.push(latentEdge(n, byId.get(m)!, input, links.get(m) ?? []));
  return (attributions) => finishGraph({ ...input, attributions }, { order, docNodes, edges, latents, dropped, relations });
}

/**
 * A copy's quotation of an official text that the document it copied quotes too, in words it took
 * from that document, is the copy's parent's quote passed on: its `quotes` edge is dropped,
 * explained by the parent (test7 p20: a blog lifting the Herald's copy of Yonhap's take that quoted
 * KCNA quotes KCNA only through them).
 */
function dropInheritedQuotes(edges: (ReuseEdge | SiblingEdge)[], dropped: (ReuseEdge & { explainedBy: string })[], upstreamIds: (t: string) => string[], input: GraphInput): void {
  const quotes = edges.filter((e): e is ReuseEdge => e.type === 'quotes');
  const quoted = new Set(quotes.map((e) => pairKey(e.source, e.target)));
  const { pairOf } = graphIndex(input);
  const spansOf = (t: string, o: string, counted = false): Span[] => {
    const p = pairOf.get(pairKey(t, o));
    return p ? p.passages.filter((x) => !counted || isCounted(x)).map((x) => (p.a === t ? x.a : x.b)) : [];
  };
  for (const e of quotes) {
    const via = upstreamIds(e.target).find((p) => {
      if (!quoted.has(pairKey(e.source, p))) return false;
      // the quote inside a stretch t copied word for word from p, not one it shares with p only as a
      // stock or rewritten passage (a paper's own report drawn as a wire's copy keeps its quote: dev s8e)
      return (coveredShare(spansOf(e.target, e.source), mergeSpans(spansOf(e.target, p, true))) ?? 0) >= 0.9;
    });
    if (via === undefined) continue;
    edges.splice(edges.indexOf(e), 1);
    dropped.push({ ...e, explainedBy: via });
  }
}

/**
 * Two documents that both quote one official text in the corpus share its words, not each
 * other's: a pair of them classed `quotes` (one holds the words unquoted, the other in quotation
 * marks: a paper running the statement as a block beside one quoting it) whose shared words, on
 * both sides, are words each shares with that official text (SPEAKER_SHARE of them) is a shared
 * quote, with no edge. (The scenario review found a "quotes" arrow between two papers beside the
 * KCNA statement both took it from; a read-only review, that a paper's own paragraphs copied
 * beside the statement must stay a copy.) So is such a pair classed `reuse` when each side's words
 * match the official text at least as closely as the other's: a site reprinting KCNA's dispatch
 * and Xinhua's own translation of it (test8 q18), not a paper copying another's rendering.
 */
function quotesOfOneSpeaker(input: GraphInput, byId: ReadonlyMap<string, Doc>, classes: PairClass[]): PairClass[] {
  const { pairOf } = graphIndex(input);
  // `id`'s side of pair p, and the spans id shares with official text o
  const sides = (p: PairAnalysis, id: string, o: string): { spans: Span[]; cover: Span[] } | undefined => {
    const po = pairOf.get(pairKey(id, o));
    if (!po) return undefined;
    const side = (q: PairAnalysis): 'a' | 'b' => (q.a === id ? 'a' : 'b');
    return { spans: p.passages.filter((x) => x.kind !== 'template' && !x.common).map((x) => x[side(p)]), cover: mergeSpans(po.passages.map((x) => x[side(po)])) };
  };
  // the share of `id`'s side of pair p that id also shares with official text o
  const withSpeaker = (p: PairAnalysis, id: string, o: string): number => {
    const x = sides(p, id, o);
    return x === undefined ? 0 : (coveredShare(x.spans, x.cover) ?? 1);
  };
  // characters of `id`'s side of pair p outside what id shares with o: a paper's own paragraph copied beside the statement
  const besideSpeaker = (p: PairAnalysis, id: string, o: string): number => {
    const x = sides(p, id, o);
    return x === undefined ? Infinity : spanChars(x.spans) - x.spans.reduce((n, sp) => n + coveredChars(x.cover, sp.start, sp.end), 0);
  };
  const speakersOf = new Map<string, Set<string>>();
  input.pairs.forEach((p, i) => {
    if (classes[i] !== 'quotes') return;
    for (const [x, y] of [[p.a, p.b], [p.b, p.a]] as const) {
      if (!isOfficial(byId.get(x)!, input) || isOfficial(byId.get(y)!, input)) continue;
      const s = speakersOf.get(y) ?? new Set<string>();
      speakersOf.set(y, s.add(x));
    }
  });
  // how closely id's side of pair q matches the other's wording
  const closeness = (q: PairAnalysis, id: string): number => (q.a === id ? q.closeness?.aInB : q.closeness?.bInA) ?? q.verbatimShare;
  // a copy's words are closer to what it copied than to the text they came from: each side at least as close to the official text as to the other
  // (and neither side shares a sentence of its own beside the statement: a review of 3d5692a, a blog copying the Herald's own opening with the statement)
  const nearerSpeaker = (p: PairAnalysis, o: string): boolean =>
    [p.a, p.b].every((id) => closeness(pairOf.get(pairKey(id, o))!, id) >= closeness(p, id) && besideSpeaker(p, id, o) < OWN_WORDS_CHARS);
  return classes.map((c, i) => {
    if (c !== 'quotes' && c !== 'reuse') return c;
    const p = input.pairs[i]!;
    const sa = speakersOf.get(p.a);
    const sb = speakersOf.get(p.b);
    const speaker = sa && sb ? [...sa].find((x) => sb.has(x) && withSpeaker(p, p.a, x) >= SPEAKER_SHARE && withSpeaker(p, p.b, x) >= SPEAKER_SHARE && (c === 'quotes' || nearerSpeaker(p, x))) : undefined;
    return speaker !== undefined ? 'shared-quote' : c;
  });
}

/**
 * A pair sharing only a naming (namingPair: a sentence rewritten alike that names the same people
 * and thing) where one side's sentence lies, half or more of it, in words that side copied from a
 * third document not dated after it (a pair of class `reuse` holding a verbatim passage of NAMING_SOURCE_WORDS or more):
 * that side wrote the sentence from the third, so the pair shares a naming, not words taken (test8
 * q07: a feature lifting Yonhap's story, its lede phrased as AP's was). A paper's reworded lift of
 * a scoop's lede, held by no other source of the paper, stays reuse.
 */
function namingsCopiedElsewhere(input: GraphInput, byId: ReadonlyMap<string, Doc>, classes: PairClass[]): PairClass[] {
  // what each document copied, by the document it copied it from (pairs of class reuse holding a verbatim clause, the
  // other not dated after it: a later copy of the document is no source of its words, a review of 94e00f0)
  const copied = new Map<string, { other: string; spans: Span[] }[]>();
  const after = (x: string, y: string): boolean => (time(byId.get(x)!) ?? -Infinity) > (time(byId.get(y)!) ?? Infinity);
  input.pairs.forEach((p, i) => {
    if (classes[i] !== 'reuse' || !p.passages.some((x) => x.kind === 'verbatim' && isCounted(x) && x.tokens >= NAMING_SOURCE_WORDS)) return;
    for (const [id, other, side] of [[p.a, p.b, 'a'], [p.b, p.a, 'b']] as const) {
      if (after(other, id)) continue;
      const entry = { other, spans: p.passages.filter(isCounted).map((x) => x[side]) };
      const xs = copied.get(id);
      if (xs) xs.push(entry);
      else copied.set(id, [entry]);
    }
  });
  return classes.map((c, i) => {
    const p = input.pairs[i]!;
    if (c !== 'reuse' || !namingPair(p, byId.get(p.a)!, byId.get(p.b)!)) return c;
    const elsewhere = (id: string, other: string, side: 'a' | 'b'): boolean => {
      const spans = (copied.get(id) ?? []).filter((x) => x.other !== other).flatMap((x) => x.spans);
      return spans.length > 0 && (coveredShare(p.passages.filter(isCounted).map((x) => x[side]), mergeSpans(spans)) ?? 0) >= 0.5;
    };
    return elsewhere(p.a, p.b, 'a') || elsewhere(p.b, p.a, 'b') ? 'shared-quote' : c;
  });
}

/** Words of a verbatim passage that show a document copied from another (namingsCopiedElsewhere): a clause. */
const NAMING_SOURCE_WORDS = 12;

/** Share of the words two quoting documents share that must be the official text's, on each side, for their pair to be a shared quote. */
const SPEAKER_SHARE = 0.9;

/** What sourceGraph leaves for the last step. */
interface Sourced {
  order: ReadonlyMap<string, number>;
  docNodes: Map<string, DocumentNode>;
  edges: (ReuseEdge | SiblingEdge)[];
  latents: LatentNode[];
  dropped: (ReuseEdge & { explainedBy: string })[];
  relations: PairRelation[];
}

/** Citations, origins, families: the last step of buildGraph, with every document's attributions. */
function finishGraph(input: GraphInput, { order, docNodes, edges, latents, dropped, relations }: Sourced): Built {
  // ---- citations, origins, families ---------------------------------------------------------
  const { sourceNodes, cites } = citations(input);
  setOrigins(input, docNodes, edges);
  const families = buildFamilies(input, order, edges, latents, cites, sourceNodes, docNodes);
  const nodes = [...docNodes.values(), ...latents, ...[...sourceNodes.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))];
  const edgeOrder = (e: { source: string; target: string; type: string }): string => `${String(order.get(e.source) ?? latentIndex(e.source)).padStart(9, '0')}|${e.type}|${String(order.get(e.target) ?? 0).padStart(9, '0')}|${e.target}`;
  const all = [...edges, ...cites];
  const keys = new Map(all.map((e) => [e, edgeOrder(e)]));
  return {
    graph: {
      format: 'wiretrace-graph',
      version: GRAPH_FORMAT_VERSION,
      nodes,
      edges: all.sort((x, y) => (keys.get(x)! < keys.get(y)! ? -1 : keys.get(x)! > keys.get(y)! ? 1 : 0)),
      families,
      droppedEdges: dropped,
    },
    relations,
  };
}

/** Hours within which an outlet's later item holding its earlier item's words took them from that item. */
const OWN_COPY_HOURS = 24;

/**
 * For each update, its earlier takes of the story and the spans of the update each holds: the
 * outlet's own text, needing no other source. An outlet's later item holding its own earlier
 * item's words (same-outlet) within OWN_COPY_HOURS (or undated) took them from itself too: the
 * scenario review found a paper's update of its copy of a wire drawn as reusing the wire as well,
 * beside its same-outlet edge. Days later an outlet is as likely to go back to the wire (the lineage
 * corpus's outlets, two days apart, each took the wire).
 */
function earlierTakes(pairs: readonly PairAnalysis[], classes: readonly PairClass[], dirs: ReadonlyMap<string, Direction>, byId: ReadonlyMap<string, Doc>): Map<string, { take: string; spans: { start: number; end: number }[] }[]> {
  const out = new Map<string, { take: string; spans: { start: number; end: number }[] }[]>();
  const ownCopy = (p: PairAnalysis): boolean => {
    const [ta, tb] = [time(byId.get(p.a)!), time(byId.get(p.b)!)];
    return ta === undefined || tb === undefined || Math.abs(ta - tb) <= OWN_COPY_HOURS * 3_600_000;
  };
  pairs.forEach((p, i) => {
    const d = classes[i] === 'version' || (classes[i] === 'same-outlet' && ownCopy(p)) ? dirs.get(pairKey(p.a, p.b)) : undefined;
    if (!d || d.basis === 'none') return;
    const take = { take: d.from, spans: p.passages.filter(isCounted).map((x) => (d.to === p.a ? x.a : x.b)) };
    out.set(d.to, [...(out.get(d.to) ?? []), take]);
  });
  return out;
}

/** For each document, the earlier items of its outlet it holds words of (version and same-outlet pairs, by their direction). */
function ownEarlierItems(pairs: readonly PairAnalysis[], dirs: ReadonlyMap<string, Direction>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of pairs) {
    const d = dirs.get(pairKey(p.a, p.b));
    if (!d || d.basis === 'none') continue;
    out.set(d.to, [...(out.get(d.to) ?? []), d.from]);
  }
  return out;
}

/** Latent nodes sort before every document by their number ("latent:3" → a negative key). */
function latentIndex(id: string): number {
  return id.startsWith('latent:') ? -1_000_000 + Number(id.slice(7)) : 0;
}

function documentNodes(input: GraphInput): Map<string, DocumentNode> {
  const out = new Map<string, DocumentNode>();
  for (const d of input.docs) {
    const n: DocumentNode = { id: d.id, type: 'document', label: d.title ?? d.id, tokens: input.tokens.get(d.id) ?? 0, family: -1 };
    if (d.outlet) n.outlet = d.outlet;
    if (d.publishedAt) n.publishedAt = d.publishedAt;
    if (d.kind) n.kind = d.kind;
    if (d.url) n.url = d.url;
    out.set(d.id, n);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The edge `d.from → d.to` of a pair, with the figures of the target. */
function reuseEdge(type: ReuseEdge['type'], p: PairAnalysis, d: Direction, byId: ReadonlyMap<string, Doc>, input: GraphInput): ReuseEdge {
  const targetIsB = d.to === p.b;
  // an official text quoted everywhere shares only common wording, counted nowhere: the quote is those words
  const quoted = type === 'quotes' && p.coveredTokens.a === 0 && p.coveredTokens.b === 0 ? p.passages.reduce((n, x) => n + (x.kind === 'template' ? 0 : x.tokens), 0) : 0;
  const of = (id: string): number => Math.min(1, quoted / Math.max(1, input.tokens.get(id) ?? 0));
  const containment = quoted > 0 ? of(d.to) : targetIsB ? p.coverage.b : p.coverage.a;
  const src = byId.get(d.from)!;
  return {
    type,
    source: d.from,
    target: d.to,
    containment: round(containment),
    sourceCoverage: round(quoted > 0 ? of(d.from) : targetIsB ? p.coverage.a : p.coverage.b),
    sharedTokens: quoted > 0 ? quoted : targetIsB ? p.coveredTokens.b : p.coveredTokens.a,
    passages: p.passages.filter((x) => x.kind !== 'quote' && x.kind !== 'template' && !x.common).length,
    verbatimShare: round(p.verbatimShare),
    verdict: type === 'duplicates' ? 'wholly' : verdictFor(containment, input.verdict),
    credited: creditsSource(p, d, src, input, byId) || creditsItem(p, d, byId, input),
    direction: { basis: d.basis, confidence: d.confidence },
  };
}

/**
 * Whether the target credits the source: its outlet, or an agency whose copy the source says it
 * carries (creditsDocument) — but not through the agency for words the source says are its own:
 * the paper's explainer inside its copy of an AP story, flagged "Tribune staff contributed to this
 * report", lifted with it by a site crediting only AP (test8 q11). Read only when the source says
 * so (ownReporting) and the agency's stories in the corpus hold half or more of what the target
 * took: an agency's write-through, whose first take alone is in the corpus, is the agency's words
 * all the same, and so is a story of which the corpus holds only yesterday's background paragraph
 * (a review of 3d5692a).
 */
function creditsSource(p: PairAnalysis, d: Direction, src: Doc, input: GraphInput, byId: ReadonlyMap<string, Doc>): boolean {
  const to = input.attributions.get(d.to) ?? [];
  if (src.outlet !== undefined && credits(to, src.outlet, input.gazetteer)) return true;
  // a ministry's words are credited by naming its office, cue or not ("foreign ministry spokesperson Lim Soo-suk told a briefing")
  if (src.outlet !== undefined && isOfficial(src, input) && namesOfficial(byId.get(d.to)!.text, src.outlet)) return true;
  if (!creditsDocument(to, {}, input.attributions.get(d.from) ?? [], input.gazetteer)) return false;
  if (!ownReporting(src)) return true;
  const taken = mergeSpans(p.passages.filter(isCounted).map((x) => (p.a === d.to ? x.a : x.b)));
  const agencies = carriedAgencies(input.attributions.get(d.from) ?? []).filter((id) => credits(to, id, input.gazetteer));
  const text = byId.get(d.to)!.text;
  return agencies.some((id) => {
    const held = agencyHeld(d.to, id, d.from, input, byId);
    // what the two share outside the agency's passages and not in its wording (an edited sentence of the agency's keeps most of its word pairs)
    const own = spanChars(uncovered(taken, held.spans).filter((r) => wordShare(text.slice(r.start, r.end), held.words) < OWN_WORDS_SHARE));
    // the agency's stories in the corpus hold under half of it: not the story the source carries, no evidence against its credit
    return own < OWN_WORDS_CHARS || own > 0.5 * spanChars(taken);
  });
}

/**
 * Whether a text says its own outlet added reporting to the agency's copy: "Tribune staff
 * contributed to this report", a word of the outlet's name before its staff. Not the agency's own
 * lines ("Associated Press writers … contributed to this report", "Additional reporting by Hyonhee
 * Shin"), which nearly every AP and Reuters story carries (a review of 94e00f0).
 */
function ownReporting(src: Doc): boolean {
  const words = (src.outlet ?? '').split(/\s+/).filter((w) => /^\p{Lu}\p{L}{2,}/u.test(w) && !/^the$/i.test(w));
  if (words.length === 0) return false;
  // (not an agency's name ending in the word: "Associated Press writers … contributed" is AP's line, not the Winnipeg Free Press's: a review)
  const own = new RegExp(`(?<!\\b(?:Associated|Canadian|United)\\s+)\\b(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s+(?:staff|reporters?|writers?|correspondents?)\\b[^.\\n]{0,60}\\bcontributed\\b`, 'u');
  return own.test(src.text);
}

/** Characters of a source's own wording (outside its agency's stories) a target must take for the agency's credit not to cover it: a sentence. */
const OWN_WORDS_CHARS = 80;
/** Below this share of its word pairs in the agency's stories, a stretch outside their passages is the source's own, not an edited sentence of theirs. */
const OWN_WORDS_SHARE = 0.4;

/** A text's pairs of adjacent words, lower-cased. */
function bigramsOf(text: string): string[] {
  const ws = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return ws.slice(1).map((w, i) => `${ws[i]} ${w}`);
}

/** Share of a stretch's word pairs found in `pairs` (1 for a stretch without any). */
function wordShare(stretch: string, pairs: ReadonlySet<string>): number {
  const bs = bigramsOf(stretch);
  return bs.length === 0 ? 1 : bs.filter((b) => pairs.has(b)).length / bs.length;
}

/** The target's spans (merged) that it shares with the corpus's stories of agency `id` (outletKey), the source aside, and those stories' pairs of adjacent words. */
function agencyHeld(target: string, id: string, source: string, input: GraphInput, byId: ReadonlyMap<string, Doc>): { spans: Span[]; words: Set<string> } {
  const { pairsOf, outletOf } = graphIndex(input);
  const spans: Span[] = [];
  const words = new Set<string>();
  for (const q of pairsOf.get(target) ?? []) {
    const w = q.a === target ? q.b : q.a;
    if (w === source || outletOf.get(w) !== id) continue;
    for (const x of q.passages) spans.push(q.a === target ? x.a : x.b);
    for (const b of bigramsOf(byId.get(w)!.text)) words.add(b);
  }
  return { spans: mergeSpans(spans), words };
}

interface GraphIndex {
  /** Every pair by pairKey. */
  pairOf: Map<string, PairAnalysis>;
  /** Each document's pairs. */
  pairsOf: Map<string, PairAnalysis[]>;
  outletOf: Map<string, string | undefined>;
}
const graphIndexes = new WeakMap<GraphInput, GraphIndex>();

/** The pairs by key and by document, and each document's outlet (outletKey), made once per graph input. */
function graphIndex(input: GraphInput): GraphIndex {
  let x = graphIndexes.get(input);
  if (!x) {
    const pairsOf = new Map<string, PairAnalysis[]>();
    for (const q of input.pairs) for (const id of [q.a, q.b]) {
      const ps = pairsOf.get(id);
      if (ps) ps.push(q);
      else pairsOf.set(id, [q]);
    }
    x = { pairOf: new Map(input.pairs.map((q) => [pairKey(q.a, q.b), q])), pairsOf, outletOf: new Map(input.docs.map((d) => [d.id, outletKey(d, input)])) };
    graphIndexes.set(input, x);
  }
  return x;
}

/**
 * Whether the target credits the source's outlet, or an agency whose copy the source says it
 * carries, in a credit line closing the item that holds what the two share (a news-in-brief page's
 * "(Reuters)" under one item: itemCovers).
 */
function creditsItem(p: PairAnalysis, d: Direction, byId: ReadonlyMap<string, Doc>, input: GraphInput): boolean {
  const target = byId.get(d.to)!;
  const outlet = outletKey(byId.get(d.from)!, input);
  const items = itemCreditsOf(target, input);
  if (outlet === undefined || items.length === 0) return false;
  const ids = new Set([outlet, ...carriedAgencies(input.attributions.get(d.from) ?? [])]);
  const side = (x: Passage): Span => (d.to === p.a ? x.a : x.b);
  const credited = (xs: readonly Passage[]): boolean => creditedByItem(target.text, items, ids, xs.map(side), xs.filter(isCounted).map(side));
  // or without a sentence of another item that only names the same people as the source (isNaming: test5 m06; an item opening with such a sentence keeps it, a review of 94e00f0)
  return credited(p.passages) || credited(p.passages.filter((x) => !isNaming(byId.get(p.a)!.text, byId.get(p.b)!.text, x)));
}

interface SourcedCtx {
  byId: ReadonlyMap<string, Doc>;
  input: GraphInput;
  directions: ReadonlyMap<string, Direction>;
  parentIds: (t: string) => string[];
  /** Parents and earlier takes: what ancestry walks. */
  upstreamIds: (t: string) => string[];
  edges: (ReuseEdge | SiblingEdge)[];
  dropped: (ReuseEdge & { explainedBy: string })[];
}

/** Ancestors of a document through its document parents (bounded walk), with the parent each path starts from. */
function ancestors(t: string, parentIds: (t: string) => string[]): Map<string, string> {
  const out = new Map<string, string>();
  let frontier = parentIds(t).map((p) => [p, p] as const);
  for (let depth = 0; depth < 12 && frontier.length > 0; depth++) {
    const next: (readonly [string, string])[] = [];
    for (const [x, via] of frontier) {
      if (out.has(x)) continue;
      out.set(x, via);
      for (const y of parentIds(x)) next.push([y, via]);
    }
    frontier = next;
  }
  return out;
}

/** What a sourced pair became: a parent edge, siblings of a common source, an indirect copy, or (unexplained) reuse. */
function sourcedRelation(p: PairAnalysis, cls: PairClass, c: SourcedCtx): PairRelation {
  const type = cls === 'duplicates' ? 'duplicates' : 'reuses';
  const dir = c.directions.get(pairKey(p.a, p.b))!;
  const flip = (d: Direction): Direction => ({ from: d.to, to: d.from, basis: d.basis, confidence: d.confidence });
  const pa = c.parentIds(p.a);
  const pb = c.parentIds(p.b);
  if (pb.includes(p.a) || pa.includes(p.b)) {
    const d = pb.includes(p.a) ? (dir.from === p.a ? dir : { ...flip(dir), basis: 'lineage' as const, confidence: 'low' as const }) : dir.from === p.b ? dir : { ...flip(dir), basis: 'lineage' as const, confidence: 'low' as const };
    c.edges.push(reuseEdge(type, p, d, c.byId, c.input));
    return type;
  }
  const common = pa.find((x) => pb.includes(x));
  if (common !== undefined) {
    c.edges.push({ type: 'siblings', source: p.a, target: p.b, via: common, sharedTokens: p.coveredTokens.b });
    return 'siblings';
  }
  const upA = ancestors(p.a, c.upstreamIds);
  const upB = ancestors(p.b, c.upstreamIds);
  if (upB.has(p.a) || upA.has(p.b)) {
    const d = upB.has(p.a) ? { from: p.a, to: p.b } : { from: p.b, to: p.a };
    const via = upB.has(p.a) ? upB.get(p.a)! : upA.get(p.b)!;
    c.dropped.push({ ...reuseEdge(type, p, { ...d, basis: dir.basis, confidence: dir.confidence }, c.byId, c.input), explainedBy: via });
    return 'indirect';
  }
  // both took the shared words from upstream sources (related ones, or one source through two routes)
  // (a document with no source of its own did not take these words from upstream: the pair is reuse)
  const shared = [...upA.keys()].find((x) => upB.has(x)) ?? (pa.length > 0 && pb.length > 0 ? pa[0] : undefined);
  if (shared !== undefined) {
    c.edges.push({ type: 'siblings', source: p.a, target: p.b, via: shared, sharedTokens: p.coveredTokens.b });
    return 'siblings';
  }
  c.edges.push(reuseEdge(type, p, dir, c.byId, c.input));
  return type;
}

/** Whether a member of a latent source credits its probable agency in the credit line closing the item that holds what it shares with the other members (itemCovers). */
function creditsItemOf(doc: Doc, n: LatentNode, links: readonly { pair: PairAnalysis; other: string }[], input: GraphInput): boolean {
  const items = itemCreditsOf(doc, input);
  if (n.hint === undefined || items.length === 0) return false;
  const mine = links.filter((l) => n.members.includes(l.other)).flatMap((l) => l.pair.passages.map((x) => ({ x, span: l.pair.a === doc.id ? x.a : x.b })));
  return creditedByItem(doc.text, items, new Set([n.hint.replace(/^source:/, '')]), mine.map((m) => m.span), mine.filter((m) => isCounted(m.x)).map((m) => m.span));
}

/** The edge from a latent source to one of its members. */
function latentEdge(n: LatentNode, doc: Doc, input: GraphInput, links: readonly { pair: PairAnalysis; other: string }[]): ReuseEdge {
  const member = doc.id;
  const memberText = doc.text;
  const tokens = input.tokens.get(member) ?? 0;
  let shared = 0;
  for (const l of links) if (n.members.includes(l.other)) shared = Math.max(shared, l.pair.a === member ? l.pair.coveredTokens.a : l.pair.coveredTokens.b);
  const containment = tokens === 0 ? 0 : shared / tokens;
  const hintOutlet = n.hint ? input.gazetteer.resolve(n.hint.replace(/^source:/, ''))?.name : undefined;
  return {
    type: 'reuses',
    source: n.id,
    target: member,
    containment: round(containment),
    sourceCoverage: 0,
    sharedTokens: shared,
    passages: links.filter((l) => n.members.includes(l.other)).length,
    verbatimShare: 0,
    verdict: verdictFor(containment, input.verdict),
    // with no probable agency, a member carrying an agency's dateline or naming the agency whose copy it runs ("Source: Yonhap") says where its words came from
    credited:
      hintOutlet !== undefined
        ? credits(input.attributions.get(member) ?? [], hintOutlet, input.gazetteer) || creditsItemOf(doc, n, links, input)
        : (input.attributions.get(member) ?? []).some((a) => isAgencyDateline(a) || namesCopySource(a, memberText)),
    direction: { basis: 'latent', confidence: n.hint ? 'medium' : 'low' },
  };
}

function citations(input: GraphInput): { sourceNodes: Map<string, SourceNode>; cites: CiteEdge[] } {
  const sourceNodes = new Map<string, SourceNode>();
  const cites: CiteEdge[] = [];
  for (const d of input.docs) {
    const byNode = new Map<string, Attribution[]>();
    for (const a of input.attributions.get(d.id) ?? []) {
      const id = sourceNodeId(a);
      if (!sourceNodes.has(id)) {
        const n: SourceNode = { id, type: 'source', label: a.name };
        if (a.sourceKind) n.sourceKind = a.sourceKind;
        sourceNodes.set(id, n);
      }
      const l = byNode.get(id) ?? [];
      l.push(a);
      byNode.set(id, l);
    }
    for (const [id, as] of byNode) cites.push({ type: 'cites', source: d.id, target: id, cues: [...new Set(as.map((a) => a.cue))], count: as.length });
  }
  return { sourceNodes, cites };
}

/** Each document's likely origin: its main parent (a document or a latent source), else the agency it credits for reporting. */
function setOrigins(input: GraphInput, docNodes: Map<string, DocumentNode>, edges: readonly (ReuseEdge | SiblingEdge)[]): void {
  // edges grouped by target once (filtering all edges per document is quadratic on an archive)
  const into = new Map<string, ReuseEdge[]>();
  for (const e of edges) {
    if (e.type !== 'reuses' && e.type !== 'duplicates' && e.type !== 'version' && e.type !== 'same-outlet') continue;
    const xs = into.get(e.target);
    if (xs) xs.push(e);
    else into.set(e.target, [e]);
  }
  for (const d of input.docs) {
    const node = docNodes.get(d.id)!;
    const parents = [...(into.get(d.id) ?? [])].sort((x, y) => y.sharedTokens - x.sharedTokens);
    if (parents.length > 0) {
      const p = parents[0]!;
      node.origin = { node: p.source, basis: p.source.startsWith('latent:') ? 'latent' : 'reuse', confidence: p.direction.confidence };
      continue;
    }
    // a text naming its own outlet (a wire's own dateline, "Yonhap said" in Yonhap's item) or an official text naming itself came from nowhere else
    const own = outletKey(d, input);
    const as = (input.attributions.get(d.id) ?? []).filter((a) => a.canonical && a.canonical !== own && REPORTING_CUES.has(a.cue));
    const rank = (a: Attribution): number => (a.sourceKind === 'wire' ? 0 : a.sourceKind === 'state-media' ? 10 : 20) + (CUE_RANK.get(a.cue) ?? 5);
    const best = as.sort((x, y) => rank(x) - rank(y) || x.start - y.start)[0];
    if (best && best.sourceKind !== 'photo') node.origin = { node: sourceNodeId(best), basis: 'credit', confidence: best.sourceKind === 'wire' ? 'medium' : 'low' };
  }
}
