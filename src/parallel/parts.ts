/**
 * Work that this thread and the workers share in numbered parts (the 3-gram counts by parts of the
 * hash range, the containment postings by top-bits buckets): the arrays it reads are located in
 * the blocks of their arenas (SharedArrayBuffers, read in place by every thread), each thread takes
 * the next part not yet taken through a counter in shared memory until none is left, and the
 * results are put back in part order, so that who did which part does not matter.
 */

/** The parts one thread did: their numbers and results, in the order it did them. */
export interface Taken<T> {
  parts: number[];
  results: T[];
}

/** A counter in shared memory: [0] is the next part not yet taken. */
export const partCounter = (): Int32Array => new Int32Array(new SharedArrayBuffer(4));

/**
 * Does parts until none of the `count` is left untaken. `prepare` runs once, before the first
 * part this thread takes (a thread that finds them all taken pays nothing).
 */
export function takeParts<C, T>(next: Int32Array, count: number, prepare: () => C, work: (part: number, with_: C) => T): Taken<T> {
  const out: Taken<T> = { parts: [], results: [] };
  let prepared: { c: C } | undefined;
  for (let k = Atomics.add(next, 0, 1); k < count; k = Atomics.add(next, 0, 1)) {
    prepared ??= { c: prepare() };
    out.parts.push(k);
    out.results.push(work(k, prepared.c));
  }
  return out;
}

/** Every thread's results in part order; a part no thread did is an error (`what`: "part 3 of …"). */
export function inPartOrder<T>(all: readonly Taken<T>[], count: number, what: (part: number) => string): T[] {
  const byPart: (T | undefined)[] = new Array(count);
  for (const t of all) t.parts.forEach((k, i) => (byPart[k] = t.results[i]));
  return Array.from({ length: count }, (_, k) => {
    const r = byPart[k];
    if (r === undefined) throw new Error(`wiretrace: internal: ${what(k)}`);
    return r;
  });
}

/** `where` of an array of no elements: it may be a view on no block at all (an arena's initial one), so it is not located. */
const EMPTY = -2;

/**
 * Where some arrays are: the buffers under them, and per array its block (-1: no array; EMPTY:
 * an empty one), offset and length in values, three numbers an array.
 */
export function locateArrays(arrays: readonly (Uint32Array | undefined)[]): { blocks: ArrayBuffer[]; where: Int32Array } {
  const blockOf = new Map<ArrayBuffer, number>();
  const where = new Int32Array(3 * arrays.length).fill(-1);
  arrays.forEach((a, i) => {
    if (!a) return;
    if (a.length === 0) {
      where[3 * i] = EMPTY;
      return;
    }
    const buffer = a.buffer as ArrayBuffer;
    let b = blockOf.get(buffer);
    if (b === undefined) blockOf.set(buffer, (b = blockOf.size));
    where[3 * i] = b;
    where[3 * i + 1] = a.byteOffset / 4;
    where[3 * i + 2] = a.length;
  });
  return { blocks: [...blockOf.keys()], where };
}

/** Whether every located array is in shared memory (the workers can read it in place). */
export const allShared = (blocks: readonly ArrayBufferLike[]): boolean => blocks.every((b) => b instanceof SharedArrayBuffer);

/** The arrays located by locateArrays, as views on `blocks` (undefined where there was none). */
export function arraysAt(blocks: readonly ArrayBufferLike[], where: Int32Array): (Uint32Array | undefined)[] {
  const views = blocks.map((b) => new Uint32Array(b));
  const out: (Uint32Array | undefined)[] = [];
  for (let at = 0; at < where.length; at += 3) {
    const b = where[at]!;
    out.push(b >= 0 ? views[b]!.subarray(where[at + 1]!, where[at + 1]! + where[at + 2]!) : b === EMPTY ? new Uint32Array(0) : undefined);
  }
  return out;
}
