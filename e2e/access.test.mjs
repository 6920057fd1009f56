// The meter and subscriber entitlements, as a reader lives them in Chromium.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { allPageText, demoContent, gatedArticles, launchBrowser, openPage, startServer } from './harness.mjs';

const content = demoContent();
const gated = gatedArticles(content);
const subscriberOnly = gated.filter((g) => content.articles.find((a) => a.slug === g.slug).access === 'subscribers');

describe('the meter', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer(); // the demo meter: 2 free gated articles per 30 days
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an anonymous reader reads two gated articles, then meets the paywall', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const [first, second, third] = subscriberOnly;

    await page.goto(`${server.base}/articles/${first.slug}`);
    await page.locator('.kq-meter').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.kq-meter').textContent(), 'Il vous reste 1 article gratuit ce mois-ci.');
    assert.equal(await page.locator('.kq-paywall').count(), 0);
    assert.ok((await allPageText(page)).includes(first.gatedTexts.at(-1)), 'the whole article is shown');

    // Reading it again does not use another free article.
    await page.reload();
    await page.locator('.kq-meter').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.kq-meter').textContent(), 'Il vous reste 1 article gratuit ce mois-ci.');

    await page.goto(`${server.base}/articles/${second.slug}`);
    await page.locator('.kq-meter').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.kq-meter').textContent(), 'C’était votre dernier article gratuit ce mois-ci.');

    await page.goto(`${server.base}/articles/${third.slug}`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.kq-meter').textContent(), 'Vous avez lu vos 2 articles gratuits ce mois-ci.');
    const text = await allPageText(page);
    for (const sentence of third.gatedTexts) assert.ok(!text.includes(sentence));
    for (const { body } of await tab.bodies()) {
      for (const sentence of third.gatedTexts) assert.ok(!body.includes(sentence));
    }
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

});

describe('subscriber entitlements', () => {
  let server;
  let browser;
  before(async () => {
    // Meter off, so that only a valid token can open a gated article.
    server = await startServer({ meter: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the home page banner offers a reader one offer, and a subscriber none', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.addInitScript(() => {
      window.__events = [];
      for (const type of ['ready', 'offer-impression', 'offer-click']) {
        document.addEventListener(`kiosque:${type}`, (e) => {
          if (e.target.dataset.kiosque === 'offers') window.__events.push([type, e.detail || {}]);
          if (type === 'offer-click') e.preventDefault();
        });
      }
    });
    const banner = content.offers.find((o) => o.placement === 'banner');
    await page.goto(`${server.base}/`);
    const offer = page.locator('[data-kiosque="offers"] .kq-offer');
    await offer.waitFor({ timeout: 15000 });
    assert.equal(await offer.count(), 1);
    // As written, with French typography: a no-break space before the unit ("1\u00a0€").
    assert.equal(await offer.locator('.kq-offer-headline').textContent(), banner.headline.replace(' €', '\u00a0€'));
    const link = offer.getByRole('link', { name: banner.cta_label });
    assert.match(await link.getAttribute('href'), /utm_medium=banner.*return_url=/);
    assert.deepEqual(await page.evaluate(() => window.__events), [
      ['ready', {}],
      ['offer-impression', { offer: banner.id, variant: 'a', placement: 'banner' }],
    ]);

    await page.goto(`${server.base}/articles/${subscriberOnly[0].slug}`);
    await page.getByRole('button', { name: 'Simuler un abonnement (démo)' }).click();
    await page.waitForURL(`${server.base}/articles/${subscriberOnly[0].slug}`);
    await page.goto(`${server.base}/`);
    await page.waitForFunction(() => window.__events.some(([type]) => type === 'ready'));
    assert.equal(await page.locator('[data-kiosque="offers"] .kq-offer').count(), 0, 'nothing for a subscriber');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a signed-in subscriber reads the full text; a tampered token does not', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const article = subscriberOnly[3];
    await page.goto(`${server.base}/articles/${article.slug}`);
    await page.getByRole('button', { name: 'Simuler un abonnement (démo)' }).click();
    await page.waitForURL(`${server.base}/articles/${article.slug}`);
    await page.locator('.kq-body').waitFor({ timeout: 15000 });
    // The demo header says what the widget does: a subscription, not a second sign-in.
    assert.equal(await page.locator('.masthead .account').textContent(), 'Abonnement simulé');
    assert.equal(await page.locator('.kq-paywall').count(), 0);
    assert.equal(await page.locator('.kq-meter').count(), 0, 'subscribers are not metered');
    assert.ok((await allPageText(page)).includes(article.gatedTexts.at(-1)));

    // Subscribers may print and download; the download is the article's text.
    const actions = page.locator('.kq-reader-actions');
    assert.equal(await actions.getByRole('button', { name: 'Imprimer' }).getAttribute('aria-disabled'), null);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      actions.getByRole('button', { name: 'Télécharger' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `${article.slug}.txt`);
    const saved = fs.readFileSync(await download.path(), 'utf8');
    assert.ok(saved.includes(article.gatedTexts.at(-1)));

    // The host page swaps in a forged token: the widget asks again and gets the paywall.
    await page.evaluate(() => {
      window.__refused = [];
      document.addEventListener('kiosque:entitlement-refused', (e) => window.__refused.push(e.detail.code));
      const token = document.querySelector('script[data-entitlement]').dataset.entitlement;
      const [header, payload] = token.split('.');
      window.Kiosque.setEntitlement(`${header}.${payload}.${'A'.repeat(43)}`);
    });
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.deepEqual(await page.evaluate(() => window.__refused), ['entitlement_invalid']);
    await page.getByText('Votre accès abonné n’a pas pu être vérifié').waitFor();
    const text = await allPageText(page);
    for (const sentence of article.gatedTexts) assert.ok(!text.includes(sentence), 'no gated text once refused');
    // Others see print and download locked, and why.
    const locked = page.locator('.kq-reader-actions').getByRole('button', { name: 'Télécharger', exact: true });
    assert.equal(await locked.getAttribute('aria-disabled'), 'true');
    // The padlock is drawn (no emoji glyph to miss), and not part of the button's name.
    assert.equal(await locked.evaluate((b) => getComputedStyle(b, '::before').borderTopStyle), 'solid');
    await page.getByText('Impression et téléchargement sont réservés aux abonnés.').waitFor();
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
