import { parseArgs } from 'node:util';
import type { Doc } from '../doc.js';
import { enqueueIngest, runWorker, type EnqueueOptions } from '../distributed/queue.js';
import { CliError } from './read.js';
import { parseNumber } from './_number.js';

/** The IO the worker command needs (a subset of the CLI's). */
interface WorkerIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const WORKER_HELP = `wiretrace worker --redis URL [options]

Takes ingest jobs (batches of articles to fingerprint and add) from the queue that
"wiretrace index add --redis URL --queue" fills, on the index's own Redis, and adds them to that
index; and analysis jobs (candidate pairs to align) that "wiretrace analyze --redis URL
--distributed" puts on the same Redis. Run as many workers, on as many machines, as the Redis takes; a job whose worker dies
is given to another one after --lock-ms (an ingest job adds only what is not indexed yet; an
analysis job gives the same result again).
Needs the bullmq and ioredis packages (npm install bullmq ioredis).

Options:
  --redis <url>        the index's Redis (redis://host:port, redis://h1:p1,h2:p2 for a Cluster)
  --prefix <p>         the index's key prefix (default wiretrace)
  --concurrency <n>    jobs at once in this process, per queue (default 1)
  --lock-ms <ms>       a job whose worker is silent this long goes to another worker (default 30000)
  --exit-when-idle     stop once the queue is empty (default: run until SIGINT or SIGTERM)
  -q, --quiet          no line per job`;

function int(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  return parseNumber(name, v, min, max, true, false, (m) => new CliError(m));
}

/** `wiretrace worker`: runs until stopped (or idle with --exit-when-idle). */
export async function cmdWorker(args: string[], io: WorkerIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { redis: { type: 'string' }, prefix: { type: 'string' }, concurrency: { type: 'string' }, 'lock-ms': { type: 'string' }, 'exit-when-idle': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: false, strict: true });
  } catch (e) {
    throw new CliError(`worker: ${(e as Error).message.replace(/\. To specify a positional argument.*$/, '')} (see wiretrace help worker)`);
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(`${WORKER_HELP}\n`);
    return 0;
  }
  if (!v.redis) throw new CliError('worker: give the index\'s Redis with --redis URL (see wiretrace help worker)');
  const concurrency = int('concurrency', v.concurrency, 1, 256);
  const lockMs = int('lock-ms', v['lock-ms'], 500, 3_600_000);
  const w = await runWorker(
    { redis: v.redis, ...(v.prefix ? { prefix: v.prefix } : {}) },
    {
      ...(concurrency ? { concurrency } : {}),
      ...(lockMs ? { lockMs } : {}),
      exitWhenIdle: Boolean(v['exit-when-idle']),
      onJob: (e) => {
        if (v.quiet && e.phase !== 'failed') return;
        if (e.phase === 'done' && e.kind === 'analysis') io.stderr(`worker: analysis job ${e.id}: ${e.pairs} pairs sharing passages\n`);
        else if (e.phase === 'done') io.stderr(`worker: job ${e.id}: added ${e.added} of ${e.documents} (the rest already indexed)\n`);
        else if (e.phase === 'failed') io.stderr(`worker: job ${e.id} failed: ${e.error}\n`);
      },
    },
  );
  const stop = (): void => void w.stop();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    const t = await w.done;
    io.stderr(`worker: ${t.jobs} job${t.jobs === 1 ? '' : 's'} done, ${t.added} document${t.added === 1 ? '' : 's'} added; ${t.analysisJobs} analysis job${t.analysisJobs === 1 ? '' : 's'}\n`);
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
  return 0;
}

/** `wiretrace index add --redis URL --queue`: the documents go to the ingest queue for workers. */
export async function enqueueCommand(redis: string, prefix: string | undefined, docs: Doc[], opts: EnqueueOptions, io: WorkerIO): Promise<number> {
  const r = await enqueueIngest({ redis, ...(prefix ? { prefix } : {}) }, docs, opts);
  io.stderr(`queued ${r.documents} document${r.documents === 1 ? '' : 's'} in ${r.jobs} job${r.jobs === 1 ? '' : 's'}; run wiretrace worker --redis URL${prefix ? ` --prefix ${prefix}` : ''} to add them\n`);
  return 0;
}
