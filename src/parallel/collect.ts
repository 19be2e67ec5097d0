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
  if (!collect) {
    // V8 has no other way to ask for a collection. Its flags are the whole process's: set only
    // while a new context takes its `gc`, so that the host's later contexts and workers do not
    // get one (the function taken keeps working).
    setFlagsFromString('--expose-gc');
    try {
      collect = runInNewContext('gc') as () => void;
    } finally {
      setFlagsFromString('--no-expose-gc');
    }
  }
  collect();
}
