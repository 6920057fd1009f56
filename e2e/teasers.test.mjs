// The teasers placeholder: newest, by section, by tag, related; layouts; "Voir plus"; dates
// in the reader's language; links to the publisher's pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoContent, launchBrowser, openPage, startServer } from './harness.mjs';

const content = demoContent();
const newest = content.articles.slice().sort((a, b) => b.published_at.localeCompare(a.published_at));

function teasersPage(attributes, lang = 'fr') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Teasers</title>
<script src="/kiosque.js" data-site="demo" async></script></head><body>
<div data-kiosque="teasers" ${attributes}><p>Nos derniers articles</p></div></body></html>`;
}

describe('teasers', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({
      pages: {
        'newest.html': teasersPage('data-limit="3" data-link="/lire/{slug}"'),
        'grid.html': teasersPage('data-layout="grid" data-tag="hébergement"', 'en'),
        'section.html': teasersPage('data-section="protection-enfance" data-layout="compact"'),
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the newest, three at a time, with "Voir plus"', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.base}/newest.html`);
    const titles = page.locator('.kq-teaser-title a');
    await titles.first().waitFor({ timeout: 15000 });
    assert.deepEqual(await titles.allTextContents(), newest.slice(0, 3).map((a) => a.title));
    assert.equal(await titles.first().getAttribute('href'), `/lire/${newest[0].slug}`);
    const first = page.locator('.kq-teaser').first();
    const [year, month, day] = newest[0].published_at.split('-');
    const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
    const expectedDate = `${Number(day) === 1 ? '1er' : Number(day)} ${months[Number(month) - 1]} ${year}`;
    assert.equal(await first.locator('time').textContent(), expectedDate);
    // Its picture, from the backend (absolute, so syndicated teasers keep it), loaded.
    const picture = first.locator('img.kq-teaser-image');
    assert.equal(await picture.getAttribute('src'), `${server.base}${newest[0].image.url}`);
    assert.equal(await picture.getAttribute('alt'), '', 'decorative: the title says it all');
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-kiosque]').shadowRoot.querySelector('img.kq-teaser-image');
      return img && img.complete && img.naturalWidth > 0;
    });

    const more = page.getByRole('button', { name: 'Voir plus' });
    await more.click();
    await page.waitForFunction(() => document.querySelector('[data-kiosque]').shadowRoot.querySelectorAll('.kq-teaser').length === 6);
    await more.click();
    await page.waitForFunction(() => document.querySelector('[data-kiosque]').shadowRoot.querySelectorAll('.kq-teaser').length === 8);
    assert.deepEqual(await titles.allTextContents(), newest.map((a) => a.title));
    assert.equal(await more.count(), 0, 'no more pages');
    await page.getByText('8 articles affichés').waitFor({ state: 'attached' });
    // Subscriber articles are marked.
    const badges = await page.locator('.kq-teaser .kq-badge').allTextContents();
    assert.equal(badges.filter((b) => b === 'Abonnés').length, content.articles.filter((a) => a.access === 'subscribers').length);
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('by tag in a grid, in English; by section, compact', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.base}/grid.html`);
    await page.locator('.kq-layout-grid .kq-teaser').first().waitFor({ timeout: 15000 });
    const tagged = newest.filter((a) => (a.tags || []).includes('hébergement')).map((a) => a.title);
    assert.deepEqual(await page.locator('.kq-teaser-title').allTextContents(), tagged);
    assert.match(await page.locator('time').first().textContent(), /^\d+ [A-Z][a-z]+ \d{4}$/);

    await page.goto(`${server.base}/section.html`);
    await page.locator('.kq-layout-compact .kq-teaser').first().waitFor({ timeout: 15000 });
    const inSection = newest.filter((a) => a.section === 'protection-enfance').map((a) => a.title);
    assert.deepEqual(await page.locator('.kq-teaser-title').allTextContents(), inSection);
    assert.equal(await page.locator('.kq-teaser-standfirst').count(), 0, 'compact: titles only');
    await tab.close();
  });

  test('"À lire aussi" under a demo article lists its section, itself left out', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const article = newest.find((a) => newest.filter((b) => b.section === a.section).length > 1);
    await page.goto(`${server.base}/articles/${article.slug}`);
    const related = page.locator('aside[data-kiosque="teasers"]');
    await related.getByRole('heading', { name: 'À lire aussi' }).waitFor({ timeout: 15000 });
    await related.locator('.kq-teaser').first().waitFor();
    const expected = newest.filter((a) => a.section === article.section && a.slug !== article.slug).slice(0, 3).map((a) => a.title);
    assert.deepEqual(await related.locator('.kq-teaser-title').allTextContents(), expected);
    await tab.close();
  });

  test('"À lire aussi" under the only article of its section is not shown at all', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const alone = newest.find((a) => newest.filter((b) => b.section === a.section).length === 1);
    assert.ok(alone, 'the demo has a section with one article');
    const answered = page.waitForResponse((r) => r.url().includes(`related=${encodeURIComponent(alone.slug)}`));
    await page.goto(`${server.base}/articles/${alone.slug}`);
    assert.equal((await answered).status(), 200);
    const related = page.locator('aside[data-kiosque="teasers"]');
    // The answer is in and the widget has rendered it (yew renders within the next frames).
    await page.waitForFunction(() => document.querySelector('aside[data-kiosque="teasers"]')?.shadowRoot);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await related.getByRole('heading', { name: 'À lire aussi' }).count(), 0);
    assert.equal(await related.locator('section.kq-teasers').count(), 0);
    await tab.close();
  });
});
