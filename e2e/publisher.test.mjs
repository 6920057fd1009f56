// A publisher's own site, set up by following the README's "Publishers: getting started" steps
// literally (command line and HTTP), on a server without the demo: the publisher's pages are
// served from another origin (a static server on a second port) and load kiosque.js from the
// Kiosque server, as on the web. Then a reader in Chromium on that page: a paywall cut on the
// server for a pushed article, teasers of pushed and imported articles, the offers, a webinar
// sign-up, a subscriber token made with the README's Node and Python examples; and a page on an
// origin the site does not allow, which keeps its fallback while the server log names it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import jwt from 'jsonwebtoken';

import { allPageText, launchBrowser, openPage, signedInToConsole, startServer, violations } from './harness.mjs';

const SITE = 'journal';
const SLUG = 'foyers-penurie';
const PUBLIC = ['Premier paragraphe, public.', 'Deuxième paragraphe, public aussi.'];
const GATED = 'Cette troisième phrase est réservée aux abonnés.';
const FEED_GATED = 'La suite de l’article importé, pour les abonnés.';

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** The publisher's own static site: its pages and its RSS feed. */
function staticSite(pages) {
  return http.createServer((req, res) => {
    const page = pages[new URL(req.url, 'http://x').pathname];
    if (!page) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': page.type });
    res.end(page.body);
  });
}

/** An article page of the publisher, with the README's tag and placeholders (step 5). */
function articlePage(kiosque, { entitlement } = {}) {
  const token = entitlement ? ` data-entitlement="${entitlement}"` : '';
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Le Journal</title>
<script src="${kiosque}/kiosque.js" data-site="${SITE}"
        data-api="${kiosque}"${token} async crossorigin></script>
<script>window.events = [];
for (const name of ['kiosque:error', 'kiosque:webinar-registered']) {
  document.addEventListener(name, (e) => window.events.push({ type: e.type, detail: e.detail }));
}</script></head><body><h1>Les foyers face à la pénurie</h1>
<div data-kiosque="paywall" data-article="${SLUG}">
  <p id="fallback">Lire cet article sur <a href="/abonnement">notre kiosque</a>.</p>
</div>
<div data-kiosque="teasers" data-section="enfance" data-limit="3"></div>
<div data-kiosque="teasers" data-section="actualites" id="imported"></div>
<div data-kiosque="offers" data-placement="inline" data-article="${SLUG}"></div>
<div data-kiosque="webinar" data-series="ateliers"></div>
<div data-kiosque="webinar" data-series="pas-de-serie"><p id="no-series">Nos webinaires</p></div>
</body></html>`;
}

function feed() {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Le Journal</title><link>https://journal.example/</link><description>Le fil</description>
<item><guid>https://journal.example/?p=7</guid><title>Un article venu du flux</title>
<description>Le chapeau du flux.</description>
<content:encoded><![CDATA[<p>Un début public.</p><p>Un second paragraphe public.</p><img src=x onerror="alert(1)"><p>${FEED_GATED}</p>]]></content:encoded>
<pubDate>Tue, 01 Dec 2026 08:00:00 +0000</pubDate></item></channel></rss>`;
}

describe('a publisher on its own origin, set up from the README', () => {
  let server;
  let publisher;
  let stranger;
  let origin;
  let strangerOrigin;
  let browser;
  let entitlementKey;
  const pages = {};
  const strangerPages = {};

  before(async () => {
    publisher = staticSite(pages);
    origin = `http://127.0.0.1:${await listen(publisher)}`;
    stranger = staticSite(strangerPages);
    strangerOrigin = `http://127.0.0.1:${await listen(stranger)}`;
    pages['/feed.xml'] = { type: 'application/rss+xml', body: feed() };

    // 1. Run the server (no demo content: a publisher's production server).
    server = await startServer({ demo: false });
    const kiosque = server.base;
    // 2. The site and the origin of its pages.
    server.cli('site', 'create', SITE, '--name', 'Le Journal', '--origin', origin);
    assert.equal(server.cli('site', 'origins', SITE, '--list'), origin);
    // Meter off, so the first read meets the wall (the meter has its own tests).
    server.cli('site', 'meter', SITE, '--anonymous', '0');
    // 3. The keys.
    entitlementKey = server.cli('site', 'entitlement-key', SITE);
    const apiKey = server.cli('site', 'api-key', SITE, '--name', 'CMS');
    const admin = (path, method, body) =>
      fetch(`${kiosque}/v1/admin/sites/${SITE}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // 4. An article pushed as the README's curl does, and the feed imported.
    const pushed = await admin(`/articles/${SLUG}`, 'PUT', {
      title: 'Les foyers face à la pénurie',
      standfirst: 'Enquête dans trois départements.',
      body_html: `<p>${PUBLIC[0]}</p><script>alert("x")</script><p onclick="alert(1)">${PUBLIC[1]}</p><p>${GATED}</p>`,
      access: 'subscribers',
      section: 'enfance',
      section_name: 'Enfance',
      published_at: '2026-12-01',
      paywall_after: 2,
    });
    assert.equal(pushed.status, 201, await pushed.text());
    // Not blocking this process: the feed is served by it.
    const imported = await server.cliAsync('site', 'feed', SITE, '--add', `${origin}/feed.xml`,
      '--access', 'subscribers', '--every', '15m', '--import');
    assert.match(imported, /1 created/);
    // A webinar series and a session, through the admin API.
    assert.equal((await admin('/webinars/ateliers', 'PUT', { title: 'Ateliers du Journal' })).status, 201);
    const day = new Date(Date.now() + 14 * 86400e3).toISOString().slice(0, 10);
    const session = await admin('/webinars/ateliers/sessions/atelier-1', 'PUT', {
      title: 'Atelier : écrire pour le web', starts_at: `${day}T15:30:00`, ends_at: `${day}T17:00:00`,
      time_zone: 'Europe/Paris', capacity: 30, waitlist: true,
    });
    assert.equal(session.status, 201, await session.text());

    browser = await launchBrowser();
    // 6. Offers, made in the console: one in the paywall, one inline block.
    const tab = await signedInToConsole(browser, server, 'marketing@journal.example', { sites: [SITE] });
    const { page } = tab;
    for (const [id, placement, headline] of [
      ['annuel', 'Mur de paiement', 'Un an de Journal'],
      ['essai', 'Bloc dans l’article', 'Un mois pour essayer'],
    ]) {
      await page.goto(`${kiosque}/admin/sites/${SITE}/offres/nouvelle`);
      await page.getByLabel('Identifiant de l’offre').fill(id);
      await page.getByLabel('Nom interne').fill(headline);
      await page.getByLabel('Page de paiement').fill(`${origin}/abonnement`);
      await page.getByRole('radio', { name: placement }).check();
      const variant = page.locator('fieldset.variant').first();
      await variant.getByLabel('Identifiant').fill('a');
      await variant.getByLabel('Poids').fill('1');
      await variant.getByLabel('Titre affiché aux lecteurs', { exact: true }).fill('Le Journal');
      await variant.getByLabel('Accroche', { exact: true }).fill(headline);
      await variant.getByLabel('Prix affiché', { exact: true }).fill('9,90 €');
      await variant.getByLabel('Période (par mois…)', { exact: true }).fill('par mois');
      await variant.getByLabel('Texte du bouton', { exact: true }).fill('Je m’abonne');
      await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
      await page.getByText('Brouillon').first().waitFor();
      await page.goto(`${kiosque}/admin/sites/${SITE}/offres/${id}`);
      await page.getByRole('button', { name: 'Enregistrer et publier' }).click();
      await page.getByText('Publiée').first().waitFor();
    }
    // The site's page shows the exact tag for this site and server.
    await page.goto(`${kiosque}/admin/sites/${SITE}`);
    const snippet = await page.locator('pre code').textContent();
    assert.ok(snippet.includes(`<script src="${kiosque}/kiosque.js" data-site="${SITE}" data-api="${kiosque}" async crossorigin></script>`), snippet);
    await tab.close();

    // 5. The tag and placeholders on the publisher's page (another origin).
    pages['/article.html'] = { type: 'text/html; charset=utf-8', body: articlePage(kiosque) };
    strangerPages['/article.html'] = { type: 'text/html; charset=utf-8', body: articlePage(kiosque) };
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    publisher?.close();
    stranger?.close();
  });

  test('the page on the allowed origin gets a paywall cut on the server, teasers and offers', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${origin}/article.html`);
    const paywall = page.locator('.kq-paywall');
    await paywall.waitFor({ timeout: 15000 });
    assert.deepEqual(await page.locator('[data-kiosque="paywall"] .kq-body p').allTextContents(), PUBLIC);
    // The site's one offer is on the wall at once, with its price: nothing to press.
    await paywall.locator('.kq-offer-headline').getByText('Un an de Journal').waitFor({ timeout: 15000 });
    // The card's title is the one written for readers, not the offer's internal name.
    assert.equal(await paywall.locator('.kq-offer-title').textContent(), 'Le Journal');
    assert.equal(await paywall.getByRole('button').count(), 0);
    await page.locator('[data-kiosque="offers"] .kq-offer-headline').getByText('Un mois pour essayer').waitFor({ timeout: 15000 });

    const pushedTeasers = page.locator('[data-kiosque="teasers"]:not(#imported) .kq-teaser-title a');
    await pushedTeasers.first().waitFor({ timeout: 15000 });
    assert.deepEqual(await pushedTeasers.allTextContents(), ['Les foyers face à la pénurie']);
    const importedTeasers = page.locator('#imported .kq-teaser-title a');
    await importedTeasers.first().waitFor({ timeout: 15000 });
    assert.deepEqual(await importedTeasers.allTextContents(), ['Un article venu du flux']);

    // The imported article, opened in the same page's paywall, is cut too.
    await page.evaluate(() => {
      const el = document.createElement('div');
      el.id = 'feed-article';
      document.body.append(el);
    });
    const slug = await importedTeasers.first().getAttribute('href');
    await page.evaluate((s) => Kiosque.mount(document.querySelector('#feed-article'), { kind: 'paywall', article: s.split('/').pop() }), slug);
    await page.locator('#feed-article .kq-paywall').waitFor({ timeout: 15000 });

    // Not one gated sentence in any response or anywhere in the page.
    const everything = [(await tab.bodies()).map((r) => r.body).join('\n'), await allPageText(page)].join('\n');
    for (const gated of [GATED, FEED_GATED, 'alert(']) {
      assert.ok(!everything.includes(gated), `${gated} reached the reader`);
    }
    assert.deepEqual(tab.pageErrors, []);
    assert.deepEqual(await violations(page), []);
    await tab.close();
  });

  test('a page with only a paywall, on the allowed origin, gets the paywall module and the cut article', async () => {
    pages['/seul.html'] = {
      type: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Le Journal</title>
<script src="${server.base}/kiosque.js" data-site="${SITE}" data-api="${server.base}" async crossorigin></script></head>
<body><div data-kiosque="paywall" data-article="${SLUG}"></div></body></html>`,
    };
    const tab = await openPage(browser);
    const { page } = tab;
    const wasm = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url())); });
    await page.goto(`${origin}/seul.html`);
    await page.locator('.kq-paywall').waitFor({ timeout: 15000 });
    assert.deepEqual(await page.locator('[data-kiosque="paywall"] .kq-body p').allTextContents(), PUBLIC);
    assert.deepEqual(wasm.map((u) => [u.origin, /^\/kiosque_paywall_bg\.[0-9a-f]{16}\.wasm$/.test(u.pathname)]),
      [[server.base, true]], 'the paywall module, from the Kiosque server');
    assert.ok(!(await allPageText(page)).includes(GATED));
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a page of teasers only, or of a webinar only, gets that kind’s module, styled', async () => {
    const cases = [
      ['teasers-seul', '<div data-kiosque="teasers" data-section="enfance" data-layout="grid"></div>', 'kiosque_teasers', '.kq-teaser-list'],
      ['webinaire-seul', '<div data-kiosque="webinar" data-series="ateliers"></div>', 'kiosque_webinar', '.kq-sessions'],
    ];
    for (const [name, placeholder, stem, list] of cases) {
      pages[`/${name}.html`] = {
        type: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Le Journal</title>
<script src="${server.base}/kiosque.js" data-site="${SITE}" data-api="${server.base}" async crossorigin></script></head>
<body>${placeholder}</body></html>`,
      };
      const tab = await openPage(browser);
      const { page } = tab;
      const wasm = [];
      page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url())); });
      await page.goto(`${origin}/${name}.html`);
      const shown = page.locator(list);
      await shown.waitFor({ timeout: 15000 });
      assert.deepEqual(wasm.map((u) => [u.origin, new RegExp(`^/${stem}_bg\\.[0-9a-f]{16}\\.wasm$`).test(u.pathname)]),
        [[server.base, true]], `${name}: the ${stem} module, from the Kiosque server`);
      // The rules of the kinds other than the paywall came with it (a grid, not a plain list).
      assert.equal(await shown.evaluate((e) => getComputedStyle(e).display), 'grid', name);
      assert.deepEqual(tab.pageErrors, [], name);
      assert.deepEqual(await violations(page), [], name);
      await tab.close();
    }
  });

  test('a reader signs up for a webinar; an unknown series keeps the page’s content with series_not_found', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${origin}/article.html`);
    const form = page.locator('[data-series="ateliers"] form');
    await form.waitFor({ timeout: 15000 });
    // The title as the admin API wrote it, with French typography.
    assert.equal(await page.locator('[data-series="ateliers"] .kq-session-title').textContent(),
      'Atelier\u00a0: écrire pour le web');
    const field = (name) => form.getByRole('textbox', { name, exact: true });
    await field('Prénom').fill('Inès');
    await field('Nom').fill('Morel');
    await field('Adresse e-mail').fill('ines@exemple.fr');
    await field('Organisation').fill('Mission locale');
    await form.locator('input[name="consent_processing"]').check();
    await page.waitForTimeout(3100); // a person takes longer than the bot threshold
    await form.getByRole('button', { name: 'S’inscrire' }).click();
    await page.locator('[data-series="ateliers"] .kq-done').waitFor({ timeout: 15000 });

    await page.waitForFunction(() => window.events.some((e) => e.type === 'kiosque:error'));
    const events = await page.evaluate(() => window.events);
    assert.deepEqual(events.filter((e) => e.type === 'kiosque:error').map((e) => e.detail.code), ['series_not_found']);
    assert.ok(events.some((e) => e.type === 'kiosque:webinar-registered' && e.detail.series === 'ateliers'));
    assert.ok(await page.locator('#no-series').isVisible(), 'the placeholder keeps its own content');
    await tab.close();
  });

  test('a subscriber token made as the README shows (Node, Python) opens the full text', async () => {
    // The README's Node.js example, with npm jsonwebtoken.
    const fromNode = jwt.sign({ aud: SITE, sub: 'abonne-42' }, entitlementKey, { algorithm: 'HS256', expiresIn: '1h' });
    // The README's Python example, with PyJWT.
    const fromPython = execFileSync('python3', ['-c', `
import os, time, jwt
now = int(time.time())
token = jwt.encode({"aud": "journal", "sub": "abonne-42", "iat": now, "exp": now + 3600},
                   os.environ["KIOSQUE_ENTITLEMENT_KEY"], algorithm="HS256")
print(token)`], { env: { ...process.env, KIOSQUE_ENTITLEMENT_KEY: entitlementKey } }).toString().trim();
    for (const token of [fromNode, fromPython]) {
      pages['/abonne.html'] = { type: 'text/html; charset=utf-8', body: articlePage(server.base, { entitlement: token }) };
      const tab = await openPage(browser);
      const { page } = tab;
      await page.goto(`${origin}/abonne.html`);
      const body = page.locator('[data-kiosque="paywall"] .kq-body');
      await body.getByText(GATED).waitFor({ timeout: 15000 });
      assert.equal(await page.locator('[data-kiosque="paywall"] .kq-paywall').count(), 0);
      await tab.close();
    }
  });

  test('a page on an origin the site does not allow keeps its fallback, and the log names the origin', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${strangerOrigin}/article.html`);
    await page.locator('#fallback').waitFor({ state: 'visible', timeout: 15000 });
    assert.equal(await page.locator('.kq-paywall').count(), 0);
    const everything = (await tab.bodies()).map((r) => r.body).join('\n');
    assert.ok(!everything.includes(PUBLIC[0]) && !everything.includes(GATED));
    const deadline = Date.now() + 5000;
    while (!server.log().includes(`browser on ${strangerOrigin} was refused`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(server.log(), new RegExp(`site origins journal --add ${strangerOrigin.replace(/\./g, '\\.')}`));
    await tab.close();
  });
});
