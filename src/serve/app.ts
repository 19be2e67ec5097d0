/**
 * The HTTP side of `wiretrace serve`: routes, request schemas, bearer-token access and one
 * error shape. Every index operation is a task for the worker pool.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DraftReport } from '../corpus/check.js';
import type { IndexStats } from '../corpus/persistent.js';
import { builtinGazetteer, Gazetteer, type SourceEntry } from '../attribution/gazetteer.js';
import { isDate, type Doc } from '../doc.js';
import { page } from './page.js';
import { TaskFailed, type WorkerPool } from './pool.js';
import type { AddResult } from './protocol.js';
import { checkBody, documentsBody, documentsQuery, idParams } from './schemas.js';
import { authorise, type TokenKind, type Tokens } from './tokens.js';

export interface AppOptions {
  tokens: Tokens;
  /** Uncredited share above which the verdict fails (a request may give its own). */
  maxUncredited: number;
  /** Largest body of POST /api/check, bytes. */
  checkBodyLimit: number;
  /** Largest body of POST /api/documents, bytes. */
  bodyLimit: number;
  version: string;
  log: (line: string) => void;
  /** The gazetteer entries the server was given (--sources), to tell a credit that names no outlet. */
  sources?: readonly SourceEntry[];
  /** True once shutdown began: responses then close their connection, so that none lingers idle. */
  closing: () => boolean;
}

/** The versioned check response: the library's DraftReport, passed through, plus the verdict. */
export const REPORT_FORMAT = { format: 'wiretrace-draft-report', version: 1 } as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The token kind a route needs; public routes have none. */
    need?: TokenKind;
  }
}

/** A byte count as an operator reads it: "1 MiB (1048576 bytes)". */
function showBytes(n: number): string {
  const unit = n % (1 << 20) === 0 ? `${n / (1 << 20)} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : undefined;
  return unit ? `${unit} (${n} bytes)` : `${n} bytes`;
}

/** The 413 of a route: the limit, and the `wiretrace serve` option that sets it. */
function tooLarge(req: FastifyRequest, o: AppOptions): string {
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && path === '/api/check') {
    return `the draft is too large: this server takes at most ${showBytes(o.checkBodyLimit)} on POST /api/check (its operator sets the limit with wiretrace serve --max-draft <bytes>)`;
  }
  const limit = req.routeOptions.bodyLimit ?? o.bodyLimit;
  return `the request is too large: this server takes at most ${showBytes(limit)} on ${req.method} ${path}; send the documents in smaller batches, or have the limit raised (wiretrace serve --max-body <bytes>)`;
}

interface CheckBody {
  text: string;
  id?: string;
  title?: string;
  outlet?: string;
  url?: string;
  publishedAt?: string;
  credits?: string[];
  maxUncredited?: number;
  limit?: number;
}

const STATUS = new Map<number, string>([
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [409, 'Conflict'],
  [413, 'Payload Too Large'],
  [415, 'Unsupported Media Type'],
  [500, 'Internal Server Error'],
  [503, 'Service Unavailable'],
]);

/** One line, bounded: what a client is told. */
const oneLine = (s: string): string => s.replace(/\s*\n\s*-?\s*/g, '; ').slice(0, 500);

function sendError(reply: FastifyReply, status: number, code: string, message: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(status).send({ statusCode: status, error: STATUS.get(status) ?? 'Error', code, message: oneLine(message), ...extra });
}

/** HTTP status of a task's error code: the caller's mistake, a missing document, or the service unable to answer now. */
const TASK_STATUS = new Map<string, number>([
  ['E_INPUT', 400],
  ['E_OPTIONS', 400],
  ['E_NOT_FOUND', 404],
  // the request is sound but the index's state does not allow an answer: no documents to check against
  ['E_EMPTY_INDEX', 409],
  ['E_BUSY', 503],
  ['E_TIMEOUT', 503],
  ['E_CLOSED', 503],
  ['E_STORE', 503],
]);

/** A schema's refusal as a person reads it: an unknown field is named ("body: unknown field \"maxUncredit\""). */
function validationMessage(fe: FastifyError): string {
  const v = fe.validation?.[0];
  const field = (v?.params as { additionalProperty?: unknown } | undefined)?.additionalProperty;
  if (v?.keyword === 'additionalProperties' && typeof field === 'string') {
    return `${fe.validationContext ?? 'body'}${v.instancePath ?? ''}: unknown field ${JSON.stringify(field)}`;
  }
  return fe.message;
}

/** Status, code and message for anything a handler threw; internal errors are logged, never shown. */
function classify(err: FastifyError | TaskFailed | Error, log: (l: string) => void): { status: number; code: string; message: string } {
  const fe = err as FastifyError;
  if (fe.validation) return { status: 400, code: 'E_REQUEST', message: validationMessage(fe) };
  if (err instanceof TaskFailed && err.code === 'E_STORE') {
    // a store failure names files and servers: logged here, not told to the client
    log(`store error: ${err.message}`);
    return { status: 503, code: 'E_STORE', message: 'the index is not available right now (logged on the server); try again' };
  }
  // the library's "wiretrace: CorpusIndex.add: " names a function the client never called
  if (err instanceof TaskFailed && TASK_STATUS.has(err.code)) return { status: TASK_STATUS.get(err.code)!, code: err.code, message: err.message.replace(/^wiretrace: [\w.#]+: /, '') };
  if (!(err instanceof TaskFailed) && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const message = fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? `bad JSON: ${err.message}` : err.message;
    return { status: fe.statusCode, code: fe.code ?? 'E_REQUEST', message };
  }
  log(`internal error: ${err.stack ?? err.message}`);
  return { status: 500, code: 'E_INTERNAL', message: 'internal error (logged on the server)' };
}

/** The draft as the library takes it (credits given outside the text go to checkDraft's `credits`). */
function draftOf(b: CheckBody): Doc {
  const d: Doc = { id: b.id ?? '(draft)', text: b.text };
  for (const k of ['title', 'outlet', 'url', 'publishedAt'] as const) if (b[k] !== undefined) d[k] = b[k];
  return d;
}

function addHooks(app: FastifyInstance, o: AppOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    (req as FastifyRequest & { t0?: number }).t0 = performance.now();
    const need = req.routeOptions.config?.need;
    if (!need) return;
    const s = authorise(o.tokens, req.headers.authorization, need);
    if (s === 401) {
      // no token and a wrong token are different mistakes: a missing header, or a token to ask for
      const sent = /^Bearer[ ]+\S/i.test(req.headers.authorization ?? '');
      const why = sent ? 'the access token is not one this server knows: ask whoever runs the service for a valid one' : 'no access token: send Authorization: Bearer <token>';
      return sendError(reply.header('www-authenticate', 'Bearer realm="wiretrace"'), 401, 'E_AUTH', why);
    }
    if (s === 403) return sendError(reply, 403, 'E_FORBIDDEN', `this needs a ${need} token`);
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (o.closing()) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const t0 = (req as FastifyRequest & { t0?: number }).t0 ?? performance.now();
    o.log(`${req.method} ${req.url.split('?')[0]} ${reply.statusCode} ${(performance.now() - t0).toFixed(0)} ms`);
  });
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const c = classify(err, o.log);
    // Fastify says only "Request body is too large": the client is told the limit and what sets it
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') c.message = tooLarge(req, o);
    return sendError(reply, c.status, c.code, c.message);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, 404, 'E_NOT_FOUND', `no such route: ${req.method} ${req.url.split('?')[0]}`));
  // a CMS may send the draft as plain text: it becomes { text }
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => done(null, body));
}

/** The page and the health check: no token. */
function publicRoutes(app: FastifyInstance, pool: WorkerPool): void {
  const { html, csp } = page();
  app.get('/', async (_req, reply) => reply.header('content-security-policy', csp).type('text/html; charset=utf-8').send(html));
  app.get('/healthz', async () => ({ ok: true, ...pool.load() }));
}

/**
 * Credits that name no outlet the gazetteer knows and no outlet of the draft's sources: they
 * credit nothing, most likely a misspelling, which the client is told of (as the CLI's stderr does).
 */
function unknownCredits(credits: readonly string[], report: DraftReport, gazetteer: Gazetteer): string[] {
  const outlets = new Set(report.sources.map((s) => s.outlet?.trim().toLowerCase()));
  return credits
    .map((c) => c.trim())
    .filter((c) => gazetteer.resolve(c) === undefined && !outlets.has(c.toLowerCase()))
    .map((c) => `credits: ${JSON.stringify(c)}: no outlet of that name is known (built in or in the server's --sources) or among the draft's sources, so it credits nothing`);
}

function checkRoute(app: FastifyInstance, pool: WorkerPool, o: AppOptions): void {
  const gazetteer = o.sources?.length ? new Gazetteer(o.sources) : builtinGazetteer();
  app.post('/api/check', {
    bodyLimit: o.checkBodyLimit,
    config: { need: 'check' },
    schema: { body: checkBody },
    preValidation: async (req) => {
      if (typeof req.body === 'string') req.body = { text: req.body };
    },
  }, async (req, reply) => {
    const b = req.body as CheckBody;
    // as documents are: a date that is not one would be read as no date at all
    if (b.publishedAt !== undefined && !isDate(b.publishedAt)) return sendError(reply, 400, 'E_INPUT', `publishedAt ${JSON.stringify(b.publishedAt)} is not an ISO 8601 date (e.g. 2026-11-24 or 2026-11-24T09:30:00Z)`);
    const t0 = performance.now();
    const report = await pool.run<DraftReport>({ op: 'check', draft: draftOf(b), ...(b.limit !== undefined ? { limit: b.limit } : {}), ...(b.credits?.length ? { credits: b.credits.map((c) => c.trim()) } : {}) });
    reply.header('server-timing', `check;dur=${(performance.now() - t0).toFixed(1)}`);
    // a draft with no words was not checked: an error, never a 0% pass (as the CLI's exit 2)
    if (report.tokens === 0) return sendError(reply, 400, 'E_INPUT', 'the draft has no words to check (an empty draft is an error, not a pass)');
    const max = b.maxUncredited ?? o.maxUncredited;
    const warnings = unknownCredits(b.credits ?? [], report, gazetteer);
    return { ...REPORT_FORMAT, ...report, ...(warnings.length > 0 ? { warnings } : {}), verdict: { pass: report.uncreditedShare <= max, uncreditedShare: report.uncreditedShare, maxUncredited: max } };
  });
}

/**
 * What the library would refuse in a batch, said in the request's terms (`documents[1]`, not the
 * library's function names): an id given twice, a publishedAt that is no date. Empty if none.
 */
function batchProblems(documents: readonly Doc[]): string[] {
  const problems: string[] = [];
  const first = new Map<string, number>();
  documents.forEach((d, i) => {
    const at = first.get(d.id);
    if (at !== undefined) problems.push(`documents[${i}] has id ${JSON.stringify(d.id)}, already given as documents[${at}] (ids must be unique)`);
    else first.set(d.id, i);
    if (d.publishedAt !== undefined && !isDate(d.publishedAt)) problems.push(`documents[${i}] (${JSON.stringify(d.id)}) has publishedAt ${JSON.stringify(d.publishedAt)}, which is not an ISO 8601 date (e.g. 2026-11-24 or 2026-11-24T09:30:00Z)`);
  });
  return problems;
}

/** The wire feed (write token) and reading a document back (check token). */
function documentRoutes(app: FastifyInstance, pool: WorkerPool, o: AppOptions): void {
  app.post('/api/documents', {
    bodyLimit: o.bodyLimit,
    config: { need: 'write' },
    schema: { body: documentsBody, querystring: documentsQuery },
    // one document may be sent alone: it becomes a batch of one
    preValidation: async (req) => {
      const b = req.body as Record<string, unknown> | null;
      if (b && typeof b === 'object' && !Array.isArray(b) && !('documents' in b)) req.body = { documents: [b] };
      else if (Array.isArray(b)) req.body = { documents: b };
    },
  }, async (req, reply) => {
    const { documents } = req.body as { documents: Doc[] };
    const problems = batchProblems(documents);
    if (problems.length > 0) {
      const shown = problems.slice(0, 5).join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
      return sendError(reply, 400, 'E_INPUT', `${problems.length > 1 ? `${problems.length} problems with the documents: ` : ''}${shown}; nothing was added`);
    }
    const q = (req.query as { skipExisting?: string }).skipExisting;
    const r = await pool.run<AddResult>({ op: 'add', docs: documents, skipExisting: q === 'true' || q === '1' });
    if (r.added.length === 0 && r.existing.length > 0 && !(q === 'true' || q === '1')) {
      const shown = r.existing.slice(0, 10).map((i) => `"${i}"`).join(', ');
      return sendError(reply, 409, 'E_EXISTS', `already in the index: ${shown}${r.existing.length > 10 ? ` and ${r.existing.length - 10} more` : ''}; nothing was added (remove them first, or send ?skipExisting=true)`, { existing: r.existing });
    }
    // an empty document is indexed (one empty item does not fail the feed's batch) but the feed is told: it can match nothing
    const at = new Map(documents.map((d, i) => [d.id, i]));
    const warnings = r.empty.slice(0, 20).map((id) => `documents[${at.get(id)}] (${JSON.stringify(id)}) has no words to match (its text is empty, or only boilerplate or stop words): it was added but can match nothing`);
    if (r.empty.length > 20) warnings.push(`and ${r.empty.length - 20} more documents with no words to match`);
    return reply.code(201).send({ added: r.added.length, skipped: r.existing.length, ids: r.added, size: r.size, ...(warnings.length > 0 ? { warnings } : {}) });
  });

  app.get('/api/documents/:id', { config: { need: 'check' }, schema: { params: idParams } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const d = await pool.run<Doc | null>({ op: 'get', id });
    return d ?? sendError(reply, 404, 'E_NOT_FOUND', `no document "${id}" in the index`);
  });

  app.delete('/api/documents/:id', { config: { need: 'write' }, schema: { params: idParams } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const r = await pool.run<{ removed: boolean; size: number }>({ op: 'remove', id });
    return r.removed ? { id, removed: true, size: r.size } : sendError(reply, 404, 'E_NOT_FOUND', `no document "${id}" in the index`);
  });
}

function statsRoute(app: FastifyInstance, pool: WorkerPool, o: AppOptions): void {
  app.get('/api/stats', { config: { need: 'check' } }, async () => {
    const s = await pool.run<IndexStats>({ op: 'stats' });
    return { ...s, server: { version: o.version, maxUncredited: o.maxUncredited, ...pool.load() } };
  });
}

/** The Fastify app over a started pool (not listening yet). */
export function buildApp(pool: WorkerPool, o: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: o.bodyLimit,
    // strict schemas: no type coercion, unknown fields refused rather than dropped
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    requestTimeout: 120_000,
  });
  addHooks(app, o);
  publicRoutes(app, pool);
  checkRoute(app, pool, o);
  documentRoutes(app, pool, o);
  statsRoute(app, pool, o);
  return app;
}
