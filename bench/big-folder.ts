/**
 * `node --import tsx bench/big-folder.ts --out DIR [--mb 1024]` — writes a folder of about that
 * many megabytes of generated news articles (JSON Lines files of ~64 MB, and one subfolder of
 * .txt files), to measure `wiretrace index add` memory on a large input. 20,000 articles are
 * generated once and written again with new ids and a varied last line until the size is
 * reached. Write it outside the repository (under /tmp).
 */
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from './generate.js';
import { argOf } from './util.js';

const args = process.argv.slice(2);
const OUT = argOf(args, 'out');
if (!OUT) throw new Error('give --out DIR');
const TARGET = Number(argOf(args, 'mb') ?? 1024) * 2 ** 20;
const base = generateCorpus({ size: 20_000, seed: 9, words: 600, derivedShare: 0.3 });
mkdirSync(join(OUT, 'txt'), { recursive: true });
let bytes = 0;
let docs = 0;
// a few thousand single-article files, as a newsroom export would have
for (const d of base.slice(0, 2000)) {
  const body = `${d.text}\n`;
  writeFileSync(join(OUT, 'txt', `${d.id}.txt`), body);
  bytes += Buffer.byteLength(body);
  docs++;
}
for (let copy = 0, file = 0; bytes < TARGET; file++) {
  const fd = openSync(join(OUT, `wire-${String(file).padStart(3, '0')}.jsonl`), 'w');
  let inFile = 0;
  while (inFile < 64 * 2 ** 20 && bytes < TARGET) {
    for (const d of base) {
      const line = `${JSON.stringify({ id: `${d.id}-${copy}`, text: `${d.text}\n\nFiled as copy ${copy}.`, outlet: d.outlet, publishedAt: d.publishedAt })}\n`;
      writeSync(fd, line);
      inFile += line.length;
      bytes += line.length;
      docs++;
      if (inFile >= 64 * 2 ** 20 || bytes >= TARGET) break;
    }
    copy++;
  }
  closeSync(fd);
}
process.stderr.write(`wrote ${docs} articles, ${(bytes / 2 ** 20).toFixed(0)} MiB to ${OUT}\n`);
