/**
 * A read-only set of 32-bit unsigned integers (hashes) in one open-addressing typed array: `has`
 * is a multiply and a probe or two, where a `Set<number>` hashes a heap number (most hashes are
 * past the small-integer range) and a binary search of a sorted array takes ~10 unpredictable
 * branches. Iterates its values in the order first given, as a Set of them would.
 */
export class U32Set implements ReadonlySet<number> {
  private readonly table: Uint32Array;
  private readonly shift: number;
  private readonly mask: number;
  private readonly zero: boolean;
  /** The values, each once, in the order given (the array given itself when it is strictly increasing: not copied). */
  private readonly order: ArrayLike<number>;

  /** `values`: read only from here on (a sorted unique array is kept, not copied). */
  constructor(values: ArrayLike<number>) {
    let bits = 4;
    while (1 << bits < 2 * values.length) bits++;
    this.table = new Uint32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    let increasing = true;
    for (let k = 1; k < values.length && increasing; k++) increasing = values[k - 1]! < values[k]!;
    const order = increasing ? undefined : new Uint32Array(values.length);
    let n = 0;
    let zero = false;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]! >>> 0;
      if (v !== values[k]) throw new RangeError(`U32Set: ${values[k]} is not a 32-bit unsigned integer`);
      if (v === 0) {
        if (!zero && order) order[n++] = 0;
        zero = true;
        continue;
      }
      let i = Math.imul(v, 0x9e3779b1) >>> this.shift;
      for (;;) {
        const t = this.table[i]!;
        if (t === 0) {
          this.table[i] = v;
          if (order) order[n++] = v;
          break;
        }
        if (t === v) break;
        i = (i + 1) & this.mask;
      }
    }
    this.zero = zero;
    this.order = order ? order.subarray(0, n) : values;
  }

  get size(): number {
    return this.order.length;
  }

  has(x: number): boolean {
    if (x === 0) return this.zero;
    if (x !== x >>> 0) return false; // not a 32-bit unsigned integer: never held
    let i = Math.imul(x, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const t = this.table[i]!;
      if (t === x) return true;
      if (t === 0) return false;
      i = (i + 1) & this.mask;
    }
  }

  forEach(f: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    for (let k = 0; k < this.order.length; k++) f.call(thisArg, this.order[k]!, this.order[k]!, this);
  }

  *values(): IterableIterator<number> {
    for (let k = 0; k < this.order.length; k++) yield this.order[k]!;
  }

  keys(): IterableIterator<number> {
    return this.values();
  }

  *entries(): IterableIterator<[number, number]> {
    for (let k = 0; k < this.order.length; k++) yield [this.order[k]!, this.order[k]!];
  }

  [Symbol.iterator](): IterableIterator<number> {
    return this.values();
  }
}

/**
 * One lookup table per thread, loaded with the array last asked for (loaded again only for
 * another array): for lookups in many arrays each used for a while, with no table left behind
 * per array (a U32Set per prepared text in the pair tasks held ~100 MB more RSS in the
 * workers at 20,000 articles until collected). Slots are stamped per load, so a load clears nothing.
 */
class ScratchSet {
  private keys = new Uint32Array(1 << 11);
  private stamps = new Uint32Array(1 << 11);
  private shift = 21;
  private mask = (1 << 11) - 1;
  private now = 0;
  private zero = false;
  private values: Uint32Array | undefined;

  load(values: Uint32Array): this {
    if (values === this.values) return this;
    this.values = values;
    if (this.keys.length < 2 * values.length) {
      let bits = 11;
      while (1 << bits < 2 * values.length) bits++;
      this.keys = new Uint32Array(1 << bits);
      this.stamps = new Uint32Array(1 << bits);
      this.shift = 32 - bits;
      this.mask = (1 << bits) - 1;
      this.now = 0;
    }
    if (++this.now === 2 ** 32) {
      this.now = 1;
      this.stamps.fill(0);
    }
    this.zero = false;
    for (let k = 0; k < values.length; k++) {
      const v = values[k]!;
      if (v === 0) {
        this.zero = true;
        continue;
      }
      let i = Math.imul(v, 0x9e3779b1) >>> this.shift;
      while (this.stamps[i] === this.now && this.keys[i] !== v) i = (i + 1) & this.mask;
      this.stamps[i] = this.now;
      this.keys[i] = v;
    }
    return this;
  }

  has(x: number): boolean {
    if (x === 0) return this.zero;
    if (x !== x >>> 0) return false;
    for (let i = Math.imul(x, 0x9e3779b1) >>> this.shift; this.stamps[i] === this.now; i = (i + 1) & this.mask) if (this.keys[i] === x) return true;
    return false;
  }
}

const scratch = new ScratchSet();

/** A lookup in `values` (read only) through the thread's one scratch table: valid until the next call with another array. */
export function scratchSetOf(values: Uint32Array): { has(x: number): boolean } {
  return scratch.load(values);
}
