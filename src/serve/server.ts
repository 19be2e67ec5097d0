/**
 * `startServer`: the worker pool over the index, the Fastify app over the pool, listening.
 * `close()` is the graceful shutdown: no new connections, in-flight requests answered, then
 * every worker closes its index.
 */
import { availableParallelism } from 'node:os';
import pkg from '../../package.json';
import { sourceProblems } from '../attribution/gazetteer.js';
import { WiretraceError } from '../errors.js';
import { buildApp } from './app.js';
import { WorkerPool } from './pool.js';
import type { IndexTarget } from './protocol.js';
import type { Tokens } from './tokens.js';

export interface ServeOptions {
  /** The index: `{ sqlite: file }` or `{ redis: url, prefix? }`. */
  index: IndexTarget;
  tokens: Tokens;
  /** Default 127.0.0.1: loopback only unless told otherwise. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Index workers. Default: the cores available, at most 8. */
  workers?: number;
  /** Requests waiting for a worker beyond this are refused with 503. Default 1000. */
  maxQueue?: number;
  /** Milliseconds a check or an addition may take before its worker is stopped (503). Default 60,000. */
  taskTimeout?: number;
  /** Uncredited share above which the verdict fails. Default 0.1. */
  maxUncredited?: number;
  /** Largest POST /api/check body, bytes. Default 1 MiB. */
  checkBodyLimit?: number;
  /** Largest POST /api/documents body, bytes. Default 32 MiB. */
  bodyLimit?: number;
  /** One line per request and per internal error. Default: nothing. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://host:port` */
  url: string;
  port: number;
  /** Graceful shutdown; safe to call twice. */
  close(): Promise<void>;
}

export const SERVE_DEFAULTS = { host: '127.0.0.1', port: 8080, maxQueue: 1000, taskTimeout: 60_000, maxUncredited: 0.1, checkBodyLimit: 1 << 20, bodyLimit: 32 << 20 } as const;

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  // a mistake in the gazetteer entries is the operator's, said before listening: not a 400 on every check
  const problems = o.index.sources === undefined ? [] : sourceProblems(o.index.sources);
  if (problems.length > 0) throw new WiretraceError('E_OPTIONS', 'startServer', `index.sources: ${problems.length > 1 ? `${problems.length} problems: ` : ''}${problems.join('; ')}`);
  const workers = o.workers ?? Math.min(8, availableParallelism());
  const pool = await WorkerPool.start(o.index, { size: workers, maxQueue: o.maxQueue ?? SERVE_DEFAULTS.maxQueue, taskTimeout: o.taskTimeout ?? SERVE_DEFAULTS.taskTimeout });
  let closing: Promise<void> | undefined;
  const app = buildApp(pool, {
    closing: () => closing !== undefined,
    tokens: o.tokens,
    maxUncredited: o.maxUncredited ?? SERVE_DEFAULTS.maxUncredited,
    checkBodyLimit: o.checkBodyLimit ?? SERVE_DEFAULTS.checkBodyLimit,
    bodyLimit: o.bodyLimit ?? SERVE_DEFAULTS.bodyLimit,
    version: pkg.version,
    log: o.log ?? (() => undefined),
    ...(o.index.sources ? { sources: o.index.sources } : {}),
  });
  const host = o.host ?? SERVE_DEFAULTS.host;
  try {
    await app.listen({ host, port: o.port ?? SERVE_DEFAULTS.port });
  } catch (e) {
    await pool.close();
    throw e;
  }
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await pool.close();
      })()),
  };
}
