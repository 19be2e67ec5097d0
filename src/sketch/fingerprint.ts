import type { Doc } from '../doc.js';
import { OptionChecker, WiretraceError } from '../errors.js';
import { shingleSequence, sortedUnique } from '../text/shingle.js';
import { resolveTextOptions, scanIntoScratch, stripUndefined, type ScratchTokens, type TextOptions, type TokenTable } from '../text/tokenize.js';
import { MinHasher } from './minhash.js';
import { winnowedSet } from './winnow.js';

export interface FingerprintOptions extends TextOptions {
  /** Words per shingle. Default 3 (measured: see README "Choosing the defaults"). */
  shingleSize?: number;
  /** MinHash signature length. Default 128. */
  numPerm?: number;
  /** Hash seed. Default 1. */
  seed?: number;
  /** Winnowing window in shingles. Default 4: any shared run of ≥ shingleSize + 3 words is seen. */
  winnowWindow?: number;
  /** Keep the token table (offsets) on the fingerprint. Default `true`; an index may drop it to save memory. */
  keepTokens?: boolean;
}

/** Everything about how a fingerprint was made; two fingerprints compare only when these agree. */
export interface FingerprintParams {
  version: 1;
  shingleSize: number;
  numPerm: number;
  seed: number;
  winnowWindow: number;
  stem: boolean;
  dropStopwords: boolean;
  boilerplate: boolean;
}

/** The unit every later stage reuses; computed once per document. */
export interface Fingerprint {
  id: string;
  params: FingerprintParams;
  /** Number of tokens that count (boilerplate left out). */
  tokenCount: number;
  /** Sorted unique shingle hashes. */
  shingles: Uint32Array;
  /** MinHash signature of the shingles. */
  signature: Uint32Array;
  /** Sorted unique winnowed fingerprint hashes (a subset of `shingles`). */
  winnowed: Uint32Array;
  tokens?: TokenTable;
}

/** Every option `fingerprint` and `signText` take (a typo such as `{ shingelSize: 2 }` is refused, with this list). */
export const FINGERPRINT_OPTION_NAMES: readonly string[] = ['shingleSize', 'numPerm', 'seed', 'winnowWindow', 'keepTokens', 'stem', 'dropStopwords', 'boilerplate'];

/** Refuses option names outside `names` (E_OPTIONS, every unknown name and the valid ones listed). */
export function checkOptionNames(opts: unknown, names: readonly string[], where: string): void {
  const c = new OptionChecker(where);
  c.known(opts, names);
  c.done();
}

export const DEFAULT_FINGERPRINT = { shingleSize: 3, numPerm: 128, seed: 1, winnowWindow: 4 } as const;

export function resolveFingerprintParams(opts: FingerprintOptions | undefined, where: string): FingerprintParams {
  const o = stripUndefined(opts ?? {});
  const c = new OptionChecker(where);
  c.int('shingleSize', o.shingleSize, 1, 32);
  c.int('numPerm', o.numPerm, 2, 65536);
  c.int('seed', o.seed, 0, 0xffffffff);
  c.int('winnowWindow', o.winnowWindow, 1, 1000);
  c.done();
  const t = resolveTextOptions(opts, where);
  return {
    version: 1,
    shingleSize: o.shingleSize ?? DEFAULT_FINGERPRINT.shingleSize,
    numPerm: o.numPerm ?? DEFAULT_FINGERPRINT.numPerm,
    seed: o.seed ?? DEFAULT_FINGERPRINT.seed,
    winnowWindow: o.winnowWindow ?? DEFAULT_FINGERPRINT.winnowWindow,
    // only the text options: resolveTextOptions hands back every key it was given
    stem: t.stem,
    dropStopwords: t.dropStopwords,
    boilerplate: t.boilerplate,
  };
}

const hashers = new Map<string, MinHasher>();
function hasherFor(p: FingerprintParams): MinHasher {
  const key = `${p.numPerm}|${p.seed}`;
  let h = hashers.get(key);
  if (!h) hashers.set(key, (h = new MinHasher({ numPerm: p.numPerm, seed: p.seed })));
  return h;
}

/** Fingerprints one document with already-resolved parameters (the batch path). */
export function fingerprintWith(doc: Doc, params: FingerprintParams, keepTokens = true): Fingerprint {
  if (doc === null || typeof doc !== 'object' || typeof doc.text !== 'string') {
    throw new WiretraceError('E_INPUT', 'fingerprint', `document ${JSON.stringify((doc as Doc | null)?.id ?? null)} has no text string`);
  }
  return fingerprintOfScan(doc.id, params, scanIntoScratch(doc.text, params), keepTokens);
}

/** The sorted unique shingles of a scan under `params` (still in the scratch buffers), as its fingerprint has them: no signature, no winnowing. */
export function shinglesOfScan(params: FingerprintParams, t: ScratchTokens): Uint32Array {
  return sortedUnique(shingleSequence(t.ids.subarray(0, t.count), params.shingleSize));
}

/** The sorted unique shingles of a text under `params`, as its fingerprint has them (a stored document's, to verify a candidate on). */
export function shinglesOfText(text: string, params: FingerprintParams): Uint32Array {
  return shinglesOfScan(params, scanIntoScratch(text, params));
}

let seqScratch = new Uint32Array(4096);

/** The fingerprint of a document from its scan under `params` (still in the scratch buffers). */
export function fingerprintOfScan(id: string, params: FingerprintParams, t: ScratchTokens, keepTokens: boolean): Fingerprint {
  const ids = t.ids.subarray(0, t.count);
  // the sequence is read here only (sortedUnique and winnowedSet copy what they keep): a reused array
  const seq = shingleSequence(ids, params.shingleSize, seqScratch);
  if (seq.length > seqScratch.length) seqScratch = new Uint32Array(seq.length * 2);
  const shingles = sortedUnique(seq);
  const signature = hasherFor(params).sign(shingles);
  const winnowed = winnowedSet(seq, params.winnowWindow);
  const fp: Fingerprint = { id, params, tokenCount: t.count, shingles, signature, winnowed };
  if (keepTokens) fp.tokens = { ids: ids.slice(), starts: t.starts.slice(0, t.count), ends: t.ends.slice(0, t.count) };
  return fp;
}

/**
 * Tokenises, shingles, signs and winnows one document.
 *
 * @example
 * const fp = fingerprint({ id: 'a', text }, { shingleSize: 3 });
 * fp.signature // Uint32Array(128)
 */
export function fingerprint(doc: Doc, opts?: FingerprintOptions): Fingerprint {
  checkOptionNames(opts, FINGERPRINT_OPTION_NAMES, 'fingerprint');
  const params = resolveFingerprintParams(opts, 'fingerprint');
  return fingerprintWith(doc, params, opts?.keepTokens ?? true);
}

export function sameParams(a: FingerprintParams, b: FingerprintParams): boolean {
  return (
    a.version === b.version &&
    a.shingleSize === b.shingleSize &&
    a.numPerm === b.numPerm &&
    a.seed === b.seed &&
    a.winnowWindow === b.winnowWindow &&
    a.stem === b.stem &&
    a.dropStopwords === b.dropStopwords &&
    a.boilerplate === b.boilerplate
  );
}

export function assertSameParams(a: Fingerprint, b: Fingerprint, where: string): void {
  if (!sameParams(a.params, b.params)) {
    throw new WiretraceError('E_PARAMS', where, `fingerprints "${a.id}" and "${b.id}" were made with different parameters`, [
      `"${a.id}": ${JSON.stringify(a.params)}`,
      `"${b.id}": ${JSON.stringify(b.params)}`,
    ]);
  }
}

/**
 * Text → MinHash signature, the fast path: no sorting, no winnowing, no token table (a
 * signature does not need the shingles sorted or unique). Same result as
 * `fingerprint(doc, opts).signature`.
 */
export function signText(text: string, opts?: FingerprintOptions): Uint32Array {
  // the defaults are resolved once: option checking cost as much as signing a short text
  if (opts !== undefined) checkOptionNames(opts, FINGERPRINT_OPTION_NAMES, 'signText');
  const params = opts === undefined ? (defaultParams ??= resolveFingerprintParams(undefined, 'signText')) : resolveFingerprintParams(opts, 'signText');
  return signTextWith(text, params);
}

let defaultParams: FingerprintParams | undefined;

export function signTextWith(text: string, params: FingerprintParams): Uint32Array {
  const t = scanIntoScratch(text, params);
  return hasherFor(params).signKGrams(t.ids, t.count, params.shingleSize);
}
