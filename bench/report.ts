/**
 * `npm run bench:report` — size of the HTML report and the time Chromium takes to open it.
 * Options: --sizes 20000,100000 (documents), --base N (documents really analysed, default
 * 2000), --renderer FILE (a module exporting renderHtmlReport, e.g. an older checkout's
 * src/export/html.ts, to compare: `git archive e9163a1 src | tar -x -C /tmp/old`, link node_modules
 * there, then --renderer /tmp/old/src/export/html.ts; its rows go under "before"), --timeout S,
 * --out FILE (JSON, default bench/results/report.json).
 *
 * A real `analyze` of 100,000 articles takes minutes, so the corpus is `--base` generated
 * news-length articles analysed once, then tiled: copy k renames every document (`id~k`) and
 * latent source, keeping the shape (families, pairs, passages, credits) of a real analysis.
 * Open times: from navigation to the first page of families and tables drawn (`data-drawn`),
 * to the first pair shown side by side (`data-ready`), and to the load event.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { analyze, type Analysis } from '../src/index.js';
import { generateCorpus } from './generate.js';
import { tileAnalysis } from './tile.js';
import { documentsWithReuse, drawnFamilies } from '../src/export/_report-data.js';
import { argOf } from './util.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const SIZES = (argOf(args, 'sizes') ?? '20000,100000').split(',').map(Number);
const BASE = Number(argOf(args, 'base') ?? 2000);
const OUT = argOf(args, 'out') ?? join(here, 'results', 'report.json');
const RENDERER = argOf(args, 'renderer');
/** Give up on a page after this many seconds (--timeout, default 120); its times are then null. */
const TIMEOUT_S = Number(argOf(args, 'timeout') ?? 120);
const log = (s: string): void => void process.stderr.write(`${s}\n`);

async function openTimes(file: string): Promise<{ drawnS: number; readyS: number; loadS: number } | { timedOutAfterS: number }> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT_S * 1000);
    const t0 = performance.now();
    const loaded = page.waitForEvent('load').then(() => performance.now(), () => Number.NaN);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
    await page.waitForSelector(RENDERER ? 'body[data-ready]' : 'body[data-drawn]', { state: 'attached' });
    const drawn = performance.now();
    await page.waitForSelector('body[data-ready]', { state: 'attached' });
    const ready = performance.now();
    const load = await loaded;
    // the old report has no data-drawn: its first drawing is its data-ready
    return { drawnS: (drawn - t0) / 1000, readyS: (ready - t0) / 1000, loadS: (load - t0) / 1000 };
  } catch (e) {
    log(`  gave up: ${(e as Error).message.split('\n')[0]}`);
    return { timedOutAfterS: TIMEOUT_S };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const render = (RENDERER ? ((await import(pathToFileURL(resolve(RENDERER)).href)) as { renderHtmlReport: (a: Analysis) => string }) : await import('../src/export/html.js')).renderHtmlReport;
  log(`analysing ${BASE.toLocaleString('en-US')} generated articles…`);
  const base = analyze(generateCorpus({ size: BASE, seed: 2024, words: 600, derivedShare: 0.3 }));
  const dir = mkdtempSync(join(tmpdir(), 'wiretrace-report-'));
  const rows: Record<string, unknown>[] = [];
  try {
    for (const size of SIZES) {
      const a = tileAnalysis(base, Math.ceil(size / BASE), size);
      const t = performance.now();
      const html = render(a);
      const renderS = (performance.now() - t) / 1000;
      const file = join(dir, `report-${size}.html`);
      writeFileSync(file, html);
      const mb = statSync(file).size / 1e6;
      const times = await openTimes(file);
      const row = { documents: a.documents.length, pairs: a.pairs.length, families: a.graph.families.length, familiesWithReuse: drawnFamilies(a.graph, documentsWithReuse(a)).length, singleDocumentFamilies: a.graph.families.filter((f) => f.members.length === 1).length, renderS: +renderS.toFixed(2), sizeMB: +mb.toFixed(1), ...Object.fromEntries(Object.entries(times).map(([k, v]) => [k, +v.toFixed(2)])) };
      log(JSON.stringify(row));
      rows.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dirname(OUT), { recursive: true });
  let previous: Record<string, unknown> = {};
  if (existsSync(OUT)) previous = JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>;
  const key = RENDERER ? 'before' : 'after';
  writeFileSync(OUT, `${JSON.stringify({ ...previous, machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }, date: new Date().toISOString().slice(0, 10), base: BASE, [key]: rows }, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
