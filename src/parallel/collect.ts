/**
 * A full garbage collection on request, for a thread that has just let go of a lot of memory.
 * V8 frees the memory of dead typed arrays only when it collects, and it sizes its collections
 * by the JavaScript heap, not by the arrays' memory outside it: a thread that drops hundreds of
 * megabytes of arrays and then allocates little keeps them for a long time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Collects this thread's garbage now (a full, blocking collection). */
export function collectGarbage(): void {
  collect ??= exposedGc() ?? borrowedGc();
  collect();
}

/** The `gc` a host started with --expose-gc has (its flag is left as it is). */
function exposedGc(): (() => void) | undefined {
  const gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc === 'function') return gc as () => void;
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((f) => f === '--expose-gc' || f === '--expose_gc') ? (runInNewContext('gc') as () => void) : undefined;
}

/**
 * A `gc` taken from a new context. V8 has no other way to ask for a collection, and its flags
 * are the whole process's: set only while the context takes its `gc`, so that the host's later
 * contexts and workers do not get one (the function taken keeps working).
 */
function borrowedGc(): () => void {
  // the flag is the process's: another thread taking its own may turn it off between the two
  // calls here (two workers that finish tasks of one kind together); then it is tried again
  for (let attempt = 0; attempt < BORROW_ATTEMPTS; attempt++) {
    setFlagsFromString('--expose-gc');
    try {
      const gc = runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
      if (gc) return gc;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  return () => undefined; // no collection rather than a failed task
}
const BORROW_ATTEMPTS = 1000;
