import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { checkDraft, CorpusIndex } from '../corpus/index.js';
import { WiretraceError } from '../errors.js';
import { renderHtmlReport } from '../export/html.js';
import { toDot, toGraphML, toJSON, toMermaid } from '../export/graph-formats.js';
import { analyze, type AnalyzeOptions } from '../provenance/analyze.js';
import { CliError, expandPaths, readDocs } from './read.js';
import { formatCheck, formatSummary } from './summary.js';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Whether stderr is a terminal (progress is drawn only then). */
  stderrIsTTY: boolean;
}

const HELP: Record<string, string> = {
  main: `wiretrace ${pkg.version} — find where news articles reuse each other's wording, and who they took it from

Usage:
  wiretrace analyze <files or folders…> [options]   the provenance of a set of articles
  wiretrace check <draft> --against <files or folders…> [options]
                                                    how much of a draft is reused, credited or not
  wiretrace help <command>                          options of a command
  wiretrace --version

Reads .txt, .md (front matter for metadata), .json / .jsonl (id, text, title, outlet,
publishedAt, kind, url) and .html (main text extracted).`,
  analyze: `wiretrace analyze <files or folders…> [options]

Options:
  --format <f>        text (default), json, dot, mermaid, graphml or html, to stdout
  --out <dir>         write report.html, analysis.json, graph.json, graph.dot, graph.mmd, graph.graphml
  --threshold <j>     Jaccard that makes a candidate pair (default 0.3)
  --containment <c>   containment that makes a candidate pair (default 0.05)
  --shingle <k>       words per shingle (default 3)
  --num-perm <n>      MinHash signature length (default 128)
  --seed <n>          hash seed (default 1)
  --min-tokens <n>    shortest counted passage in words (default 8)
  --no-boilerplate    keep datelines, bylines, credits and widgets in the figures
  -q, --quiet         no progress bar`,
  check: `wiretrace check <draft> --against <files or folders…> [options]

Options:
  --against <path>        sources to check against (repeat, or list after the draft)
  --max-uncredited <x>    exit 3 when the uncredited share of the draft exceeds x (0.1 or 10%)
  --format <f>            text (default) or json
  --shingle, --num-perm, --seed, --min-tokens   as for analyze
  -q, --quiet             no progress bar`,
};

function num(name: string, v: string | undefined, min: number, max: number, int = false): number | undefined {
  if (v === undefined) return undefined;
  const pct = v.endsWith('%');
  const n = Number(pct ? v.slice(0, -1) : v) / (pct ? 100 : 1);
  if (!Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) {
    throw new CliError(`--${name}: expected ${int ? 'an integer' : 'a number'} from ${min} to ${max}, got "${v}"`);
  }
  return n;
}

class Progress {
  private readonly started = Date.now();
  private drawn = false;
  constructor(
    private readonly io: CliIO,
    private readonly enabled: boolean,
  ) {}
  update(stage: string, done: number, total: number): void {
    if (!this.enabled || Date.now() - this.started < 1000) return;
    const width = 24;
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    this.io.stderr(`\r${stage.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    this.drawn = true;
  }
  done(): void {
    if (this.drawn) this.io.stderr('\r\u001b[2K');
  }
}

const COMMON = {
  shingle: { type: 'string' },
  'num-perm': { type: 'string' },
  seed: { type: 'string' },
  'min-tokens': { type: 'string' },
  'no-boilerplate': { type: 'boolean' },
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>(args: string[], options: T, cmd: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${cmd}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/, '')} (see wiretrace help ${cmd})`);
  }
}

function commonOptions(v: Record<string, string | boolean | string[] | undefined>): AnalyzeOptions {
  const o: AnalyzeOptions = {};
  const set = <K extends keyof AnalyzeOptions>(k: K, x: AnalyzeOptions[K] | undefined): void => {
    if (x !== undefined) o[k] = x;
  };
  set('shingleSize', num('shingle', v.shingle as string | undefined, 1, 32, true));
  set('numPerm', num('num-perm', v['num-perm'] as string | undefined, 2, 4096, true));
  set('seed', num('seed', v.seed as string | undefined, 0, 0xffffffff, true));
  set('minTokens', num('min-tokens', v['min-tokens'] as string | undefined, 1, 100000, true));
  if (v['no-boilerplate']) o.boilerplate = false;
  return o;
}

function load(paths: string[], io: CliIO, what: string) {
  const files = expandPaths(paths, io.cwd);
  const docs = readDocs(files, io.cwd, (m) => io.stderr(`wiretrace: warning: ${m}\n`));
  if (docs.length === 0) throw new CliError(`${what}: no documents found`);
  return docs;
}

async function cmdAnalyze(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parse(args, { ...COMMON, out: { type: 'string' }, threshold: { type: 'string' }, containment: { type: 'string' } }, 'analyze');
  if (v.help) {
    io.stdout(`${HELP.analyze}\n`);
    return 0;
  }
  const format = (v.format ?? 'text') as string;
  if (!['text', 'json', 'dot', 'mermaid', 'graphml', 'html'].includes(format)) throw new CliError(`--format: expected text, json, dot, mermaid, graphml or html, got "${format}"`);
  const opts = commonOptions(v);
  const t = num('threshold', v.threshold, 0.01, 1);
  if (t !== undefined) opts.threshold = t;
  const c = num('containment', v.containment, 0.001, 1);
  if (c !== undefined) opts.containment = c;
  const docs = load(positionals, io, 'analyze');
  const progress = new Progress(io, io.stderrIsTTY && !v.quiet);
  opts.onProgress = (stage, done, total) => progress.update(stage, done, total);
  const analysis = analyze(docs, opts);
  progress.done();
  for (const w of analysis.warnings) io.stderr(`wiretrace: warning: ${w}\n`);
  const renders: Record<string, () => string> = {
    json: () => `${JSON.stringify(analysis, null, 2)}\n`,
    dot: () => toDot(analysis.graph),
    mermaid: () => toMermaid(analysis.graph),
    graphml: () => toGraphML(analysis.graph),
    html: () => renderHtmlReport(analysis),
  };
  if (v.out) {
    const dir = resolve(io.cwd, v.out);
    try {
      mkdirSync(dir, { recursive: true });
      const files: [string, string][] = [
        ['report.html', renders.html!()],
        ['analysis.json', renders.json!()],
        ['graph.json', `${toJSON(analysis.graph)}\n`],
        ['graph.dot', renders.dot!()],
        ['graph.mmd', renders.mermaid!()],
        ['graph.graphml', renders.graphml!()],
      ];
      for (const [name, body] of files) writeFileSync(join(dir, name), body);
      if (format === 'text') io.stdout(`${formatSummary(analysis)}\nWrote ${files.map(([n]) => join(v.out!, n)).join(', ')}\n`);
      else io.stdout(renders[format]!());
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`--out ${v.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return 0;
  }
  io.stdout(format === 'text' ? `${formatSummary(analysis)}\n` : renders[format]!());
  return 0;
}

async function cmdCheck(args: string[], io: CliIO): Promise<number> {
  const { values: v, positionals } = parse(args, { ...COMMON, against: { type: 'string', multiple: true }, 'max-uncredited': { type: 'string' } }, 'check');
  if (v.help) {
    io.stdout(`${HELP.check}\n`);
    return 0;
  }
  const format = (v.format ?? 'text') as string;
  if (!['text', 'json'].includes(format)) throw new CliError(`--format: expected text or json, got "${format}"`);
  const [draftPath, ...more] = positionals;
  if (!draftPath) throw new CliError('check: give the draft to check (see wiretrace help check)');
  const against = [...(v.against ?? []), ...more];
  if (against.length === 0) throw new CliError('check: give the sources with --against <files or folders>');
  const limit = num('max-uncredited', v['max-uncredited'], 0, 1);
  const [draft] = load([draftPath], io, 'check');
  const sources = load(against, io, 'check --against').filter((d) => d.id !== draft!.id);
  const o = commonOptions(v);
  const index = new CorpusIndex({ ...o, minContainment: 0.01 });
  const progress = new Progress(io, io.stderrIsTTY && !v.quiet);
  for (let i = 0; i < sources.length; i += 200) {
    index.add(sources.slice(i, i + 200));
    progress.update('indexing', Math.min(i + 200, sources.length), sources.length);
  }
  progress.done();
  const report = checkDraft(draft!, index, o.minTokens !== undefined ? { align: { minTokens: o.minTokens } } : {});
  io.stdout(format === 'json' ? `${JSON.stringify({ draft: draft!.id, ...report }, null, 2)}\n` : `${formatCheck(draft!.id, report)}\n`);
  if (limit !== undefined && report.uncreditedShare > limit) {
    io.stderr(`wiretrace: uncredited reuse ${Math.round(report.uncreditedShare * 1000) / 10}% of the draft exceeds --max-uncredited ${Math.round(limit * 1000) / 10}%\n`);
    return 3;
  }
  return 0;
}

/** Runs one command line; returns the exit code. User errors throw CliError or WiretraceError. */
export async function runCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    const topic = cmd === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !HELP[topic]) throw new CliError(`help: unknown command "${topic}"`);
    io.stdout(`${HELP[topic ?? 'main']}\n`);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
    io.stdout(`${pkg.version}\n`);
    return 0;
  }
  if (cmd === 'analyze') return cmdAnalyze(rest, io);
  if (cmd === 'check') return cmdCheck(rest, io);
  throw new CliError(`unknown command "${cmd}" (try wiretrace --help)`);
}

/** The thin entry: runs, prints errors as one line, sets the exit code. */
export async function runMain(argv = process.argv.slice(2)): Promise<void> {
  const io: CliIO = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
  try {
    process.exitCode = await runCommand(argv, io);
  } catch (e) {
    process.exitCode = reportError(e, io);
  }
}

export function reportError(e: unknown, io: CliIO): number {
  if (e instanceof CliError) {
    io.stderr(`wiretrace: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof WiretraceError) {
    io.stderr(`${e.message}\n`);
    return 2;
  }
  io.stderr(`wiretrace: internal error: ${(e as Error)?.message ?? String(e)} (set WIRETRACE_DEBUG=1 for details, and please report it)\n`);
  if (process.env.WIRETRACE_DEBUG) io.stderr(`${(e as Error)?.stack ?? ''}\n`);
  return 70;
}
