/**
 * Deterministic generator of news-like corpora with known reuse, for tests, `npm run bench`
 * and `npm run eval`. Text comes from a word-bigram model of the seed articles, so token
 * statistics look like news copy; derived documents are made from their sources with known
 * operations, and the ground truth is returned beside them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Doc } from '../src/index.js';
import { forEachSharingPair } from '../src/compare/pairs.js';
import { mulberry32 } from '../src/sketch/hash.js';

const here = dirname(fileURLToPath(import.meta.url));

export type Derivation = 'wholly' | 'partially' | 'non';

export interface GeneratedDoc extends Doc {
  /** The document it was derived from, if any. */
  parent?: string;
  derivation: Derivation;
  /** Story family it belongs to. */
  family: number;
}

export interface GenerateOptions {
  /** Number of documents. */
  size: number;
  seed?: number;
  /** Words per article (approximately). Default 600. */
  words?: number;
  /** Share of documents derived from another (wholly or partially). Default 0.3. */
  derivedShare?: number;
  /** Withhold publication dates for this share of documents. Default 0. */
  withholdDates?: number;
}

class BigramModel {
  private readonly next = new Map<string, string[]>();
  private readonly starts: string[] = [];
  constructor(texts: string[]) {
    for (const t of texts) {
      const sentences = t.split(/(?<=[.!?])\s+/);
      for (const s of sentences) {
        const w = s.split(/\s+/).filter((x) => x.length > 0);
        if (w.length < 4) continue;
        this.starts.push(w[0]!);
        for (let i = 0; i + 1 < w.length; i++) {
          const k = w[i]!.toLowerCase();
          let l = this.next.get(k);
          if (!l) this.next.set(k, (l = []));
          l.push(w[i + 1]!);
        }
      }
    }
  }
  sentence(rnd: () => number): string {
    const out: string[] = [this.starts[Math.floor(rnd() * this.starts.length)]!];
    const len = 12 + Math.floor(rnd() * 20);
    const lex = lexicon();
    while (out.length < len) {
      const l = this.next.get(out[out.length - 1]!.toLowerCase());
      // restart from a random start when the chain ends, or now and then for variety;
      // a third of the words come from a Zipf-distributed lexicon, so that the vocabulary has
      // the long tail of real news (names, places, numbers) and not only the seeds' 1,800 words
      const r = rnd();
      const w =
        r < 0.33 ? lex[zipfIndex(rnd, lex.length)]! : !l || r < 0.4 ? this.starts[Math.floor(rnd() * this.starts.length)]! : l[Math.floor(rnd() * l.length)]!;
      out.push(w);
    }
    let s = out.join(' ').replace(/[.!?]+$/, '');
    s = s.charAt(0).toUpperCase() + s.slice(1);
    return `${s}.`;
  }
  private vocab?: string[];
  vocabulary(): string[] {
    this.vocab ??= [...this.next.keys()].filter((w) => /^[a-z]+$/.test(w));
    return this.vocab;
  }
}

let lex: string[] | undefined;
/** 50,000 pronounceable pseudo-words, deterministic. */
function lexicon(): string[] {
  if (!lex) {
    const r = mulberry32(2024);
    const syl = ['ka', 'ro', 'mi', 'tan', 'sel', 'vo', 'ne', 'dra', 'lu', 'ph', 'ez', 'qui', 'bor', 'ya', 'ish', 'gen', 'tor', 'val', 'du', 'ma'];
    const set = new Set<string>();
    while (set.size < 50_000) {
      const n = 2 + Math.floor(r() * 3);
      let w = '';
      for (let i = 0; i < n; i++) w += syl[Math.floor(r() * syl.length)]!;
      set.add(w);
    }
    lex = [...set];
  }
  return lex;
}

/** Index in [0, n) drawn from a Zipf(1) law by inverse transform on the harmonic CDF. */
function zipfIndex(rnd: () => number, n: number): number {
  // H(n) ≈ ln n + γ; invert x = H(k)/H(n) approximately by k = exp(x·H(n) − γ)
  const h = Math.log(n) + 0.5772;
  return Math.min(n - 1, Math.max(0, Math.floor(Math.exp(rnd() * h - 0.5772))));
}

let model: BigramModel | undefined;
export function newsModel(): BigramModel {
  if (!model) {
    const dir = join(here, '..', 'seeds');
    model = new BigramModel(readdirSync(dir).sort().map((f) => readFileSync(join(dir, f), 'utf8')));
  }
  return model;
}

function paragraphs(rnd: () => number, words: number): string[] {
  const m = newsModel();
  const paras: string[] = [];
  let count = 0;
  while (count < words) {
    const sents: string[] = [];
    const n = 2 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) sents.push(m.sentence(rnd));
    const p = sents.join(' ');
    count += p.split(' ').length;
    paras.push(p);
  }
  return paras;
}

/** Light edits: swaps a share of words for others, drops a few words, keeps sentence order. */
export function lightEdit(text: string, rnd: () => number, rate = 0.06): string {
  const vocab = newsModel().vocabulary();
  return text
    .split(/(\s+)/)
    .map((tok) => {
      if (/^\s+$/.test(tok) || tok.length === 0) return tok;
      const r = rnd();
      if (r < rate) return vocab[Math.floor(rnd() * vocab.length)]!;
      if (r < rate * 1.3) return '';
      return tok;
    })
    .join('')
    .replace(/ {2,}/g, ' ');
}

function isoDate(day: number): string {
  return new Date(Date.UTC(2024, 1, 1) + day * 3_600_000).toISOString();
}

/**
 * Generates `size` documents. Families start with a wire item; derived documents copy a
 * parent wholly (light edits) or partially (some paragraphs, some new), possibly from an
 * earlier derived copy (rewrite of a rewrite). Independent documents are fresh text.
 */
export function generateCorpus(opts: GenerateOptions): GeneratedDoc[] {
  const docs = [...streamCorpus(opts)];
  const withhold = opts.withholdDates ?? 0;
  if (withhold > 0) {
    const r2 = mulberry32((opts.seed ?? 42) ^ 0x5eed);
    for (const d of docs) if (r2() < withhold) delete d.publishedAt;
  }
  return docs;
}

/** Families a derived document can come from: the last 50 started. */
const RECENT_FAMILIES = 50;

/**
 * The documents of `generateCorpus` (dates never withheld) one at a time, holding only the last
 * RECENT_FAMILIES families: a corpus of millions without millions of texts in memory.
 */
export function* streamCorpus(opts: GenerateOptions): Generator<GeneratedDoc> {
  const rnd = mulberry32(opts.seed ?? 42);
  const words = opts.words ?? 600;
  const derivedShare = opts.derivedShare ?? 0.3;
  let started = 0;
  const families: GeneratedDoc[][] = [];
  for (let i = 0; i < opts.size; i++) {
    const id = `d${String(i).padStart(6, '0')}`;
    const hour = i;
    const r = rnd();
    if (r >= derivedShare || families.length === 0) {
      const isWire = rnd() < 0.5;
      const d: GeneratedDoc = {
        id,
        text: paragraphs(rnd, words).join('\n\n'),
        publishedAt: isoDate(hour),
        kind: isWire ? 'wire' : 'article',
        outlet: isWire ? 'Yonhap' : `outlet-${i % 50}`,
        derivation: 'non',
        family: started++,
      };
      families.push([d]);
      if (families.length > RECENT_FAMILIES) families.shift();
      yield d;
      continue;
    }
    // pick a family among the recent ones, and a parent within it (a rewrite of a rewrite sometimes)
    const fam = families[Math.max(0, families.length - 1 - Math.floor(rnd() * Math.min(families.length, RECENT_FAMILIES)))]!;
    const parent = fam[Math.floor(rnd() * fam.length)]!;
    const pParas = parent.text.split('\n\n');
    let paras: string[];
    let derivation: Derivation;
    if (rnd() < 0.5) {
      derivation = 'wholly';
      paras = pParas.map((p) => lightEdit(p, rnd));
      if (paras.length > 3 && rnd() < 0.5) paras.splice(Math.floor(rnd() * paras.length), 1);
    } else {
      derivation = 'partially';
      const keep = Math.max(1, Math.floor(pParas.length * (0.25 + rnd() * 0.25)));
      const startAt = Math.floor(rnd() * (pParas.length - keep + 1));
      const kept = pParas.slice(startAt, startAt + keep).map((p) => lightEdit(p, rnd, 0.03));
      const fresh = paragraphs(rnd, Math.floor(words * 0.6));
      paras = [...fresh.slice(0, 1), ...kept, ...fresh.slice(1)];
    }
    const d: GeneratedDoc = {
      id,
      text: paras.join('\n\n'),
      publishedAt: isoDate(hour),
      kind: 'article',
      outlet: `outlet-${i % 50}`,
      parent: parent.id,
      derivation,
      family: parent.family,
    };
    fam.push(d);
    yield d;
  }
}

/** Exact all-pairs with an inverted index over shingles: the oracle for recall figures. */
export function exactPairs(sets: readonly Uint32Array[], threshold: number, measure: 'jaccard' | 'containment' = 'jaccard'): Set<string> {
  const out = new Set<string>();
  forEachSharingPair(sets, Number.MAX_SAFE_INTEGER, (i, j, c) => {
    const a = sets[i]!.length;
    const b = sets[j]!.length;
    const v = measure === 'jaccard' ? c / (a + b - c) : Math.max(c / a, c / b);
    if (v >= threshold) out.add(`${i},${j}`);
  });
  return out;
}
