import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import type { Doc } from '../doc.js';
import { findBoilerplate } from '../text/boilerplate.js';

/** A user mistake: printed as one line, with a non-zero exit, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const READABLE = ['.txt', '.md', '.markdown', '.json', '.jsonl', '.ndjson', '.html', '.htm'];

/** Decodes bytes as UTF-8, falling back to Windows-1252 (common for older newsroom files); never drops characters silently. */
export function decode(buf: Buffer, file: string, warn: (m: string) => void): string {
  let b = buf;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    if (b.includes(0)) throw new CliError(`${file}: unreadable encoding (binary data, not text)`);
    warn(`${file}: not valid UTF-8, read as Windows-1252`);
    return decodeWindows1252(b);
  }
}

// Windows-1252's 0x80–0x9F (the WHATWG table; 0 = unassigned, kept as the C1 control).
// Node's TextDecoder('windows-1252') decodes Latin-1 instead and turns “ ” – into controls.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

export function decodeWindows1252(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 8192) {
    const chunk = b.subarray(i, i + 8192);
    const codes = new Array<number>(chunk.length);
    for (let k = 0; k < chunk.length; k++) {
      const c = chunk[k]!;
      codes[k] = c >= 0x80 && c <= 0x9f ? CP1252_HIGH[c - 0x80]! || c : c;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** Expands files and folders (recursively) into readable files, sorted; errors name the path. */
export function expandPaths(paths: readonly string[], cwd: string): string[] {
  if (paths.length === 0) throw new CliError('no input: give files or folders to read');
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new CliError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      const found: string[] = [];
      const walk = (dir: string): void => {
        for (const name of readdirSync(dir).sort()) {
          if (name.startsWith('.') || name === 'node_modules') continue;
          const f = join(dir, name);
          const s = statSync(f);
          if (s.isDirectory()) walk(f);
          else if (READABLE.includes(extname(name).toLowerCase())) found.push(f);
        }
      };
      walk(abs);
      if (found.length === 0) throw new CliError(`${p}: folder has no readable files (${READABLE.join(' ')})`);
      out.push(...found);
    } else {
      if (!READABLE.includes(extname(abs).toLowerCase())) throw new CliError(`${p}: unsupported file type (expected one of ${READABLE.join(' ')})`);
      out.push(abs);
    }
  }
  return [...new Set(out)];
}

const META_KEYS = ['title', 'url', 'outlet', 'publishedAt', 'kind'] as const;

function pickMeta(o: Record<string, unknown>, doc: Doc, where: string): void {
  for (const k of META_KEYS) {
    const v = o[k] ?? (k === 'publishedAt' ? (o.date ?? o.published ?? o.published_at) : undefined);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && !(v instanceof Date)) throw new CliError(`${where}: "${k}" must be a string`);
    const s = v instanceof Date ? v.toISOString() : v;
    if (k === 'kind' && s !== 'wire' && s !== 'article') throw new CliError(`${where}: "kind" must be "wire" or "article" (got "${s}")`);
    if (k === 'publishedAt' && Number.isNaN(Date.parse(s))) throw new CliError(`${where}: "${k}" is not a date: "${s}"`);
    (doc as unknown as Record<string, string>)[k] = s;
  }
}

function fromObject(o: unknown, fallbackId: string, where: string): Doc {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new CliError(`${where}: expected an object with "text"`);
  const r = o as Record<string, unknown>;
  const text = r.text ?? r.body ?? r.content;
  if (typeof text !== 'string') throw new CliError(`${where}: no "text" string`);
  const id = r.id === undefined ? fallbackId : String(r.id);
  const doc: Doc = { id, text };
  pickMeta(r, doc, where);
  return doc;
}

/** Front matter: simple `key: value` lines between --- fences. */
function frontMatter(text: string): { meta: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta: Record<string, string> = {};
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (kv) meta[kv[1]!] = kv[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return { meta, body: text.slice(m[0].length) };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** Main text of an HTML page: <article> or <main> if present, else <body>; scripts, navigation and furniture dropped. */
export function htmlToDoc(html: string, id: string): Doc {
  const meta = (name: string): string | undefined => {
    const re = new RegExp(`<meta[^>]+(?:property|name)=["']${name}["'][^>]*>`, 'i');
    const tag = re.exec(html)?.[0];
    const c = tag && /content=["']([^"']*)["']/i.exec(tag)?.[1];
    return c ? decodeEntities(c).trim() : undefined;
  };
  const title = meta('og:title') ?? (/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ? decodeEntities(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)![1]!).trim() : undefined);
  let body = html.replace(/<!--[\s\S]*?-->/g, '');
  body = body.replace(/<(script|style|noscript|template|svg|nav|header|footer|aside|form|iframe|button)\b[\s\S]*?<\/\1>/gi, ' ');
  const main = /<article\b[\s\S]*?<\/article>/i.exec(body)?.[0] ?? /<main\b[\s\S]*?<\/main>/i.exec(body)?.[0] ?? /<body\b[\s\S]*?<\/body>/i.exec(body)?.[0] ?? body;
  const text = decodeEntities(
    main
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|h[1-6]|li|blockquote|section|tr|figcaption)>/gi, '\n\n')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const doc: Doc = { id, text };
  if (title) doc.title = title;
  const site = meta('og:site_name');
  if (site) doc.outlet = site;
  const date = meta('article:published_time') ?? meta('date');
  if (date && !Number.isNaN(Date.parse(date))) doc.publishedAt = date;
  const url = meta('og:url');
  if (url) doc.url = url;
  return doc;
}

/** Reads every document from the given files (ids: path relative to the base, without extension). */
export function readDocs(files: readonly string[], base: string, warn: (m: string) => void): Doc[] {
  const docs: Doc[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const shown = relative(base, f) || basename(f);
    const stem = shown.replace(/\.[^./\\]+$/, '').split('\\').join('/');
    const ext = extname(f).toLowerCase();
    let raw: Buffer;
    try {
      raw = readFileSync(f);
    } catch (e) {
      throw new CliError(`${shown}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const text = decode(raw, shown, warn);
    const add = (d: Doc, where: string): void => {
      const prev = seen.get(d.id);
      if (prev) throw new CliError(`${where}: duplicate document id "${d.id}" (also in ${prev})`);
      seen.set(d.id, where);
      docs.push(d);
    };
    if (ext === '.jsonl' || ext === '.ndjson') {
      const lines = text.split(/\r?\n/);
      let count = 0;
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        let o: unknown;
        try {
          o = JSON.parse(line);
        } catch (e) {
          throw new CliError(`${shown}:${i + 1}: bad JSON line (${(e as Error).message})`);
        }
        add(fromObject(o, `${stem}#${i + 1}`, `${shown}:${i + 1}`), `${shown}:${i + 1}`);
        count++;
      });
      if (count === 0) throw new CliError(`${shown}: no documents (empty file)`);
    } else if (ext === '.json') {
      let o: unknown;
      try {
        o = JSON.parse(text);
      } catch (e) {
        throw new CliError(`${shown}: bad JSON (${(e as Error).message})`);
      }
      const list = Array.isArray(o) ? o : (o as { documents?: unknown })?.documents && Array.isArray((o as { documents: unknown[] }).documents) ? (o as { documents: unknown[] }).documents : [o];
      list.forEach((x, i) => add(fromObject(x, list.length === 1 ? stem : `${stem}#${i + 1}`, `${shown}${list.length > 1 ? `[${i}]` : ''}`), shown));
    } else if (ext === '.html' || ext === '.htm') {
      add(htmlToDoc(text, stem), shown);
    } else {
      const { meta, body } = ext === '.md' || ext === '.markdown' ? frontMatter(text) : { meta: {}, body: text };
      const doc: Doc = { id: meta.id ?? stem, text: body };
      pickMeta(meta, doc, shown);
      if (!doc.title) {
        // the first line that is not page furniture ("Connect with us", "News") and reads like a headline
        const furniture = findBoilerplate(body);
        let at = 0;
        for (const raw of body.split('\n')) {
          const line = raw.replace(/^#+\s*/, '').trim();
          const start = at + raw.indexOf(line.charAt(0));
          at += raw.length + 1;
          if (line.length === 0 || line.split(/\s+/).length < 3 || line.length > 200) continue;
          if (furniture.some((f) => f.start <= start && f.end >= start + 1)) continue;
          doc.title = line;
          break;
        }
      }
      add(doc, shown);
    }
  }
  return docs;
}
