/**
 * Worker-thread entry (built as its own file: dist/worker.js and dist/worker.cjs). Runs the
 * tasks of src/parallel/tasks.ts on request; errors go back with their code.
 */
import { parentPort } from 'node:worker_threads';
import { WiretraceError } from '../errors.js';
import { encodeOutput, taskFn, type TaskKind } from './tasks.js';

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
  try {
    if (req.run !== run) {
      run = req.run;
      shared = req.shared;
    }
    const { data, transfer } = encodeOutput(req.kind, taskFn(req.kind)(req.input, shared));
    parentPort!.postMessage({ id: req.id, output: data } satisfies TaskReply, transfer);
  } catch (e) {
    const err = e instanceof WiretraceError ? { message: e.message, code: e.code, details: e.details } : { message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    parentPort!.postMessage({ id: req.id, error: err } satisfies TaskReply);
  }
});
