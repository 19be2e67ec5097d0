/**
 * `wiretrace serve`: options, tokens, start, and a graceful stop on SIGTERM or SIGINT.
 * User mistakes are E_OPTIONS errors (the CLI prints one line and exits 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WiretraceError } from '../errors.js';
import { SERVE_DEFAULTS, startServer, type ServeOptions } from './server.js';
import { parseTokens, type Tokens } from './tokens.js';
import { redactCredentials } from '../corpus/store.js';
import { readSourcesFile } from '../attribution/gazetteer.js';
import { parseNumber } from '../cli/_number.js';

export interface ServeIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** The environment (WIRETRACE_TOKEN). */
  env?: Record<string, string | undefined>;
  /** Resolves when the server should stop; default: the first SIGTERM or SIGINT. */
  stopSignal?: Promise<unknown>;
  /** Called once the server listens (tests). */
  onListening?: (url: string) => void;
}

const OPTIONS = {
  db: { type: 'string' },
  redis: { type: 'string' },
  prefix: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  'token-file': { type: 'string' },
  workers: { type: 'string' },
  'max-uncredited': { type: 'string' },
  'max-draft': { type: 'string' },
  'max-body': { type: 'string' },
  sources: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

const fail = (m: string): WiretraceError => new WiretraceError('E_OPTIONS', 'serve', m);

function number(name: string, v: string | undefined, min: number, max: number, int: boolean): number | undefined {
  if (v === undefined) return undefined;
  return parseNumber(name, v, min, max, int, name === 'max-uncredited', fail);
}

/** Tokens from WIRETRACE_TOKEN and --token-file; at least one is required. */
function readTokens(file: string | undefined, io: ServeIO): Tokens {
  const tokens: Tokens = new Map();
  const env = (io.env ?? process.env).WIRETRACE_TOKEN;
  if (env) parseTokens(env, 'WIRETRACE_TOKEN', tokens);
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      throw fail(`--token-file ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    parseTokens(text, file, tokens);
  }
  if (tokens.size === 0) throw fail('the API needs access tokens: set WIRETRACE_TOKEN or give --token-file FILE (lines "check <token>" or "write <token>")');
  return tokens;
}

/** The options of a command line (throws E_OPTIONS on a mistake). */
export function serveOptions(args: string[], io: ServeIO): ServeOptions & { quiet: boolean } | 'help' {
  let v: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: false; strict: true }>>['values'];
  try {
    v = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw fail(`${(e as Error).message.replace(/\. To specify a positional argument.*$/, '')} (see wiretrace help serve)`);
  }
  if (v.help) return 'help';
  if ((v.db === undefined) === (v.redis === undefined)) throw fail('give the index: --db FILE or --redis URL (one of them)');
  if (v.db !== undefined && !existsSync(resolve(io.cwd, v.db))) throw fail(`${v.db}: no such index (make one with wiretrace index add <files> --db ${v.db})`);
  const o: ServeOptions & { quiet: boolean } = {
    index: { ...(v.db !== undefined ? { sqlite: resolve(io.cwd, v.db) } : { redis: v.redis!, ...(v.prefix ? { prefix: v.prefix } : {}) }), ...(v.sources !== undefined ? { sources: readSourcesFile(v.sources, io.cwd) } : {}) },
    tokens: readTokens(v['token-file'], io),
    host: v.host ?? SERVE_DEFAULTS.host,
    port: number('port', v.port, 0, 65535, true) ?? SERVE_DEFAULTS.port,
    quiet: Boolean(v.quiet),
  };
  const set = <K extends keyof ServeOptions>(k: K, x: ServeOptions[K] | undefined): void => {
    if (x !== undefined) (o as ServeOptions)[k] = x;
  };
  set('workers', number('workers', v.workers, 1, 64, true));
  set('maxUncredited', number('max-uncredited', v['max-uncredited'], 0, 1, false));
  set('checkBodyLimit', number('max-draft', v['max-draft'], 1024, 64 << 20, true));
  set('bodyLimit', number('max-body', v['max-body'], 1024, 1 << 30, true));
  return o;
}

function onceSignalled(): Promise<string> {
  return new Promise((res) => {
    const on = (s: string): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      res(s);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** Runs the service until SIGTERM/SIGINT (or `io.stopSignal`); returns the exit code. */
export async function runServe(args: string[], io: ServeIO, help: string): Promise<number> {
  const o = serveOptions(args, io);
  if (o === 'help') {
    io.stdout(`${help}\n`);
    return 0;
  }
  const stop = io.stopSignal ?? onceSignalled();
  const log = o.quiet ? undefined : (l: string): void => io.stderr(`${new Date().toISOString()} ${l}\n`);
  let server;
  try {
    server = await startServer({ ...o, ...(log ? { log } : {}) });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') throw fail(`cannot listen on ${o.host}:${o.port} (${err.code})`);
    // a --host that is no address and no name the resolver knows: the user's mistake, not a bug
    if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EAI_FAIL' || err.code === 'EAI_NONAME') throw fail(`--host ${o.host}: no such address or host name (${err.code}); give an address of this machine, such as 127.0.0.1, or 0.0.0.0 for every interface`);
    // the index could not be opened: the worker's error, as the CLI reports it elsewhere (E_STORE exits 1, others 2)
    if (['E_PARAMS', 'E_VERSION', 'E_DEPENDENCY', 'E_STORE', 'E_INPUT'].includes(err.code ?? '')) throw new WiretraceError(err.code as 'E_STORE', 'serve', (err.message ?? '').replace(/^wiretrace: /, ''));
    throw e;
  }
  io.stderr(`wiretrace serve: listening on ${server.url} (${o.index.sqlite ?? redactCredentials(String(o.index.redis))}, ${o.tokens.size} token${o.tokens.size === 1 ? '' : 's'})${o.host === '127.0.0.1' || o.host === '::1' || o.host === 'localhost' ? '' : ' — reachable from the network: put TLS in front'}\n`);
  io.onListening?.(server.url);
  await stop;
  io.stderr('wiretrace serve: stopping (finishing requests in flight)\n');
  await server.close();
  io.stderr('wiretrace serve: stopped, index closed\n');
  return 0;
}
