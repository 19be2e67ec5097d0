// The public API of wiretrace. Everything exported here is a contract (see README).
export { WiretraceError, type WiretraceErrorCode } from './errors.js';
export { type Doc, validateDocs } from './doc.js';

export { tokenize, normalizeText, normalizeToken, stemToken, isStopword, type Token, type TextOptions } from './text/tokenize.js';
export { findBoilerplate, type Span } from './text/boilerplate.js';

export { MinHasher, estimateJaccard, serializeSignature, deserializeSignature, SIGNATURE_FORMAT_VERSION, type MinHasherOptions, type Signature, type SignatureParams } from './sketch/minhash.js';
export { LshIndex, optimalLshParams, candidateProbability, type LshIndexOptions, type LshWeights } from './sketch/lsh.js';
export { winnow } from './sketch/winnow.js';
export { fingerprint, signText, type Fingerprint, type FingerprintOptions, type FingerprintParams } from './sketch/fingerprint.js';

export { jaccard, containment, overlap } from './compare/overlap.js';
export { findNearDuplicates, type Pair, type PairOptions } from './compare/pairs.js';

export { alignPassages, passageCoverage, type Passage, type PassageKind, type AlignOptions } from './compare/align.js';
export { splitSentences, findQuotes } from './text/sentences.js';
export { extractAttributions, credits, type Attribution, type AttributionCue, type AttributionOptions } from './attribution/extract.js';
export { Gazetteer, BUILTIN_SOURCES, type SourceEntry } from './attribution/gazetteer.js';

export { analyze, ANALYSIS_FORMAT_VERSION, type Analysis, type AnalyzeOptions } from './provenance/analyze.js';
export { buildProvenanceGraph } from './provenance/build.js';
export {
  GRAPH_FORMAT_VERSION,
  type ProvenanceGraph,
  type GraphNode,
  type DocumentNode,
  type SourceNode,
  type LatentNode,
  type GraphEdge,
  type ReuseEdge,
  type SiblingEdge,
  type PairRelation,
  type CiteEdge,
  type Family,
  type PairAnalysis,
  type Verdict,
  type Confidence,
  isUncreditedReuse,
} from './provenance/graph.js';
export { toJSON, fromJSON, toDot, toMermaid, toGraphML } from './export/graph-formats.js';
export { CorpusIndex, type CorpusIndexOptions, type Match, type QueryOptions } from './corpus/index.js';
export { checkDraft, type DraftReport, type DraftSource, type CheckOptions } from './corpus/check.js';
export { openCorpusIndex, StoredCorpusIndex, type OpenIndexOptions, type IndexStats } from './corpus/persistent.js';
export { analyzeIndex, type AnalyzeIndexOptions, type IndexAnalysis, type IncrementalStats } from './corpus/analyze-index.js';
export type { CorpusStore, StoredEntry, StoreMeta } from './corpus/store.js';
export type { RedisLike } from './corpus/redis.js';
export { enqueueIngest, runWorker, type QueueTarget, type EnqueueOptions, type IngestWorkerOptions, type RunningWorker } from './distributed/queue.js';
export { analyzeDistributed, type DistributedAnalyzeOptions } from './distributed/analyze.js';
export { renderHtmlReport } from './export/html.js';
export { fingerprintMany, findNearDuplicatesParallel, alignMany, type FingerprintManyOptions, type AlignManyOptions, type TextSource } from './parallel/index.js';
export { analyzeParallel, type AnalyzeParallelOptions } from './parallel/analyze.js';
export { WorkerPool, type ParallelOptions } from './parallel/pool.js';
export type { AlignResult } from './parallel/tasks.js';
