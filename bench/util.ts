/** Helpers shared by the benchmark and evaluation scripts and the store tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

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

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
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

/** Starts a throw-away redis-server (no persistence) on a free loopback port; rejects if it does not come up within 10 s. */
export async function startRedis(bin = 'redis-server', extra: readonly string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((res, rej) => {
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
    proc.once('exit', (c) => rej(new Error(`redis-server exited (${c}): ${seen}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, proc, stop: () => proc.kill('SIGKILL') };
}
