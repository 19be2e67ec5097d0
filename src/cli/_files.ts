import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

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

/**
 * Largest input file read (256 MiB): past it the file is refused with a clear error instead of
 * exhausting memory. Only regular files are read: a FIFO or a device (/dev/zero) named `.txt`
 * in a folder is skipped with a warning, and refused when named on the command line.
 */
export const MAX_FILE_BYTES = 256 * 2 ** 20;

export function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
}

/** Longest line of a JSON Lines file (256 MiB, as a whole file of another kind). */
export const MAX_LINE_BYTES = MAX_FILE_BYTES;
const CHUNK_BYTES = 1 << 20;

/** Opens a regular file for reading, refusing a FIFO, socket or device; returns its descriptor and size. */
function openRegular(f: string, shown: string): { fd: number; size: number } {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it
    fd = openSync(f, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile()) throw new CliError(`${shown}: not a regular file (a pipe, socket or device)`);
    return { fd, size: st.size };
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    if (e instanceof CliError) throw e;
    throw new CliError(`${shown}: cannot read (${errCode(e)})`);
  }
}

/** Reads one regular file, refusing anything else and anything over MAX_FILE_BYTES. */
export function readRegularFile(f: string, shown: string): Buffer {
  const { fd, size } = openRegular(f, shown);
  try {
    if (size > MAX_FILE_BYTES) throw new CliError(`${shown}: file too large (${(size / 2 ** 20).toFixed(0)} MiB; wiretrace reads files of up to ${MAX_FILE_BYTES / 2 ** 20} MiB: split it)`);
    return readFileSync(fd);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${shown}: cannot read (${errCode(e)})`);
  } finally {
    closeSync(fd);
  }
}

/** Lines of a file as bytes, read a megabyte at a time: memory holds one chunk and one line, whatever the file's size. */
function* byteLines(fd: number, shown: string): Generator<Buffer> {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry: Buffer[] = [];
  let carried = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, CHUNK_BYTES, null);
    } catch (e) {
      throw new CliError(`${shown}: cannot read (${errCode(e)})`);
    }
    if (n === 0) break;
    const data = buf.subarray(0, n);
    let from = 0;
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, from)) {
      const piece = data.subarray(from, nl);
      yield carried > 0 ? Buffer.concat([...carry, piece]) : piece;
      carry = [];
      carried = 0;
      from = nl + 1;
    }
    if (from < n) {
      // the buffer is reused by the next read: keep a copy of the unfinished line
      carry.push(Buffer.from(data.subarray(from)));
      carried += n - from;
      if (carried > MAX_LINE_BYTES) throw new CliError(`${shown}: a line longer than ${MAX_LINE_BYTES / 2 ** 20} MiB (is it JSON Lines?)`);
    }
  }
  if (carried > 0) yield Buffer.concat(carry);
}

/**
 * Lines of a JSON Lines file, streamed: one line in memory at a time, so a file of any size
 * can be read. Decoded as UTF-8, else (from the first line that is not) as Windows-1252 with a
 * warning; a file that starts with a UTF-16 byte-order mark is read whole, as other files are.
 */
export function* jsonlLines(f: string, shown: string, warn: (m: string) => void): Generator<string> {
  const { fd } = openRegular(f, shown);
  try {
    const head = Buffer.alloc(3);
    const got = readSync(fd, head, 0, 3, 0);
    if (got >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
      yield* decode(readRegularFile(f, shown), shown, warn).split('\n');
      return;
    }
    // skip a UTF-8 byte-order mark (this read moves the file position; the one above did not)
    if (got === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) readSync(fd, head, 0, 3, null);
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    let cp1252 = false;
    for (const line of byteLines(fd, shown)) {
      if (!cp1252) {
        try {
          yield utf8.decode(line);
          continue;
        } catch {
          if (line.includes(0)) throw new CliError(`${shown}: unreadable encoding (binary data, not text)`);
          warn(`${shown}: not valid UTF-8, read as Windows-1252`);
          cp1252 = true;
        }
      }
      yield decodeWindows1252(line);
    }
  } finally {
    closeSync(fd);
  }
}
