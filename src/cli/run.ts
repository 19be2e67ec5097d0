import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import { CorpusIndex } from '../corpus/index.js';
import { checkDraft, type DraftReport } from '../corpus/check.js';
import { analyzeIndex, type IncrementalStats, type IndexAnalysis } from '../corpus/analyze-index.js';
import { openCorpusIndex, type OpenIndexOptions, type StoredCorpusIndex } from '../corpus/persistent.js';
import { redactCredentials } from '../corpus/store.js';
import { WiretraceError } from '../errors.js';
import { renderHtmlReport } from '../export/html.js';
import { toDot, toGraphML, toJSON, toMermaid } from '../export/graph-formats.js';
import { analyze, type Analysis, type AnalyzeOptions } from '../provenance/analyze.js';
import { analyzeDistributed } from '../distributed/analyze.js';
import { analyzeParallel } from '../parallel/analyze.js';
import { escapeControls, escapeControlsKeepLines, jsonForTerminal } from '../export/_escape.js';
import type { Doc } from '../doc.js';
import { builtinGazetteer, Gazetteer, readSourcesFile, type SourceEntry } from '../attribution/gazetteer.js';
import { CliError, expandInputs, iterateDocs, readDocs, type InputFile } from './read.js';
import { formatCheck, formatSummary, share } from './summary.js';
import { parseNumber } from './_number.js';
import { cmdWorker, enqueueCommand, WORKER_HELP } from './worker.js';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** Whether stderr is a terminal (progress is drawn only then). */
  stderrIsTTY: boolean;
  /** Clock for the progress bar's redraw rate (tests). Default Date.now. */
  now?: () => number;
}

/** The io the commands use: stderr text has its control characters made visible; progress draws through `raw`. */
interface SafeIO extends CliIO {
  raw: (s: string) => void;
}

function safeIO(io: CliIO): SafeIO {
  return { ...io, raw: io.stderr, stderr: (s) => io.stderr(escapeControlsKeepLines(s)) };
}

const HELP: Record<string, string> = {
  main: `wiretrace ${pkg.version} — find where news articles reuse each other's wording, and who they took it from

Usage:
  wiretrace analyze <files or folders…> [options]   the provenance of a set of articles
  wiretrace analyze --db FILE [options]             the same for an index, incrementally
  wiretrace check <draft> --against <files or folders…> [options]
                                                    how much of a draft is reused, credited or not
  wiretrace check <draft> --db FILE | --redis URL   the same, against a persistent index
  wiretrace index add <files or folders…> [--db FILE | --redis URL]
                                                    add articles to a persistent index
  wiretrace index stats | list | remove <id…> [--db FILE | --redis URL]
  wiretrace index add <files…> --redis URL --queue  queue them for workers instead
  wiretrace worker --redis URL                      take queued articles and analysis jobs (any number, any machine)
  wiretrace serve --db FILE | --redis URL [--port 8080] [--host 127.0.0.1] [--token-file F]
                                                    the newsroom service: an editor's page and a check API
  wiretrace help <command>                          options of a command
  wiretrace --version

Reads .txt, .md (front matter for metadata), .json / .jsonl (id, text, title, outlet,
publishedAt, kind, url) and .html (main text extracted).`,
  analyze: `wiretrace analyze <files or folders…> [options]
wiretrace analyze --db FILE [options]

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
  --id-base <dir>     ids relative to this folder (default: a folder's own name and the path below it)
  --skip-same-outlet  leave out pairs from one outlet (otherwise labelled same-outlet, never uncredited)
  --sources <file>    outlets and spellings beyond the built-in gazetteer: a JSON array of
                      { "id", "name", "kind": wire|state-media|outlet|photo, "aliases": [...] }
  --workers <n>       worker threads (default: all cores; 1 runs in this process; same result for any n)
  --db <file>         analyse the documents of a SQLite index (no files), in id order, reusing
                      what earlier runs stored in it: only new or changed documents are scanned
                      and only new pairs aligned (the result is that of a full analysis)
  --full              with --db: recompute everything, ignoring (and replacing) the stored results
  --redis <url> --distributed
                      analyse the documents of a Redis index (no files), the candidate pairs
                      aligned by "wiretrace worker --redis URL" processes on any machines
  --prefix <p>        the index's key prefix (default wiretrace)
  -q, --quiet         no progress bar`,
  check: `wiretrace check <draft> --against <files or folders…> [options]
wiretrace check <draft> --db FILE | --redis URL [options]

Options:
  --against <path>        sources to check against (repeat, or list after the draft)
  --db <file>             check against a SQLite index made by wiretrace index add (without
                          --against, --db or --redis: wiretrace.db, if there is one here,
                          named on stderr)
  --redis <url>           check against a Redis index (redis://host:port/db)
  --prefix <p>            Redis key prefix (default wiretrace)
  --max-uncredited <x>    exit 3 when the uncredited share of the draft exceeds x (0.1 or 10%)
  --credit <outlet>       an outlet the draft credits outside its text, as a CMS credit field does
                          (repeat for several; a name, an alias or a gazetteer id)
  --sources <file>        outlets and spellings beyond the built-in gazetteer (as for analyze)
  --format <f>            text (default) or json
  --shingle, --num-perm, --seed, --min-tokens, --id-base   as for analyze
  -q, --quiet             no progress bar

A folder or a multi-document .json/.jsonl as <draft> checks every draft in it; the exit code is
2 if any is empty (an error wins: a draft went unchecked), else 3 if any exceeds --max-uncredited.`,
  index: `wiretrace index add <files or folders…> [--db FILE | --redis URL] [options]
wiretrace index stats  [--db FILE | --redis URL]
wiretrace index list   [--db FILE | --redis URL]
wiretrace index remove <id…> [--db FILE | --redis URL]

A persistent corpus index to check drafts against: SQLite in one file (default wiretrace.db,
WAL, one transaction per batch) or Redis (many processes and machines share it). The index
records its parameters (--shingle, --num-perm, --seed, --no-boilerplate, given when it is made);
opening it with others is an error.

Options:
  --db <file>         SQLite file (default wiretrace.db)
  --redis <url>       Redis URL instead (redis://host:port/db)
  --prefix <p>        Redis key prefix (default wiretrace)
  --skip-existing     add: leave out documents whose id is already indexed (default: refuse them)
  --queue             add (Redis): put the documents on the ingest queue for wiretrace worker
  --batch <n>         add: documents per atomic batch (default 500)
  --workers <n>       add: threads that fingerprint while this one writes (default: the cores,
                      at most 8, for 2,000 documents or more; else 1, all in this process)
  --format <f>        stats, list: text (default) or json
  --shingle, --num-perm, --seed, --no-boilerplate   fingerprint parameters of a new index
  --id-base <dir>     add: ids relative to this folder
  -q, --quiet         no progress bar`,
  worker: WORKER_HELP,
  serve: `wiretrace serve --db FILE | --redis URL [options]

The newsroom service over a persistent index: the editor's page at GET /, and the API
(POST /api/check, POST /api/documents, GET and DELETE /api/documents/:id, GET /api/stats,
GET /healthz). Checks run in worker threads; SIGTERM or SIGINT stops it gracefully.

Access: every /api route needs Authorization: Bearer <token>. Tokens come from WIRETRACE_TOKEN
and --token-file: one per line (or comma-separated), "check <token>" (check drafts, read
documents and stats) or "write <token>" (also add and remove documents); a bare token is a
check token; at least 16 characters each.

Options:
  --db <file>             SQLite index made by wiretrace index add
  --redis <url>           Redis index instead (redis://host:port/db)
  --prefix <p>            Redis key prefix (default wiretrace)
  --port <n>              default 8080 (0: any free port)
  --host <addr>           default 127.0.0.1 (loopback only); 0.0.0.0 listens on every interface
  --token-file <file>     access tokens (see above)
  --workers <n>           index worker threads (default: the cores, at most 8)
  --max-uncredited <x>    verdict threshold: uncredited share allowed (default 0.1, or 10%)
  --max-draft <bytes>     largest check request (default 1048576)
  --max-body <bytes>      largest document upload (default 33554432)
  --sources <file>        outlets and spellings beyond the built-in gazetteer that drafts'
                          credits are read with (as for analyze)
  -q, --quiet             no request log on stderr`,
};

function num(name: string, v: string | undefined, min: number, max: number, int = false): number | undefined {
  if (v === undefined) return undefined;
  return parseNumber(name, v, min, max, int, name === 'max-uncredited', (m) => new CliError(m));
}

/** A progress bar on stderr: drawn after the first second, then at most every PROGRESS_MS (10 times a second). */
const PROGRESS_MS = 100;

class Progress {
  private readonly now: () => number;
  private readonly started: number;
  private last = -Infinity;
  private drawn = false;
  constructor(
    private readonly io: SafeIO,
    private readonly enabled: boolean,
  ) {
    this.now = io.now ?? Date.now;
    this.started = this.now();
  }
  update(stage: string, done: number, total: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.started < 1000 || (t - this.last < PROGRESS_MS && done < total)) return;
    this.last = t;
    const width = 24;
    const filled = total > 0 ? Math.round((Math.min(done, total) / total) * width) : width;
    this.io.raw(`\r${stage.padEnd(12)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    this.drawn = true;
  }
  done(): void {
    if (this.drawn) this.io.raw('\r\u001b[2K');
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
  'id-base': { type: 'string' },
} as const;

/** The --format value (text by default), refused unless it is one of `allowed`. */
function formatOption(value: string | undefined, allowed: readonly string[]): string {
  const f = value ?? 'text';
  if (!allowed.includes(f)) throw new CliError(`--format: expected ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}, got "${f}"`);
  return f;
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>(args: string[], options: T, cmd: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    // one line: Node's message for "--workers -1" runs over three
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/, '').replace(/^Option '([^']+)' argument is ambiguous\.[\s\S]*$/, "Option '$1' needs a value, and the next argument starts with a dash (write $1=VALUE if that is the value)").replace(/\s*\n\s*/g, ' ');
    throw new CliError(`${cmd}: ${message} (see wiretrace help ${cmd})`);
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

function inputs(paths: string[], io: SafeIO, idBase: string | undefined): InputFile[] {
  return expandInputs(paths, io.cwd, (m) => io.stderr(`wiretrace: warning: ${m}\n`), idBase);
}

function load(paths: string[], io: SafeIO, what: string, idBase: string | undefined): Doc[] {
  const docs = readDocs(inputs(paths, io, idBase), io.cwd, (m) => io.stderr(`wiretrace: warning: ${m}\n`));
  if (docs.length === 0) throw new CliError(`${what}: no documents found`);
  return docs;
}

/**
 * The files' analysis (one worker: in this thread, with a finer progress bar; more: worker
 * threads, the same result), or with --redis URL --distributed the index's, its pair tasks
 * done by `wiretrace worker` processes.
 */
async function runAnalysis(v: { redis?: string; prefix?: string; distributed?: boolean; 'id-base'?: string; db?: string; full?: boolean; quiet?: boolean }, positionals: string[], io: SafeIO, opts: AnalyzeOptions, workers: number): Promise<Analysis | IndexAnalysis> {
  if (v.db !== undefined || v.full) return analyzeDb(v, positionals, io, opts, workers);
  if (v.distributed || v.redis !== undefined) {
    if (!v.distributed || v.redis === undefined) throw new CliError('analyze --distributed: give both --redis URL (the index to analyse) and --distributed (its pairs go to wiretrace worker processes)');
    if (positionals.length > 0) throw new CliError('analyze --distributed: the documents are those of the index; give no files');
    // with no worker running this waits: say so once, or a first run looks like a hang
    if (!v.quiet) io.stderr(`wiretrace: the pairs go to the Redis queue, where wiretrace worker --redis ${v.redis}${v.prefix ? ` --prefix ${v.prefix}` : ''} processes take them; this waits until they have done them all\n`);
    return analyzeDistributed({ redis: v.redis, ...(v.prefix ? { prefix: v.prefix } : {}) }, { ...opts, workers });
  }
  const docs = load(positionals, io, 'analyze', v['id-base']);
  return workers === 1 ? analyze(docs, opts) : analyzeParallel(docs, { ...opts, workers });
}

/** analyze --db FILE: the documents of a SQLite index, reusing the results stored by earlier runs (--full: none). */
async function analyzeDb(v: { redis?: string; distributed?: boolean; db?: string; full?: boolean }, positionals: string[], io: SafeIO, opts: AnalyzeOptions, workers: number): Promise<IndexAnalysis> {
  if (v.db === undefined) throw new CliError('analyze --full: it recomputes what an index stores; give --db FILE');
  if (v.redis !== undefined || v.distributed) throw new CliError('analyze: give --db FILE or --redis URL --distributed, not both');
  if (positionals.length > 0) throw new CliError(`analyze --db: the documents are those of the index; give no files (add them with wiretrace index add <files> --db ${v.db})`);
  const file = resolve(io.cwd, v.db);
  if (!existsSync(file)) throw new CliError(`--db ${v.db}: no such index (make one with wiretrace index add <files> --db ${v.db})`);
  if (statSync(file).isDirectory()) throw new CliError(`--db ${v.db}: a folder, not an index file`);
  try {
    await (await openCorpusIndex({ sqlite: file, readOnly: true })).close();
  } catch (e) {
    throw sqliteOpenError(e, v.db, file);
  }
  return analyzeIndex({ sqlite: file }, { ...opts, workers, ...(v.full ? { full: true } : {}) });
}

/** What an incremental run reused, in one line. */
function incrementalNote(s: IncrementalStats): string {
  const pl = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const again = s.recounted > 0 ? ` (${s.recounted} of them again: what they read from the corpus counts changed)` : '';
  const dropped = s.dropped.documents + s.dropped.pairs > 0 ? `; dropped the stored results of ${pl(s.dropped.documents, 'removed document')} and ${pl(s.dropped.pairs, 'pair')}` : '';
  return `index: ${pl(s.documents, 'document')}, ${s.scanned} scanned, ${s.reusedDocuments} reused; ${pl(s.candidates, 'candidate pair')}, ${s.aligned} aligned${again}, ${s.reusedPairs} reused${dropped}\n`;
}

async function cmdAnalyze(args: string[], io: SafeIO): Promise<number> {
  const { values: v, positionals } = parse(args, { ...COMMON, out: { type: 'string' }, threshold: { type: 'string' }, containment: { type: 'string' }, 'skip-same-outlet': { type: 'boolean' }, workers: { type: 'string' }, redis: { type: 'string' }, prefix: { type: 'string' }, distributed: { type: 'boolean' }, db: { type: 'string' }, full: { type: 'boolean' }, sources: { type: 'string' } }, 'analyze');
  if (v.help) {
    io.stdout(`${HELP.analyze}\n`);
    return 0;
  }
  const format = formatOption(v.format, ['text', 'json', 'dot', 'mermaid', 'graphml', 'html']);
  const opts = commonOptions(v);
  if (v['skip-same-outlet']) opts.skipSameOutlet = true;
  const sources = readSources(v.sources, io);
  if (sources) opts.sources = sources;
  const t = num('threshold', v.threshold, 0.01, 1);
  if (t !== undefined) opts.threshold = t;
  const c = num('containment', v.containment, 0.001, 1);
  if (c !== undefined) opts.containment = c;
  const workers = num('workers', v.workers, 1, 256, true) ?? availableParallelism();
  const progress = new Progress(io, io.stderrIsTTY && !v.quiet);
  opts.onProgress = (stage, done, total) => progress.update(stage, done, total);
  const ran = await runAnalysis(v, positionals, io, opts, workers);
  progress.done();
  const analysis = 'stats' in ran ? ran.analysis : ran;
  if ('stats' in ran) io.stderr(incrementalNote(ran.stats));
  for (const w of analysis.warnings) io.stderr(`wiretrace: warning: ${w}\n`);
  const renders: Record<string, () => string> = {
    json: () => `${jsonForTerminal(JSON.stringify(analysis, null, 2))}\n`,
    dot: () => toDot(analysis.graph),
    mermaid: () => toMermaid(analysis.graph),
    graphml: () => toGraphML(analysis.graph),
    html: () => renderHtmlReport(analysis),
  };
  if (v.out !== undefined) {
    // an unset variable ("--out $OUTDIR") must not silently write nothing
    if (v.out.trim() === '') throw new CliError('--out: give the folder to write the reports into');
    const dir = resolve(io.cwd, v.out);
    try {
      makeDirectory(dir);
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
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOTDIR' || code === 'EEXIST') && existsSync(dir) && !statSync(dir).isDirectory()) throw new CliError(`--out ${v.out}: is a file; --out names a folder to write the reports into`);
      throw new CliError(`--out ${v.out}: cannot write (${code ?? (e as Error).message})`);
    }
    return 0;
  }
  io.stdout(format === 'text' ? `${formatSummary(analysis)}\n` : renders[format]!());
  return 0;
}

/**
 * `mkdir -p`, each missing folder made once from the top: Node 20's `mkdirSync(dir, { recursive:
 * true })` never returns for a folder a file system refuses to hold (a path under /proc), stepping
 * back and forth between the parent that exists and the child it cannot make.
 */
function makeDirectory(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    return;
  }
  const parent = dirname(dir);
  if (parent !== dir) makeDirectory(parent);
  mkdirSync(dir);
}

async function cmdCheck(args: string[], io: SafeIO): Promise<number> {
  const { values: v, positionals } = parse(args, { ...COMMON, ...STORE, against: { type: 'string', multiple: true }, 'max-uncredited': { type: 'string' }, credit: { type: 'string', multiple: true }, sources: { type: 'string' } }, 'check');
  if (v.help) {
    io.stdout(`${HELP.check}\n`);
    return 0;
  }
  const format = formatOption(v.format, ['text', 'json']);
  const [draftPath, ...more] = positionals;
  if (!draftPath) throw new CliError('check: give the draft to check (see wiretrace help check)');
  const against = [...(v.against ?? []), ...more];
  if ((v.db !== undefined || v.redis !== undefined) && against.length > 0) throw new CliError('check: give --against or an index (--db, --redis), not both');
  // with neither, the index index add makes by default (wiretrace.db here), as index stats and list do
  const fallback = v.db === undefined && v.redis === undefined && against.length === 0;
  const stored = v.db !== undefined || v.redis !== undefined || (fallback && existsSync(resolve(io.cwd, 'wiretrace.db')));
  if (!stored && against.length === 0) throw new CliError('check: give the sources with --against <files or folders>, or an index with --db FILE or --redis URL (there is no wiretrace.db here, the default of index add)');
  const limit = num('max-uncredited', v['max-uncredited'], 0, 1);
  // every draft of a folder or a multi-document file is checked, not only the first
  const draftFiles = inputs([draftPath], io, v['id-base']);
  const drafts = readDocs(draftFiles, io.cwd, (m) => io.stderr(`wiretrace: warning: ${m}\n`));
  if (drafts.length === 0) throw new CliError(`check: the draft ${draftPath} holds no documents`);
  const o = commonOptions(v);
  const sources = readSources(v.sources, io);
  const credits = (v.credit ?? []).map((x) => x.trim());
  if (credits.some((x) => x.length === 0)) throw new CliError('--credit: give an outlet name');
  const checkOpts = { ...(o.minTokens !== undefined ? { align: { minTokens: o.minTokens } } : {}), ...(credits.length > 0 ? { credits } : {}), ...(sources ? { sources } : {}) };
  const reports: { draft: Doc; report: DraftReport }[] = [];
  if (stored) {
    // an index chosen for the user is named (stdout stays the report's; --quiet hides only the progress bar)
    if (fallback) io.stderr(`wiretrace: checking against ./wiretrace.db (the index in this folder; give --against, --db or --redis to choose)\n`);
    const index = await openStore(io.cwd, v, o, 'read');
    try {
      // an empty index would pass every draft without checking it against anything
      if ((await index.size()) === 0) throw new CliError(`${v.redis !== undefined ? `--redis ${v.redis}` : (v.db ?? 'wiretrace.db')}: the index holds no documents, so there is nothing to check the draft against (add the wire with wiretrace index add <files>)`);
      for (const d of drafts) reports.push({ draft: d, report: await checkDraft(d, index, checkOpts) });
    } finally {
      await index.close();
    }
  } else {
    // a draft is never its own source: checkDraft leaves the draft's own id out of the matches, and
    // the draft's own file is left out of --against (named directly, its id differs from the indexed copy's)
    const own = new Set(draftFiles.map((f) => realFile(f.file)));
    const againstFiles = inputs(against, io, v['id-base']).filter((f) => !own.has(realFile(f.file)));
    const sources = readDocs(againstFiles, io.cwd, (m) => io.stderr(`wiretrace: warning: ${m}\n`));
    if (sources.length === 0) {
      const onlyDrafts = own.size > 0 && againstFiles.length === 0;
      // `check folder --against folder`: the drafts' files are left out of the sources, all of them; an index keeps them, each draft leaving out only itself
      const hint = !onlyDrafts ? '' : drafts.length > 1 ? ' (the drafts\' own files are never their sources; to check the drafts of a folder against each other, index it: wiretrace index add <folder> --db drafts.db, then check <folder> --db drafts.db)' : ' (the draft itself is never one of its sources)';
      throw new CliError(`check --against: no documents found${hint}`);
    }
    // minTokens is the alignment's (checkOpts above), not the index's
    const { minTokens: _minTokens, ...fp } = o;
    const index = new CorpusIndex({ ...fp, minContainment: 0.01 });
    const progress = new Progress(io, io.stderrIsTTY && !v.quiet);
    for (let i = 0; i < sources.length; i += 200) {
      index.add(sources.slice(i, i + 200));
      progress.update('indexing', Math.min(i + 200, sources.length), sources.length);
    }
    progress.done();
    for (const d of drafts) reports.push({ draft: d, report: checkDraft(d, index, checkOpts) });
  }
  warnUnknownCredits(credits, sources, reports, io);
  return reportChecks(reports, format, limit, io, credits);
}

/** A file's path with links resolved (the path itself if that fails), to tell when two names are one file. */
function realFile(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * A --credit that names no outlet wiretrace knows (built in or in --sources) and no outlet of the
 * drafts' sources credits nothing: most likely a misspelling, which the user is told of rather
 * than left to believe the outlet credited.
 */
function warnUnknownCredits(credits: readonly string[], sources: readonly SourceEntry[] | undefined, reports: readonly { report: DraftReport }[], io: SafeIO): void {
  if (credits.length === 0) return;
  const gazetteer = sources?.length ? new Gazetteer(sources) : builtinGazetteer();
  const outlets = new Set(reports.flatMap(({ report }) => report.sources.map((s) => s.outlet?.trim().toLowerCase())));
  for (const c of credits) {
    if (gazetteer.resolve(c) !== undefined || outlets.has(c.toLowerCase())) continue;
    io.stderr(`wiretrace: --credit ${escapeControls(c)}: no outlet of that name is known (built in${sources ? ' or in --sources' : ''}) or among the drafts' sources, so it credits nothing\n`);
  }
}

/** The gazetteer entries of a --sources file, or undefined without one (a mistake is the user's: exit 2). */
function readSources(file: string | undefined, io: SafeIO): SourceEntry[] | undefined {
  if (file === undefined) return undefined;
  try {
    return readSourcesFile(file, io.cwd);
  } catch (e) {
    if (e instanceof WiretraceError) throw new CliError(e.message.replace(/^wiretrace: /, ''));
    throw e;
  }
}

/** Prints every draft's report; exit 2 if a draft is empty, 3 if one exceeds the limit, else 0. */
function reportChecks(reports: readonly { draft: Doc; report: DraftReport }[], format: string, limit: number | undefined, io: SafeIO, credits: readonly string[] = []): number {
  // an empty draft is flagged in JSON as on stderr: a script reading only stdout must not take it for a pass
  const json = reports.map(({ draft, report }) => ({ draft: draft.id, ...(report.tokens === 0 ? { error: 'empty' } : {}), ...report }));
  if (format === 'json') io.stdout(`${jsonForTerminal(JSON.stringify(json.length === 1 ? json[0] : json, null, 2))}\n`);
  else io.stdout(`${reports.map(({ draft, report }) => formatCheck(draft.id, report, credits)).join('\n\n')}\n`);
  let empty = 0;
  let failed = 0;
  for (const { draft, report } of reports) {
    const itself = ownCopy(draft.id, report);
    if (itself) io.stderr(`wiretrace: ${escapeControls(draft.id)}: the source ${escapeControls(itself)} has the draft's file name and all of its words: is it the draft itself, indexed under another id? (give the draft the id it was indexed under, e.g. with the same --id-base)\n`);
    if (report.tokens === 0) {
      empty++;
      io.stderr(`wiretrace: ${escapeControls(draft.id)}: the draft has no words to check (an empty draft is an error, not a pass)\n`);
    } else if (limit !== undefined && report.uncreditedShare > limit) {
      failed++;
      const who = reports.length > 1 ? `${escapeControls(draft.id)}: ` : '';
      io.stderr(`wiretrace: ${who}uncredited reuse ${share(report.uncreditedShare)} of the draft exceeds --max-uncredited ${share(limit)}\n`);
    }
  }
  if (reports.length > 1 && (empty > 0 || failed > 0)) io.stderr(`wiretrace: ${failed} of ${reports.length} drafts failed the gate${empty > 0 ? `, ${empty} empty` : ''}\n`);
  return empty > 0 ? 2 : failed > 0 ? 3 : 0;
}

/** A source with the draft's file name holding all of its words (the draft's own copy, indexed under an id of another base), or undefined. */
function ownCopy(draftId: string, report: DraftReport): string | undefined {
  const name = (id: string): string => id.slice(id.lastIndexOf('/') + 1);
  return report.sources.find((s) => s.share >= OWN_COPY_SHARE && s.id !== draftId && name(s.id) === name(draftId))?.id;
}
/** Share of the draft a source with its file name holds from which it is taken for the draft itself. */
const OWN_COPY_SHARE = 0.99;

const STORE = {
  db: { type: 'string' },
  redis: { type: 'string' },
  prefix: { type: 'string' },
} as const;

/**
 * Opens the index named by --db / --redis (SQLite wiretrace.db by default). `read` (check,
 * stats, list) never creates or alters anything; `write` (remove) needs an existing index;
 * `create` (add) makes one when missing. Mistakes (a missing, foreign or unreadable file)
 * are the user's: exit 2.
 */
async function openStore(cwd: string, v: { db?: string; redis?: string; prefix?: string }, o: AnalyzeOptions, mode: 'read' | 'write' | 'create', onProgress?: (d: number, t: number) => void, add: Pick<OpenIndexOptions, 'batchSize' | 'workers'> = {}): Promise<StoredCorpusIndex> {
  if (v.db !== undefined && v.redis !== undefined) throw new CliError('give --db or --redis, not both');
  const fp: OpenIndexOptions = { minContainment: 0.01, ...add };
  for (const k of ['shingleSize', 'numPerm', 'seed', 'boilerplate'] as const) if (o[k] !== undefined) (fp as Record<string, unknown>)[k] = o[k];
  if (onProgress) fp.onProgress = onProgress;
  if (v.redis !== undefined) {
    const opts = { ...fp, redis: v.redis, ...(v.prefix ? { prefix: v.prefix } : {}) };
    try {
      if (mode === 'write') await (await openCorpusIndex({ ...opts, readOnly: true })).close();
      return await openCorpusIndex(mode === 'read' ? { ...opts, readOnly: true } : opts);
    } catch (e) {
      // a mistyped prefix is the likeliest cause: name it (the URL's password is redacted when printed)
      if (e instanceof WiretraceError && e.code === 'E_NOT_FOUND') {
        const prefix = v.prefix || 'wiretrace';
        throw new CliError(`--redis ${v.redis}: no wiretrace index under the prefix "${prefix}"${v.prefix ? '' : ' (the default; give --prefix for another)'} (make one with wiretrace index add <files> --redis URL${v.prefix ? ` --prefix ${v.prefix}` : ''})`);
      }
      throw e;
    }
  }
  const shown = v.db ?? 'wiretrace.db';
  const file = resolve(cwd, shown);
  if (mode !== 'create' && !existsSync(file)) throw new CliError(`${shown}: no such index (make one with wiretrace index add <files> --db ${shown})`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`--db ${shown}: a folder, not an index file (give the file, e.g. ${join(shown, 'wiretrace.db')})`);
  try {
    if (mode === 'read') return await openCorpusIndex({ ...fp, sqlite: file, readOnly: true });
    // an existing file must already be an index: probe it read-only before opening it for writing
    if (existsSync(file)) await (await openCorpusIndex({ ...fp, sqlite: file, readOnly: true })).close();
    return await openCorpusIndex({ ...fp, sqlite: file });
  } catch (e) {
    throw sqliteOpenError(e, shown, file);
  }
}

/** A SQLite index that would not open, as the user's mistake it is (not an index, not a database), or the error itself. */
function sqliteOpenError(e: unknown, shown: string, file: string): unknown {
  if (e instanceof WiretraceError && (e.code === 'E_STORE' || e.code === 'E_NOT_FOUND')) {
    const why = e.message.replace(/^wiretrace: [^:]+: /, '').replace(file, shown);
    // the store's own words, when they already say it ("x.db is not a wiretrace index"), are not said twice
    if (e.code === 'E_NOT_FOUND' && /not a wiretrace index/.test(why)) return new CliError(`--db ${shown}: not a wiretrace index${why.replace(/^.*?is not a wiretrace index/, '')}`);
    return new CliError(`--db ${shown}: ${e.code === 'E_NOT_FOUND' ? 'not a wiretrace index' : 'cannot open it'} (${why})`);
  }
  return e;
}

async function cmdIndex(args: string[], io: SafeIO): Promise<number> {
  const { values: v, positionals } = parse(args, { ...COMMON, ...STORE, 'skip-existing': { type: 'boolean' }, batch: { type: 'string' }, queue: { type: 'boolean' }, workers: { type: 'string' } }, 'index');
  const [sub, ...rest] = positionals;
  if (v.help || sub === undefined) {
    io.stdout(`${HELP.index}\n`);
    return sub === undefined && !v.help ? 2 : 0;
  }
  const format = formatOption(v.format, ['text', 'json']);
  // an option another subcommand takes does nothing here: refused, not silently accepted
  const only: Record<string, readonly string[]> = { 'skip-existing': ['add'], batch: ['add'], queue: ['add'], workers: ['add'], 'id-base': ['add'], format: ['stats', 'list'], 'min-tokens': [] };
  for (const [name, subs] of Object.entries(only)) {
    if ((v as Record<string, unknown>)[name] !== undefined && !subs.includes(sub)) throw new CliError(`index ${sub}: --${name} ${subs.length > 0 ? `is for index ${subs.join(', ')}` : 'is not an option of index'} (see wiretrace help index)`);
  }
  const o = commonOptions(v);
  if (sub === 'add') {
    if (rest.length === 0) throw new CliError('index add: give the files or folders to index');
    const batch = num('batch', v.batch, 1, 1_000_000, true);
    const workers = num('workers', v.workers, 1, 256, true);
    if (v.queue) {
      if (v.redis === undefined) throw new CliError('index add --queue: the queue lives on the index\'s Redis; give --redis URL');
      return enqueueCommand(v.redis, v.prefix, load(rest, io, 'index add', v['id-base']), { ...o, ...(batch ? { batch } : {}) }, io);
    }
    return indexAdd(rest, v, o, io, batch ?? 500, workers);
  }
  if (sub === 'stats' || sub === 'list' || sub === 'remove') {
    const index = await openStore(io.cwd, v, o, sub === 'remove' ? 'write' : 'read');
    try {
      if (sub === 'stats') {
        const s = await index.stats();
        if (format === 'json') io.stdout(`${jsonForTerminal(JSON.stringify(s, null, 2))}\n`);
        else {
          const p = s.params;
          io.stdout(
            `${s.store} index: ${s.documents} documents${s.bytes !== undefined ? `, ${(s.bytes / 2 ** 20).toFixed(1)} MiB on disk (${s.documents ? Math.round(s.bytes / s.documents) : 0} B per document)` : ''}\n` +
              `  shingle ${p.shingleSize}, numPerm ${p.numPerm}, seed ${p.seed}, winnow window ${p.winnowWindow}, stem ${p.stem}, boilerplate removed ${p.boilerplate}\n` +
              `  LSH ${s.bands} bands × ${s.rows} rows for Jaccard ${s.threshold}\n`,
          );
        }
      } else if (sub === 'list') {
        const ids = await index.ids();
        io.stdout(format === 'json' ? `${jsonForTerminal(JSON.stringify(ids))}\n` : ids.map((i) => `${escapeControls(i)}\n`).join(''));
      } else {
        if (rest.length === 0) throw new CliError('index remove: give the ids to remove (see wiretrace index list)');
        let missing = 0;
        for (const id of rest) if (!(await index.remove(id))) {
          missing++;
          io.stderr(`wiretrace: index remove: "${escapeControls(id)}" is not in the index (see wiretrace index list)\n`);
        }
        io.stderr(`removed ${rest.length - missing}; the index holds ${await index.size()}\n`);
        // an id that is not there is the user's mistake (exit 2); exit 1 is kept for a store that failed
        return missing > 0 ? 2 : 0;
      }
    } finally {
      await index.close();
    }
    return 0;
  }
  throw new CliError(`index: unknown subcommand "${sub}" (add, stats, list or remove)`);
}

/**
 * First pass of index add: every document's id, read lazily (a JSON Lines file a line at a
 * time) and dropped at once; only the ids are kept. Duplicates in the input are refused here,
 * before anything is written.
 */
function inputIds(files: readonly InputFile[], io: SafeIO, warn: (m: string) => void, progress: Progress): Set<string> {
  const ids = new Set<string>();
  files.forEach((f, i) => {
    for (const d of iterateDocs([f], io.cwd, warn)) {
      // iterateDocs refuses duplicates inside one file; these are across files
      if (ids.has(d.id)) throw new CliError(`index add: duplicate document id "${d.id}" in the input (${relative(io.cwd, f.file) || f.file}); nothing was added`);
      ids.add(d.id);
    }
    progress.update('reading ids', i + 1, files.length);
  });
  if (ids.size === 0) throw new CliError('index add: no documents found');
  return ids;
}

/** Batches given to one add call: the index fingerprints the next batch while it writes one, within a call. */
const ADD_STEPS = 8;
/**
 * Documents per add call: ADD_STEPS batches, or half a store's write group if more (Redis:
 * 16,384), since such a store's write costs per posting bucket touched, whatever the number of
 * documents written with it. Measured on 50,000 generated articles into Redis (2 threads):
 * calls of 4,000 cost the server 0.20 ms of CPU per article and the whole add 35.8 s of CPU; of
 * 16,384, 0.064 ms and 25.7 s (peak RSS 623 → 893 MB); of 32,768, 0.049 ms and 23.3 s but
 * 1,158 MB.
 */
function addCallSize(index: StoredCorpusIndex, batch: number): number {
  return Math.max(batch * ADD_STEPS, (index.store.writeGroup ?? 0) / 2);
}

/** Fewer documents than this are fingerprinted in this process: starting threads would cost more than it saves. */
const THREADED_ADD_MIN = 2000;

/** Fingerprinting threads of an index add by default: the cores (at most 8) for a large input. */
function addWorkers(docs: number): number {
  return docs >= THREADED_ADD_MIN ? Math.min(8, availableParallelism()) : 1;
}

/** Second pass: the files read again, lazily, and added `size` documents at a time, so memory holds one batch and the index. */
async function addInBatches(files: readonly InputFile[], io: SafeIO, index: StoredCorpusIndex, skip: ReadonlySet<string>, total: number, size: number, progress: Progress): Promise<number> {
  let added = 0;
  let pending: Doc[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    added += await index.add(pending);
    pending = [];
    progress.update('indexing', added, total);
  };
  for (const f of files) {
    for (const d of iterateDocs([f], io.cwd, () => {})) {
      if (skip.has(d.id)) continue;
      pending.push(d);
      if (pending.length >= size) await flush();
    }
  }
  await flush();
  return added;
}

/**
 * index add, streamed: a first pass reads every file for its ids only (duplicates in the
 * input, or ids already indexed, are refused before anything is written); the second reads
 * the files again a batch at a time. Memory is set by the batch, the ids and the index, not by
 * the input: no text is kept past its batch.
 */
async function indexAdd(paths: string[], v: { 'skip-existing'?: boolean; quiet?: boolean; 'id-base'?: string; db?: string; redis?: string; prefix?: string }, o: AnalyzeOptions, io: SafeIO, size: number, workers: number | undefined): Promise<number> {
  const files = inputs(paths, io, v['id-base']);
  const warnings = new Set<string>();
  const warn = (m: string): void => {
    if (!warnings.has(m)) io.stderr(`wiretrace: warning: ${m}\n`);
    warnings.add(m);
  };
  const progress = new Progress(io, io.stderrIsTTY && !v.quiet);
  const ids = inputIds(files, io, warn, progress);
  const index = await openStore(io.cwd, v, o, 'create', undefined, { batchSize: size, workers: workers ?? addWorkers(ids.size) });
  try {
    const t0 = Date.now();
    const have = new Set(await index.ids());
    const existing = [...ids].filter((id) => have.has(id));
    if (existing.length > 0 && !v['skip-existing']) {
      const shown = existing.slice(0, 5).map((id) => `"${id}"`).join(', ');
      throw new CliError(`index add: already in the index: ${shown}${existing.length > 5 ? ` and ${existing.length - 5} more` : ''}; nothing was added (use --skip-existing to leave them out)`);
    }
    const total = ids.size - existing.length;
    // the ids are checked: only the ones to skip are kept for the second pass
    ids.clear();
    have.clear();
    const added = await addInBatches(files, io, index, new Set(existing), total, addCallSize(index, size), progress);
    progress.done();
    const secs = (Date.now() - t0) / 1000;
    const skipped = existing.length;
    io.stderr(`added ${added} document${added === 1 ? '' : 's'}${skipped ? ` (${skipped} already indexed, skipped)` : ''} in ${secs.toFixed(1)} s; the index holds ${await index.size()}\n`);
  } finally {
    await index.close();
  }
  return 0;
}

/** Runs one command line; returns the exit code. User errors throw CliError or WiretraceError. */
export async function runCommand(argv: readonly string[], rawIO: CliIO): Promise<number> {
  const io = safeIO(rawIO);
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    const topic = cmd === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !Object.hasOwn(HELP, topic)) throw new CliError(`help: unknown command "${topic}"`);
    io.stdout(`${HELP[topic ?? 'main']}\n`);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-v' || cmd === 'version') {
    io.stdout(`${pkg.version}\n`);
    return 0;
  }
  if (cmd === 'analyze') return cmdAnalyze(rest, io);
  if (cmd === 'check') return cmdCheck(rest, io);
  if (cmd === 'index') return cmdIndex(rest, io);
  if (cmd === 'worker') return cmdWorker(rest, io);
  // loaded only for this command: the HTTP framework stays out of every other one
  if (cmd === 'serve') return (await import('../serve/cli.js')).runServe(rest, io, HELP.serve!);
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

export function reportError(e: unknown, rawIO: CliIO): number {
  // no message prints a password given in a URL (--redis redis://:PASSWORD@host)
  const io = safeIO({ ...rawIO, stderr: (s) => rawIO.stderr(redactCredentials(s)) });
  if (e instanceof CliError) {
    io.stderr(`wiretrace: ${e.message}\n`);
    return e.exitCode;
  }
  if (e instanceof WiretraceError) {
    io.stderr(`${e.message}\n`);
    // a store that fails (server gone, disk) is not the user's mistake: exit 1, not 2
    return e.code === 'E_STORE' ? 1 : 2;
  }
  io.stderr(`wiretrace: internal error: ${(e as Error)?.message ?? String(e)} (set WIRETRACE_DEBUG=1 for details, and please report it)\n`);
  if (process.env.WIRETRACE_DEBUG) io.stderr(`${(e as Error)?.stack ?? ''}\n`);
  return 70;
}
