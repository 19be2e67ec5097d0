/**
 * Texts on their way to a worker, packed into one buffer that is moved (transferred), not cloned.
 * A cloned string exists three times while it crosses — the caller's, the serialised message, the
 * worker's copy — in UTF-16 as soon as a text has one character beyond Latin-1 (curly quotes,
 * dashes: every generated article), ~9 KB a news article each. Packed, it is UTF-8 (~4.5 KB),
 * written once, and a worker can read the texts one at a time (TextList) instead of holding all
 * of a task's texts at once: the attribution tasks of `analyzeParallel` carry a third of the
 * corpus each.
 */
import { Buffer } from 'node:buffer';
import type { TextSeq } from '../provenance/stages.js';

export interface PackedTexts {
  bytes: Uint8Array;
  /** End of each text in `bytes`. */
  ends: Float64Array;
  /** 1 for a text stored as UTF-16LE: one with a lone surrogate, which UTF-8 cannot carry. */
  wide: Uint8Array;
}

export function packTexts(texts: readonly string[]): PackedTexts {
  const wide = new Uint8Array(texts.length);
  let total = 0;
  texts.forEach((t, i) => {
    wide[i] = isWellFormed(t) ? 0 : 1;
    total += wide[i] ? 2 * t.length : Buffer.byteLength(t, 'utf8');
  });
  const buf = Buffer.allocUnsafeSlow(total); // a buffer of its own (not a slice of the pool): it is transferred
  const ends = new Float64Array(texts.length);
  let at = 0;
  texts.forEach((t, i) => {
    at += buf.write(t, at, wide[i] ? 'utf16le' : 'utf8');
    ends[i] = at;
  });
  return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.length), ends, wide };
}

/** String.prototype.isWellFormed (Node 20; not in the ES2022 library this compiles against). */
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The buffers to transfer with packed texts. */
export function packedBuffers(p: PackedTexts): ArrayBuffer[] {
  return [p.bytes.buffer as ArrayBuffer, p.ends.buffer as ArrayBuffer, p.wide.buffer as ArrayBuffer];
}

/** Packed texts read one at a time: each string is made when asked for and not kept. */
export class TextList implements TextSeq {
  private readonly buf: Buffer;
  constructor(private readonly p: PackedTexts) {
    this.buf = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.length);
  }

  get length(): number {
    return this.p.ends.length;
  }

  at(i: number): string | undefined {
    if (i < 0 || i >= this.length) return undefined;
    return this.buf.toString(this.p.wide[i] ? 'utf16le' : 'utf8', i === 0 ? 0 : this.p.ends[i - 1], this.p.ends[i]);
  }
}
