// The paywall placeholder in the demo site, end to end: server → loader → wasm → shadow root.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  allPageText,
  demoContent,
  gatedArticles,
  launchBrowser,
  openPage,
  startServer,
} from './harness.mjs';

const content = demoContent();
const gated = gatedArticles(content);
const subscriberOnly = content.articles.find((a) => a.access === 'subscribers');
const free = content.articles.find((a) => a.access === 'free');

describe('paywall placeholder', () => {
  let server;
  let browser;
  before(async () => {
    // Meter off: every anonymous reader meets the paywall (the meter has its own tests).
    server = await startServer({
      meter: 0,
      // A publisher's page with a paywall and nothing else.
      pages: {
        'paywall-only.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Un article</title></head>
<body><main><div data-kiosque="paywall" data-article="${subscriberOnly.slug}"></div></main>
<script src="/kiosque.js" data-site="demo" async></script></body></html>`,
        // A publisher's page with teasers and nothing else.
        'teasers-only.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>À lire</title></head>
<body><main><aside data-kiosque="teasers" data-limit="3"></aside></main>
<script src="/kiosque.js" data-site="demo" async></script></body></html>`,
        'late.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Un article</title></head>
<body><main><div data-kiosque="paywall" data-article="${subscriberOnly.slug}"><p id="fallback">Lire la suite sur notre site</p></div></main>
<script src="/kiosque.js" data-site="demo" data-timeout="1000" async></script></body></html>`,
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a subscriber-only article shows its teaser and the subscription box in a shadow root', async () => {
    const tab = await openPage(browser, { viewport: { width: 1280, height: 800 } });
    const { page } = tab;
    await page.goto(`${server.base}/articles/${subscriberOnly.slug}`);
    const paywall = page.locator('.kq-paywall');
    await paywall.waitFor({ timeout: 15000 });

    const placement = await page.evaluate(() => {
      const host = document.querySelector('[data-kiosque="paywall"]');
      return {
        inShadow: !!host.shadowRoot?.querySelector('.kq-paywall'),
        inLightDom: !!document.querySelector('.kq-paywall'),
      };
    });
    assert.deepEqual(placement, { inShadow: true, inLightDom: false });

    await assert.doesNotReject(paywall.getByText('Abonnement', { exact: true }).waitFor());
    await paywall.getByRole('heading', { name: 'Accédez à l’intégralité de nos contenus' }).waitFor();
    assert.deepEqual(await paywall.locator('.kq-benefits li').allTextContents(), [
      'Articles & brèves',
      'Vidéos & infographies',
      'Longs formats & dossiers juridiques',
      'Reportages & enquêtes',
    ]);
    const publicTexts = gated.find((g) => g.slug === subscriberOnly.slug).publicTexts;
    assert.deepEqual(await page.locator('.kq-body p').allTextContents(), publicTexts);

    // The best offer is on the wall at once, with its price; "Découvrez nos offres" reveals
    // the others in place.
    const offers = page.locator('.kq-offer');
    await offers.first().waitFor();
    assert.equal(await offers.count(), 1);
    const best = content.paywallOffers.find((o) => o.priority === 1);
    assert.equal(await offers.first().locator('.kq-price').textContent(), `${best.price.replace(' €', '\u00a0€')} ${best.period}`);
    const button = paywall.getByRole('button', { name: 'Découvrez nos offres' });
    await button.click();
    await page.locator('.kq-offer + .kq-offer').first().waitFor();
    assert.equal(await offers.count(), content.paywallOffers.length);
    // The cards share one row on a desktop (three offers, three columns: none alone on its
    // row), and stack on a phone.
    const rows = () => offers.evaluateAll((cards) => new Set(cards.map((c) => c.getBoundingClientRect().top)).size);
    assert.equal(content.paywallOffers.length, 3);
    assert.equal(await rows(), 1, 'one row at 1280 px');
    await page.setViewportSize({ width: 375, height: 800 });
    assert.equal(await rows(), 3, 'one card per row at 375 px');
    await paywall.getByText('Le plus choisi').waitFor();
    // The publisher's checkout, with the offer and variant for its analytics and the article
    // to come back to.
    const firstLink = new URL(await offers.first().getByRole('link').getAttribute('href'));
    const first = content.paywallOffers.find((o) => o.priority === 1);
    assert.equal(`${firstLink.origin}${firstLink.pathname}`, first.cta_url);
    assert.equal(firstLink.searchParams.get('utm_campaign'), first.id);
    assert.equal(firstLink.searchParams.get('utm_content'), 'a');
    assert.equal(firstLink.searchParams.get('return_url'), page.url());
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a free article is shown in full, without a paywall', async () => {
    const tab = await openPage(browser);
    await tab.page.goto(`${server.base}/articles/${free.slug}`);
    await tab.page.locator('.kq-body').waitFor({ timeout: 15000 });
    const texts = await tab.page.locator('.kq-body > *').allTextContents();
    assert.deepEqual(texts, free.body.map((b) => b.text));
    assert.equal(await tab.page.locator('.kq-paywall').count(), 0);
    await tab.close();
  });

  test('the article is asked for first and only once; the wall shows before the widget arrives', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const seen = [];
    // A slow wasm, so the order below cannot be luck: the loader must not wait for it.
    await page.route(/kiosque_widget_bg\.[0-9a-f]{16}\.wasm$/, async (route) => {
      seen.push('wasm asked');
      await new Promise((resolve) => setTimeout(resolve, 500));
      seen.push('wasm answered');
      await route.continue();
    });
    page.on('request', (request) => {
      if (request.url().includes(`/v1/sites/demo/articles/${subscriberOnly.slug}`)) seen.push('article asked');
    });
    await page.goto(`${server.base}/articles/${subscriberOnly.slug}`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.deepEqual(seen.filter((s) => s !== 'wasm asked'), ['article asked'], 'the wall painted before the wasm arrived');
    await page.waitForFunction(() => document.querySelector('[data-kiosque="paywall"]').shadowRoot.querySelector('.kq-paywall'));
    while (!seen.includes('wasm answered')) await page.waitForTimeout(50);
    assert.deepEqual(seen, ['article asked', 'wasm asked', 'wasm answered'], 'one article request, the module after it');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a widget that arrives after the timeout replaces nothing: the fallback, the event, Réessayer', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.addInitScript(() => {
      window.kiosqueErrors = [];
      document.addEventListener('kiosque:error', (e) => window.kiosqueErrors.push(e.detail.code));
    });
    // The article and the wasm held 4 s, the page's timeout 1 s (with the article in time, the
    // wall would be painted: see first-paint.test.mjs).
    let hold = true;
    const slow = async (route) => {
      if (hold) await new Promise((resolve) => setTimeout(resolve, 4000));
      await route.continue();
    };
    await page.route(/kiosque_paywall_bg\.[0-9a-f]{16}\.wasm$/, slow);
    await page.route(/\/v1\/sites\/demo\/articles\//, slow);
    await page.goto(`${server.base}/late.html`);
    const retry = page.locator('[data-kiosque]').getByRole('button', { name: 'Réessayer' });
    await retry.waitFor({ timeout: 3000 });
    assert.ok(await page.locator('#fallback').isVisible(), 'the placeholder’s own content');
    assert.deepEqual(await page.evaluate(() => window.kiosqueErrors), ['widget_unavailable']);
    // The wasm arrives: what the reader is reading stays.
    await page.waitForTimeout(4500);
    assert.equal(await page.locator('.kq-paywall').count(), 0, 'nothing replaced the page');
    assert.ok(await page.locator('#fallback').isVisible());
    // Unless the reader asks.
    hold = false;
    await retry.click();
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a page of paywalls downloads the paywall module; another kind brings the full one', async () => {
    const wasmOf = (urls, stem) => urls.filter((u) => new RegExp(`/${stem}_bg\\.[0-9a-f]{16}\\.wasm$`).test(u));
    // The demo's article page also has related teasers: the module with every kind, alone.
    let tab = await openPage(browser);
    let asked = [];
    tab.page.on('request', (r) => asked.push(r.url()));
    await tab.page.goto(`${server.base}/articles/${subscriberOnly.slug}`);
    await tab.page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    await tab.page.locator('.kq-teaser').first().waitFor({ timeout: 15000 });
    assert.equal(wasmOf(asked, 'kiosque_widget').length, 1);
    assert.equal(wasmOf(asked, 'kiosque_paywall').length, 0);
    await tab.close();

    // Paywalls only: the smaller module, and a teasers block added later brings the other.
    tab = await openPage(browser);
    asked = [];
    tab.page.on('request', (r) => asked.push(r.url()));
    await tab.page.goto(`${server.base}/paywall-only.html`);
    await tab.page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.equal(wasmOf(asked, 'kiosque_paywall').length, 1);
    assert.equal(wasmOf(asked, 'kiosque_widget').length, 0);
    await tab.page.evaluate(() => {
      const aside = document.createElement('aside');
      aside.setAttribute('data-kiosque', 'teasers');
      document.body.append(aside);
    });
    await tab.page.locator('.kq-teaser').first().waitFor({ timeout: 15000 });
    assert.equal(wasmOf(asked, 'kiosque_widget').length, 1);
    // Styled by the full module's stylesheet, not the paywall module's, loaded first.
    assert.equal(await tab.page.locator('.kq-teaser-list').evaluate((e) => getComputedStyle(e).display), 'grid');
    assert.equal(await tab.page.locator('.kq-paywall').count(), 1, 'the paywall stays');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a page of one other kind downloads that kind’s module alone, with its styles', async () => {
    const wasmStems = (urls) => urls.flatMap((u) => {
      const m = /\/(kiosque_[a-z]+)_bg\.[0-9a-f]{16}\.wasm$/.exec(u);
      return m ? [m[1]] : [];
    });
    // [page, module, an element of the kind, a rule only the other kinds' stylesheet has]
    const cases = [
      ['/teasers-only.html', 'kiosque_teasers', '.kq-teaser-list', ['display', 'grid']],
      ['/webinaires', 'kiosque_webinar', '.kq-sessions', ['display', 'grid']],
      ['/', 'kiosque_offers', '.kq-banner .kq-offer', ['flex-direction', 'row']],
    ];
    for (const [path, stem, selector, [property, value]] of cases) {
      const tab = await openPage(browser, { viewport: { width: 1280, height: 800 } });
      const asked = [];
      tab.page.on('request', (r) => asked.push(r.url()));
      await tab.page.goto(`${server.base}${path}`);
      const element = tab.page.locator(selector).first();
      await element.waitFor({ timeout: 15000 });
      assert.deepEqual(wasmStems(asked), [stem], path);
      assert.equal(await element.evaluate((e, p) => getComputedStyle(e)[p], property), value, `${path}: ${selector} styled`);
      assert.deepEqual(tab.pageErrors, [], path);
      await tab.close();
    }
  });

  test('gated text reaches no network response and no part of the page', async () => {
    for (const article of gated) {
      const tab = await openPage(browser);
      await tab.page.goto(`${server.base}/articles/${article.slug}`);
      // The subscription box, or the registration form for articles for registered readers.
      await tab.page.locator('.kq-paywall, form.kq-register').first().waitFor({ timeout: 15000 });
      // Also fetch what a curious reader could ask for directly.
      await tab.page.evaluate((base) => fetch(`${base}/v1/sites/demo/articles`).then((r) => r.text()), server.base);
      await tab.page.waitForLoadState('networkidle');
      const bodies = await tab.bodies();
      assert.ok(bodies.some((r) => r.url.includes(`/v1/sites/demo/articles/${article.slug}`)));
      const pageText = await allPageText(tab.page);
      for (const sentence of article.gatedTexts) {
        for (const { url, body } of bodies) {
          assert.ok(!body.includes(sentence), `${url} leaks a gated paragraph of ${article.slug}`);
        }
        assert.ok(!pageText.includes(sentence), `the page of ${article.slug} shows gated text`);
      }
      // The public part, on the other hand, is there.
      assert.ok(pageText.includes(article.publicTexts[0]));
      await tab.close();
    }
  });

  test('aggressive host CSS does not change the widget', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.base}/articles/${subscriberOnly.slug}`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    const measure = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-kiosque]').shadowRoot;
        const pick = (selector) => {
          const s = getComputedStyle(root.querySelector(selector));
          return [s.color, s.fontSize, s.fontFamily, s.lineHeight, s.letterSpacing, s.textTransform, s.backgroundColor].join(' | ');
        };
        return {
          paragraph: pick('.kq-body p'),
          title: pick('.kq-paywall-title'),
          button: pick('.kq-button'),
          hostTitle: getComputedStyle(document.querySelector('h1')).color,
        };
      });
    const before = await measure();
    await page.addStyleTag({
      content: `* { color: red !important; font-size: 40px !important; font-family: monospace !important;
                    line-height: 3 !important; letter-spacing: 4px !important; text-transform: uppercase !important;
                    background: yellow !important; }
                div, p, section, button, h2 { display: inline !important; }`,
    });
    const afterCss = await measure();
    assert.notEqual(afterCss.hostTitle, before.hostTitle, 'the hostile CSS applies to the host page');
    assert.equal(afterCss.paragraph, before.paragraph);
    assert.equal(afterCss.title, before.title);
    assert.equal(afterCss.button, before.button);
    await tab.close();
  });

  test('a page without placeholder never downloads the wasm', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.base}/a-propos`);
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => window.Kiosque && window.Kiosque.version);
    const urls = (await tab.bodies()).map((r) => r.url);
    assert.ok(urls.some((u) => u.endsWith('/kiosque.js')), 'the loader is loaded');
    assert.ok(!urls.some((u) => u.endsWith('.wasm')), 'no wasm downloaded');
    assert.ok(!urls.some((u) => /\/kiosque_widget\.[0-9a-f]{16}\.js$/.test(u)), 'no glue downloaded');

    // A placeholder added later (as a single-page app would) is mounted then.
    await page.evaluate((slug) => {
      const el = document.createElement('div');
      el.dataset.kiosque = 'paywall';
      el.dataset.article = slug;
      document.querySelector('main').append(el);
    }, free.slug);
    await page.locator('.kq-body p').first().waitFor({ timeout: 15000 });
    const later = (await tab.bodies()).map((r) => r.url);
    assert.equal(later.filter((u) => u.endsWith('.wasm')).length, 1);
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('the host page hears about the paywall, and bad placeholders break nothing', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const warnings = [];
    page.on('console', (msg) => {
      if (msg.text().startsWith('[kiosque]')) warnings.push(msg.text());
    });
    await page.addInitScript(() => {
      window.__events = [];
      document.addEventListener('kiosque:paywall-shown', (e) => window.__events.push({ type: e.type, detail: e.detail }));
    });
    await page.goto(`${server.base}/articles/${subscriberOnly.slug}`);
    await page.waitForFunction(() => window.__events.length > 0, null, { timeout: 15000 });
    assert.deepEqual(await page.evaluate(() => window.__events), [
      { type: 'kiosque:paywall-shown', detail: { article: subscriberOnly.slug } },
    ]);

    // An unknown kind and a missing article: logged, fallback content kept, nothing thrown.
    await page.evaluate(() => {
      const odd = document.createElement('div');
      odd.dataset.kiosque = 'carousel';
      odd.textContent = 'contenu de secours';
      const missing = document.createElement('div');
      missing.dataset.kiosque = 'paywall';
      missing.dataset.article = 'nexiste-pas';
      missing.innerHTML = '<p id="fb">Article indisponible</p>';
      document.body.append(odd, missing);
    });
    await page.locator('[data-article="nexiste-pas"]').getByRole('alert').waitFor({ timeout: 15000 });
    assert.ok(await page.getByText('contenu de secours').isVisible());
    assert.ok(await page.locator('#fb').isVisible(), 'the fallback is shown through the slot');
    assert.ok(warnings.some((w) => w.includes('unknown placeholder kind')), warnings.join('\n'));
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
