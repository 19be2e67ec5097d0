// The Redis connection of the store: the client interface it uses, connecting from a URL
// (standalone or Cluster), and which failures a retry can outlast.
import { createRequire } from 'node:module';
import { WiretraceError } from '../errors.js';
import { redactCredentials } from './store.js';

/** The part of an ioredis client (Redis or Cluster) the store uses. */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  getBuffer(key: string): Promise<Buffer | null>;
  getrangeBuffer(key: string, start: number, end: number): Promise<Buffer>;
  set(key: string, value: string | Buffer, nx?: 'NX'): Promise<unknown>;
  /** Optional: a client without it gets one SET per document. */
  mset?(...keysAndValues: (string | Buffer)[]): Promise<unknown>;
  append(key: string, value: Buffer): Promise<number>;
  setrange(key: string, offset: number, value: Buffer): Promise<number>;
  incrby(key: string, n: number): Promise<number>;
  hset(key: string, ...fieldsAndValues: string[]): Promise<number>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  hscan(key: string, cursor: string, count: 'COUNT', n: number): Promise<[string, string[]]>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  eval(script: string, numKeys: number, ...args: (string | Buffer)[]): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...args: (string | Buffer)[]): Promise<unknown>;
  /** Any command (BITFIELD, whose typed overloads do not fit a variable argument list). */
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  /**
   * The same with the arguments in one array: how a long argument list is passed, never spread
   * into the call (ioredis spreads a call's arguments once more when it pipelines, so ~60,000
   * spread arguments overflow the stack).
   */
  call(command: string, args: (string | number)[]): Promise<unknown>;
  bitcount(key: string): Promise<number>;
  del(...keys: string[]): Promise<number>;
  isCluster?: boolean;
  /** Cluster only: the node connections. */
  nodes?(role?: 'master' | 'slave' | 'all'): RedisLike[];
  wait?(replicas: number, timeout: number): Promise<number>;
  quit(): Promise<unknown>;
  disconnect(): void;
  connect?(): Promise<void>;
  on?(event: 'error', f: (e: Error) => void): unknown;
  once?(event: 'end', f: () => void): unknown;
  status?: string;
}

type Client = RedisLike;

/**
 * Failures that pass: a Cluster electing a new master (CLUSTERDOWN, TRYAGAIN, MOVED/ASK storms,
 * READONLY from a demoted master), a node restarting (LOADING), a dropped or refused connection,
 * and writes not yet on a replica. Anything else (WRONGTYPE, OOM, a refused id) fails at once.
 */
const TRANSIENT = /CLUSTERDOWN|TRYAGAIN|MOVED|\bASK\b|READONLY|LOADING|MASTERDOWN|NOREPLICAS|Cluster redirections|refresh slots cache|startup nodes|Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Command timed out|max retries|not on a replica/i;

export function isTransient(e: unknown): boolean {
  return e instanceof WiretraceError && e.code === 'E_STORE' && TRANSIENT.test(e.message);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error('timed out')), ms)))]).finally(() => clearTimeout(t));
}
/** A cached document and, once a query has needed them, its shingles. */
/** The Redis connection for a URL: a Cluster when the URL lists several hosts or says `?cluster=1`. */
export function connect(url: string, commandTimeout: number): Client {
  let mod: { Redis: new (url: string, o: object) => Client; Cluster: new (seeds: object[], o: object) => Client };
  try {
    mod = createRequire(import.meta.url)('ioredis') as typeof mod;
  } catch (e) {
    throw new WiretraceError('E_DEPENDENCY', 'CorpusIndex (redis)', `the Redis store needs the ioredis package: npm install ioredis (${(e as Error).message.split('\n')[0]})`);
  }
  const u = parseRedisUrl(url);
  // fail fast when the server is gone: bounded retries and reconnects
  const base = { connectTimeout: 3000, commandTimeout, maxRetriesPerRequest: 1, ...(u.username ? { username: u.username } : {}), ...(u.password ? { password: u.password } : {}) };
  if (u.cluster) {
    return new mod.Cluster(u.hosts, {
      lazyConnect: true,
      enableAutoPipelining: true,
      // a failover: retry on the promoted replica instead of failing at once
      retryDelayOnFailover: 300,
      retryDelayOnClusterDown: 300,
      retryDelayOnTryAgain: 300,
      maxRedirections: 32,
      clusterRetryStrategy: (times: number) => (times > 10 ? null : 300 * times),
      redisOptions: { ...base, ...(u.tls ? { tls: {} } : {}) },
    });
  }
  return new mod.Redis(url, { ...base, lazyConnect: true, enableOfflineQueue: false, enableAutoPipelining: true, retryStrategy: (times: number) => (times > 3 ? null : 200 * times) });
}

/** Hosts and credentials of a `redis://[user:pass@]host:port[,host:port…][/db][?cluster=1]` URL. */
export function parseRedisUrl(url: string): { cluster: boolean; hosts: { host: string; port: number }[]; username?: string; password?: string; tls: boolean } {
  const m = /^(rediss?):\/\/(?:([^@/]*)@)?([^/?#]*)(?:\/[^?#]*)?(?:\?([^#]*))?$/.exec(url);
  if (!m) throw new WiretraceError('E_OPTIONS', 'CorpusIndex (redis)', `redis must be a redis:// URL (got "${redactCredentials(url)}")`);
  const hosts = m[3]!.split(',').map((h) => {
    const [host, port] = h.split(':');
    return { host: host || '127.0.0.1', port: Number(port || 6379) };
  });
  const query = new URLSearchParams(m[4] ?? '');
  const [user, pass] = m[2] === undefined ? [] : m[2].includes(':') ? [m[2].slice(0, m[2].indexOf(':')), m[2].slice(m[2].indexOf(':') + 1)] : [undefined, m[2]];
  return {
    cluster: hosts.length > 1 || ['1', 'true', 'yes'].includes(query.get('cluster') ?? ''),
    hosts,
    ...(user ? { username: decodeURIComponent(user) } : {}),
    ...(pass ? { password: decodeURIComponent(pass) } : {}),
    tls: m[1] === 'rediss',
  };
}
