import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Doc } from '../src/index.js';

export const ROOT = join(import.meta.dirname, '..');

/** The five seed articles, ids '000'…'004'. */
export function seedDocs(): Doc[] {
  const dir = join(ROOT, 'seeds');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ id: f.slice(0, 3), text: readFileSync(join(dir, f), 'utf8') }));
}

export function seedText(id: string): string {
  return seedDocs().find((d) => d.id === id)!.text;
}
