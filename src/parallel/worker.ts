/**
 * Worker-thread entry (built as its own file: dist/worker.js and dist/worker.cjs). Runs the
 * tasks of src/parallel/tasks.ts on request; errors go back with their code.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { WiretraceError } from '../errors.js';
import { collectGarbage } from './collect.js';
import { decodeInput, encodeOutput, taskFn, type TaskKind } from './tasks.js';

/**
 * Heap size (used, garbage included) above which a worker collects its garbage once its reply is
 * sent. A large task (a pair task of thousands of texts, an attribution task) leaves its inputs
 * and working data as garbage, and V8 sizes the next collection by the live data it saw during
 * the task: two workers each sat on 400–800 MB of dead texts and prepared texts at 100,000
 * documents, half of analyzeParallel's peak RSS. A full collection of the ~50 MB that a worker
 * keeps between tasks takes tens of milliseconds; small tasks never reach this. (192 MB before:
 * two workers at ~230 MB each were a quarter of the RSS of the pair stage at 100,000 articles.)
 */
const COLLECT_ABOVE = 128 * 2 ** 20;

/**
 * Task kinds after which a worker always collects: their input is mostly typed arrays, memory
 * outside the heap that the heap size above does not see (the corpus counts: ~250 MB of 3-grams
 * at 100,000 articles, which stayed through the pair stage; below LARGE_CORPUS, the shared
 * blocks of the 3-grams the workers count parts of and of the winnowed hashes they post, which
 * they would otherwise hold until a collection of their own).
 */
const COLLECT_AFTER: ReadonlySet<TaskKind> = new Set(['corpusCounts', 'gramRange', 'postingsBuckets']);

function collectIfLarge(kind: TaskKind): void {
  if (COLLECT_AFTER.has(kind) || getHeapStatistics().used_heap_size >= COLLECT_ABOVE) collectGarbage();
}

export interface TaskRequest {
  id: number;
  kind: TaskKind;
  input: unknown;
  /** Id of the run's shared data, and the data itself the first time this worker sees the run. */
  run: number;
  shared?: unknown;
}

export type TaskReply = { id: number; output: unknown } | { id: number; error: { message: string; code?: string; details?: readonly string[] } };

let run = -1;
let shared: unknown;

parentPort?.on('message', (req: TaskRequest) => {
  answer(req);
  collectIfLarge(req.kind); // the task's input and output are no longer reachable from here
});

function answer(req: TaskRequest): void {
  const packed = req.input;
  req.input = undefined;
  try {
    if (req.run !== run) {
      run = req.run;
      shared = req.shared;
    }
    const { data, transfer } = encodeOutput(req.kind, taskFn(req.kind)(decodeInput(req.kind, packed), shared));
    parentPort!.postMessage({ id: req.id, output: data } satisfies TaskReply, transfer);
  } catch (e) {
    const err = e instanceof WiretraceError ? { message: e.message, code: e.code, details: e.details } : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    parentPort!.postMessage({ id: req.id, error: err } satisfies TaskReply);
  }
}
