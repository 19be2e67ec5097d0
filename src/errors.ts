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

/** Collects option problems so that one error reports all of them at once. */
export class OptionChecker {
  private readonly problems: string[] = [];
  constructor(private readonly where: string) {}

  int(name: string, value: unknown, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
  }

  num(name: string, value: unknown, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
      this.problems.push(`${name} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`);
    }
  }

  oneOf(name: string, value: unknown, allowed: readonly unknown[]): void {
    if (value === undefined) return;
    if (!allowed.includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')} (got ${JSON.stringify(value)})`);
    }
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
