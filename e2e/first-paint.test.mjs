// The paywall's first paint (issue 13): the loader shows the wall the server rendered with the
// widget's own components before the widget's module has arrived; the widget then renders the
// same answer over it. On a publisher's page on another origin, as the README sets it up.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { earlyRequest } from '../scripts/readme.mjs';
import { demoContent, launchBrowser, openPage, startServer } from './harness.mjs';

const content = demoContent();
const subscriberOnly = content.articles.find((a) => a.access === 'subscribers');
const free = content.articles.find((a) => a.access === 'free');
const WASM = /kiosque_paywall_bg\.[0-9a-f]{16}\.wasm$/;

describe('the paywall painted before the widget arrives', () => {
  let server;
  let browser;
  let publisher;
  let origin;
  before(async () => {
    // Meter off for anonymous readers: every new reader meets the wall.
    server = await startServer({ meter: 0 });
    const page = (lang, article, timeout = 5000, head = '', tag = '') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title>${head}
<script src="${server.base}/kiosque.js" data-site="demo" data-timeout="${timeout}"${tag} async crossorigin></script></head>
<body><h1>Article</h1><div data-kiosque="paywall" data-article="${article}"></div>
<script>window.__shown = 0; window.__ready = 0;
document.addEventListener('kiosque:paywall-shown', () => { window.__shown += 1; });
document.addEventListener('kiosque:ready', () => { window.__ready += 1; });</script>
</body></html>`;
    publisher = http.createServer((req, res) => {
      const name = new URL(req.url, 'http://x').pathname;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const article = name === '/free.html' ? free.slug : subscriberOnly.slug;
      // /early.html: with the early request; /early-en.html: the same, on a page whose
      // placeholders are in English (data-lang) while the page says French.
      const head = name.startsWith('/early') ? earlyRequest(server.base, article) : '';
      const tag = name === '/early-en.html' ? ' data-lang="en"' : '';
      res.end(page(name === '/en.html' ? 'en' : 'fr', article, name === '/late.html' ? 1000 : 5000, head, tag));
    });
    await new Promise((resolve) => publisher.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${publisher.address().port}`;
    server.cli('site', 'origins', 'demo', '--add', origin);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    publisher?.close();
    await server?.stop();
  });

  /**
   * Opens `path` with the paywall module and (unless `holdTexts` is false) the site's texts
   * (`…/appearance`) held back until `release()` is called: the paint needs neither. `asked`:
   * every URL the page asked for.
   */
  async function withWidgetHeld(path, viewport = { width: 375, height: 800 }, shown = '.kq-paywall', holdTexts = true) {
    const tab = await openPage(browser, { viewport });
    const asked = [];
    tab.page.on('request', (r) => asked.push(r.url()));
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let delivered = false;
    await tab.page.route(WASM, async (route) => {
      await held;
      await route.continue();
      delivered = true;
    });
    if (holdTexts) {
      await tab.page.route(/\/v1\/sites\/demo\/appearance\?/, async (route) => {
        await held;
        await route.continue();
      });
    }
    await tab.page.goto(`${origin}${path}`);
    await tab.page.locator(shown).waitFor({ timeout: 15000 });
    return { tab, release, delivered: () => delivered, asked };
  }

  // The widget's container's content, and a mark on its first element, to see it replaced.
  const containerHtml = (page) => page.evaluate(() => {
    const container = document.querySelector('[data-kiosque]').shadowRoot.querySelector('[class^="kq-theme-"]');
    return container.innerHTML;
  });
  const markFirst = (page) => page.evaluate(() => {
    const container = document.querySelector('[data-kiosque]').shadowRoot.querySelector('[class^="kq-theme-"]');
    window.__painted = container.firstElementChild;
  });
  const widgetRendered = (page) => page.waitForFunction(() => {
    const container = document.querySelector('[data-kiosque]').shadowRoot.querySelector('[class^="kq-theme-"]');
    return container.firstElementChild && container.firstElementChild !== window.__painted;
  }, null, { timeout: 15000 });

  for (const [path, lang, title] of [['/fr.html', 'fr', 'Accédez à l’intégralité de nos contenus'], ['/en.html', 'en', null]]) {
    test(`${lang}: the wall shows before the module, styled, and the widget renders the same DOM over it`, async () => {
      const { tab, release, delivered, asked } = await withWidgetHeld(path);
      const { page } = tab;
      assert.equal(delivered(), false, 'the wall is there while the module and the texts are held back');
      if (title) assert.equal(await page.locator('.kq-paywall-title').textContent(), title);
      // Styled by the rules built into the loader (no stylesheet to wait for): the button has
      // the accent colour.
      assert.deepEqual(asked.filter((url) => /\.css$/.test(url)), [], 'no stylesheet file on a page of paywalls');
      const button = await page.locator('.kq-paywall .kq-button').first().evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.notEqual(button, 'rgba(0, 0, 0, 0)');
      // The checkout link brings the reader back to this page, as the widget's does.
      const href = await page.locator('.kq-offer a.kq-button').first().getAttribute('href');
      assert.equal(new URL(href).searchParams.get('return_url'), `${origin}${path}`);
      assert.equal(await page.evaluate(() => window.__shown), 1, 'kiosque:paywall-shown at the paint');
      const painted = await containerHtml(page);
      if (lang === 'fr') await page.screenshot({ path: '/tmp/first-paint-375.png', fullPage: true });
      await markFirst(page);
      release();
      await widgetRendered(page);
      assert.equal(await containerHtml(page), painted, 'the widget renders what was painted');
      if (lang === 'fr') await page.screenshot({ path: '/tmp/first-paint-taken-over-375.png', fullPage: true });
      assert.equal(await page.evaluate(() => window.__shown), 1, 'the event is not sent twice');
      // The widget is alive: the button shows the other offers.
      await page.locator('.kq-paywall > .kq-button-secondary').click();
      assert.ok(await page.locator('.kq-offer').count() > 1);
      assert.deepEqual(tab.pageErrors, []);
      await tab.close();
    });
  }

  test('an article the reader may read is painted in full, with kiosque:ready once', async () => {
    const { tab, release, delivered } = await withWidgetHeld('/free.html', { width: 375, height: 800 }, '.kq-body');
    const { page } = tab;
    assert.equal(delivered(), false);
    assert.deepEqual(await page.locator('.kq-body > *').allTextContents(), free.body.map((b) => b.text));
    assert.equal(await page.locator('.kq-paywall').count(), 0);
    assert.deepEqual(await page.evaluate(() => [window.__ready, window.__shown]), [1, 0]);
    const painted = await containerHtml(page);
    await markFirst(page);
    release();
    await widgetRendered(page);
    assert.equal(await containerHtml(page), painted, 'the widget renders what was painted');
    assert.deepEqual(await page.evaluate(() => [window.__ready, window.__shown]), [1, 0]);
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('the README’s early request: the page asks for its article once, the loader paints it', async () => {
    for (const [path, langs, print] of [
      ['/early.html', ['fr'], 'Imprimer'],
      // Not the request the loader would make (another language): asked again, in English.
      ['/early-en.html', ['fr', 'en'], 'Print'],
    ]) {
      const tab = await openPage(browser, { viewport: { width: 375, height: 800 } });
      const { page } = tab;
      const asked = [];
      page.on('request', (r) => {
        if (r.method() === 'GET' && r.url().includes(`/articles/${subscriberOnly.slug}`)) {
          asked.push({ ...r.headers(), reader: new URL(r.url()).searchParams.get('reader') });
        }
      });
      // CORS preflights, which Playwright's own events leave out: the reader id is in the
      // address, so a reader who is not signed in asks with no preflight.
      const preflights = [];
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      cdp.on('Network.requestWillBeSent', (e) => {
        if (e.request.method === 'OPTIONS') preflights.push(e.request.url);
      });
      await page.goto(`${origin}${path}`);
      await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
      assert.equal(await page.locator('.kq-reader-actions button').first().textContent(), print, path);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(asked.map((h) => h['accept-language']), langs, `${path}: the article's requests`);
      // The reader id the page made is the one every request carries, and the one kept.
      const kept = await page.evaluate(() => localStorage.getItem('kiosque:demo:reader'));
      assert.match(kept, /^[0-9a-f-]{36}$/);
      assert.deepEqual([...new Set(asked.map((h) => h.reader))], [kept]);
      assert.deepEqual(preflights.filter((url) => url.includes('/articles/')), [], `${path}: preflights`);
      assert.deepEqual(asked.map((h) => h['x-kiosque-reader']), asked.map(() => undefined));
      // The widget took the wall over: its button shows the other offers.
      await page.locator('.kq-paywall > .kq-button-secondary').click();
      assert.ok(await page.locator('.kq-offer').count() > 1, path);
      assert.equal(await page.evaluate(() => typeof window.Kiosque.mount), 'function');
      assert.deepEqual(tab.pageErrors, [], path);
      await tab.close();
    }
  });

  test('what a reader types and presses on the paint reaches the widget', async () => {
    const { tab, release } = await withWidgetHeld('/fr.html', { width: 1280, height: 900 });
    const { page } = tab;
    await markFirst(page);
    // The offers button, and an address typed and sent with Enter, before the widget is there.
    await page.locator('.kq-paywall > .kq-button-secondary').click();
    await page.locator('#kq-email').fill('lectrice.pressee@example.org');
    await page.locator('#kq-email').press('Enter');
    assert.equal(new URL(page.url()).search, '', 'the painted form is not sent by the browser');
    release();
    await widgetRendered(page);
    // Both reach the widget: the offers open, and the code is sent to the address typed.
    await page.locator('.kq-sent').waitFor({ timeout: 15000 });
    assert.match(await page.locator('.kq-sent').textContent(), /lectrice\.pressee@example\.org/);
    assert.equal(await page.locator('.kq-paywall > .kq-button-secondary').getAttribute('aria-expanded'), 'true');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a widget slower than the timeout still takes a painted wall over; one that fails leaves it', async () => {
    // Slower than the page's 1 s: the wall is what the reader reads, no fallback, no error.
    // (The texts come in time: without them the widget could not speak, and would give up.)
    let { tab, release } = await withWidgetHeld('/late.html', undefined, undefined, false);
    await tab.page.evaluate(() => {
      window.__errors = [];
      document.addEventListener('kiosque:error', (e) => window.__errors.push(e.detail.code));
    });
    await markFirst(tab.page);
    await tab.page.waitForTimeout(2000);
    assert.deepEqual(await tab.page.evaluate(() => window.__errors), []);
    release();
    await widgetRendered(tab.page);
    await tab.page.locator('.kq-paywall > .kq-button-secondary').click();
    assert.ok(await tab.page.locator('.kq-offer').count() > 1, 'the widget took the wall over');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();

    // The module cannot be had: the painted wall stays, and the page hears why.
    tab = await openPage(browser, { viewport: { width: 375, height: 800 } });
    await tab.page.addInitScript(() => {
      window.__errors = [];
      document.addEventListener('kiosque:error', (e) => window.__errors.push(e.detail.code));
    });
    await tab.page.route(WASM, (route) => route.abort());
    await tab.page.goto(`${origin}/late.html`);
    await tab.page.waitForFunction(() => window.__errors.length > 0, null, { timeout: 15000 });
    assert.deepEqual(await tab.page.evaluate(() => window.__errors), ['widget_unavailable']);
    assert.equal(await tab.page.locator('.kq-paywall').count(), 1, 'the wall stays');
    assert.equal(await tab.page.locator('.kq-paywall a.kq-button').first().getAttribute('target'), '_top');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a paint with a tag or a link the loader does not build is not shown; the widget renders the wall', async () => {
    for (const hostile of [
      ['script', [], ['window.__owned = true']],
      ['a', [['href', 'javascript:window.__owned=true'], ['class', 'kq-button']], ['Cliquez']],
      ['img', [['src', 'x'], ['onerror', 'window.__owned=true']], []],
    ]) {
      const tab = await openPage(browser, { viewport: { width: 375, height: 800 } });
      const { page } = tab;
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route(WASM, async (route) => { await held; await route.continue(); });
      await page.route(/\/articles\/[^/?]+\?paint=true&reader=[\w-]+$/, async (route) => {
        const response = await route.fetch();
        const body = await response.json();
        body.paint[0][2].push(hostile);
        await route.fulfill({ response, json: body });
      });
      await page.goto(`${origin}/fr.html`);
      await page.waitForTimeout(500);
      assert.equal(await page.locator('.kq-paywall').count(), 0, `no paint with ${hostile[0]}`);
      release();
      await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
      await page.locator('.kq-paywall a.kq-button').first().click({ trial: true });
      assert.equal(await page.evaluate(() => window.__owned), undefined);
      assert.equal(await page.evaluate(() => window.__shown), 1);
      assert.deepEqual(tab.pageErrors, []);
      await tab.close();
    }
  });
});
