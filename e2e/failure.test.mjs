// The backend down or hanging: the publisher's page is unaffected and shows its fallback
// within the timeout. The host page and kiosque.js come from a separate "publisher" server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, root } from './harness.mjs';

const TIMEOUT_MS = 1500;

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** The publisher's static site: dist/ plus one article page pointing at `api`. */
function publisherSite(pages) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (pages[url.pathname]) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(pages[url.pathname]);
    }
    const file = path.join(root, 'dist', path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(path.join(root, 'dist')) || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
}

function articlePage(api, policy) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Article</title>
<script src="/kiosque.js" data-site="demo" data-api="${api}" data-timeout="${TIMEOUT_MS}" data-on-failure="${policy}" async></script>
</head><body><h1 id="title">Un article</h1>
<div data-kiosque="paywall" data-article="un-article"><p id="fallback">Lire la suite sur notre site</p></div>
<p id="after">La page continue.</p></body></html>`;
}

describe('backend down or slow', () => {
  let publisher;
  let hanging;
  let browser;
  let base;
  const held = [];
  before(async () => {
    // A port nobody listens on: take one, then close it.
    const probe = http.createServer();
    const deadPort = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    // A backend that accepts connections and never answers.
    hanging = http.createServer((req, res) => held.push(res));
    const hangingPort = await listen(hanging);
    const dead = `http://127.0.0.1:${deadPort}`;
    const slow = `http://127.0.0.1:${hangingPort}`;
    publisher = publisherSite({
      '/down.html': articlePage(dead, 'fallback'),
      '/slow.html': articlePage(slow, 'fallback'),
      '/closed.html': articlePage(slow, 'closed'),
    });
    base = `http://127.0.0.1:${await listen(publisher)}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    held.forEach((res) => res.destroy());
    hanging?.close();
    publisher?.close();
  });

  for (const [name, file] of [['stopped', '/down.html'], ['hanging', '/slow.html']]) {
    test(`with the backend ${name}, the page loads and shows its fallback within the timeout`, async () => {
      const tab = await openPage(browser);
      const { page } = tab;
      await page.addInitScript(() => {
        window.kiosqueErrors = [];
        document.addEventListener('kiosque:error', (e) => window.kiosqueErrors.push(e.detail.code));
      });
      const started = Date.now();
      await page.goto(`${base}${file}`, { waitUntil: 'domcontentloaded' });
      assert.ok(await page.locator('#after').isVisible(), 'the host page renders at once');
      await page.locator('#fallback').waitFor({ state: 'visible', timeout: TIMEOUT_MS + 3000 });
      const elapsed = Date.now() - started;
      assert.ok(elapsed < TIMEOUT_MS + 3000, `fallback after ${elapsed} ms`);
      await page.locator('[data-kiosque]').getByRole('button', { name: 'Réessayer' }).waitFor();
      // Without the site's texts the widget cannot speak: the loader says so to the page.
      assert.deepEqual(await page.evaluate(() => window.kiosqueErrors), ['widget_unavailable']);
      assert.deepEqual(tab.pageErrors, []);
      await tab.close();
    });
  }

  test('with data-on-failure="closed" the placeholder content stays hidden', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${base}/closed.html`);
    await page.getByText('Ce contenu est momentanément indisponible.').waitFor({ timeout: TIMEOUT_MS + 3000 });
    assert.equal(await page.locator('#fallback').isVisible(), false);
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
