/**
 * A pool of worker threads that runs tasks and returns their results in input order, so the
 * output never depends on how many workers there are or which finished first.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OptionChecker, WiretraceError, type WiretraceErrorCode } from '../errors.js';
import { decodeOutput, encodeInput, taskFn, type TaskInput, type TaskKind, type TaskOutput, type TaskShared } from './tasks.js';
import type { TaskReply, TaskRequest } from './worker.js';

export interface ParallelOptions {
  /** Worker threads. Default: all cores (`os.availableParallelism()`). 1 runs in the calling thread. */
  workers?: number;
}

export function resolveWorkers(opts: ParallelOptions | undefined, where: string): number {
  const c = new OptionChecker(where);
  c.int('workers', opts?.workers, 1, 1024);
  c.done();
  return opts?.workers ?? availableParallelism();
}

/**
 * Where the worker entry is: beside this module in the source tree (vitest, tsx), and beside
 * the bundle in dist/ (index.js → worker.js, index.cjs → worker.cjs, cli.js → worker.js).
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  // a worker inherits the parent's node flags; --input-type (node --input-type=module -e …) is
  // refused for a file entry, so it is left out
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type'));
  if (!here.endsWith('.ts')) return new Worker(new URL(here.endsWith('.cjs') ? './worker.cjs' : './worker.js', here), { execArgv });
  // source tree (tests, tsx): the worker registers tsx's loader, then imports the TypeScript entry
  const api = pathToFileURL(join(dirname(createRequire(here).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}));`, { eval: true });
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/**
 * Worker threads that run tasks (see `TASKS`) and give back the results in input order.
 * With `workers: 1` nothing is started and tasks run in the calling thread. Close the pool
 * when done (`close()`); an idle pool does not keep the process alive.
 */
export class WorkerPool {
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly kindOf = new Map<number, TaskKind>();
  private queue: { req: TaskRequest; shared: unknown; p: Pending }[] = [];
  private readonly runOf = new Map<Worker, number>(); // the run whose shared data each worker holds
  private nextId = 0;
  private nextRun = 0;
  private failed: Error | undefined;

  constructor(opts?: ParallelOptions) {
    this.size = resolveWorkers(opts, 'WorkerPool');
  }

  /**
   * Runs one task per input and resolves with the outputs in the same order. `shared` is
   * what every task of the run needs (options, parameters): sent once to each worker. `each`
   * sees each output as it comes in (in any order) and gives what to keep of it.
   */
  async run<K extends TaskKind>(kind: K, inputs: readonly TaskInput<K>[], shared: TaskShared<K>, each?: (output: TaskOutput<K>, index: number) => TaskOutput<K>): Promise<TaskOutput<K>[]> {
    const take = each ?? ((x: TaskOutput<K>) => x);
    if (this.size === 1 || inputs.length <= 1) return inputs.map((x, i) => take(taskFn(kind)(x, shared) as TaskOutput<K>, i));
    this.start();
    const run = this.nextRun++;
    return Promise.all(inputs.map((input, i) => (this.submit(kind, input, run, shared) as Promise<TaskOutput<K>>).then((x) => take(x, i))));
  }

  /**
   * Runs one task on a worker (in this thread when the pool has one worker). `run` keeps a lone
   * task in this thread; this leaves the thread free meanwhile, to hand out other tasks.
   */
  async runOnWorker<K extends TaskKind>(kind: K, input: TaskInput<K>, shared: TaskShared<K>): Promise<TaskOutput<K>> {
    if (this.size === 1) return taskFn(kind)(input, shared) as TaskOutput<K>;
    this.start();
    return this.submit(kind, input, this.nextRun++, shared) as Promise<TaskOutput<K>>;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    this.idle.length = 0;
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private start(): void {
    if (this.workers.length > 0) return;
    for (let i = 0; i < this.size; i++) {
      const w = spawnWorker();
      w.unref();
      w.on('message', (m: TaskReply) => this.settle(w, m));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (this.workers.includes(w)) this.fail(new Error(`worker exited with code ${code}`));
      });
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  private submit(kind: TaskKind, input: unknown, run: number, shared: unknown): Promise<unknown> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, kind, input, run }, shared, p: { resolve, reject } });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { req, shared, p } = this.queue.shift()!;
      if (this.runOf.get(w) !== req.run) {
        this.runOf.set(w, req.run);
        req.shared = shared;
      }
      this.pending.set(req.id, p);
      this.kindOf.set(req.id, req.kind);
      w.ref(); // a busy pool keeps the process alive until its results are in
      // packed now, when it leaves, not when queued: only the tasks in flight hold packed texts
      const { data, transfer } = encodeInput(req.kind, req.input);
      req.input = data;
      w.postMessage(req, transfer);
    }
  }

  private settle(w: Worker, m: TaskReply): void {
    const p = this.pending.get(m.id);
    const kind = this.kindOf.get(m.id)!;
    this.pending.delete(m.id);
    this.kindOf.delete(m.id);
    w.unref();
    this.idle.push(w);
    if (p) {
      if ('error' in m) {
        const e = m.error;
        p.reject(e.code ? Object.assign(new WiretraceError(e.code as WiretraceErrorCode, 'worker', ''), { message: e.message, details: e.details ?? [] }) : new Error(`wiretrace: worker: ${e.message}`));
      } else p.resolve(decodeOutput(kind, m.output));
    }
    this.pump();
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    for (const q of this.queue) q.p.reject(e);
    this.pending.clear();
    this.queue = [];
  }
}

/** Runs tasks on a fresh pool and closes it: the one-call form of `WorkerPool.run`. */
export async function runOrdered<K extends TaskKind>(kind: K, inputs: readonly TaskInput<K>[], shared: TaskShared<K>, opts?: ParallelOptions): Promise<TaskOutput<K>[]> {
  const pool = new WorkerPool(opts);
  try {
    return await pool.run(kind, inputs, shared);
  } finally {
    await pool.close();
  }
}
