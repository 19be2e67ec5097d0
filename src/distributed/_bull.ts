import { createRequire } from 'node:module';
import { WiretraceError } from '../errors.js';
import { parseRedisUrl } from '../corpus/redis.js';
import { redactCredentials } from '../corpus/store.js';

/** BullMQ plumbing shared by the ingest and the analysis queues (internal). */

type Bull = typeof import('bullmq');
export type Conn = object;

export function loadBullmq(): Bull {
  try {
    return createRequire(import.meta.url)('bullmq') as Bull;
  } catch (e) {
    throw new WiretraceError('E_DEPENDENCY', 'wiretrace worker', `distributed ingest needs the bullmq and ioredis packages: npm install bullmq ioredis (${(e as Error).message.split('\n')[0]})`);
  }
}

export interface QueueTarget {
  /** The index's Redis: `redis://host:port`, or `redis://h1:p1,h2:p2` for a Cluster. */
  redis: string;
  /** The index's key prefix. Default `wiretrace`. */
  prefix?: string;
}


/** The queue's name and BullMQ key prefix: one hash tag, so that its scripts run on one node of a Cluster. */
export function queueOf(t: QueueTarget): { name: string; prefix: string } {
  return { name: 'ingest', prefix: `{${t.prefix ?? 'wiretrace'}:queue}` };
}

/**
 * A BullMQ connection for the URL: options for a standalone Redis (BullMQ makes and closes the
 * clients), an ioredis Cluster for a cluster URL (BullMQ leaves a client it was given open:
 * the caller quits it, see `release`).
 */
export function connection(url: string): Conn {
  const u = parseRedisUrl(url);
  const auth = { ...(u.username ? { username: u.username } : {}), ...(u.password ? { password: u.password } : {}) };
  if (!u.cluster) {
    const db = /^rediss?:\/\/[^/]*\/(\d+)/.exec(url)?.[1];
    return { host: u.hosts[0]!.host, port: u.hosts[0]!.port, ...auth, ...(db ? { db: Number(db) } : {}), ...(u.tls ? { tls: {} } : {}), maxRetriesPerRequest: null };
  }
  const { Cluster } = createRequire(import.meta.url)('ioredis') as { Cluster: new (seeds: object[], o: object) => Conn };
  return new Cluster(u.hosts, { redisOptions: { ...auth, ...(u.tls ? { tls: {} } : {}), maxRetriesPerRequest: null } });
}

/** Closes a connection made by `connection` if it is a client (a Cluster). */
export async function release(c: Conn): Promise<void> {
  const client = c as { quit?: () => Promise<unknown>; disconnect?: () => void };
  if (typeof client.quit !== 'function') return;
  await client.quit().catch(() => client.disconnect?.());
}

/** Fails with E_STORE (credentials hidden) instead of an ioredis or BullMQ error. */
export async function guarded<T>(what: string, url: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof WiretraceError) throw e;
    throw new WiretraceError('E_STORE', 'wiretrace queue', redactCredentials(`${what} at ${url} failed: ${(e as Error)?.message ?? String(e)}`));
  }
}


/** The few commands the analysis queue needs beside BullMQ (the run's shared data). */
export interface KeyValue {
  set(key: string, value: string, ex: 'EX', seconds: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<unknown>;
}

/** A plain ioredis client (or Cluster) for the URL; close it with `release`. */
export function keyValueClient(url: string): KeyValue & Conn {
  const c = connection(url);
  if (typeof (c as Partial<KeyValue>).set === 'function') return c as KeyValue & Conn; // a Cluster client
  const { Redis } = createRequire(import.meta.url)('ioredis') as { Redis: new (o: object) => KeyValue & Conn };
  return new Redis(c);
}
