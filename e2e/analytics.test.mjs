// Analytics from the loader: offer impressions and clicks reach the backend in batches, with
// their variant and the reader id, and nothing leaves before consent where the site asks for it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoContent, gatedArticles, launchBrowser, openPage, startServer } from './harness.mjs';

const content = demoContent();
const slug = gatedArticles(content).find((g) => content.articles.find((a) => a.slug === g.slug).access === 'subscribers').slug;

function article(consent) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Article</title>
<script src="/kiosque.js" data-site="demo" ${consent ? 'data-consent="required"' : ''} async></script></head><body>
<div data-kiosque="paywall" data-article="${slug}"></div></body></html>`;
}

describe('analytics', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ meter: 0, pages: { 'open.html': article(false), 'consent.html': article(true) } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Every batch the page posts to /events, with the server's answer. */
  function batches(page) {
    const seen = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/v1/sites/demo/events')) seen.push(JSON.parse(request.postData()));
    });
    return seen;
  }

  async function showOffers(page) {
    await page.getByRole('button', { name: 'Découvrez nos offres' }).click();
    await page.locator('.kq-offer').first().waitFor();
  }

  test('the wall shown and the impressions are batched with their variant and the reader id', async () => {
    const tab = await openPage(browser);
    const sent = batches(tab.page);
    await tab.page.goto(`${server.base}/open.html`);
    await tab.page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    await showOffers(tab.page);
    const answer = await tab.page.waitForResponse((r) => r.url().endsWith('/events'), { timeout: 10000 });
    assert.equal(answer.status(), 200);
    assert.equal(sent.length, 1, 'one batch');
    const [batch] = sent;
    // Stored: the same batch again is all duplicates.
    const again = await fetch(`${server.base}/v1/sites/demo/events`, {
      method: 'POST',
      headers: { origin: server.base, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(batch),
    });
    assert.deepEqual(await again.json(), { accepted: 0 });
    assert.match(batch.reader, /^[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(
      batch.events.map((e) => [e.kind, e.offer, e.variant]).sort(),
      [...content.paywallOffers.map((o) => ['impression', o.id, 'a']), ['wall_view', undefined, undefined]].sort(),
    );
    assert.equal(new Set(batch.events.map((e) => e.id)).size, batch.events.length, 'distinct ids');
    await tab.close();
  });

  test('with data-consent="required", nothing is sent before Kiosque.setConsent({analytics: true})', async () => {
    const tab = await openPage(browser);
    const sent = batches(tab.page);
    await tab.page.goto(`${server.base}/consent.html`);
    await tab.page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    await showOffers(tab.page);
    await tab.page.waitForTimeout(3000);
    assert.equal(sent.length, 0, 'no consent, no request');
    await tab.page.evaluate(() => window.Kiosque.setConsent({ analytics: true }));
    await tab.page.waitForResponse((r) => r.url().endsWith('/events'), { timeout: 10000 });
    assert.equal(sent.length, 1);
    assert.equal(sent[0].events.length, content.paywallOffers.length + 1, 'what happened before consent (the wall, the offers) is sent after it');

    // Refused: nothing more, ever.
    await tab.page.evaluate(() => window.Kiosque.setConsent(false));
    await tab.page.getByRole('button', { name: 'Masquer les offres' }).click();
    await showOffers(tab.page);
    await tab.page.waitForTimeout(3000);
    assert.equal(sent.length, 1);
    await tab.close();
  });
});
