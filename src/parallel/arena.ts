/**
 * Small typed arrays kept for a while, copied into large blocks. The document stage's arrays
 * arrive from the workers in buffers of one task each (~300 KB), allocated by the worker
 * threads' malloc arenas; the process kept the memory of the released ones (~400 MB at 100,000
 * articles, measured against a run with the mmap threshold pinned) because live and released
 * buffers of different kinds lay side by side there. A block of ≥ 32 MB is its own mapping,
 * given back to the system as soon as it is collected, and the pages of a block not yet written
 * take no memory.
 */

/** Values per block: 36 MB, above glibc's largest dynamic mmap threshold (32 MB). */
const BLOCK = 9 * 2 ** 20;

/**
 * Copies of Uint32Arrays, one kind each (released together: a block lives while any of its copies
 * does). With `shared`, the blocks are SharedArrayBuffers, which worker threads can read where
 * they are (they cannot be moved to one).
 */
export class U32Arena {
  private block: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private at = 0;

  constructor(
    private readonly blockValues = BLOCK,
    private readonly shared = false,
  ) {}

  /** A copy of `a` in the current block (a new block when it is full). */
  copy(a: Uint32Array): Uint32Array {
    if (a.length > this.block.length - this.at) {
      const values = Math.max(this.blockValues, a.length);
      this.block = this.shared ? new Uint32Array(new SharedArrayBuffer(4 * values)) : new Uint32Array(values);
      this.at = 0;
    }
    const v = this.block.subarray(this.at, this.at + a.length);
    v.set(a);
    this.at += a.length;
    return v;
  }
}
