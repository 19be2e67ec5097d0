// Regression tests for the new-user walkthrough's findings (harden7): each fails on the code before its fix.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, seedText } from './helpers.js';

const run = runCli;
const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `wt-h7-${name}-`));
const P003 = seedText('003').split('\n').find((l) => l.startsWith('There are concerns that North Korea may be supplying'))!;
const P001 = seedText('001').split('\n').find((l) => l.startsWith('The manufacturer'))!;

describe('5: numeric options are read strictly', () => {
  const dir = tmp('num');
  writeFileSync(join(dir, 'copied.txt'), `${P003}\n\n${P001}`);
  const check = (x: string): ReturnType<typeof run> => run(['check', join(dir, 'copied.txt'), '--against', join(ROOT, 'seeds'), '--max-uncredited', x], dir);

  it.each(['', '%', '0x1', '1e0', ' 0.5', 'Infinity', '0.1%%'])('--max-uncredited %j is refused (exit 2), never read as a number', async (x) => {
    const r = await check(x);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^wiretrace: --max-uncredited: expected a number from 0 to 1 \(or 0% to 100%\), got ".*"\n$/);
  });

  it('"10" says that 10% was probably meant', async () => {
    const r = await check('10');
    expect(r.code).toBe(2);
    expect(r.err).toBe('wiretrace: --max-uncredited: expected a number from 0 to 1 (or 0% to 100%), got "10"; for 10% write "10%" or 0.1\n');
  });

  it('still reads 0.1, 10%, .1 and 1', async () => {
    for (const x of ['0.1', '10%', '.1']) expect((await check(x)).code).toBe(3);
    expect((await check('1')).code).toBe(0);
  });

  it.each([
    [['--shingle', '0x3'], /--shingle: expected an integer/],
    [['--shingle', '3%'], /--shingle: expected an integer/],
    [['--num-perm', ''], /--num-perm: expected an integer/],
    [['--workers', '1e0'], /--workers: expected an integer/],
    [['--threshold', '0x1'], /--threshold: expected a number/],
  ])('analyze %j is refused', async (args, message) => {
    const r = await run(['analyze', join(ROOT, 'seeds'), ...args], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('serve --max-uncredited and --port are read as strictly', async () => {
    writeFileSync(join(dir, 'x.db'), '');
    for (const args of [['--max-uncredited', '0x1'], ['--port', '0x50'], ['--port', '']]) {
      const r = await run(['serve', '--db', 'x.db', ...args], dir, { env: { WIRETRACE_TOKEN: 'check-token-0123456789' } } as never);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^wiretrace: serve: --(max-uncredited|port): expected/);
    }
  });

  it('worker --concurrency is read as strictly', async () => {
    const r = await run(['worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0x2'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--concurrency: expected an integer/);
  });
});
