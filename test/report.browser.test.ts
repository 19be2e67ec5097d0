import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, renderHtmlReport } from '../src/index.js';
import { generateCorpus } from '../bench/generate.js';
import { tileAnalysis } from '../bench/tile.js';
import { documentsWithReuse, drawnFamilies } from '../src/export/_report-data.js';
import { ROOT, seedDocs } from './helpers.js';

// Debian's chromium (installed by .ci/run). CI must run this test; on a machine without a
// Chromium it is skipped with a message, since `npm install` cannot provide a browser.
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((x): x is string => !!x);
const executablePath = CANDIDATES.find((p) => existsSync(p));
if (!executablePath && process.env.CI) throw new Error('CI must provide Chromium (apt-get install chromium) for the report test');
if (!executablePath) console.warn('report.browser.test: no Chromium found (set CHROMIUM_PATH); skipping the browser test');

const ART = join(ROOT, 'test/.artifacts');

describe.skipIf(!executablePath)('the HTML report in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(ART, { recursive: true });
  });
  afterAll(async () => browser?.close());

  it('draws the graph and the side-by-side view of the seeds, and saves a screenshot', async () => {
    const file = join(ART, 'seeds-report.html');
    writeFileSync(file, renderHtmlReport(analyze(seedDocs())));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="1"]');
    expect(await page.locator('#graph-svg g.node.doc').count()).toBe(5);
    expect(await page.locator('#graph-svg g.node.source').count()).toBe(4);
    expect(await page.locator('#text-a .passage.quote').count()).toBeGreaterThan(0);
    expect(await page.locator('#text-a .passage.quote').first().textContent()).toContain('clear demonstration of the special personal relations');
    expect(await page.locator('#text-a .cue-source').count()).toBeGreaterThanOrEqual(3);
    // choose the other pair: the stock-phrase lede of 001 and 002
    await page.selectOption('#pair-select', '1');
    // the texts are unpacked asynchronously: wait for the new pair to be drawn
    await expect.poll(() => page.locator('#head-a').textContent()).toBe('001');
    expect(await page.locator('#text-a .passage.common').first().textContent()).toContain('Russian President Vladimir Putin');
    await page.screenshot({ path: join(ART, 'seeds-report.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('pages a large result, draws only families with reuse, and searches by id, title and outlet', async () => {
    const a = tileAnalysis(analyze(generateCorpus({ size: 150, seed: 7, words: 120 })), 20);
    const withReuse = documentsWithReuse(a);
    const families = drawnFamilies(a.graph, withReuse).length;
    const alone = a.documents.filter((d) => !withReuse.has(d.id)).length;
    expect(families).toBeGreaterThan(40);
    expect(alone).toBeGreaterThan(0);
    a.documents[77]!.title = 'A Zebra Summit in Pyongyang';
    const file = join(ART, 'paged-report.html');
    writeFileSync(file, renderHtmlReport(a));
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="1"]');
    const bands = page.locator('#graph-svg rect.family');
    const info = (id: string) => page.locator(`#${id} .pg-info`).textContent();
    expect(await bands.count()).toBe(20);
    expect(await info('family-pager')).toContain(`page 1 of ${Math.ceil(families / 20)} · ${families} in all`);
    // no single-document family without reuse is drawn: every drawn document shares wording
    const drawnIds = await page.locator('#graph-svg g.node.doc').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')!));
    expect(drawnIds.length).toBeGreaterThan(20);
    const firstPage = drawnIds.join();
    await page.click('#family-pager .pg-next');
    expect(await info('family-pager')).toContain('page 2 of');
    expect((await page.locator('#graph-svg g.node.doc').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-id')!))).join()).not.toBe(firstPage);
    expect(await page.locator('#doc-rows tr').count()).toBe(100);
    expect(await info('doc-pager')).toContain(`${a.documents.length} in all`);

    // search by id: one document, its family drawn
    const target = [...withReuse].find((id) => id.endsWith('~13'))!;
    await page.fill('#search', target);
    await expect.poll(() => page.locator('#doc-rows td').first().textContent()).toBe(target);
    expect(await page.locator('#doc-rows tr').count()).toBe(1);
    expect(await bands.count()).toBe(1);
    expect(await page.locator('#graph-svg g.node.doc').evaluateAll((gs, t) => gs.some((g) => g.getAttribute('data-id') === t), target)).toBe(true);
    expect(await page.locator('#search-info').textContent()).toBe(`1 of ${a.documents.length} documents match`);
    // by title
    await page.fill('#search', 'zebra summit');
    await expect.poll(() => page.locator('#doc-rows td:nth-child(2)').first().textContent()).toBe('A Zebra Summit in Pyongyang');
    expect(await page.locator('#doc-rows tr').count()).toBe(1);
    // by outlet (case-insensitive): every listed document is from it
    await page.fill('#search', 'OUTLET-7');
    await expect.poll(() => page.locator('#doc-rows td:nth-child(3)').first().textContent()).toMatch(/^outlet-7/);
    const outlets = await page.locator('#doc-rows tr td:nth-child(3)').allTextContents();
    expect(outlets.length).toBeGreaterThan(0);
    for (const o of outlets) expect(o.startsWith('outlet-7')).toBe(true);
    // documents without reuse are listed, not drawn
    await page.fill('#search', '');
    // the search is applied after a short pause in typing: wait for it, or it resets the pages later
    await page.waitForSelector('body[data-search=""]');
    await page.selectOption('#doc-filter', 'alone');
    expect(await info('doc-pager')).toContain(`${alone} in all`);
    expect(new Set(await page.locator('#doc-rows tr td:last-child').allTextContents())).toEqual(new Set(['no reuse']));
    // a pair on a later page of the pair table opens side by side
    await page.click('#pair-pager .pg-next');
    await expect.poll(() => info('pair-pager')).toContain('page 2 of');
    const second = await page.locator('#pair-rows tr').first().getAttribute('data-pair');
    await page.locator('#pair-rows tr').first().click();
    await expect.poll(() => page.locator('#pair-select').inputValue()).toBe(second);
    await expect.poll(async () => (await page.locator('#text-a').textContent())!.length).toBeGreaterThan(100);
    expect(await page.locator('#text-a .passage').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('works with the ids __proto__, constructor and toString, credits included', async () => {
    const t = seedDocs()[3]!.text;
    const docs = [
      { id: '__proto__', text: `SEOUL (Reuters) – ${t}` },
      { id: 'constructor', text: `${t}\n\nReuters reported the gift.` },
      { id: 'toString', text: `${t}\n\nAn extra closing line, Reuters said.` },
    ];
    const file = join(ART, 'proto-report.html');
    writeFileSync(file, renderHtmlReport(analyze(docs)));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="1"]');
    expect(await page.locator('#pair-select option').count()).toBeGreaterThan(0);
    expect(await page.locator('#text-a .cue-source').count()).toBeGreaterThan(0);
    expect(await page.locator('#text-b .cue-source').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('does not run a hostile document, and shows it as text', async () => {
    const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    const text = `${seedDocs()[3]!.text}\n\n${evil} </script><script>window.__pwned = 3</script>`;
    const docs = [seedDocs()[0]!, { id: '</script><script>window.__pwned=4</script>', title: evil, outlet: evil, text }];
    const file = join(ART, 'hostile-report.html');
    writeFileSync(file, renderHtmlReport(analyze(docs)));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="1"]');
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#text-b').textContent()).toContain('<script>window.__pwned = 1</script>');
    expect(await page.locator('img').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
