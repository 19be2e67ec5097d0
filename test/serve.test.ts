import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/run.js';
import { checkDraft, openCorpusIndex } from '../src/index.js';
import { serveOptions } from '../src/serve/cli.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { authorise, parseTokens } from '../src/serve/tokens.js';
import { ROOT, seedDocs, seedText, testPort } from './helpers.js';

// The service against a real SQLite index of the seeds, on a free loopback port (port 0).
const CHECK = 'check-token-0123456789';
const WRITE = 'write-token-0123456789';
const TOKENS = `check ${CHECK}\nwrite:${WRITE}\n`;

/** A paragraph of seed 003 (the one about Kim's sister's thanks), as an editor would paste it. */
function paragraphOf003(): string {
  const t = seedText('003');
  const start = t.indexOf('Since their meeting in September');
  const end = t.indexOf('South Korea’s foreign ministry');
  return t.slice(start, end).trim();
}

let dir = '';
let db = '';
let server: RunningServer;
const lines: string[] = [];

async function call(method: string, path: string, o: { token?: string; body?: unknown; raw?: string; type?: string } = {}): Promise<{ status: number; headers: Headers; json: Record<string, unknown> & { message?: string } }> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const body = o.raw ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined);
  if (body !== undefined) headers['content-type'] = o.type ?? 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** What a client is told on an error: one line, no stack frame, no source path. */
function expectOneLine(message: unknown): void {
  expect(typeof message).toBe('string');
  expect(message).not.toMatch(/\n|\bat .*:\d+:\d+|\/src\/|node_modules/);
}

/** Waits (bounded) until the server at `url` has a task in a worker. */
async function untilBusy(url: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const h = (await (await fetch(`${url}/healthz`)).json()) as { busy: number };
    if (h.busy >= 1) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A draft of about 1 MB: 003 400 times over, each copy with other names. */
const longDraft = (copies: number): string => Array.from({ length: copies }, (_, i) => seedText('003').replace(/Kim/g, `Kim${i}`)).join('\n\n');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wiretrace-serve-'));
  db = join(dir, 'seeds.db');
  const index = await openCorpusIndex({ sqlite: db });
  await index.add(seedDocs());
  await index.close();
  server = await startServer({ index: { sqlite: db }, tokens: parseTokens(TOKENS, 'test'), port: await testPort(), workers: 2, checkBodyLimit: 4 << 20, bodyLimit: 1 << 20, log: (l) => lines.push(l) });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('wiretrace serve: access', () => {
  it('serves the page and the health check without a token, on loopback', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const html = await res.text();
    // self-contained: no script, style or font from anywhere else
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|https?:\/\//);
    expect((await call('GET', '/healthz')).status).toBe(200);
  });

  it.each([
    ['no header', undefined],
    ['an unknown token', 'not-a-token-of-this-server'],
    ['a Basic header', 'Basic'],
  ])('refuses a check with %s (401, with WWW-Authenticate)', async (_, token) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token === 'Basic') headers.authorization = `Basic ${Buffer.from(`u:${CHECK}`).toString('base64')}`;
    else if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${server.url}/api/check`, { method: 'POST', headers, body: JSON.stringify({ text: 'x' }) });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('E_AUTH');
    // a token that was sent and is not known is told apart from none at all
    expect(body.message).toBe(token === 'not-a-token-of-this-server' ? 'the access token is not one this server knows: ask whoever runs the service for a valid one' : 'no access token: send Authorization: Bearer <token>');
  });

  it('refuses every API route without a token, and writes with a check token (403)', async () => {
    for (const [m, p] of [['GET', '/api/stats'], ['GET', '/api/documents/000'], ['DELETE', '/api/documents/000'], ['POST', '/api/documents']] as const) {
      expect((await call(m, p, m === 'POST' ? { body: { id: 'x', text: 'y' } } : {})).status, `${m} ${p}`).toBe(401);
    }
    const add = await call('POST', '/api/documents', { token: CHECK, body: { id: 'x', text: 'y' } });
    expect(add.status).toBe(403);
    expect(add.json.code).toBe('E_FORBIDDEN');
    expect((await call('DELETE', '/api/documents/000', { token: CHECK })).status).toBe(403);
    // the write token may check too
    expect((await call('POST', '/api/check', { token: WRITE, body: { text: 'A short draft.' } })).status).toBe(200);
  });

  it('reads token kinds, refuses short tokens and malformed lines, and compares by digest', () => {
    const t = parseTokens('# the newsroom\ncheck aaaaaaaaaaaaaaaa\nwrite: bbbbbbbbbbbbbbbb, cccccccccccccccc\n', 'f');
    expect(authorise(t, 'Bearer aaaaaaaaaaaaaaaa', 'check')).toBe(200);
    expect(authorise(t, 'Bearer aaaaaaaaaaaaaaaa', 'write')).toBe(403);
    expect(authorise(t, 'bearer bbbbbbbbbbbbbbbb', 'write')).toBe(200);
    expect(authorise(t, 'Bearer cccccccccccccccc', 'write')).toBe(403);
    expect(authorise(t, 'Bearer aaaaaaaaaaaaaaa', 'check')).toBe(401);
    expect([...t.keys()].join()).not.toContain('aaaa');
    expect(() => parseTokens('check short\nread xxxxxxxxxxxxxxxxxxxx yyy', 'tokens.txt')).toThrow(/2 problems/);
    try {
      parseTokens('check short', 'tokens.txt');
    } catch (e) {
      expect((e as Error).message).toMatch(/tokens\.txt line 1: a token must have at least 16/);
      expect((e as Error).message).not.toContain('short');
    }
  });
});

describe('wiretrace serve: errors', () => {
  it('answers bad JSON with 400 and a one-line reason', async () => {
    const r = await call('POST', '/api/check', { token: CHECK, raw: '{"text": "unfinished' });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^bad JSON/);
    expectOneLine(r.json.message);
  });

  it.each([
    [{ text: 5 }, /text must be string/],
    [{ title: 'no text' }, /must have required property 'text'/],
    [{ text: 'x', maxUncredited: 2 }, /maxUncredited must be <= 1/],
    [{ text: 'x', maxUncredit: 0.1 }, /^body: unknown field "maxUncredit"$/],
    [{ text: 'x', credits: ['Reuters)'] }, /credits\/0 must match pattern/],
  ])('validates the check request %j (400)', async (body, reason) => {
    const r = await call('POST', '/api/check', { token: CHECK, body });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('E_REQUEST');
    expect(r.json.message).toMatch(reason);
    expectOneLine(r.json.message);
  });

  it('refuses a body over the limit (413) and an unknown media type (415)', async () => {
    const big = await call('POST', '/api/check', { token: CHECK, body: { text: 'word '.repeat(1_000_000) } });
    expect(big.status).toBe(413);
    expectOneLine(big.json.message);
    const docs = await call('POST', '/api/documents', { token: WRITE, body: { id: 'big', text: 'word '.repeat(300_000) } });
    expect(docs.status).toBe(413);
    expect((await call('POST', '/api/check', { token: CHECK, raw: '<text/>', type: 'application/xml' })).status).toBe(415);
  });

  it('answers an unknown route and an unknown document with 404', async () => {
    expect((await call('GET', '/api/nothing', { token: CHECK })).status).toBe(404);
    const r = await call('GET', '/api/documents/no-such-id', { token: CHECK });
    expect(r.status).toBe(404);
    expect(r.json.message).toContain('no-such-id');
    expect((await call('DELETE', '/api/documents/no-such-id', { token: WRITE })).status).toBe(404);
  });

  it('reports a document the library refuses as 400, naming it, without a stack', async () => {
    const r = await call('POST', '/api/documents', { token: WRITE, body: [{ id: 'd1', text: 'a', publishedAt: 'yesterday' }, { id: 'd1', text: 'b' }] });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe('E_INPUT');
    expect(r.json.message).toContain('"d1"');
    expect(r.json.message).not.toMatch(/CorpusIndex|wiretrace:/);
    expectOneLine(r.json.message);
  });
});

describe('wiretrace serve: checks', () => {
  it('traces a paragraph of seed 003 to 003, and passes the library report through, versioned, with the verdict', async () => {
    const text = paragraphOf003();
    const r = await call('POST', '/api/check', { token: CHECK, body: { text } });
    expect(r.status).toBe(200);
    expect(r.headers.get('server-timing')).toMatch(/^check;dur=/);
    const { format, version, verdict, ...report } = r.json as Record<string, unknown> & { sources: { id: string; credited: boolean; passages: { draftText: string }[] }[]; uncreditedShare: number };
    expect([format, version]).toEqual(['wiretrace-draft-report', 1]);
    expect(report.sources[0]!.id).toBe('003');
    expect(report.sources[0]!.passages.map((p) => p.draftText).join(' ')).toContain('Kim and Putin have strengthened bilateral relations');
    expect(verdict).toEqual({ pass: report.uncreditedShare <= 0.1, uncreditedShare: report.uncreditedShare, maxUncredited: 0.1 });
    expect(report.uncreditedShare).toBeGreaterThan(0.5);
    // the same answer as the library on the same index (opened as the service opens it)
    const index = await openCorpusIndex({ sqlite: db, minContainment: 0.01 });
    try {
      expect(report).toEqual(JSON.parse(JSON.stringify(await checkDraft(text, index))));
    } finally {
      await index.close();
    }
  });

  it('takes the threshold and the draft as plain text from the request', async () => {
    const loose = await call('POST', '/api/check', { token: CHECK, body: { text: paragraphOf003(), maxUncredited: 1 } });
    expect(loose.json.verdict).toMatchObject({ pass: true, maxUncredited: 1 });
    const plain = await call('POST', '/api/check', { token: CHECK, raw: paragraphOf003(), type: 'text/plain' });
    expect(plain.status).toBe(200);
    expect((plain.json.sources as { id: string }[])[0]!.id).toBe('003');
  });

  it('counts credits given outside the text', async () => {
    const wire = { id: 'wire/yonhap-9', outlet: 'Yonhap', text: 'The fisheries ministry of Valdoria announced on Monday a ban on bottom trawling in three northern bays, citing a sharp fall in cod stocks over the past five years and warnings from marine scientists.' };
    expect((await call('POST', '/api/documents', { token: WRITE, body: wire })).status).toBe(201);
    try {
      const text = `Fishing news. ${wire.text}`;
      const plain = await call('POST', '/api/check', { token: CHECK, body: { text } });
      const credited = await call('POST', '/api/check', { token: CHECK, body: { text, credits: ['Yonhap'] } });
      const src = (r: typeof plain) => (r.json.sources as { id: string; credited: boolean }[]).find((s) => s.id === wire.id)!;
      expect(src(plain).credited).toBe(false);
      expect(src(credited).credited).toBe(true);
      expect(plain.json.uncreditedShare).toBeGreaterThan(0.5);
      expect(credited.json.uncreditedShare).toBe(0);
      expect(credited.json.verdict).toMatchObject({ pass: true });
    } finally {
      await call('DELETE', `/api/documents/${encodeURIComponent(wire.id)}`, { token: WRITE });
    }
  });

  it('does not let a long draft stall a short one (checks run in worker threads)', async () => {
    const long = longDraft(400);
    const order: string[] = [];
    const big = call('POST', '/api/check', { token: CHECK, body: { text: long } }).then((r) => (order.push('long'), r));
    await untilBusy(server.url);
    const small = await call('POST', '/api/check', { token: CHECK, body: { text: paragraphOf003() } }).then((r) => (order.push('short'), r));
    expect(small.status).toBe(200);
    expect((await big).status).toBe(200);
    expect(order).toEqual(['short', 'long']);
  });
});

describe('wiretrace serve: the wire feed', () => {
  const wire = { id: 'wire/ap-1', outlet: 'AP', kind: 'wire', publishedAt: '2024-02-20T08:00:00Z', text: 'The harbour authority of Valdoria said on Tuesday that the new container terminal would open in March, doubling the port capacity and creating four hundred permanent jobs along the northern coast.' };

  it('adds one document, refuses it again (409), skips it on request, reads, checks against and removes it', async () => {
    const before = (await call('GET', '/api/stats', { token: CHECK })).json.documents as number;
    const add = await call('POST', '/api/documents', { token: WRITE, body: wire });
    expect(add.status).toBe(201);
    expect(add.json).toMatchObject({ added: 1, ids: ['wire/ap-1'], size: before + 1 });
    const again = await call('POST', '/api/documents', { token: WRITE, body: { documents: [wire, { id: 'wire/ap-2', text: 'Other news entirely.' }] } });
    expect(again.status).toBe(409);
    expect(again.json.existing).toEqual(['wire/ap-1']);
    const skip = await call('POST', '/api/documents?skipExisting=true', { token: WRITE, body: [wire, { id: 'wire/ap-2', text: 'Other news entirely.' }] });
    expect(skip.json).toMatchObject({ added: 1, skipped: 1, ids: ['wire/ap-2'], size: before + 2 });
    const got = await call('GET', `/api/documents/${encodeURIComponent('wire/ap-1')}`, { token: CHECK });
    expect(got.json).toEqual(wire);
    const draft = `Port news. ${wire.text.replace('The harbour authority of Valdoria said on Tuesday', 'Officials said')}`;
    const r = await call('POST', '/api/check', { token: CHECK, body: { text: draft } });
    expect((r.json.sources as { id: string }[]).map((s) => s.id)).toContain('wire/ap-1');
    for (const id of ['wire/ap-1', 'wire/ap-2']) expect((await call('DELETE', `/api/documents/${encodeURIComponent(id)}`, { token: WRITE })).json).toMatchObject({ id, removed: true });
    expect((await call('GET', `/api/documents/${encodeURIComponent('wire/ap-1')}`, { token: CHECK })).status).toBe(404);
    const stats = (await call('GET', '/api/stats', { token: CHECK })).json;
    expect(stats).toMatchObject({ store: 'sqlite', documents: before, server: { workers: 2 } });
  });
});

describe('wiretrace serve --sources', () => {
  it('reads drafts\' credits with the outlets it is told of, in every worker', async () => {
    const planet = { id: 'planet', name: 'Daily Planet', kind: 'outlet', aliases: ['Planet', 'Daily Planet'] };
    writeFileSync(join(dir, 'sources.json'), JSON.stringify([planet]));
    const file = join(dir, 'planet.db');
    const index = await openCorpusIndex({ sqlite: file });
    const story = 'The fisheries ministry of Valdoria announced on Monday a ban on bottom trawling in three northern bays, citing a sharp fall in cod stocks over the past five years and warnings from marine scientists.';
    await index.add([{ id: 'planet-1', outlet: 'Daily Planet', text: story }]);
    await index.close();
    const o = serveOptions(['--db', 'planet.db', '--sources', 'sources.json', '--port', '0'], { stdout: () => {}, stderr: () => {}, cwd: dir, env: { WIRETRACE_TOKEN: `check:${CHECK}` } });
    if (o === 'help') throw new Error('help');
    expect(o.index.sources).toEqual([planet]);
    expect(() => serveOptions(['--db', 'planet.db', '--sources', 'missing.json'], { stdout: () => {}, stderr: () => {}, cwd: dir, env: { WIRETRACE_TOKEN: `check:${CHECK}` } })).toThrow(/--sources: missing\.json: cannot read it \(ENOENT\)/);
    const text = `Fishing news. ${story} The Planet reported.`;
    for (const sources of [undefined, [planet] as never]) {
      const s = await startServer({ index: { sqlite: file, ...(sources ? { sources } : {}) }, tokens: parseTokens(TOKENS, 'test'), port: await testPort(), workers: 2, checkBodyLimit: 4 << 20 });
      try {
        // six at once, so that both workers answer some
        const shares = await Promise.all(
          Array.from({ length: 6 }, async () => {
            const r = await fetch(`${s.url}/api/check`, { method: 'POST', headers: { authorization: `Bearer ${CHECK}`, 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
            return ((await r.json()) as { uncreditedShare: number }).uncreditedShare;
          }),
        );
        for (const share of shares) {
          if (sources) expect(share).toBe(0);
          else expect(share).toBeGreaterThan(0.5);
        }
      } finally {
        await s.close();
      }
    }
    // a mistake in the entries is refused before listening, not answered with a 400 on every check
    await expect(startServer({ index: { sqlite: file, sources: [{ ...planet, kind: 'blog' }] as never }, tokens: parseTokens(TOKENS, 'test'), port: await testPort(), workers: 1 })).rejects.toThrow(/index\.sources: sources\[0\]\.kind must be one of/);
  });
});

describe('wiretrace serve: shutdown', () => {
  it('finishes a check in flight, then refuses connections and closes the index', async () => {
    const file = join(dir, 'shutdown.db');
    const index = await openCorpusIndex({ sqlite: file });
    await index.add(seedDocs());
    await index.close();
    const s = await startServer({ index: { sqlite: file }, tokens: parseTokens(TOKENS, 'test'), port: await testPort(), workers: 1, checkBodyLimit: 4 << 20 });
    const inFlight = fetch(`${s.url}/api/check`, { method: 'POST', headers: { authorization: `Bearer ${CHECK}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: longDraft(200) }) });
    await untilBusy(s.url);
    await s.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { sources: { id: string }[] }).sources[0]!.id).toBe('003');
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
    // SQLite removes the write-ahead log when the last connection closes cleanly
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('stops on SIGTERM from the command line, exit 0, after the request in flight', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve', '--db', db, '--port', String(await testPort()), '--workers', '1', '--max-draft', String(4 << 20), '-q'], { cwd: ROOT, env: { ...process.env, WIRETRACE_TOKEN: `check:${CHECK}` }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no listening line: ${err}`)), 60_000);
      child.stderr!.on('data', (b: Buffer) => {
        err += b.toString();
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) {
          clearTimeout(t);
          res(m[1]!);
        }
      });
    });
    const exited = new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
    const inFlight = fetch(`${url}/api/check`, { method: 'POST', headers: { authorization: `Bearer ${CHECK}`, 'content-type': 'text/plain' }, body: longDraft(200) });
    await untilBusy(url);
    child.kill('SIGTERM');
    expect((await inFlight).status).toBe(200);
    expect(await exited).toBe(0);
    expect(err).toContain('stopped, index closed');
  });
});

describe('wiretrace serve: the command line', () => {
  const io = () => {
    const out: string[] = [];
    const errs: string[] = [];
    return { out, errs, io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void errs.push(s), cwd: dir, stderrIsTTY: false } };
  };

  it('prints its help', async () => {
    const c = io();
    expect(await runCommand(['help', 'serve'], c.io)).toBe(0);
    expect(c.out.join('')).toContain('--token-file');
  });

  it.each([
    [['--db', 'seeds.db'], /needs access tokens/, {}],
    [[], /give the index/, { WIRETRACE_TOKEN: CHECK }],
    [['--db', 'missing.db'], /missing\.db: no such index/, { WIRETRACE_TOKEN: CHECK }],
    [['--db', 'seeds.db', '--port', '70000'], /--port: expected an integer/, { WIRETRACE_TOKEN: CHECK }],
    [['--db', 'seeds.db', '--token-file', 'nope.txt'], /--token-file nope\.txt: cannot read it/, {}],
    // 6: a host the resolver does not know is the user's mistake (it was an internal error, exit 70)
    [['--db', 'seeds.db', '--workers', '1', '--host', '999.1.1.1'], /^wiretrace: serve: --host 999\.1\.1\.1: no such address or host name \((ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME)\); give an address/, { WIRETRACE_TOKEN: CHECK }],
  ])('refuses %j with one line (exit 2)', async (args, message, env) => {
    const saved = process.env.WIRETRACE_TOKEN;
    delete process.env.WIRETRACE_TOKEN;
    Object.assign(process.env, env);
    try {
      await expect(runCommand(['serve', ...args], io().io)).rejects.toMatchObject({ code: 'E_OPTIONS', message: expect.stringMatching(message) });
    } finally {
      if (saved === undefined) delete process.env.WIRETRACE_TOKEN;
      else process.env.WIRETRACE_TOKEN = saved;
    }
  });

  it('runs from a token file until told to stop', async () => {
    const f = join(dir, 'tokens.txt');
    writeFileSync(f, `# newsroom tokens\n${TOKENS}`);
    const c = io();
    let stop = (): void => undefined;
    const stopSignal = new Promise<void>((r) => (stop = r));
    let url = '';
    let running: Promise<number> = Promise.resolve(-1);
    const port = String(await testPort());
    const listening = new Promise<void>((r) => {
      const ioWithStop = { ...c.io, env: {}, stopSignal, onListening: (u: string) => ((url = u), r()) };
      running = runCommand(['serve', '--db', 'seeds.db', '--token-file', 'tokens.txt', '--port', port, '--workers', '1'], ioWithStop);
    });
    await listening;
    const res = await fetch(`${url}/api/stats`, { headers: { authorization: `Bearer ${CHECK}` } });
    expect(res.status).toBe(200);
    stop();
    expect(await running).toBe(0);
    expect(c.errs.join('')).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+[\s\S]*GET \/api\/stats 200[\s\S]*stopped, index closed/);
  });
});

describe('wiretrace serve: a draft that takes too long', () => {
  it('stops it with 503 after the task timeout and answers the next draft with a new worker', async () => {
    const s = await startServer({ index: { sqlite: db }, tokens: parseTokens(TOKENS, 'test'), port: await testPort(), workers: 1, taskTimeout: 100, checkBodyLimit: 4 << 20 });
    try {
      const post = async (text: string) => fetch(`${s.url}/api/check`, { method: 'POST', headers: { authorization: `Bearer ${CHECK}`, 'content-type': 'text/plain' }, body: text });
      const slow = await post(longDraft(400));
      expect(slow.status).toBe(503);
      expect(((await slow.json()) as { code: string }).code).toBe('E_TIMEOUT');
      // the replacement worker opens the index again; a short draft fits in 100 ms once it has (bounded retries)
      let ok = 0;
      for (let i = 0; i < 50 && ok !== 200; i++) ok = (await post('Kim and Putin have strengthened bilateral relations.')).status;
      expect(ok).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('wiretrace serve: internal errors', () => {
  it('answers 500 with a fixed message, logs the stack on the server, and maps store and queue errors to 503', async () => {
    const { buildApp } = await import('../src/serve/app.js');
    const { TaskFailed } = await import('../src/serve/pool.js');
    const thrown = new Map<string, Error>([
      ['plain', new Error('secret detail\n    at run (/work/src/corpus/sqlite.ts:1:2)')],
      ['store', new TaskFailed('E_STORE', 'wiretrace: CorpusIndex: redis is gone')],
      ['busy', new TaskFailed('E_BUSY', '1000 requests are waiting already')],
    ]);
    let next = 'plain';
    const pool = { run: async () => Promise.reject(thrown.get(next)), load: () => ({ workers: 0, busy: 0, queued: 0 }) };
    const logged: string[] = [];
    const app = buildApp(pool as never, { tokens: parseTokens(`check ${CHECK}`, 't'), maxUncredited: 0.1, checkBodyLimit: 1 << 20, bodyLimit: 1 << 20, version: 'test', log: (l) => logged.push(l), closing: () => false });
    try {
      const ask = async () => app.inject({ method: 'POST', url: '/api/check', headers: { authorization: `Bearer ${CHECK}` }, payload: { text: 'x' } });
      const r = await ask();
      expect(r.statusCode).toBe(500);
      expect(r.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', code: 'E_INTERNAL', message: 'internal error (logged on the server)' });
      expect(r.body).not.toContain('secret');
      expect(logged.join('\n')).toContain('secret detail');
      next = 'store';
      const store = await ask();
      expect(store.statusCode).toBe(503);
      expect(store.body).not.toContain('redis is gone');
      expect(logged.join('\n')).toContain('redis is gone');
      next = 'busy';
      const busy = await ask();
      expect(busy.statusCode).toBe(503);
      expect(busy.json().code).toBe('E_BUSY');
    } finally {
      await app.close();
    }
  });
});

describe('wiretrace serve: harden7 findings', () => {
  it('3: an empty draft is a 400 E_INPUT, never a 200 pass (JSON or plain text)', async () => {
    for (const o of [{ body: { text: '' } }, { body: { text: ' \n\t ' } }, { raw: '     ', type: 'text/plain' }]) {
      const r = await call('POST', '/api/check', { token: CHECK, ...o });
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ code: 'E_INPUT', message: expect.stringMatching(/no words to check/) });
      expect(r.json).not.toHaveProperty('verdict');
    }
  });

  it('12: an unknown field is named', async () => {
    const r = await call('POST', '/api/check', { token: CHECK, body: { text: 'A draft.', maxUncredit: 0.2 } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'E_REQUEST', message: 'body: unknown field "maxUncredit"' });
    const d = await call('POST', '/api/documents', { token: WRITE, body: { id: 'x-typo', text: 'Some text.', titel: 'T' } });
    expect(d.status).toBe(400);
    expect(d.json.message).toBe('body/documents/0: unknown field "titel"');
  });

  it('12: a credit that names no known outlet is accepted with a warning; a known one without', async () => {
    const r = await call('POST', '/api/check', { token: CHECK, body: { text: paragraphOf003(), credits: ['Nobody Times', 'Yonhap'] } });
    expect(r.status).toBe(200);
    expect(r.json.warnings).toEqual(['credits: "Nobody Times": no outlet of that name is known (built in or in the server\'s --sources) or among the draft\'s sources, so it credits nothing']);
    const ok = await call('POST', '/api/check', { token: CHECK, body: { text: paragraphOf003(), credits: ['Yonhap'] } });
    expect(ok.json).not.toHaveProperty('warnings');
  });

  it('12: a publishedAt that is not a date is refused on /api/check, as on documents', async () => {
    const r = await call('POST', '/api/check', { token: CHECK, body: { text: paragraphOf003(), publishedAt: 'yesterday' } });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'E_INPUT', message: expect.stringMatching(/^publishedAt "yesterday" is not an ISO 8601 date/) });
    expect((await call('POST', '/api/check', { token: CHECK, body: { text: paragraphOf003(), publishedAt: '2026-11-24' } })).status).toBe(200);
  });

  it('12: an id holding "/" is read back with %2F (as the README says)', async () => {
    expect((await call('POST', '/api/documents', { token: WRITE, body: { id: 'wire/h7-1', text: 'A wire item about the weather in Seoul.' } })).status).toBe(201);
    expect((await call('GET', '/api/documents/wire%2Fh7-1', { token: CHECK })).json).toMatchObject({ id: 'wire/h7-1' });
    expect((await call('GET', '/api/documents/wire/h7-1', { token: CHECK })).status).toBe(404);
    expect((await call('DELETE', '/api/documents/wire%2Fh7-1', { token: WRITE })).json).toMatchObject({ id: 'wire/h7-1', removed: true });
  });
});

describe('wiretrace serve: new-user walkthrough findings', () => {
  it('2: a check against an index of no documents is refused (409 E_EMPTY_INDEX), never a pass', async () => {
    const file = join(dir, 'empty.db');
    await (await openCorpusIndex({ sqlite: file })).close();
    const s = await startServer({ index: { sqlite: file }, tokens: parseTokens(TOKENS, 'test'), port: await testPort(), workers: 1 });
    try {
      const post = async (path: string, token: string, body: unknown) => {
        const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      const r = await post('/api/check', CHECK, { text: paragraphOf003() });
      expect(r.status).toBe(409);
      expect(r.json).toMatchObject({ code: 'E_EMPTY_INDEX', message: expect.stringMatching(/^the index holds no documents, so there is nothing to check the draft against/) });
      expect(r.json).not.toHaveProperty('verdict');
      expectOneLine(r.json.message);
      // an empty draft is still the request's own mistake
      expect((await post('/api/check', CHECK, { text: ' ' })).status).toBe(400);
      // once the index holds a document, a draft that matches nothing passes
      expect((await post('/api/documents', WRITE, { id: 'w1', text: 'The harbour authority of Valdoria said on Tuesday that the new terminal would open in March.' })).status).toBe(201);
      const clean = await post('/api/check', CHECK, { text: 'Rain is expected in the capital on Thursday, forecasters said.' });
      expect(clean.status).toBe(200);
      expect(clean.json.verdict).toMatchObject({ pass: true });
    } finally {
      await s.close();
    }
  });

  it('3: ids given twice in one batch are refused in the request\'s terms, naming no internal function', async () => {
    const r = await call('POST', '/api/documents', { token: WRITE, body: [{ id: 'x1', text: 'One wire item.' }, { id: 'x1', text: 'Another wire item.' }] });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'E_INPUT', message: 'documents[1] has id "x1", already given as documents[0] (ids must be unique); nothing was added' });
    const two = await call('POST', '/api/documents', { token: WRITE, body: { documents: [{ id: 'd1', text: 'a', publishedAt: 'yesterday' }, { id: 'd2', text: 'b' }, { id: 'd1', text: 'c' }] } });
    expect(two.json.message).toBe('2 problems with the documents: documents[0] ("d1") has publishedAt "yesterday", which is not an ISO 8601 date (e.g. 2026-11-24 or 2026-11-24T09:30:00Z); documents[2] has id "d1", already given as documents[0] (ids must be unique); nothing was added');
    expect((await call('GET', '/api/documents/x1', { token: CHECK })).status).toBe(404);
    // anything else the library refuses is told without its "wiretrace: CorpusIndex.add: " prefix
    const { buildApp } = await import('../src/serve/app.js');
    const { TaskFailed } = await import('../src/serve/pool.js');
    const pool = { run: async () => Promise.reject(new TaskFailed('E_INPUT', 'wiretrace: CorpusIndex.add: document "z" has no text')), load: () => ({ workers: 0, busy: 0, queued: 0 }) };
    const app = buildApp(pool as never, { tokens: parseTokens(`write ${WRITE}`, 't'), maxUncredited: 0.1, checkBodyLimit: 1 << 20, bodyLimit: 1 << 20, version: 'test', log: () => {}, closing: () => false });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/documents', headers: { authorization: `Bearer ${WRITE}` }, payload: { id: 'z', text: 'z' } });
      expect(res.json()).toMatchObject({ statusCode: 400, code: 'E_INPUT', message: 'document "z" has no text' });
    } finally {
      await app.close();
    }
  });

  it('4: a 413 says the limit and the option that sets it', async () => {
    const big = await call('POST', '/api/check', { token: CHECK, body: { text: 'word '.repeat(1_000_000) } });
    expect(big.status).toBe(413);
    expect(big.json.message).toBe('the draft is too large: this server takes at most 4 MiB (4194304 bytes) on POST /api/check (its operator sets the limit with wiretrace serve --max-draft <bytes>)');
    const plain = await call('POST', '/api/check', { token: CHECK, raw: 'word '.repeat(1_000_000), type: 'text/plain' });
    expect(plain.json.message).toBe(big.json.message);
    const docs = await call('POST', '/api/documents', { token: WRITE, body: { id: 'big', text: 'word '.repeat(300_000) } });
    expect(docs.status).toBe(413);
    expect(docs.json.message).toBe('the request is too large: this server takes at most 1 MiB (1048576 bytes) on POST /api/documents; send the documents in smaller batches, or have the limit raised (wiretrace serve --max-body <bytes>)');
  });

  it('5: a document with no words is added with a warning in the answer, naming it (as analyze warns of it)', async () => {
    const one = await call('POST', '/api/documents', { token: WRITE, body: { id: 'x3', text: '' } });
    expect(one.status).toBe(201);
    expect(one.json).toMatchObject({ added: 1, ids: ['x3'], warnings: ['documents[0] ("x3") has no words to match (its text is empty, or only boilerplate or stop words): it was added but can match nothing'] });
    const batch = await call('POST', '/api/documents', { token: WRITE, body: [{ id: 'x4', text: 'The harbour of Valdoria reopened on Monday after the storm.' }, { id: 'x5', text: ' \n — ' }] });
    expect(batch.status).toBe(201);
    expect(batch.json.warnings).toEqual(['documents[1] ("x5") has no words to match (its text is empty, or only boilerplate or stop words): it was added but can match nothing']);
    const fine = await call('POST', '/api/documents', { token: WRITE, body: { id: 'x6', text: 'The harbour of Valdoria reopened on Tuesday after the storm.' } });
    expect(fine.json).not.toHaveProperty('warnings');
    for (const id of ['x3', 'x4', 'x5', 'x6']) expect((await call('DELETE', `/api/documents/${id}`, { token: WRITE })).status).toBe(200);
  });
});
