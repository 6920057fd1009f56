// Client-side mode: the publisher's page holds the whole article; the widget asks the server
// for the decision and cuts the page's own content short with CSS when the reader may not
// read it. (Bypassable by design; the README says so.)
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { demoContent, launchBrowser, openPage, startServer } from './harness.mjs';

const paragraphs = Array.from({ length: 12 }, (_, i) =>
  `<p>Paragraphe ${i + 1} de l’article tel que le site de l’éditeur le publie lui-même, assez long pour occuper plusieurs lignes à l’écran.</p>`,
).join('\n');

function page(extraScriptAttributes = '') {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Client</title>
<script src="/kiosque.js" data-site="demo"${extraScriptAttributes} async></script></head><body>
<h1>Un article du site</h1>
<div data-kiosque="paywall" data-mode="client" data-article="article-du-site-client" data-access="subscribers">
${paragraphs}
<p id="last">Dernier paragraphe, réservé aux abonnés.</p>
</div></body></html>`;
}

/** What a publisher's backend does: an HS256 token for a subscriber. */
function subscriberToken(key) {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ aud: 'demo', sub: 'abonne-client', iat: now, exp: now + 600 })}`;
  const signature = crypto.createHmac('sha256', key).update(input).digest('base64url');
  return `${input}.${signature}`;
}

function clipState(p) {
  return p.evaluate(() => {
    const root = document.querySelector('[data-kiosque]').shadowRoot;
    const clip = root.querySelector('.kq-clip');
    return { clipped: !!clip && clip.scrollHeight > clip.clientHeight + 10, paywall: !!root.querySelector('.kq-paywall') };
  });
}

describe('client-side mode', () => {
  let server;
  let browser;
  before(async () => {
    const key = demoContent().site.entitlement_key;
    server = await startServer({
      meter: 0,
      pages: {
        'client.html': page(),
        'client-abonne.html': page(` data-entitlement="${subscriberToken(key)}"`),
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a reader who may not read the article sees it cut short, then the paywall', async () => {
    const tab = await openPage(browser);
    await tab.page.goto(`${server.base}/client.html`);
    await tab.page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.deepEqual(await clipState(tab.page), { clipped: true, paywall: true });
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a subscriber reads the page’s own article in full', async () => {
    const tab = await openPage(browser);
    await tab.page.goto(`${server.base}/client-abonne.html`);
    await tab.page.waitForFunction(() => {
      const root = document.querySelector('[data-kiosque]').shadowRoot;
      return root && root.querySelector('.kq-article') && !root.querySelector('.kq-clip');
    }, null, { timeout: 15000 });
    assert.deepEqual(await clipState(tab.page), { clipped: false, paywall: false });
    assert.ok(await tab.page.locator('#last').isVisible());
    await tab.close();
  });
});
