/**
 * One error class for everything wiretrace throws on purpose. `code` is stable and
 * meant for programs; `message` is for people and always starts with `wiretrace:` and
 * the function that refused.
 */
export type WiretraceErrorCode =
  | 'E_INPUT' // a document or argument is not usable (names the document)
  | 'E_OPTIONS' // an option is out of range or of the wrong type (lists every problem)
  | 'E_PARAMS' // two sketches/indexes were made with different parameters
  | 'E_VERSION' // a serialised object has an unknown version
  | 'E_NOT_FOUND' // a file, document or index entry is missing
  | 'E_DEPENDENCY' // an optional peer dependency is not installed
  | 'E_STORE'; // a persistent store failed (I/O, server gone)

export class WiretraceError extends Error {
  readonly code: WiretraceErrorCode;
  readonly details: readonly string[];

  constructor(code: WiretraceErrorCode, where: string, message: string, details: readonly string[] = []) {
    super(`wiretrace: ${where}: ${message}${details.length > 1 ? `\n  - ${details.join('\n  - ')}` : ''}`);
    this.name = 'WiretraceError';
    this.code = code;
    this.details = details;
  }
}

/** A value as an error message shows it: NaN, Infinity, functions and undefined by name, not as JSON's null. */
export function showValue(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = Object.prototype.toString.call(v);
  }
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** Collects option problems so that one error reports all of them at once. */
export class OptionChecker {
  private readonly problems: string[] = [];
  constructor(private readonly where: string) {}

  int(name: string, value: unknown, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got ${showValue(value)})`);
    }
  }

  num(name: string, value: unknown, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
      this.problems.push(`${name} must be a number from ${min} to ${max} (got ${showValue(value)})`);
    }
  }

  oneOf(name: string, value: unknown, allowed: readonly unknown[]): void {
    if (value === undefined) return;
    if (!allowed.includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${showValue(value)})`);
    }
  }

  /** A function option (a callback such as onProgress). */
  fn(name: string, value: unknown): void {
    if (value !== undefined && typeof value !== 'function') this.problems.push(`${name} must be a function (got ${showValue(value)})`);
  }

  /** The options object itself, and no option outside `names` (a typo such as `{ shingle: 5 }` would otherwise do nothing). */
  known(opts: unknown, names: readonly string[]): void {
    if (opts === undefined) return;
    if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
      this.problems.push(`options must be an object (got ${showValue(opts)})`);
      return;
    }
    const unknown = Object.keys(opts).filter((k) => !names.includes(k));
    if (unknown.length > 0) this.problems.push(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (valid: ${[...names].sort().join(', ')})`);
  }

  check(ok: boolean, problem: string): void {
    if (!ok) this.problems.push(problem);
  }

  done(): void {
    if (this.problems.length > 0) {
      const head = this.problems.length === 1 ? this.problems[0]! : `${this.problems.length} invalid options`;
      throw new WiretraceError('E_OPTIONS', this.where, head, this.problems);
    }
  }
}
