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

const indexes = new WeakMap<Uint32Array, U32Set>();

/** A U32Set of a (read-only) array of hashes, made once per array: for repeated lookups in the same array. */
export function setOf(values: Uint32Array): U32Set {
  let s = indexes.get(values);
  if (!s) indexes.set(values, (s = new U32Set(values)));
  return s;
}
