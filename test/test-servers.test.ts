import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRedis, startRedisCluster } from '../bench/util.js';

// The helpers that start the test suites' redis-servers, run with a stand-in for redis-server (a
// shell script), so that what happens when a port is taken between the free-port check and the
// bind, or when one cluster node fails, can be seen without a real server.
const dir = mkdtempSync(join(tmpdir(), 'wiretrace-fake-redis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in redis-server: the first `taken` starts say the port is in use and exit; later ones say they are ready and wait (logging their pid). */
function fakeServer(name: string, taken: number): string {
  const bin = join(dir, name);
  const count = join(dir, `${name}.count`);
  writeFileSync(
    bin,
    `#!/bin/sh
n=$(cat '${count}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '${count}'
if [ "$n" -le ${taken} ]; then echo "# Warning: Could not create server TCP listening socket: bind: Address already in use"; exit 1; fi
echo $$ >> '${join(dir, `${name}.pids`)}'
echo "* Ready to accept connections tcp"
exec sleep 30
`,
  );
  chmodSync(bin, 0o755);
  return bin;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('test servers', () => {
  it('start again on another port when theirs was taken after the check, a few times at most', async () => {
    const server = await startRedis(fakeServer('twice', 2));
    try {
      expect(readFileSync(join(dir, 'twice.count'), 'utf8').trim()).toBe('3');
      expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      server.stop();
    }
    await expect(startRedis(fakeServer('always', 99))).rejects.toThrow(/Address already in use/);
    expect(Number(readFileSync(join(dir, 'always.count'), 'utf8').trim())).toBe(5);
  });

  it('leave no node of a cluster running when one of them fails to start', async () => {
    // the first start exits at once with an error that is no port taken, while the others are still coming up: the whole cluster fails, and every node started is stopped, also those that came up after
    const bin = join(dir, 'one-fails');
    const count = join(dir, 'one-fails.count');
    writeFileSync(
      bin,
      `#!/bin/sh
n=$(cat '${count}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '${count}'
if [ "$n" -eq 1 ]; then echo "# Fatal error loading the DB"; exit 1; fi
echo $$ >> '${join(dir, 'one-fails.pids')}'
sleep 0.5
echo "* Ready to accept connections tcp"
exec sleep 30
`,
    );
    chmodSync(bin, 0o755);
    await expect(startRedisCluster({ bin })).rejects.toThrow(/Fatal error loading the DB/);
    const pids = existsSync(join(dir, 'one-fails.pids')) ? readFileSync(join(dir, 'one-fails.pids'), 'utf8').trim().split('\n').map(Number) : [];
    expect(pids.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(pids.filter(alive)).toEqual([]);
  });
});
