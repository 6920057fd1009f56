// The marketers' console end to end: a marketer signs in (changing the one-time password),
// creates an offer with two variants, previews it in the real widget, publishes it; a reader
// opens the demo article and gets one variant; the impression shows in the console's figures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { background, demoContent, launchBrowser, openPage, signedInToConsole, startServer, violations } from './harness.mjs';

const content = demoContent();
const article = content.articles.find((a) => a.access === 'subscribers').slug;
const registered = content.articles.find((a) => a.access === 'registered').slug;

describe('console', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({
      meter: 0,
      pages: {
        'plain.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Sans style</title>
<script src="/kiosque.js" data-site="demo" async></script></head><body>
<div data-kiosque="paywall" data-article="${article}"></div></body></html>`,
        'english.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>In English</title>
<script src="/kiosque.js" data-site="demo" async></script></head><body>
<div data-kiosque="paywall" data-article="${registered}"></div></body></html>`,
        'french.html': `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>En français</title>
<script src="/kiosque.js" data-site="demo" async></script></head><body>
<div data-kiosque="paywall" data-article="${registered}"></div></body></html>`,
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A new marketer of the demo site, signed in with the one-time password changed. */
  const signedIn = (email) => signedInToConsole(browser, server, email);

  test('a marketer creates, previews and publishes an A/B offer; readers get one variant; figures count it', async () => {
    const tab = await signedIn('marketing@exemple.fr');
    const { page } = tab;

    await page.goto(`${server.base}/admin/sites/demo/offres/nouvelle`);
    await page.getByLabel('Identifiant de l’offre').fill('essai-decouverte');
    await page.getByLabel('Nom interne').fill('Essai de Noël (interne)');
    await page.getByLabel('Page de paiement').fill('ftp://abonnement.example.org/essai');
    const variants = page.locator('fieldset.variant');
    const fillVariant = async (i, id, headline) => {
      const v = variants.nth(i);
      await v.getByLabel('Identifiant').fill(id);
      await v.getByLabel('Poids').fill('1');
      await v.getByLabel('Titre affiché aux lecteurs', { exact: true }).fill('Découverte');
      await v.getByLabel('Accroche', { exact: true }).fill(headline);
      await v.getByLabel('Prix affiché', { exact: true }).fill('1,00 €');
      await v.getByLabel('Période (par mois…)', { exact: true }).fill('le premier mois');
      await v.getByLabel('Texte du bouton', { exact: true }).fill('J’essaie');
    };
    await fillVariant(0, 'a', 'Un mois pour 1 €');
    await fillVariant(1, 'b', 'Essayez un mois pour 1 €');
    await page.getByLabel('Priorité').fill('0');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    // A mistake: the checkout URL must be http(s); the message is on the field, nothing saved.
    const url = page.getByLabel('Page de paiement');
    assert.equal(await url.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#cta_url-erreur').textContent(), /http\(s\)/);
    assert.match(await url.getAttribute('aria-describedby'), /cta_url-erreur/);
    assert.equal(await variants.nth(1).getByLabel('Accroche', { exact: true }).inputValue(), 'Essayez un mois pour 1 €', 'what was typed stays');
    await url.fill('https://abonnement.example.org/essai');
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByText('Brouillon').first().waitFor();
    assert.deepEqual(await violations(page), [], 'editor');

    // Readers do not get a draft.
    const reader = await openPage(browser);
    await reader.page.goto(`${server.base}/articles/${article}`);
    await reader.page.getByRole('button', { name: 'Découvrez nos offres' }).click();
    await reader.page.locator('.kq-offer').first().waitFor({ timeout: 15000 });
    assert.equal(await reader.page.getByText('pour 1 €').count(), 0);

    // The preview: the real widget, each variant, on desktop and phone widths.
    await page.getByRole('link', { name: 'Aperçu de la variante b' }).click();
    // The offer previewed is alone on the wall: shown at once, no button to press.
    const frame = page.frameLocator('iframe.mobile').nth(1);
    await frame.getByText('Essayez un mois pour 1 €').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('iframe.desktop').count(), 2);
    // Each frame takes its content's height: the card is never cut.
    await page.waitForFunction(() => [...document.querySelectorAll('.previews iframe')].every((f) => {
      const doc = f.contentDocument;
      return doc && doc.querySelector('[data-kiosque]')?.shadowRoot?.querySelector('.kq-offer') && Math.abs(f.clientHeight - doc.documentElement.scrollHeight) <= 1;
    }), null, { timeout: 15000 });

    // What is typed is previewed before it is saved.
    await page.goto(`${server.base}/admin/sites/demo/offres/essai-decouverte`);
    await variants.nth(1).getByLabel('Accroche', { exact: true }).fill('Un mois pour voir');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.frameLocator('iframe.mobile').nth(1).getByText('Un mois pour voir').waitFor({ timeout: 15000 });
    assert.equal(await variants.nth(1).getByLabel('Accroche', { exact: true }).inputValue(), 'Un mois pour voir', 'the editor keeps what is typed');
    assert.deepEqual(await violations(page), [], 'typed preview');
    // Then the preview follows the typing, without a click.
    await variants.nth(1).getByLabel('Accroche', { exact: true }).fill('Un mois, sans engagement');
    await page.frameLocator('iframe.mobile').nth(1).getByText('Un mois, sans engagement').waitFor({ timeout: 15000 });
    // A mistake fades the frames and says why, on the page; corrected, the preview follows again.
    await page.getByLabel('Page de paiement').first().fill('abonnement');
    await page.getByRole('status').filter({ hasText: 'L’aperçu attend un formulaire sans erreur' }).waitFor();
    assert.equal(await page.locator('.live-frames.stale').count(), 1);
    await page.getByLabel('Page de paiement').first().fill('https://abonnement.example.org/essai');
    await variants.nth(1).getByLabel('Accroche', { exact: true }).fill('Un mois pour voir');
    await page.frameLocator('iframe.mobile').nth(1).getByText('Un mois pour voir').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.live-frames.stale').count(), 0);
    await page.goto(`${server.base}/admin/sites/demo/offres/essai-decouverte`);
    assert.equal(await variants.nth(1).getByLabel('Accroche', { exact: true }).inputValue(), 'Essayez un mois pour 1 €', 'nothing saved');

    // Publish: readers get it at once, each in one variant.
    await page.goto(`${server.base}/admin/sites/demo/offres/essai-decouverte`);
    await page.getByRole('button', { name: 'Enregistrer et publier' }).click();
    await page.getByText('Publiée').first().waitFor();
    // Priority 0: it is the wall's best offer, shown at once with its price.
    const sent = reader.page.waitForResponse((r) => r.url().endsWith('/events'), { timeout: 15000 });
    await reader.page.reload();
    const offer = reader.page.locator('.kq-offer').first();
    await offer.waitFor({ timeout: 15000 });
    const headline = await offer.locator('.kq-offer-headline').textContent();
    // Typeset for the reader: a no-break space before the unit.
    assert.ok(['Un mois pour 1\u00a0€', 'Essayez un mois pour 1\u00a0€'].includes(headline), headline);
    const variant = headline === 'Un mois pour 1\u00a0€' ? 'a' : 'b';
    // The card's title is the one written for readers; the internal name stays in the console.
    assert.equal(await offer.locator('.kq-offer-title').textContent(), 'Découverte');
    assert.equal(await reader.page.getByText('(interne)').count(), 0);
    await sent;

    // The figures: the wall the reader met, and one impression for that variant, under the
    // offer's name; both variants' A/B test says it needs more data.
    await page.goto(`${server.base}/admin/sites/demo/statistiques`);
    const walls = page.locator('tr').filter({ has: page.getByRole('rowheader', { name: 'Murs affichés' }) });
    assert.ok(Number(await walls.locator('td').first().textContent()) >= 1, 'the wall shown is counted');
    const rows = page.locator('table.figures tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Essai de Noël (interne)' }) });
    const cells = await Promise.all((await rows.all()).map((r) => r.locator('td').allTextContents()));
    const seen = variant === 'a' ? ['a', '1', '0'] : ['b', '1', '0'];
    const unseen = variant === 'a' ? ['b', '0', '0'] : ['a', '0', '0'];
    assert.deepEqual(cells.map((c) => c.slice(0, 3)).sort(), [seen, unseen].sort(), 'variant, impressions, clicks: both variants listed');
    assert.ok(await page.locator('svg[role="img"]').count() >= 2, 'the funnel and a chart');
    await page.getByText('Pas encore assez de données.').first().waitFor();
    assert.deepEqual(await violations(page), [], 'figures');

    // The look: previewed in the real widget, saved, then readers' widgets wear it, unless the
    // page sets the property itself.
    await page.goto(`${server.base}/admin/sites/demo/apparence`);
    // Each colour has a picker beside it, in step with the typed value.
    const accent = page.getByLabel('Couleur d’accent (boutons, liens)', { exact: true });
    const picker = page.getByLabel('Choisir : Couleur d’accent (boutons, liens)', { exact: true });
    await picker.fill('#123456');
    assert.equal(await accent.inputValue(), '#123456', 'the picker writes the field');
    await accent.fill('red');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    assert.match(await page.locator('#accent-erreur').textContent(), /#rrggbb/);
    await accent.fill('#0a6640');
    assert.equal(await picker.inputValue(), '#0a6640', 'the field moves the picker');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    const look = page.frameLocator('iframe.desktop');
    // The accent is on the best offer's button, on the wall at once.
    const previewButton = look.locator('.kq-offer .kq-button').first();
    await previewButton.waitFor({ timeout: 15000 });
    assert.equal(await background(previewButton), 'rgb(10, 102, 64)');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.waitForURL(/apparence\?enregistre=1$/);
    await page.getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).waitFor();
    const readerLook = await openPage(browser);
    const accentOn = async (path) => {
      await readerLook.page.goto(`${server.base}${path}`);
      const button = readerLook.page.locator('.kq-offer .kq-button').first();
      await button.waitFor({ timeout: 15000 });
      return background(button);
    };
    assert.equal(await accentOn('/plain.html'), 'rgb(10, 102, 64)', 'the console’s accent');
    assert.equal(await accentOn(`/articles/${article}`), 'rgb(179, 18, 59)', 'the demo page sets its own: it wins');
    await readerLook.close();
    assert.deepEqual(tab.pageErrors, []);
    await reader.close();
    await tab.close();
  });

  test('a marketer rewords the widget per language; readers get the words of their language', async () => {
    const tab = await signedIn('redaction@exemple.fr');
    const { page } = tab;

    await page.goto(`${server.base}/admin/sites/demo`);
    await page.getByRole('link', { name: 'Textes du widget' }).first().click();
    await page.getByLabel('Bouton qui envoie le code de connexion (français)').fill('Recevoir mon code d’accès');
    await page.getByLabel('Bouton qui envoie le code de connexion (anglais)').fill('Email me a {code}');
    await page.getByRole('button', { name: 'Enregistrer les textes' }).click();
    // A placeholder the widget does not fill is refused, tied to its field; nothing is saved.
    const english = page.getByLabel('Bouton qui envoie le code de connexion (anglais)');
    assert.equal(await english.getAttribute('aria-invalid'), 'true');
    assert.equal(await english.inputValue(), 'Email me a {code}', 'what was typed is kept');
    assert.deepEqual(await violations(page), [], 'the texts page with an error');
    await english.fill('Email me a code');
    await page.getByRole('button', { name: 'Enregistrer les textes' }).click();
    await page.getByRole('status').filter({ hasText: 'Textes enregistrés' }).waitFor();

    const reader = await openPage(browser);
    const sendButton = async (path) => {
      await reader.page.goto(`${server.base}${path}`);
      const form = reader.page.locator('[data-kiosque] form');
      await form.waitFor({ timeout: 15000 });
      return form.locator('button[type=submit]').textContent();
    };
    assert.equal(await sendButton('/french.html'), 'Recevoir mon code d’accès');
    assert.equal(await sendButton('/english.html'), 'Email me a code');
    // The other texts stay as shipped, in each language.
    assert.equal(await reader.page.getByLabel('Your e-mail address').count(), 1);
    assert.deepEqual(reader.pageErrors, []);
    assert.deepEqual(tab.pageErrors, []);
    await reader.close();
    await tab.close();
  });

  test('a marketer previews the webinar sign-up form with a typed question before saving it', async () => {
    const tab = await signedIn('webinaires@exemple.fr');
    const { page } = tab;
    const editor = `${server.base}/admin/sites/demo/webinaires/series/numerique-accompagnement-social`;
    await page.goto(editor);
    await page.locator('#q0_label').fill('Votre employeur');
    await page.getByRole('button', { name: 'Prévisualiser le formulaire' }).click();
    const frame = page.frameLocator('iframe.desktop');
    await frame.getByRole('button', { name: /^S’inscrire/ }).first().click({ timeout: 15000 });
    await frame.getByText('Votre employeur').first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator('iframe.mobile').count(), 1);
    assert.deepEqual(await violations(page), [], 'the editor with its preview');
    // Nothing saved: readers still get the series as it was.
    await page.goto(editor);
    assert.equal(await page.locator('#q0_label').inputValue(), 'Votre structure');
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
