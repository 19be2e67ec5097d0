import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpusIndex } from '../src/index.js';
import { startServer, type RunningServer } from '../src/serve/server.js';
import { parseTokens } from '../src/serve/tokens.js';
import { ROOT, seedDocs, seedText, testPort } from './helpers.js';

// The editor's page of `wiretrace serve` in Debian's Chromium, as in report.browser.test.ts:
// CI must run it; without a Chromium it is skipped with a message.
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((x): x is string => !!x);
const executablePath = CANDIDATES.find((p) => existsSync(p));
if (!executablePath && process.env.CI) throw new Error('CI must provide Chromium (apt-get install chromium) for the page test');
if (!executablePath) console.warn('serve.browser.test: no Chromium found (set CHROMIUM_PATH); skipping the browser test');

const ART = join(ROOT, 'test/.artifacts');
const TOKEN = 'check-token-for-the-page';

/** The paragraph of seed 003 an editor pastes. */
const PARAGRAPH = (() => {
  const t = seedText('003');
  return t.slice(t.indexOf('Since their meeting in September'), t.indexOf('South Korea’s foreign ministry')).trim();
})();

describe.skipIf(!executablePath)('the editor page of wiretrace serve in a real browser', () => {
  let browser: Browser;
  let server: RunningServer;
  let dir = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wiretrace-page-'));
    const index = await openCorpusIndex({ sqlite: join(dir, 'seeds.db') });
    await index.add(seedDocs());
    await index.close();
    server = await startServer({ index: { sqlite: join(dir, 'seeds.db') }, tokens: parseTokens(`check ${TOKEN}`, 'test'), port: await testPort(), workers: 1 });
    browser = await chromium.launch({
      executablePath: executablePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(ART, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A page in a new browser profile (its own localStorage) unless `ctx` is given. */
  async function open(width: number, height: number, ctx?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
    const page = await (ctx ?? (await browser.newContext())).newPage();
    await page.setViewportSize({ width, height });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="1"]');
    return { page, errors };
  }

  it('asks for the token once, highlights a pasted paragraph of 003 against 003, and is keyboard-usable', async () => {
    const ctx = await browser.newContext();
    const { page, errors } = await open(1280, 900, ctx);
    // the token dialog is open on the first visit; entered by keyboard
    await expect.poll(() => page.locator('#token-dialog').evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    expect(await page.locator('#token-dialog').evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    // paste: the check starts by itself
    await page.locator('#draft').fill(PARAGRAPH);
    await page.locator('#draft').dispatchEvent('paste');
    await page.waitForSelector('#verdict.fail');
    expect(await page.locator('#verdict').textContent()).toMatch(/Over the threshold: \d+(\.\d)?% of the draft is reused without credit/);
    const first = page.locator('#sources button').first();
    expect(await first.textContent()).toContain('003');
    expect(await first.textContent()).toContain('not credited');
    expect(await first.getAttribute('aria-pressed')).toBe('true');
    // the draft's passage and the same passage in 003's full text
    const draftMark = page.locator('#text-draft mark').first();
    expect(await draftMark.textContent()).toContain('Kim and Putin have strengthened bilateral relations');
    await page.waitForSelector('#text-source[data-full="1"]');
    expect(await page.locator('#text-source').textContent()).toBe(seedText('003'));
    expect(await page.locator('#text-source mark').first().textContent()).toContain('Kim and Putin have strengthened bilateral relations');
    await page.screenshot({ path: join(ART, 'serve-seeds.png'), fullPage: true });
    // keyboard: n goes to the next passage and marks it in both texts
    await page.locator('#sources-head').click();
    await page.keyboard.press('n');
    expect(await page.evaluate<string | undefined>('document.activeElement?.tagName')).toBe('MARK');
    expect(await page.locator('mark.active').count()).toBe(2);
    // a second visit does not ask again, and Ctrl+Enter checks
    const again = await open(1280, 900, ctx);
    expect(await again.page.locator('#token-dialog').evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    await again.page.locator('#draft').fill(PARAGRAPH);
    await again.page.locator('#draft').press('Control+Enter');
    await again.page.waitForSelector('#verdict.fail');
    expect([...errors, ...again.errors]).toEqual([]);
  });

  it('fits a phone screen, and asks again when the token is refused', async () => {
    const { page, errors } = await open(390, 844);
    await page.evaluate("localStorage.setItem('wiretrace-token', 'a-token-the-server-does-not-know')");
    await page.locator('#token-cancel').click();
    await page.locator('#draft').fill(PARAGRAPH);
    await page.locator('#draft').press('Control+Enter');
    await expect.poll(() => page.locator('#token-dialog').evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
    expect(await page.locator('#token-why').textContent()).toContain('refused');
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('#token-input').press('Enter');
    await page.waitForSelector('#verdict.fail');
    await page.waitForSelector('#text-source[data-full="1"]');
    // nothing wider than the phone: no sideways scrolling
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ART, 'serve-phone.png'), fullPage: true });
    // the 401 of the refused token is the only console error
    expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
  });

  it('marks the verdict out of date as soon as the draft differs from the text checked, and drops it for an empty draft', async () => {
    const { page, errors } = await open(1280, 900);
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('#token-input').press('Enter');
    const clean = 'An entirely new draft about the weather: rain is expected in the capital on Thursday, forecasters said.';
    await page.locator('#draft').fill(clean);
    await page.locator('#draft').press('Control+Enter');
    await page.waitForSelector('#verdict.pass');
    expect(await page.locator('#verdict').textContent()).toContain('No reuse found in the index');
    // no source: no empty Draft and Source panes beside it
    expect(await page.locator('#compare').isVisible()).toBe(false);
    // the walkthrough: 400 characters of copied wire text typed after it, Check not pressed
    await page.locator('#draft').press('End');
    await page.keyboard.type(` ${PARAGRAPH.slice(0, 400)}`);
    await page.waitForSelector('#verdict.stale', { timeout: 5000 });
    const verdict = await page.locator('#verdict').textContent();
    expect(verdict).toMatch(/^Out of date: the draft has changed since this check/);
    expect(verdict).toContain('earlier text');
    expect(await page.locator('#verdict.pass').count()).toBe(0);
    expect(await page.locator('#result').getAttribute('class')).toContain('stale');
    expect(await page.locator('#status').textContent()).toContain('press Check');
    // checked again: a fresh verdict on the text as it is
    await page.locator('#draft').press('Control+Enter');
    await page.waitForSelector('#verdict.fail');
    expect(await page.locator('#result').getAttribute('class') ?? '').not.toContain('stale');
    // a change to the credits changes the verdict too
    await page.locator('summary').click();
    await page.locator('#credits').fill('Yonhap');
    await page.waitForSelector('#verdict.stale', { timeout: 5000 });
    await page.locator('#credits').fill('');
    await page.waitForSelector('#verdict.fail');
    // an emptied box and Check: no verdict, no figures left from the earlier text
    await page.locator('#draft').fill('');
    await page.locator('#check-btn').click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Paste or upload a draft first.');
    expect(await page.locator('#result').isVisible()).toBe(false);
    expect(await page.locator('#verdict').isVisible()).toBe(false);
    expect(await page.locator('#figures').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('says that an index of no documents has nothing to check against, and shows no verdict', async () => {
    await (await openCorpusIndex({ sqlite: join(dir, 'empty.db') })).close();
    const empty = await startServer({ index: { sqlite: join(dir, 'empty.db') }, tokens: parseTokens(`check ${TOKEN}`, 'test'), port: await testPort(), workers: 1 });
    try {
      const page = await (await browser.newContext()).newPage();
      await page.goto(empty.url);
      await page.waitForSelector('body[data-ready="1"]');
      await page.locator('#token-input').fill(TOKEN);
      await page.locator('#token-input').press('Enter');
      await page.locator('#draft').fill(PARAGRAPH);
      await page.locator('#draft').press('Control+Enter');
      await page.waitForSelector('#status.error', { timeout: 5000 });
      expect(await page.locator('#status').textContent()).toMatch(/^Not checked: the index holds no documents, so there is nothing to check the draft against/);
      expect(await page.locator('#result').isVisible()).toBe(false);
    } finally {
      await empty.close();
    }
  });

  it('shows a hostile document as text and runs none of it', async () => {
    const evil = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>';
    const { page, errors } = await open(1280, 900);
    await page.locator('#token-input').fill(TOKEN);
    await page.locator('#token-input').press('Enter');
    await page.locator('#draft').fill(`${evil}\n\n${PARAGRAPH}\n\n${evil}`);
    await page.locator('#draft').press('Control+Enter');
    await page.waitForSelector('#verdict.fail');
    expect(await page.locator('#text-draft').textContent()).toContain(evil);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
