/**
 * A numeric command-line value, read strictly: digits with an optional decimal part (and, where
 * `percent` allows it, a trailing %). Number() alone reads "", "%", "0x1", "1e3" and " 7 " as
 * numbers; a gate such as --max-uncredited must refuse them rather than turn itself off.
 */
export function parseNumber(name: string, v: string, min: number, max: number, int: boolean, percent: boolean, fail: (m: string) => Error): number {
  const shape = percent ? /^(\d+(\.\d+)?|\.\d+)%?$/ : /^(\d+(\.\d+)?|\.\d+)$/;
  const pct = percent && v.endsWith('%');
  const n = shape.test(v) ? Number(pct ? v.slice(0, -1) : v) / (pct ? 100 : 1) : NaN;
  if (!Number.isFinite(n) || n < min || n > max || (int && !Number.isInteger(n))) {
    const range = percent && max === 1 ? `from ${min} to ${max} (or ${min * 100}% to ${max * 100}%)` : `from ${min} to ${max}`;
    // "10" for a share most likely meant 10%
    const hint = percent && !pct && Number.isFinite(n) && n > max && n <= 100 && max === 1 ? `; for ${n}% write "${n}%" or ${n / 100}` : '';
    throw fail(`--${name}: expected ${int ? 'an integer' : 'a number'} ${range}, got "${v}"${hint}`);
  }
  return n;
}
