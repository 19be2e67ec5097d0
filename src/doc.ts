import { WiretraceError } from './errors.js';

/** A document: an article, a wire item or a draft. */
export interface Doc {
  /** Unique within a corpus. */
  id: string;
  /** The full text, exactly as published (offsets refer to it). */
  text: string;
  title?: string;
  url?: string;
  /** Publisher, ideally a gazetteer name or id ("Yonhap", "reuters"). */
  outlet?: string;
  /** ISO 8601 date or date-time. */
  publishedAt?: string;
  /**
   * `wire` items are treated as sources when the direction of reuse is decided; `official` is a
   * speaker's own text (a government release, a state agency's statement): documents that share
   * its wording quote it, they do not reuse it.
   */
  kind?: 'wire' | 'article' | 'official';
}

/**
 * Whether a string is a date wiretrace can order by: `Date.parse` reads it and it names a
 * four-digit year ("2024-02-20", "2024-02-20T08:00:00Z", "Tue, 20 Feb 2024 08:00:00 GMT").
 * `Date.parse` alone takes "1" or "12" for a year.
 */
export function isDate(s: unknown): s is string {
  return typeof s === 'string' && /(?:^|\D)\d{4}(?:\D|$)/.test(s) && !Number.isNaN(parseDate(s));
}

/** A zone at the end of a date string: "Z", "+09:00", "-0500", "GMT", "UTC+1", "EST". */
const ZONE = /(?:[zZ]|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT|UT)\b.*|\b[A-Z]{2,4}T)\s*$/;
/**
 * Characters at the end of a date string ZONE is tried on. ZONE's "GMT …" branch takes what
 * follows the zone ("GMT+0000 (Coordinated Universal Time)"), and tried at every "UTC" of a long
 * hostile string it would read the rest of it each time; a real date's zone is within this reach.
 */
const ZONE_REACH = 64;

/**
 * Milliseconds since the epoch of a date string, NaN when unreadable. A date or time without a
 * zone is read as UTC ("2024-03-01T20:00", "March 3, 1987 10:00"): `Date.parse` would read it in
 * the host's time zone, and the order of two documents, or whether they are a day apart, must not
 * depend on where wiretrace runs.
 */
export function parseDate(s: string): number {
  if (!ZONE.test(s.trim().slice(-ZONE_REACH))) {
    const t = Date.parse(/^\s*\d{4}-\d{2}-\d{2}T/.test(s) ? `${s.trim()}Z` : `${s} UTC`);
    if (!Number.isNaN(t)) return t;
  }
  return Date.parse(s);
}

/**
 * Checks a batch of documents and reports every problem at once, naming each document.
 * Empty texts are allowed (they simply match nothing); duplicate ids are not, because
 * results keyed by id would silently lose one of them.
 */
export function validateDocs(docs: readonly Doc[], where: string): void {
  if (!Array.isArray(docs)) throw new WiretraceError('E_INPUT', where, `docs must be an array of { id, text } (got ${typeof docs})`);
  const problems: string[] = [];
  const seen = new Map<string, number>();
  docs.forEach((d, i) => {
    if (d === null || typeof d !== 'object') {
      problems.push(`document #${i} is not an object`);
      return;
    }
    const name = typeof d.id === 'string' && d.id.length > 0 ? `"${d.id}"` : `#${i}`;
    if (typeof d.id !== 'string' || d.id.length === 0) problems.push(`document #${i} has no id (a non-empty string)`);
    else if (seen.has(d.id)) problems.push(`document ${name} appears twice (#${seen.get(d.id)} and #${i}): ids must be unique`);
    else seen.set(d.id, i);
    if (typeof d.text !== 'string') problems.push(`document ${name} has no text (got ${d.text === undefined ? 'undefined' : typeof d.text})`);
    if (d.publishedAt !== undefined && !isDate(d.publishedAt)) {
      problems.push(`document ${name} has publishedAt ${JSON.stringify(d.publishedAt)}, which is not an ISO 8601 date`);
    }
    for (const field of ['title', 'outlet', 'url'] as const) {
      const v = (d as unknown as Record<string, unknown>)[field];
      if (v !== undefined && typeof v !== 'string') problems.push(`document ${name} has ${field} ${JSON.stringify(v) ?? typeof v} (expected a string)`);
    }
    if (d.kind !== undefined && d.kind !== 'wire' && d.kind !== 'article' && d.kind !== 'official') problems.push(`document ${name} has kind ${JSON.stringify(d.kind)} (expected "wire", "article" or "official")`);
  });
  if (problems.length > 0) {
    throw new WiretraceError('E_INPUT', where, problems.length === 1 ? problems[0]! : `${problems.length} problems with the documents`, problems);
  }
}

/** Source rank of a document: official text (2), then wire copy (1), then the rest (0). */
export function sourceRank(d: Pick<Doc, 'kind'>): number {
  return d.kind === 'official' ? 2 : d.kind === 'wire' ? 1 : 0;
}
