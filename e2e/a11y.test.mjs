// Accessibility: axe-core in Chromium on every widget state (zero serious or critical
// violations), and the paywall and the registration form used with the keyboard alone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoContent, gatedArticles, launchBrowser, openPage, startServer, startSmtpSink, violations } from './harness.mjs';

const content = demoContent();
const gated = gatedArticles(content);
const levelOf = (slug) => content.articles.find((a) => a.slug === slug).access;
const subscriberOnly = gated.filter((g) => levelOf(g.slug) === 'subscribers');
const registeredOnly = gated.find((g) => levelOf(g.slug) === 'registered');

describe('accessibility', () => {
  let smtp;
  let server;
  let browser;
  before(async () => {
    smtp = await startSmtpSink();
    server = await startServer({
      meter: 0,
      smtp,
      pages: {
        'dark.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Sombre</title>
<meta name="color-scheme" content="light dark">
<style>body { background: Canvas; color: CanvasText; }</style>
<script src="/kiosque.js" data-site="demo" async></script></head><body>
<div data-kiosque="paywall" data-article="${subscriberOnly[2].slug}"></div></body></html>`,
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    smtp?.stop();
  });

  test('axe looks inside the shadow roots (a planted violation is found)', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.base}/articles/${subscriberOnly[0].slug}`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    await page.evaluate(() => {
      const root = document.querySelector('[data-kiosque]').shadowRoot;
      root.querySelector('.kq-paywall').append(document.createElement('button'));
    });
    const found = await violations(page);
    assert.ok(found.some((v) => v.startsWith('button-name')), found.join('\n'));
    await tab.close();
  });

  test('every widget state passes axe', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const check = async (state) => assert.deepEqual(await violations(page), [], state);

    // Paywall with teasers below, then the offers.
    await page.goto(`${server.base}/articles/${subscriberOnly[0].slug}`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    await page.locator('.kq-teaser').first().waitFor({ timeout: 15000 });
    await check('paywall and teasers');
    await page.getByRole('button', { name: 'Découvrez nos offres' }).click();
    await page.locator('.kq-offer').first().waitFor();
    await check('offers');

    // The registration form, with an error, then after the code was sent.
    await page.goto(`${server.base}/articles/${registeredOnly.slug}`);
    const form = page.locator('form.kq-register');
    await form.waitFor({ timeout: 15000 });
    await check('registration form');
    await form.getByLabel('Votre adresse e-mail').fill('pas-une-adresse');
    await form.getByRole('button', { name: 'Recevoir mon code' }).click();
    await form.getByRole('alert').waitFor();
    await check('registration form with an error');
    await form.getByLabel('Votre adresse e-mail').fill('axe@exemple.fr');
    await form.getByRole('button', { name: 'Recevoir mon code' }).click();
    await form.getByLabel('Code à 6 chiffres').waitFor();
    await check('code sent');

    // A free article in full.
    await page.goto(`${server.base}/articles/${content.articles.find((a) => a.access === 'free').slug}`);
    await page.locator('.kq-body p').first().waitFor({ timeout: 15000 });
    await check('full article');
    await tab.close();
  });

  test('on a 360 px phone no text of the widget is under 12 px', async () => {
    const tab = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const { page } = tab;
    // The smallest font size of any element holding text, in every shadow root.
    const smallest = () => page.evaluate(() => {
      let min = Infinity;
      let what = '';
      for (const host of document.querySelectorAll('[data-kiosque]')) {
        for (const el of host.shadowRoot?.querySelectorAll('*') ?? []) {
          const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
          const size = parseFloat(getComputedStyle(el).fontSize);
          if (text && size < min) [min, what] = [size, `${el.className}: ${el.textContent.trim().slice(0, 30)}`];
        }
      }
      return { min, what };
    });
    for (const path of [`/articles/${subscriberOnly[0].slug}`, '/', '/webinaires']) {
      await page.goto(`${server.base}${path}`);
      await page.locator('[data-kiosque] .kq').first().waitFor({ timeout: 15000 });
      await page.locator('.kq-teaser, .kq-session, .kq-offer').first().waitFor({ timeout: 15000 });
      const { min, what } = await smallest();
      assert.ok(min >= 12, `${path}: ${min} px (${what})`);
      // The demo's masthead: its menu on one line (it scrolls sideways), nothing wider than
      // the phone.
      const layout = await page.evaluate(() => ({
        menuRows: new Set([...document.querySelectorAll('.masthead nav a')].map((a) => a.getBoundingClientRect().top)).size,
        pageWidth: document.documentElement.scrollWidth,
      }));
      assert.deepEqual(layout, { menuRows: 1, pageWidth: 360 }, path);
    }
    await tab.close();
  });

  test('dark scheme: followed on pages that declare it, never forced on a light page', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const look = () =>
      page.evaluate(() => {
        const kq = document.querySelector('[data-kiosque]').shadowRoot.querySelector('.kq');
        const s = getComputedStyle(kq);
        return { background: s.backgroundColor, color: s.color };
      });
    await page.goto(`${server.base}/dark.html`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.deepEqual(await look(), { background: 'rgb(13, 17, 23)', color: 'rgb(230, 237, 243)' });
    assert.deepEqual(await violations(page), [], 'dark theme');
    // Reduced motion: the loading skeleton does not pulse.
    const skeletonAnimation = () =>
      page.evaluate(() => {
        const kq = document.querySelector('[data-kiosque]').shadowRoot.querySelector('.kq');
        const probe = document.createElement('div');
        probe.className = 'kq-skeleton';
        kq.append(probe);
        const name = getComputedStyle(probe).animationName;
        probe.remove();
        return name;
      });
    assert.equal(await skeletonAnimation(), 'none');
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'no-preference' });
    assert.equal(await skeletonAnimation(), 'kq-pulse');

    await page.goto(`${server.base}/articles/${subscriberOnly[2].slug}`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    const light = await look();
    assert.equal(light.color, 'rgb(31, 35, 40)', 'the demo site is light: so is the widget');
    await tab.close();
  });

  test('the paywall and the registration form work with the keyboard alone', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.base}/articles/${subscriberOnly[1].slug}`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });

    // Tab until the offers button has focus, open the offers with Enter, reach an offer link.
    const focused = () =>
      page.evaluate(() => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return el ? (el.getAttribute('aria-label') || el.textContent || '').trim() : '';
      });
    const tabTo = async (label, max = 40) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if ((await focused()) === label) return;
      }
      throw new Error(`never reached ${label} with Tab`);
    };
    await tabTo('Découvrez nos offres');
    await page.keyboard.press('Enter');
    await page.locator('.kq-offer').first().waitFor();
    await tabTo(content.paywallOffers.find((o) => o.priority === 1).cta_label);

    // The form: type the address, submit with Enter, get the code from the mail, type it.
    await page.goto(`${server.base}/articles/${registeredOnly.slug}`);
    await page.locator('form.kq-register').waitFor({ timeout: 15000 });
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.querySelector('[data-kiosque]').shadowRoot.activeElement?.id);
      if (id === 'kq-email') break;
    }
    await page.keyboard.type('clavier@exemple.fr');
    await page.keyboard.press('Enter');
    await page.locator('#kq-code').waitFor();
    // Focus moved to the code field by itself.
    assert.equal(await page.evaluate(() => document.querySelector('[data-kiosque]').shadowRoot.activeElement?.id), 'kq-code');
    const mail = await smtp.waitForMail('clavier@exemple.fr');
    await page.keyboard.type(/(\d{6})$/.exec(mail.subject)[1]);
    await page.keyboard.press('Enter');
    await page.locator('.kq-account').waitFor({ timeout: 15000 });
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
