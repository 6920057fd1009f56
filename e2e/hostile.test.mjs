// Host pages that must not break Kiosque: hostile CSS, an AMD loader, polluted prototypes, a
// strict Content-Security-Policy, the script twice, deferred or injected late, no <html lang>.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoContent, launchBrowser, openPage, startServer } from './harness.mjs';

const content = demoContent();
const free = content.articles.find((a) => a.access === 'free');
const gatedSlug = content.articles.find((a) => a.access === 'subscribers').slug;

const SCRIPT = '<script src="/kiosque.js" data-site="demo" async></script>';

function page({ head = '', script = SCRIPT, lang = 'fr', slug = free.slug, body = '' } = {}) {
  const html = lang === null ? '<html>' : `<html lang="${lang}">`;
  return `<!doctype html>${html}<head><meta charset="utf-8"><title>Hôte</title>${head}${script}</head><body>
<h1>Page hôte</h1>
<div data-kiosque="paywall" data-article="${slug}"><p>Secours</p></div>${body}</body></html>`;
}

const pages = {
  'all-unset.html': page({ head: '<style>* { all: unset !important; } div, p { display: block; }</style>' }),
  'amd.html': page({
    head: `<script>window.define = function () { throw new Error('AMD define was called'); };
      window.define.amd = { jQuery: true };</script>`,
  }),
  'polluted.html': page({
    slug: gatedSlug,
    head: `<script>
      Array.prototype.kiosqueTrap = function () { throw new Error('array trap'); };
      Object.prototype.meter = { allowance: 99, used: 0, remaining: 99, period_days: 30 };
      Object.prototype.polluted = 'oui';
    </script>`,
  }),
  'csp.html': page({
    head: `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'">
      <link rel="stylesheet" href="/demo/demo.css">`,
  }),
  'twice.html': page({ script: SCRIPT + SCRIPT }),
  'defer.html': page({ script: '<script src="/kiosque.js" data-site="demo" defer></script>' }),
  'injected.html': page({
    script: `<script>window.addEventListener('load', function () {
      var s = document.createElement('script');
      s.src = '/kiosque.js'; s.dataset.site = 'demo';
      document.body.appendChild(s);
    });</script>`,
  }),
  'no-lang.html': page({ lang: null, slug: gatedSlug }),
  'english.html': page({ lang: 'en-GB', slug: gatedSlug }),
};

describe('hostile host pages', () => {
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

  /** Opens a page, waits for the widget's body, and returns the tab. */
  async function open(name, selector = '.kq-body p') {
    const tab = await openPage(browser);
    await tab.page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
    });
    await tab.page.goto(`${server.base}/${name}`);
    await tab.page.locator(selector).first().waitFor({ timeout: 15000 });
    return tab;
  }

  const widgetStyle = (p) =>
    p.evaluate(() => {
      const root = document.querySelector('[data-kiosque]').shadowRoot;
      const s = getComputedStyle(root.querySelector('.kq-body p'));
      return { fontSize: s.fontSize, display: getComputedStyle(root.querySelector('.kq')).display };
    });

  test('`* { all: unset }` leaves the widget styled', async () => {
    const tab = await open('all-unset.html');
    assert.deepEqual(await widgetStyle(tab.page), { fontSize: '17px', display: 'block' });
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('an AMD loader on the page is left alone', async () => {
    const tab = await open('amd.html');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('polluted Array and Object prototypes change nothing', async () => {
    const tab = await open('polluted.html', '.kq-paywall');
    assert.equal(await tab.page.locator('.kq-meter').count(), 0, 'no meter invented from the prototype');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a strict Content-Security-Policy needs only wasm-unsafe-eval and the API origin', async () => {
    const tab = await open('csp.html');
    assert.deepEqual(await widgetStyle(tab.page), { fontSize: '17px', display: 'block' });
    assert.deepEqual(await tab.page.evaluate(() => window.__violations), []);
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('the script included twice mounts once and loads the wasm once', async () => {
    const tab = await open('twice.html');
    await tab.page.waitForLoadState('networkidle');
    const counts = await tab.page.evaluate(() => document.querySelector('[data-kiosque]').shadowRoot.querySelectorAll('.kq').length);
    assert.equal(counts, 1);
    const wasm = (await tab.bodies()).filter((r) => r.url.endsWith('.wasm'));
    assert.equal(wasm.length, 1);
    await tab.close();
  });

  for (const name of ['defer.html', 'injected.html']) {
    test(`the script ${name === 'defer.html' ? 'deferred' : 'injected after load'} works`, async () => {
      const tab = await open(name);
      assert.deepEqual(tab.pageErrors, []);
      await tab.close();
    });
  }

  test('without <html lang> the widget speaks French; with lang="en-GB", English', async () => {
    const fr = await open('no-lang.html', '.kq-paywall');
    await fr.page.getByText('Impression et téléchargement sont réservés aux abonnés.').waitFor();
    await fr.close();
    const en = await open('english.html', '.kq-paywall');
    await en.page.getByText('Printing and downloading are for subscribers.').waitFor();
    await en.close();
  });
});
