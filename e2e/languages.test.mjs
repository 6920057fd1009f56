// The publisher's texts in the reader's language: a marketer writes the paywall box, an
// offer's variant and the processing consent in English in the console; a page with
// data-lang="en" then gets them in English (the texts left untranslated stay French), and a
// French page keeps the French ones.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoContent, launchBrowser, openPage, signedInToConsole, startServer, violations } from './harness.mjs';

const content = demoContent();
const article = content.articles.find((a) => a.access === 'subscribers').slug;
const offer = content.paywallOffers[0];
const series = content.webinar_series[0].id;
const session = content.webinar_series[0].sessions[0].id;

function page(lang) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${lang}</title>
<script src="/kiosque.js" data-site="demo" async></script></head><body>
<div data-kiosque="paywall" data-article="${article}"></div>
<div data-kiosque="webinar" data-series="${series}" data-session="${session}"></div></body></html>`;
}

describe('publisher texts per language', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ meter: 0, pages: { 'en.html': page('en'), 'fr.html': page('fr') } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a marketer translates the wall, an offer and a consent; English readers get them, French readers keep theirs', async () => {
    const tab = await signedInToConsole(browser, server, 'traduction@exemple.fr');
    const { page: console_ } = tab;
    // The paywall box in English: the button is left empty, so it stays French.
    await console_.goto(`${server.base}/admin/sites/demo/mur`);
    const english = console_.locator('fieldset[lang="en"]');
    await english.getByLabel('Surtitre, en anglais', { exact: true }).fill('Subscription');
    await english.getByLabel('Titre, en anglais', { exact: true }).fill('Read everything we publish');
    await english.getByLabel('Avantages (un par ligne), en anglais', { exact: true }).fill('Articles and news\nLong reads');
    assert.deepEqual(await violations(console_), []);
    await console_.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await console_.waitForURL(/\/mur\?enregistre=1$/);
    assert.equal(await english.getByLabel('Titre, en anglais', { exact: true }).inputValue(), 'Read everything we publish');

    // The first variant of a paywall offer, in English, then published.
    await console_.goto(`${server.base}/admin/sites/demo/offres/${offer.id}`);
    const variant = console_.locator('fieldset.variant').first();
    // The translation is folded until opened.
    await variant.locator('summary', { hasText: 'En anglais' }).click();
    await variant.getByLabel('Accroche en anglais', { exact: true }).fill('One year of unlimited access');
    await variant.getByLabel('Période en anglais', { exact: true }).fill('a year');
    await console_.getByRole('button', { name: 'Enregistrer et publier' }).click();
    await console_.getByText('Publiée').first().waitFor();

    // The processing consent in English, under a new version.
    await console_.goto(`${server.base}/admin/sites/demo/webinaires/consentements`);
    const processing = console_.locator('form').filter({ has: console_.locator('[name="processing_text"]') });
    await processing.getByLabel('Le même texte en anglais (facultatif)', { exact: true }).fill('I agree that Le Fil Social processes my data to manage my registration.');
    await processing.getByRole('button', { name: 'Publier cette version' }).click();
    await console_.waitForURL(/fait=1/);
    await tab.close();

    const reader = await openPage(browser);
    const { page } = reader;
    await page.goto(`${server.base}/en.html`);
    const paywall = page.locator('.kq-paywall');
    await paywall.waitFor({ timeout: 15000 });
    await paywall.getByRole('heading', { name: 'Read everything we publish' }).waitFor();
    assert.deepEqual(await paywall.locator('.kq-benefits li').allTextContents(), ['Articles and news', 'Long reads']);
    await paywall.getByRole('button', { name: content.site.paywall.cta_label }).click();
    const headlines = paywall.locator('.kq-offer-headline');
    await headlines.first().waitFor({ timeout: 15000 });
    const shown = await headlines.allTextContents();
    assert.ok(shown.includes('One year of unlimited access'), shown.join(' | '));
    // The other offer was not translated: French.
    assert.ok(shown.includes(content.paywallOffers[1].headline), shown.join(' | '));
    await page.locator('[data-kiosque="webinar"] form').waitFor({ timeout: 15000 });
    assert.match(await page.locator('[data-kiosque="webinar"] form').textContent(), /I agree that Le Fil Social processes my data/);
    assert.deepEqual(reader.pageErrors, []);

    await page.goto(`${server.base}/fr.html`);
    await paywall.getByRole('heading', { name: content.site.paywall.title }).waitFor({ timeout: 15000 });
    await paywall.getByRole('button', { name: content.site.paywall.cta_label }).click();
    await headlines.first().waitFor({ timeout: 15000 });
    assert.ok((await headlines.allTextContents()).includes(offer.headline));
    await page.locator('[data-kiosque="webinar"] form').waitFor({ timeout: 15000 });
    assert.doesNotMatch(await page.locator('[data-kiosque="webinar"] form').textContent(), /I agree/);
    await reader.close();
  });
});
