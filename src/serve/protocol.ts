/**
 * Messages between the server and its index workers. Every index operation runs in a worker
 * (each opens the index itself), so the event loop only parses, authorises and answers.
 */
import type { SourceEntry } from '../attribution/gazetteer.js';
import type { Doc } from '../doc.js';

/** How a worker opens the index: the same options the CLI's `check --db/--redis` uses. */
export interface IndexTarget {
  sqlite?: string;
  redis?: string;
  prefix?: string;
  /** Outlets beyond the built-in gazetteer that drafts' credits are read with (checkDraft's `sources`). */
  sources?: SourceEntry[];
}

export type Task =
  | { op: 'check'; draft: Doc; limit?: number; credits?: string[] }
  | { op: 'add'; docs: Doc[]; skipExisting: boolean }
  | { op: 'remove'; id: string }
  | { op: 'get'; id: string }
  | { op: 'stats' };

/** What `add` answers: the ids added, those already indexed (refused, or skipped), and those added that hold no words. */
export interface AddResult {
  added: string[];
  existing: string[];
  /** Added, but with no word the index can match (empty text, or only boilerplate or stop words). */
  empty: string[];
  size: number;
}

/** An error as it crosses the thread boundary: a WiretraceError's code, or internal. */
export interface TaskError {
  code: string;
  message: string;
}

export type ToWorker = { id: number; task: Task } | { close: true };

export type FromWorker =
  | { ready: true }
  | { fatal: TaskError }
  | { id: number; ok: unknown }
  | { id: number; err: TaskError }
  | { closed: true };

/** A refusal of the service's own (not the library's), with the code the server answers by. */
export class ServiceRefusal extends Error {
  constructor(readonly code: 'E_EMPTY_INDEX', message: string) {
    super(message);
    this.name = 'ServiceRefusal';
  }
}

/** Turns anything thrown into a TaskError (a WiretraceError or a ServiceRefusal keeps its code; others are internal). */
export function toTaskError(e: unknown): TaskError {
  const name = (e as { name?: string } | null)?.name;
  const code = name === 'WiretraceError' || name === 'ServiceRefusal' ? String((e as { code: string }).code) : 'E_INTERNAL';
  return { code, message: e instanceof Error ? e.message : String(e) };
}
