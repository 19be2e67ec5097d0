/** Helpers shared by the benchmark and evaluation scripts and the store tests. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * This thread's CPU seconds (Linux: /proc/thread-self/stat, in clock ticks of 10 ms), or undefined
 * elsewhere: unlike process.cpuUsage(), neither the other threads' work nor V8's helper threads.
 */
export function threadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

/** `--name value` from an argument list. */
export function argOf(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** The p-th percentile (nearest rank below) of a sample. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/**
 * A loopback port nobody listens on right now: one the system picks, or, when
 * WIRETRACE_TEST_PORTS is `LOW-HIGH`, a free one of that range picked at random (so that a
 * developer's test servers stay within the ports set aside for them on a shared machine).
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.WIRETRACE_TEST_PORTS ?? '');
  if (!range) return listenable(0) as Promise<number>;
  const [low, high] = [Number(range[1]), Number(range[2])];
  for (let tries = 0; tries < 1000; tries++) {
    const p = await listenable(low + Math.floor(Math.random() * (high - low + 1)));
    if (p !== undefined) return p;
  }
  throw new Error(`no free port in WIRETRACE_TEST_PORTS=${range[0]}`);
}

/** The port a loopback listener got on `port` (0: any), or undefined when it is taken. */
function listenable(port: number): Promise<number | undefined> {
  return new Promise((res) => {
    const s = createServer()
      .once('error', () => res(undefined))
      .listen(port, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => res(p));
      });
  });
}

export interface RedisServer {
  url: string;
  proc: ChildProcess;
  stop(): void;
}

/** Tries at most for a free port that another process takes between our check and redis-server's bind (parallel test files share a WIRETRACE_TEST_PORTS range). */
const BIND_TRIES = 5;

/** Starts a throw-away redis-server (no persistence) on a free loopback port; rejects if it does not come up within 10 s. */
export async function startRedis(bin = 'redis-server', extra: readonly string[] = []): Promise<RedisServer> {
  const { port, proc } = await serveOnFreePort(bin, await freePort(), freePort, (p) => ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra]);
  return { url: `redis://127.0.0.1:${port}`, proc, stop: () => proc.kill('SIGKILL') };
}

/**
 * Spawns `bin` with `args(port)` until it comes up: on another port (`next`) when another process
 * took the last one (BIND_TRIES at most). A server that fails is killed (never left running, e.g.
 * still loading a big dump.rdb); every process spawned also goes to `spawned`, for a caller that
 * must stop them all.
 */
async function serveOnFreePort(bin: string, port: number, next: () => Promise<number>, args: (port: number) => string[], spawned: ChildProcess[] = []): Promise<{ port: number; proc: ChildProcess }> {
  for (let tries = 1; ; tries++) {
    const proc = spawn(bin, args(port), { stdio: ['ignore', 'pipe', 'ignore'] });
    spawned.push(proc);
    try {
      await serverReady(proc);
      return { port, proc };
    } catch (e) {
      proc.kill('SIGKILL');
      if (!(e instanceof PortTaken) || tries >= BIND_TRIES) throw e;
      port = await next();
    }
  }
}

/** redis-server exited because its port was taken after we found it free: try another. */
class PortTaken extends Error {}

/** Resolves when a redis-server says it accepts connections; rejects when it exits (PortTaken if its port was in use) or is not up within 10 s. */
function serverReady(proc: ChildProcess): Promise<void> {
  return new Promise<void>((res, rej) => {
    let seen = '';
    const t = setTimeout(() => rej(new Error(`redis-server did not start: ${seen}`)), 10_000);
    proc.once('error', (e) => {
      clearTimeout(t);
      rej(e);
    });
    proc.stdout!.on('data', (b: Buffer) => {
      seen += b.toString();
      if (seen.includes('Ready to accept connections')) {
        clearTimeout(t);
        res();
      }
    });
    proc.once('exit', (c) => {
      clearTimeout(t);
      const msg = `redis-server exited (${c}): ${seen}`;
      rej(seen.includes('Address already in use') ? new PortTaken(msg) : new Error(msg));
    });
  });
}

/** A loopback port nobody listens on whose cluster bus port (port + 10000) is free too. */
export async function freeClusterPort(taken: ReadonlySet<number> = new Set()): Promise<number> {
  // bounded: a small WIRETRACE_TEST_PORTS range can run out (ports taken, or no bus port above)
  for (let tries = 0; tries < 200; tries++) {
    const p = await freePort();
    if (p + 10000 > 65535 || taken.has(p) || taken.has(p + 10000)) continue;
    const bus = await new Promise<boolean>((res) => {
      const s = createServer()
        .once('error', () => res(false))
        .listen(p + 10000, '127.0.0.1', () => s.close(() => res(true)));
    });
    if (bus) return p;
  }
  throw new Error(`no free loopback port with a free cluster bus port (port + 10000) found in 200 tries${process.env.WIRETRACE_TEST_PORTS ? ` within WIRETRACE_TEST_PORTS=${process.env.WIRETRACE_TEST_PORTS}` : ''}`);
}

export interface RedisCluster {
  /** `redis://127.0.0.1:p1,127.0.0.1:p2,…` (every node: a client finds the masters). */
  url: string;
  ports: number[];
  procs: Map<number, ChildProcess>;
  /** Kills one node at once (SIGKILL), as a crash would. */
  kill(port: number): void;
  stop(): void;
}

/**
 * Starts a throw-away Redis Cluster on loopback: `masters` masters and one replica each
 * (Debian's redis-server in cluster mode, no persistence), joined with
 * `redis-cli --cluster create … --cluster-replicas 1 --cluster-yes`; resolves once every node
 * reports cluster_state:ok and every replica has finished its first sync (before that, a
 * replica cannot take over). A failed master is replaced by its replica in about two seconds.
 */
export async function startRedisCluster(opts: { masters?: number; replicas?: number; bin?: string; cli?: string } = {}): Promise<RedisCluster> {
  const masters = opts.masters ?? 3;
  const replicas = opts.replicas ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'wiretrace-cluster-'));
  const taken = new Set<number>();
  const ports: number[] = [];
  for (let i = 0; i < masters * (1 + replicas); i++) {
    const p = await freeClusterPort(taken);
    taken.add(p).add(p + 10000);
    ports.push(p);
  }
  const procs = new Map<number, ChildProcess>();
  // every process spawned, also one that never came up or whose start was abandoned: all are killed on failure
  const spawned: ChildProcess[] = [];
  const stop = (): void => {
    for (const p of spawned) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // settled, not all: a node still retrying when another fails would spawn after stop()
    const started = await Promise.allSettled(ports.map((port) => startNode(opts.bin ?? 'redis-server', port, dir, taken, spawned)));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    started.forEach((r, i) => {
      const node = (r as PromiseFulfilledResult<{ port: number; proc: ChildProcess }>).value;
      ports[i] = node.port;
      procs.set(node.port, node.proc);
    });
    const create = spawnSync(opts.cli ?? 'redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stderr || create.stdout}`);
    await waitFor(() => ports.every((p) => clusterOk(opts.cli ?? 'redis-cli', p)), 30_000, 'the cluster did not reach cluster_state:ok');
    // a replica that has not finished its first sync cannot be promoted: a master lost before then takes its slots down for good
    await waitFor(() => ports.filter((p) => replicaSynced(opts.cli ?? 'redis-cli', p)).length === masters * replicas, 30_000, 'the replicas did not sync with their masters');
  } catch (e) {
    stop();
    throw e;
  }
  return {
    url: `redis://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
    ports,
    procs,
    kill: (port) => procs.get(port)?.kill('SIGKILL'),
    stop,
  };
}

/** Starts one cluster node on `port`, or on another free cluster port when another process took it first (BIND_TRIES); every process it spawns goes to `spawned`. */
async function startNode(bin: string, port: number, dir: string, taken: Set<number>, spawned: ChildProcess[]): Promise<{ port: number; proc: ChildProcess }> {
  const next = async (): Promise<number> => {
    const p = await freeClusterPort(taken);
    taken.add(p).add(p + 10000);
    return p;
  };
  const args = (p: number): string[] => ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${p}.conf`), '--cluster-node-timeout', '1000', '--dir', dir, '--repl-diskless-sync-delay', '0'];
  return serveOnFreePort(bin, port, next, args, spawned);
}

/** Whether the node on `port` reports cluster_state:ok. */
export function clusterOk(cli: string, port: number): boolean {
  const r = spawnSync(cli, ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && r.stdout.includes('cluster_state:ok');
}

/** Whether the node on `port` is a replica whose link to its master is up (its first sync done). */
function replicaSynced(cli: string, port: number): boolean {
  const r = spawnSync(cli, ['-p', String(port), 'info', 'replication'], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && r.stdout.includes('role:slave') && r.stdout.includes('master_link_status:up');
}

export async function waitFor(ok: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(what);
    await new Promise((r) => setTimeout(r, 200));
  }
}
