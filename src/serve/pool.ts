/**
 * A fixed pool of index workers with a bounded queue. Each task goes to an idle worker or
 * waits; a task that outlives `taskTimeout` ends its worker (which is replaced) so that one
 * pathological draft cannot hold a worker forever.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, IndexTarget, Task, TaskError, ToWorker } from './protocol.js';

/** A task that failed: `code` is a WiretraceError code, or E_INTERNAL, E_BUSY, E_TIMEOUT, E_CLOSED. */
export class TaskFailed extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'TaskFailed';
  }
}

export interface PoolOptions {
  size: number;
  /** Tasks waiting beyond this are refused at once (E_BUSY). */
  maxQueue: number;
  /** Milliseconds a task may run. */
  taskTimeout: number;
}

interface Job {
  task: Task;
  resolve: (v: unknown) => void;
  reject: (e: TaskFailed) => void;
}

interface Slot {
  worker: Worker;
  job?: Job & { id: number; timer: NodeJS.Timeout };
}

/**
 * The worker's code: the built `serve-worker.js` beside the bundle, or, when running from the
 * TypeScript sources (tests, benchmarks), worker.ts through tsx (a dev dependency).
 */
function spawnWorker(target: IndexTarget): Worker {
  const built = new URL('./serve-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, { workerData: target });
  // tsx's ESM entry (its CommonJS one cannot load the ESM half from an eval'd worker)
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const src = new URL('./worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(src)}); });`;
  return new Worker(code, { eval: true, workerData: target });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing = false;

  private constructor(
    private readonly target: IndexTarget,
    private readonly opts: PoolOptions,
  ) {}

  /** Starts the workers one after the other (the first may create the store's schema); rejects with the first worker's error. */
  static async start(target: IndexTarget, opts: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(target, opts);
    try {
      for (let i = 0; i < opts.size; i++) pool.slots.push(await pool.startSlot());
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private startSlot(): Promise<Slot> {
    return new Promise((resolve, reject) => {
      const slot: Slot = { worker: spawnWorker(this.target) };
      let ready = false;
      slot.worker.on('message', (m: FromWorker) => {
        if ('ready' in m) {
          ready = true;
          resolve(slot);
        } else if ('fatal' in m) reject(new TaskFailed(m.fatal.code, m.fatal.message));
        else if ('id' in m) this.settle(slot, m.id, 'ok' in m ? { ok: m.ok } : { err: m.err });
      });
      slot.worker.on('error', (e) => (ready ? this.lost(slot, e) : reject(new TaskFailed('E_INTERNAL', e.message))));
      slot.worker.on('exit', (code) => {
        if (!ready) reject(new TaskFailed('E_INTERNAL', `index worker exited (${code}) before it was ready`));
        else this.lost(slot, new Error(`index worker exited (${code})`));
      });
    });
  }

  /** Workers busy and tasks waiting, for /api/stats. */
  load(): { workers: number; busy: number; queued: number } {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  run<T>(task: Task): Promise<T> {
    if (this.closing) return Promise.reject(new TaskFailed('E_CLOSED', 'the server is shutting down'));
    if (this.queue.length >= this.opts.maxQueue) return Promise.reject(new TaskFailed('E_BUSY', `${this.queue.length} requests are waiting already; try again shortly`));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.job) continue;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const timer = setTimeout(() => this.timeout(slot, id), this.opts.taskTimeout);
      slot.job = { ...job, id, timer };
      slot.worker.postMessage({ id, task: job.task } satisfies ToWorker);
    }
  }

  private settle(slot: Slot, id: number, r: { ok: unknown } | { err: TaskError }): void {
    const job = slot.job;
    if (!job || job.id !== id) return;
    clearTimeout(job.timer);
    slot.job = undefined;
    if ('ok' in r) job.resolve(r.ok);
    else job.reject(new TaskFailed(r.err.code, r.err.message));
    this.dispatch();
  }

  private timeout(slot: Slot, id: number): void {
    if (slot.job?.id !== id) return;
    this.lost(slot, new TaskFailed('E_TIMEOUT', `the task took longer than ${this.opts.taskTimeout} ms and was stopped`));
    void slot.worker.terminate();
  }

  /** A worker died or was stopped: fail its task, and replace it unless the pool is closing. */
  private lost(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    slot.worker.removeAllListeners();
    slot.worker.on('error', () => undefined);
    if (slot.job) {
      clearTimeout(slot.job.timer);
      slot.job.reject(e instanceof TaskFailed ? e : new TaskFailed('E_INTERNAL', e.message));
    }
    if (this.closing) return;
    this.startSlot().then(
      (s) => {
        this.slots.push(s);
        this.dispatch();
      },
      (err: TaskFailed) => {
        // no worker left to run anything: fail what waits rather than leave it hanging
        if (this.slots.length === 0) for (const j of this.queue.splice(0)) j.reject(err);
      },
    );
  }

  /** Refuses new tasks, lets running and queued ones finish, then closes every worker's index. */
  async close(): Promise<void> {
    this.closing = true;
    while (this.queue.length > 0 || this.slots.some((s) => s.job)) await new Promise((r) => setTimeout(r, 20));
    await Promise.all(this.slots.splice(0).map((s) => closeWorker(s.worker)));
  }
}

function closeWorker(w: Worker): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      resolve();
    };
    // a worker that does not answer within 5 s is stopped
    const t = setTimeout(() => void w.terminate().then(done, done), 5000);
    w.on('message', (m: FromWorker) => 'closed' in m && void w.terminate().then(done, done));
    w.once('exit', done);
    w.postMessage({ close: true } satisfies ToWorker);
  });
}
