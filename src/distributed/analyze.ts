import { randomUUID } from 'node:crypto';
import type { Doc } from '../doc.js';
import { WiretraceError } from '../errors.js';
import { openCorpusIndex } from '../corpus/persistent.js';
import { redactCredentials } from '../corpus/store.js';
import { analyzeOnPool } from '../parallel/analyze.js';
import { withPool } from '../parallel/index.js';
import { resolveWorkers, type ParallelOptions } from '../parallel/pool.js';
import { planAnalysis, type Analysis, type AnalyzeOptions } from '../provenance/analyze.js';
import type { PairAnalysis } from '../provenance/graph.js';
import { runPairsTask, type PairsShared, type PairsTask } from '../provenance/stages.js';
import { connection, guarded, keyValueClient, loadBullmq, queueOf, release, type QueueTarget } from './_bull.js';

/**
 * Distributed analyze: the pair tasks — alignment, templates, stock phrases and figures of a
 * range of candidate pairs, most of analyze's work — go as jobs on a BullMQ queue in the
 * index's Redis, for any number of `wiretrace worker` processes on any machines. This process
 * reads the documents from the index, runs the corpus-wide stages (fingerprints and candidates,
 * on its own worker threads) and assembles the jobs' results, in job order, into the Analysis
 * that `analyze` of the same documents gives. A job is a pure function of its data and of the
 * run's shared data (kept in Redis under the run's key), so a job retried after its worker died
 * gives the same result.
 */

/** One job: a pair task of the run whose shared data is under `key`. */
export interface AnalysisJob {
  run: string;
  key: string;
  task: PairsTask;
}

export interface DistributedAnalyzeOptions extends AnalyzeOptions, ParallelOptions {
  /** Attempts per job before the analysis fails. Default 5. */
  attempts?: number;
}

/** The analysis queue of an index: beside its ingest queue, under the same hash tag. */
export function analysisQueueOf(t: QueueTarget): { name: string; prefix: string } {
  return { name: 'analyze', prefix: queueOf(t).prefix };
}

/**
 * Analyses every document of the Redis index at `target` (in id order) with the pair tasks done
 * by `wiretrace worker` processes. Start the workers before or after: the jobs wait for them.
 *
 * @example
 * const analysis = await analyzeDistributed({ redis: 'redis://10.0.0.5:6379' });
 */
export async function analyzeDistributed(target: QueueTarget, opts: DistributedAnalyzeOptions = {}): Promise<Analysis> {
  const { workers: _w, attempts = 5, ...rest } = opts;
  resolveWorkers(opts, 'analyzeDistributed');
  if (!Number.isInteger(attempts) || attempts < 1) throw new WiretraceError('E_OPTIONS', 'analyzeDistributed', `attempts: expected an integer from 1, got ${String(attempts)}`);
  planAnalysis([], rest, 'analyzeDistributed'); // the options, before reading the index
  const docs = await readIndex(target);
  const plan = planAnalysis(docs, rest, 'analyzeDistributed');
  return withPool(opts, 'analyzeDistributed', (pool) => analyzeOnPool(docs, plan, pool, opts.onProgress, (tasks, shared) => runOnQueue(target, tasks, shared, attempts)));
}

/** Every committed document of the index, in id order. */
async function readIndex(target: QueueTarget): Promise<Doc[]> {
  const index = await openCorpusIndex({ redis: target.redis, ...(target.prefix ? { prefix: target.prefix } : {}), readOnly: true });
  try {
    const ids = (await index.ids()).sort();
    const docs: Doc[] = [];
    for (let i = 0; i < ids.length; i += 500) for (const d of await Promise.all(ids.slice(i, i + 500).map((id) => index.get(id)))) if (d) docs.push(d);
    if (docs.length === 0) throw new WiretraceError('E_INPUT', 'analyzeDistributed', `the index at ${redactCredentials(target.redis)} has no documents`);
    return docs;
  } finally {
    await index.close();
  }
}

/** Puts the tasks on the queue, the shared data under the run's key, and waits for every result. */
async function runOnQueue(target: QueueTarget, tasks: PairsTask[], shared: PairsShared, attempts: number): Promise<PairAnalysis[][]> {
  if (tasks.length === 0) return [];
  const { Queue, QueueEvents } = loadBullmq();
  const q = analysisQueueOf(target);
  const url = redactCredentials(target.redis);
  const [conn, eventsConn, client] = [connection(target.redis), connection(target.redis), keyValueClient(target.redis)];
  const queue = new Queue<AnalysisJob>(q.name, { connection: conn as never, prefix: q.prefix });
  const events = new QueueEvents(q.name, { connection: eventsConn as never, prefix: q.prefix });
  queue.on('error', () => undefined); // reported by the failing call instead (credentials hidden)
  events.on('error', () => undefined);
  const run = randomUUID();
  const key = `${q.prefix}:analysis:${run}`;
  try {
    await guarded('listening to the analysis queue', url, () => events.waitUntilReady());
    await guarded('storing the analysis run', url, () => client.set(key, encodeShared(shared), 'EX', 7 * 86400));
    const jobOpts = { attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86400 } };
    const jobs: { waitUntilFinished(e: unknown): Promise<unknown> }[] = [];
    for (let i = 0; i < tasks.length; i += 100) {
      const batch = tasks.slice(i, i + 100).map((task) => ({ name: 'pairs', data: { run, key, task }, opts: jobOpts }));
      jobs.push(...(await guarded('queueing', url, () => queue.addBulk(batch as never))));
    }
    return await guarded('waiting for the analysis jobs', url, () => Promise.all(jobs.map((j) => j.waitUntilFinished(events) as Promise<PairAnalysis[]>)));
  } finally {
    await client.del(key).catch(() => undefined);
    await Promise.all([queue.close(), events.close()]);
    await Promise.all([release(conn), release(eventsConn), release(client)]);
  }
}

/** The run's shared data as one JSON string, its typed arrays in base64 (little-endian, as every platform Node runs on). */
export function encodeShared(s: PairsShared): string {
  const b64 = (a: Uint32Array | null): string | null => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') : null);
  return JSON.stringify({ align: s.align, frequentSlots: s.frequentSlots, common: b64(s.common), stock: b64(s.stock) });
}

export function decodeShared(json: string): PairsShared {
  const o = JSON.parse(json) as { align: PairsShared['align']; frequentSlots: string[] | null; common: string | null; stock: string | null };
  const u32 = (b: string | null): Uint32Array | null => {
    if (b === null) return null;
    const buf = Buffer.from(b, 'base64');
    return new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  };
  return { align: o.align, frequentSlots: o.frequentSlots, common: u32(o.common), stock: u32(o.stock) };
}

/** The worker's side: shared data of the runs it has seen (the last few), and one job's work. */
export class AnalysisJobRunner {
  private readonly runs = new Map<string, PairsShared>();

  constructor(private readonly fetch: (key: string) => Promise<string | null>) {}

  async run(job: AnalysisJob): Promise<PairAnalysis[]> {
    let shared = this.runs.get(job.run);
    if (!shared) {
      const json = await this.fetch(job.key);
      if (json === null) throw new WiretraceError('E_STORE', 'wiretrace worker', `analysis run ${job.run}: its shared data is gone (the coordinator stopped?)`);
      shared = decodeShared(json);
      if (this.runs.size >= 4) this.runs.delete(this.runs.keys().next().value!);
      this.runs.set(job.run, shared);
    }
    return runPairsTask(job.task, shared);
  }
}
