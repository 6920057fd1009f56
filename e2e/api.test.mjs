// The publisher's integration surface: the JSON configuration block, window.Kiosque (mount
// with options, unmount, on), the events, and placeholders coming and going as in a
// single-page app.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoContent, launchBrowser, openPage, startServer } from './harness.mjs';

const content = demoContent();
const gatedSlug = content.articles.find((a) => a.access === 'subscribers').slug;
const freeSlugs = content.articles.filter((a) => a.access === 'free').map((a) => a.slug);

const pages = {
  'app.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>App</title>
<script type="application/json" data-kiosque-config>{"site": "demo", "lang": "en"}</script>
<script src="/kiosque.js" async></script></head><body><main id="app"></main></body></html>`,
};

describe('integration surface', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ meter: 0, pages });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openApp() {
    const tab = await openPage(browser);
    const warnings = [];
    tab.page.on('console', (msg) => {
      if (msg.text().startsWith('[kiosque]')) warnings.push(msg.text());
    });
    await tab.page.goto(`${server.base}/app.html`);
    await tab.page.waitForFunction(() => window.Kiosque && window.Kiosque.version);
    return { ...tab, warnings };
  }

  test('Kiosque.mount with options, the JSON config block, Kiosque.on and the offer events', async () => {
    const tab = await openApp();
    const { page } = tab;
    await page.evaluate((slug) => {
      window.__seen = [];
      window.Kiosque.on('paywall-shown', () => {
        throw new Error('a clumsy analytics handler');
      });
      window.Kiosque.on('paywall-shown', (detail, placeholder) => window.__seen.push(['paywall-shown', detail.article, placeholder.id]));
      window.Kiosque.on('offer-impression', (detail) => window.__seen.push(['offer-impression', detail.offer, detail.placement]));
      window.Kiosque.on('offer-click', (detail) => window.__seen.push(['offer-click', detail.offer, detail.placement]));
      const off = window.Kiosque.on('ready', () => window.__seen.push(['ready-should-not-be-seen']));
      off();
      // The host page keeps the reader on the page when an offer is clicked.
      document.addEventListener('click', (e) => e.preventDefault(), true);
      const el = document.createElement('div');
      el.id = 'paywall';
      document.getElementById('app').append(el);
      window.Kiosque.mount(el, { kind: 'paywall', article: slug });
    }, gatedSlug);
    const paywall = page.locator('#paywall .kq-paywall');
    await paywall.waitFor({ timeout: 15000 });
    // English from the JSON block's "lang".
    await page.getByText('Printing and downloading are for subscribers.').waitFor();
    await paywall.getByRole('button', { name: 'Découvrez nos offres' }).click();
    await paywall.locator('.kq-offer').first().getByRole('link').click();
    await page.waitForFunction(() => window.__seen.some((s) => s[0] === 'offer-click'));
    const offers = content.paywallOffers.slice().sort((a, b) => a.priority - b.priority).map((o) => o.id);
    // The wall is shown at the loader's first paint; the best offer's card counts its
    // impression once the widget has taken the wall over; the others when the reader opens them.
    assert.deepEqual(await page.evaluate(() => window.__seen), [
      ['paywall-shown', gatedSlug, 'paywall'],
      ['offer-impression', offers[0], 'paywall'],
      ...offers.slice(1).map((id) => ['offer-impression', id, 'paywall']),
      ['offer-click', offers[0], 'paywall'],
    ]);
    assert.ok(tab.warnings.some((w) => w.includes('a kiosque:paywall-shown handler threw')), tab.warnings.join('\n'));
    assert.deepEqual(tab.pageErrors, []);

    const misuse = await page.evaluate(() => {
      try {
        window.Kiosque.mount('#paywall');
        return 'no error';
      } catch (err) {
        return err.name;
      }
    });
    assert.equal(misuse, 'TypeError');
    await tab.close();
  });

  test('a single-page app adds, removes and replaces placeholders: one wasm, no double mounts', async () => {
    const tab = await openApp();
    const { page } = tab;
    const route = (slugs) =>
      page.evaluate((list) => {
        const app = document.getElementById('app');
        app.replaceChildren(
          ...list.map((slug) => {
            const el = document.createElement('div');
            el.dataset.kiosque = 'paywall';
            el.dataset.article = slug;
            return el;
          }),
        );
      }, slugs);
    const rendered = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-kiosque]')].map((el) => ({
          article: el.dataset.article,
          roots: el.shadowRoot ? el.shadowRoot.querySelectorAll('.kq').length : 0,
          body: !!el.shadowRoot?.querySelector('.kq-body p'),
        })),
      );

    await route(freeSlugs.slice(0, 2));
    await page.waitForFunction(() => document.querySelectorAll('[data-kiosque]').length === 2 &&
      [...document.querySelectorAll('[data-kiosque]')].every((el) => el.shadowRoot?.querySelector('.kq-body p')), null, { timeout: 15000 });
    await route([freeSlugs[2]]);
    await page.waitForFunction(() => document.querySelector('[data-kiosque]')?.shadowRoot?.querySelector('.kq-body p'), null, { timeout: 15000 });
    // Back to the first page: a fresh element each, mounted once each.
    await route(freeSlugs.slice(0, 2));
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-kiosque]')].every((el) => el.shadowRoot?.querySelector('.kq-body p')), null, { timeout: 15000 });
    assert.deepEqual(await rendered(), freeSlugs.slice(0, 2).map((article) => ({ article, roots: 1, body: true })));

    // The same element mounted again is not mounted twice.
    await page.evaluate(() => window.Kiosque.mount(document.querySelector('[data-kiosque]')));
    assert.equal((await rendered())[0].roots, 1);

    const urls = (await tab.bodies()).map((r) => r.url);
    assert.equal(urls.filter((u) => u.endsWith('.wasm')).length, 1, 'one wasm for every placeholder');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
