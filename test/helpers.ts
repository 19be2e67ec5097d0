import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newsModel } from '../bench/generate.js';
import { freePort } from '../bench/util.js';
import { reportError, runCommand, type CliIO } from '../src/cli/run.js';
import type { Doc } from '../src/index.js';
import { mulberry32 } from '../src/sketch/hash.js';

export const ROOT = join(import.meta.dirname, '..');

/**
 * The port a test's server listens on: 0 (any the system picks), or, when WIRETRACE_TEST_PORTS
 * is `LOW-HIGH`, a free one of that range (as the Redis tests' servers take theirs).
 */
export async function testPort(): Promise<number> {
  return process.env.WIRETRACE_TEST_PORTS ? freePort() : 0;
}

/** The five seed articles, ids '000'…'004'. */
export function seedDocs(): Doc[] {
  const dir = join(ROOT, 'seeds');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ id: f.slice(0, 3), text: readFileSync(join(dir, f), 'utf8') }));
}

export function seedText(id: string): string {
  return seedDocs().find((d) => d.id === id)!.text;
}

/** Deterministic news-like paragraphs (three sentences each), free of stray quotation marks. */
export function paragraphs(seed: number, count: number): string[] {
  const rnd = mulberry32(seed);
  const m = newsModel();
  return Array.from({ length: count }, () =>
    Array.from({ length: 3 }, () => m.sentence(rnd))
      .join(' ')
      .replace(/[“”«»"„]/g, ''),
  );
}

/** One day's item of a recurring wire report (the Fed's customer repurchases): fixed sentences, the day's two figures. */
export function fedRepoReport(amount: string, rate: string): string {
  return (
    `The Federal Reserve entered the U.S. Government securities market to arrange ${amount} billion dlrs of customer repurchase agreements, a Fed spokesman said.\n\n` +
    `Dealers said Federal funds were trading at ${rate} pct when the Fed began its temporary and indirect supply of reserves to the banking system.`
  );
}

/** Runs the CLI in-process with captured streams, as `wiretrace` would (user errors become exit codes). */
export async function runCli(argv: string[], cwd = ROOT, io: Partial<CliIO> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const cli: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd, stderrIsTTY: false, ...io };
  let code: number;
  try {
    code = await runCommand(argv, cli);
  } catch (e) {
    code = reportError(e, cli);
  }
  return { code, out, err };
}
