/**
 * Access tokens. Two kinds: `check` (read-only: check drafts, read documents and stats) and
 * `write` (also adds and removes documents: the wire feed). Tokens are kept as SHA-256
 * digests and compared by digest, so neither their text nor the time a comparison takes
 * says anything about a token that was not given.
 */
import { createHash } from 'node:crypto';
import { WiretraceError } from '../errors.js';

export type TokenKind = 'check' | 'write';

/** Digest → kind. */
export type Tokens = Map<string, TokenKind>;

const MIN_LENGTH = 16;

export function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Reads token entries: one per line (or separated by commas), `check <token>`, `write <token>`
 * or `kind:token`; a bare token is a `check` token; `#` starts a comment. Every problem is
 * reported at once, naming the line but never the token.
 */
export function parseTokens(text: string, source: string, into: Tokens = new Map()): Tokens {
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    for (const entry of raw.replace(/#.*$/, '').split(',')) {
      const e = entry.trim();
      if (e === '') continue;
      const m = /^(check|write)(?:\s*:\s*|\s+)(\S+)$/i.exec(e) ?? /^()(\S+)$/.exec(e);
      if (!m) {
        problems.push(`${source} line ${i + 1}: expected "check <token>" or "write <token>"`);
        continue;
      }
      const kind = (m[1]!.toLowerCase() || 'check') as TokenKind;
      if (m[2]!.length < MIN_LENGTH) problems.push(`${source} line ${i + 1}: a token must have at least ${MIN_LENGTH} characters (openssl rand -hex 24 makes a good one)`);
      else into.set(digest(m[2]!), kind);
    }
  });
  if (problems.length > 0) throw new WiretraceError('E_OPTIONS', 'serve', problems.length === 1 ? problems[0]! : `${problems.length} problems with the tokens`, problems);
  return into;
}

/** What a request may do with the `Authorization` header it sent: 401 (no or unknown token), 403 (wrong kind) or allowed. */
export function authorise(tokens: Tokens, header: string | undefined, need: TokenKind): 200 | 401 | 403 {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return 401;
  const kind = tokens.get(digest(m[1]!));
  if (!kind) return 401;
  return need === 'write' && kind !== 'write' ? 403 : 200;
}
