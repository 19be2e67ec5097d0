import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isDate, type Doc } from '../doc.js';
import { findBoilerplate } from '../text/boilerplate.js';
import { CliError, decode, errCode, jsonlLines, readRegularFile } from './_files.js';

export { CliError, decode, decodeWindows1252, MAX_FILE_BYTES, MAX_LINE_BYTES } from './_files.js';

export const READABLE = ['.txt', '.md', '.markdown', '.json', '.jsonl', '.ndjson', '.html', '.htm'];

/** A readable input file and the id stem of the documents read from it. */
export interface InputFile {
  file: string;
  /** Path that ids are made of ("seeds/000_x" for seeds/000_x.txt), `/`-separated, with the extension. */
  idPath: string;
}

/** Files of a folder, recursively and sorted; loops, dangling links, unreadable folders and non-regular files are skipped with a warning. */
function walkFolder(abs: string, shownRoot: string, warn: (m: string) => void): string[] {
  const found: string[] = [];
  const seenDirs = new Set<string>();
  const shown = (f: string): string => join(shownRoot, relative(abs, f));
  const walk = (dir: string): void => {
    let real: string;
    let names: string[];
    try {
      real = realpathSync(dir);
      names = readdirSync(dir).sort();
    } catch (e) {
      if (dir === abs) throw new CliError(`${shownRoot}: cannot read folder (${errCode(e)})`);
      warn(`${shown(dir)}: cannot read folder (${errCode(e)}), skipped`);
      return;
    }
    if (seenDirs.has(real)) {
      warn(`${shown(dir)}: symbolic link loop (already read as ${real}), skipped`);
      return;
    }
    seenDirs.add(real);
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const f = join(dir, name);
      let st;
      try {
        st = statSync(f);
      } catch (e) {
        const code = errCode(e);
        warn(`${shown(f)}: ${code === 'ENOENT' ? 'dangling symbolic link' : code === 'ELOOP' ? 'symbolic link loop' : `cannot read (${code})`}, skipped`);
        continue;
      }
      if (st.isDirectory()) walk(f);
      else if (!READABLE.includes(extname(name).toLowerCase())) continue;
      else if (!st.isFile()) warn(`${shown(f)}: not a regular file (a pipe, socket or device), skipped`);
      else found.push(f);
    }
  };
  walk(abs);
  return found;
}

/**
 * Expands files and folders (recursively) into readable files, sorted, each with the path its
 * ids are made of: inside a folder, the folder's own name and the path below it
 * (`../nc/seeds` → `seeds/000_x`), for a file its name; with `idBase`, the path relative to
 * idBase. Ids therefore do not depend on the working directory. Errors name the path.
 */
export function expandInputs(paths: readonly string[], cwd: string, warn: (m: string) => void, idBase?: string): InputFile[] {
  if (paths.length === 0) throw new CliError('no input: give files or folders to read');
  const base = idBase === undefined ? undefined : resolve(cwd, idBase);
  const out = new Map<string, InputFile>();
  const idPath = (f: string, root: string): string => {
    if (base !== undefined) {
      const r = relative(base, f);
      if (r.startsWith('..') || isAbsolute(r)) throw new CliError(`${relative(cwd, f) || f}: outside --id-base ${idBase}`);
      return r.split(sep).join('/');
    }
    return relative(dirname(root), f).split(sep).join('/');
  };
  for (const p of paths) {
    if (p === '-') throw new CliError('-: reading from standard input is not supported; save the text to a file (draft.txt) and give its name');
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      const code = errCode(e);
      throw new CliError(code === 'ELOOP' ? `${p}: symbolic link loop` : code === 'ENOENT' ? `${p}: no such file or folder` : `${p}: cannot read (${code})`);
    }
    if (st.isDirectory()) {
      const found = walkFolder(abs, p, warn);
      if (found.length === 0) throw new CliError(`${p}: folder has no supported files (${READABLE.join(' ')})`);
      for (const f of found) if (!out.has(f)) out.set(f, { file: f, idPath: idPath(f, abs) });
    } else {
      if (!READABLE.includes(extname(abs).toLowerCase())) throw new CliError(`${p}: unsupported file type (expected one of ${READABLE.join(' ')})`);
      if (!st.isFile()) throw new CliError(`${p}: not a regular file (a pipe, socket or device)`);
      if (!out.has(abs)) out.set(abs, { file: abs, idPath: idPath(abs, abs) });
    }
  }
  return [...out.values()];
}

/** Expands files and folders into readable files (see expandInputs). */
export function expandPaths(paths: readonly string[], cwd: string, warn: (m: string) => void = () => {}): string[] {
  return expandInputs(paths, cwd, warn).map((i) => i.file);
}

const META_KEYS = ['title', 'url', 'outlet', 'publishedAt', 'kind'] as const;

function pickMeta(o: Record<string, unknown>, doc: Doc, where: string): void {
  for (const k of META_KEYS) {
    const v = o[k] ?? (k === 'publishedAt' ? (o.date ?? o.published ?? o.published_at) : undefined);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && !(v instanceof Date)) throw new CliError(`${where}: "${k}" must be a string`);
    const s = v instanceof Date ? v.toISOString() : v;
    if (k === 'kind' && s !== 'wire' && s !== 'article' && s !== 'official') throw new CliError(`${where}: "kind" must be "wire", "article" or "official" (got "${s}")`);
    if (k === 'publishedAt' && !isDate(s)) throw new CliError(`${where}: "${k}" is not a date: "${s}"`);
    (doc as unknown as Record<string, string>)[k] = s;
  }
}

/** The fields a document object may have (text under one of its names, the date under several). */
const DOC_FIELDS = new Set(['id', 'text', 'body', 'content', ...META_KEYS, 'date', 'published', 'published_at']);

/**
 * Warns once per file of a field no document has (a misspelt "titel" would otherwise be dropped
 * without a word); `seen` holds the fields already reported for the file.
 */
function unknownFields(o: unknown, where: string, seen: Set<string>, warn: (m: string) => void): void {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return;
  for (const k of Object.keys(o)) {
    if (DOC_FIELDS.has(k) || seen.has(k)) continue;
    seen.add(k);
    warn(`${where}: unknown field ${JSON.stringify(k)} ignored (a document has ${[...DOC_FIELDS].join(', ')}); said once per file`);
  }
}

function fromObject(o: unknown, fallbackId: string, where: string): Doc {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new CliError(`${where}: expected an object with "text"`);
  const r = o as Record<string, unknown>;
  const text = r.text ?? r.body ?? r.content;
  if (typeof text !== 'string') throw new CliError(`${where}: no "text" string`);
  if (r.id !== undefined && typeof r.id !== 'string' && !(typeof r.id === 'number' && Number.isFinite(r.id))) {
    throw new CliError(`${where}: "id" must be a string or a number (got ${r.id === null ? 'null' : Array.isArray(r.id) ? 'an array' : typeof r.id})`);
  }
  const id = r.id === undefined ? fallbackId : String(r.id);
  if (id.length === 0) throw new CliError(`${where}: "id" is empty`);
  const doc: Doc = { id, text };
  pickMeta(r, doc, where);
  return doc;
}

/** Front matter: simple `key: value` lines between --- fences. */
function frontMatter(text: string): { meta: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta = Object.create(null) as Record<string, string>;
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (kv) meta[kv[1]!] = kv[2]!.trim().replace(/^(["'])(.*)\1$/, '$2');
  }
  return { meta, body: text.slice(m[0].length) };
}

const ENTITIES = new Map<string, string>(Object.entries({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©' }));

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : all;
    }
    return ENTITIES.get(e.toLowerCase()) ?? all;
  });
}

// The HTML readers below scan with indexOf and sticky searches, never with a regex that can
// rescan the rest of the page from every "<": 280 KB of unclosed "<meta a" took 78 s before.

/** Attributes of a tag's inside (`name="x" content='y' z=w`), lower-case names; first wins. */
function tagAttributes(inside: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s"'<>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (let m = re.exec(inside); m; m = re.exec(inside)) {
    const k = m[1]!.toLowerCase();
    if (!attrs.has(k)) attrs.set(k, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** The content of the first `<meta property|name="…">` per name, from every complete <meta> tag. */
function metaTags(html: string): Map<string, string> {
  const out = new Map<string, string>();
  const open = /<meta\b/gi;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const close = html.indexOf('>', m.index + 5);
    if (close < 0) break; // no tag closes after this one: no later one does either
    const attrs = tagAttributes(html.slice(m.index + 5, close));
    const name = (attrs.get('property') ?? attrs.get('name'))?.toLowerCase();
    const content = attrs.get('content');
    if (name && content !== undefined && !out.has(name)) out.set(name, content);
    open.lastIndex = close + 1;
  }
  return out;
}

/** Cuts `<name …>…</name>` elements (case-insensitive); an unclosed one is cut to the end when `toEnd`, else left. */
function cutElements(html: string, names: readonly string[], toEnd: (name: string) => boolean): string {
  const open = new RegExp(`<(${names.join('|')})\\b`, 'gi');
  const unclosed = new Set<string>();
  let out = '';
  let from = 0;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const name = m[1]!.toLowerCase();
    if (unclosed.has(name)) continue;
    const close = new RegExp(`</${name}\\s*>`, 'gi');
    close.lastIndex = m.index + m[0].length;
    const c = close.exec(html);
    if (!c) {
      unclosed.add(name);
      if (toEnd(name)) {
        out += `${html.slice(from, m.index)} `;
        return out;
      }
      continue;
    }
    out += `${html.slice(from, m.index)} `;
    from = close.lastIndex;
    open.lastIndex = from;
  }
  return out + html.slice(from);
}

/** `<!-- … -->` removed; from an unclosed one on, the text is left as it is (as before). */
function cutComments(html: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const o = html.indexOf('<!--', from);
    if (o < 0) break;
    const c = html.indexOf('-->', o + 4);
    if (c < 0) break;
    out += html.slice(from, o);
    from = c + 3;
  }
  return out + html.slice(from);
}

/** The first `<name …>…</name>` element, when the first opening tag is closed. */
function firstElement(html: string, name: string): string | undefined {
  const open = new RegExp(`<${name}\\b`, 'i').exec(html);
  if (!open) return undefined;
  const close = new RegExp(`</${name}>`, 'gi');
  close.lastIndex = open.index;
  const c = close.exec(html);
  return c ? html.slice(open.index, close.lastIndex) : undefined;
}

/** Every `<…>` tag replaced by a space; linear (the regex /<[^>]+>/g is quadratic without a closing ">"). */
function stripTags(html: string): string {
  let out = '';
  let from = 0;
  let at = html.indexOf('<');
  while (at >= 0) {
    const c = html.indexOf('>', at + 1);
    if (c < 0) break;
    if (c === at + 1) {
      at = html.indexOf('<', at + 1);
      continue;
    }
    out += `${html.slice(from, at)} `;
    from = c + 1;
    at = html.indexOf('<', from);
  }
  return out + html.slice(from);
}

function titleOf(html: string): string | undefined {
  const open = /<title\b/i.exec(html);
  if (!open) return undefined;
  const gt = html.indexOf('>', open.index);
  if (gt < 0) return undefined;
  const close = /<\/title>/gi;
  close.lastIndex = gt + 1;
  const c = close.exec(html);
  return c ? html.slice(gt + 1, c.index) : undefined;
}

const FURNITURE = ['script', 'style', 'noscript', 'template', 'svg', 'nav', 'header', 'footer', 'aside', 'form', 'iframe', 'button'];

/** Main text of an HTML page: <article> or <main> if present, else <body>; scripts, navigation and furniture dropped. */
export function htmlToDoc(html: string, id: string): Doc {
  const metas = metaTags(html);
  const meta = (name: string): string | undefined => {
    const c = metas.get(name);
    return c ? decodeEntities(c).trim() || undefined : undefined;
  };
  const rawTitle = titleOf(html);
  const title = meta('og:title') ?? (rawTitle ? decodeEntities(rawTitle).trim() || undefined : undefined);
  let body = cutComments(html);
  // an unclosed script or style swallows the rest of the page, as in a browser
  body = cutElements(body, FURNITURE, (name) => name === 'script' || name === 'style');
  const main = firstElement(body, 'article') ?? firstElement(body, 'main') ?? firstElement(body, 'body') ?? body;
  const text = decodeEntities(
    stripTags(
      main
        .replace(/<br\s*\/?>/gi, '\n')
        .replace(/<\/(p|div|h[1-6]|li|blockquote|section|tr|figcaption)>/gi, '\n\n'),
    ),
  )
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const doc: Doc = { id, text };
  if (title) doc.title = title;
  const site = meta('og:site_name');
  if (site) doc.outlet = site;
  const date = meta('article:published_time') ?? meta('date');
  if (date && isDate(date)) doc.publishedAt = date;
  const url = meta('og:url');
  if (url) doc.url = url;
  return doc;
}

type Found = [doc: Doc, where: string];

/** The documents of one JSON Lines file, a line at a time. */
function* jsonlDocs(f: string, shown: string, stem: string, warn: (m: string) => void): Generator<Found> {
  let i = 0;
  let count = 0;
  const seen = new Set<string>();
  for (const line of jsonlLines(f, shown, warn)) {
    i++;
    if (line.trim() === '') continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch (e) {
      throw new CliError(`${shown}:${i}: bad JSON line (${(e as Error).message})`);
    }
    const doc = fromObject(o, `${stem}#${i}`, `${shown}:${i}`);
    // only a document's fields: an object that is none is refused above
    unknownFields(o, `${shown}:${i}`, seen, warn);
    yield [doc, `${shown}:${i}`];
    count++;
  }
  if (count === 0) throw new CliError(`${shown}: no documents (empty file)`);
}

function jsonDocs(text: string, shown: string, stem: string, warn: (m: string) => void): Found[] {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${shown}: bad JSON (${(e as Error).message})`);
  }
  const wrapped = [o];
  const list = Array.isArray(o) ? o : (o as { documents?: unknown })?.documents && Array.isArray((o as { documents: unknown[] }).documents) ? (o as { documents: unknown[] }).documents : wrapped;
  const seen = new Set<string>();
  return list.map((x, i) => {
    // an element of an array is named by its index, even in an array of one
    const where = `${shown}${list !== wrapped ? `[${i}]` : ''}`;
    const doc = fromObject(x, list.length === 1 ? stem : `${stem}#${i + 1}`, where);
    unknownFields(x, where, seen, warn);
    return [doc, shown];
  });
}

/** The longest line taken as a headline when a file gives no title (a paragraph is not one). */
const MAX_DERIVED_TITLE = 150;

/** A text or Markdown file: front matter, else the first line that reads like a headline as the title. */
function textDoc(text: string, ext: string, shown: string, stem: string): Doc {
  const md = ext === '.md' || ext === '.markdown';
  const { meta, body } = md ? frontMatter(text) : { meta: {}, body: text };
  // a front matter that is opened and never closed would be read as the story, its first key as the title
  if (md && body === text && /^---\r?\n/.test(text) && !/^---\r?\n---(\r?\n|$)/.test(text)) throw new CliError(`${shown}: the front matter opened by --- on line 1 is never closed (end it with a line ---)`);
  const doc: Doc = { id: meta.id ?? stem, text: body };
  pickMeta(meta, doc, shown);
  if (doc.title) return doc;
  // the first line that is not page furniture ("Connect with us", "News") and reads like a headline
  const furniture = findBoilerplate(body);
  // a headline is short and has text after it: a one-line file, or a long line, is the story itself
  const lines = body.split('\n');
  if (lines.filter((l) => l.trim().length > 0).length < 2) return doc;
  let at = 0;
  for (const raw of lines) {
    const line = raw.replace(/^#+\s*/, '').trim();
    const start = at + raw.indexOf(line.charAt(0));
    at += raw.length + 1;
    if (line.length === 0 || line.split(/\s+/).length < 3) continue;
    if (furniture.some((f) => f.start <= start && f.end >= start + 1)) continue;
    // the story starts with a paragraph: no headline, and none further down
    if (line.length > MAX_DERIVED_TITLE) break;
    doc.title = line;
    break;
  }
  return doc;
}

/** The documents of one file, with where each was found. */
function* fileDocs(input: string | InputFile, base: string, warn: (m: string) => void): Generator<Found> {
  const f = typeof input === 'string' ? input : input.file;
  const shown = relative(base, f) || basename(f);
  const stem = (typeof input === 'string' ? shown : input.idPath).replace(/\.[^./\\]+$/, '').split('\\').join('/');
  const ext = extname(f).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') {
    yield* jsonlDocs(f, shown, stem, warn);
    return;
  }
  const text = decode(readRegularFile(f, shown), shown, warn);
  if (ext === '.json') yield* jsonDocs(text, shown, stem, warn);
  else if (ext === '.html' || ext === '.htm') yield [htmlToDoc(text, stem), shown];
  else yield [textDoc(text, ext, shown, stem), shown];
}

/**
 * The documents of the given files, read lazily: one file at a time, a JSON Lines file one
 * line at a time, so that a caller that consumes them in batches holds one batch. Ids: for an
 * `InputFile`, its idPath without the extension; for a plain path, the path relative to
 * `base`, without the extension. A duplicate id is refused (the ids seen are kept, not the texts).
 */
export function* iterateDocs(files: readonly (string | InputFile)[], base: string, warn: (m: string) => void): Generator<Doc> {
  const seen = new Map<string, string>();
  for (const input of files) {
    for (const [d, where] of fileDocs(input, base, warn)) {
      const prev = seen.get(d.id);
      if (prev) throw new CliError(`${where}: duplicate document id "${d.id}" (also in ${prev})`);
      seen.set(d.id, where);
      yield d;
    }
  }
}

/** Reads every document from the given files (see iterateDocs). */
export function readDocs(files: readonly (string | InputFile)[], base: string, warn: (m: string) => void): Doc[] {
  return [...iterateDocs(files, base, warn)];
}
