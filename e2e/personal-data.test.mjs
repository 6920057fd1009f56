// Readers' rights in a real browser (issue 18). A reader who registered for a webinar with the
// widget on a publisher's page on another origin follows "Vos données" at the foot of the
// mail, on a phone: asks for the link, reads it from the SMTP server, sees every record, downloads them
// and erases them. The marketer then finds the erasure in the console's log, and answers a
// second person's request from the console itself: search, export, erase.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, signedInToConsole, startServer, startSmtpSink } from './harness.mjs';

const SERIES = 'numerique-accompagnement-social';
const PHONE = { viewport: { width: 375, height: 740 } };
const PUBLISHER = 'http://127.0.0.1:8080'; // one of the demo site's allowed origins

/** The publisher's page: the README's tag and a webinar placeholder for `session`. */
function publisherPage(kiosque, session) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Webinaire</title>
<script src="${kiosque}/kiosque.js" data-site="demo" data-api="${kiosque}" async></script></head>
<body><h1>Nos webinaires</h1>
<div data-kiosque="webinar" data-series="${SERIES}" data-session="${session}"><p>Inscriptions indisponibles.</p></div>
</body></html>`;
}
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical axe violations of the whole page. */
async function pageViolations(page) {
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('personal data', () => {
  let server;
  let smtp;
  let browser;
  let session;
  let site;
  let origin;

  /** Registers `email` for the demo series' first session, as the widget does. */
  async function register(email, firstName) {
    const response = await fetch(`${server.base}/v1/sites/demo/webinars/sessions/${session}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLISHER },
      body: JSON.stringify({
        first_name: firstName, last_name: 'Martin', email, organisation: 'CCAS de Lille',
        consent_processing_version: 1, fill_ms: 10000,
        answers: [{ question: 'structure', choices: ['CCAS ou CIAS'] }],
        source_page: `${PUBLISHER}/webinaires`,
      }),
    });
    assert.equal(response.status, 201);
  }

  before(async () => {
    smtp = await startSmtpSink();
    server = await startServer({ smtp });
    browser = await launchBrowser();
    site = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(publisherPage(server.base, session));
    });
    await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${site.address().port}`;
    // Before any request: the server keeps a site's origins for a moment.
    server.cli('site', 'origins', 'demo', '--add', origin);
    const series = await (await fetch(`${server.base}/v1/sites/demo/webinars/${SERIES}`)).json();
    session = series.sessions[0].id;
  });

  after(async () => {
    site?.close();
    await browser?.close();
    server?.stop();
    smtp?.stop();
  });

  test('a reader follows the link at the foot of a mail, sees their data and erases it', async () => {
    const email = 'claire.martin@exemple.fr';
    const tab = await openPage(browser, PHONE);
    const { page } = tab;
    // She signs up with the widget on the publisher's page, on her phone.
    await page.goto(`${origin}/`);
    const form = page.locator('form.kq-webinar-form');
    await form.waitFor({ timeout: 15000 });
    const textbox = (name) => form.getByRole('textbox', { name, exact: true });
    await textbox('Prénom').fill('Claire');
    await textbox('Nom').fill('Martin');
    await textbox('Adresse e-mail').fill(email);
    await textbox('Organisation').fill('CCAS de Lille');
    await form.getByRole('radio', { name: 'CCAS ou CIAS' }).check();
    await form.locator('input[name="consent_processing"]').check();
    await page.waitForTimeout(3100); // a person takes longer than the bot threshold
    await form.getByRole('button', { name: 'S’inscrire' }).click();
    await page.locator('.kq-done').waitFor({ timeout: 15000 });
    const confirmation = await smtp.waitForMail(email, 1);
    const footer = confirmation.body.split(/\r?\n/).find((line) => line.startsWith('Vos données'));
    assert.ok(footer, confirmation.body);
    const dataPage = footer.split(': ')[1];
    assert.equal(dataPage, `${server.base}/donnees?site=demo`);

    await page.goto(dataPage);
    await page.getByRole('heading', { name: 'Vos données personnelles' }).waitFor();
    const field = page.getByLabel('Adresse e-mail');
    await field.fill('claire.martin@exemple');
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await page.getByText('Cette adresse e-mail n’est pas valide').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.equal(await field.inputValue(), 'claire.martin@exemple');
    await field.fill(email);
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await page.getByRole('heading', { name: 'Consultez votre messagerie' }).waitFor();

    const mail = await smtp.waitForMail(email, 2);
    assert.equal(mail.subject, 'Vos données sur Le Fil Social');
    const link = mail.body.split(/\s+/).find((word) => word.includes('/donnees/consulter?'));
    assert.ok(link, mail.body);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Inscriptions aux webinaires (1)' }).waitFor();
    const shown = await page.locator('main').textContent();
    for (const held of ['Claire', 'Martin', 'CCAS de Lille', email, 'Consentement']) {
      assert.ok(shown.includes(held), `${held} in ${shown}`);
    }
    assert.deepEqual(await pageViolations(page), [], 'the data page');
    // Nothing is wider than the phone.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 375));
    await page.screenshot({ path: '/tmp/personal-data-reader-375.png', fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger vos données (JSON)' }).click(),
    ]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.email, email);
    assert.deepEqual(
      [...new Set(exported.items.map((i) => i.kind))].sort(),
      ['counter', 'data_request', 'mail', 'registration'],
    );

    // Erasing asks to confirm, then does it.
    await page.getByRole('button', { name: 'Effacer mes données' }).click();
    // The box is `required`: the browser stops the form until it is ticked.
    assert.equal(await page.getByRole('heading', { name: 'Vos données ont été effacées' }).count(), 0);
    await page.getByLabel('Je comprends que l’effacement est définitif.').check();
    await page.getByRole('button', { name: 'Effacer mes données' }).click();
    await page.getByRole('heading', { name: 'Vos données ont été effacées' }).waitFor();
    assert.deepEqual(await pageViolations(page), [], 'the erased page');
    await page.screenshot({ path: '/tmp/personal-data-erased-375.png', fullPage: true });

    // The link is spent.
    await page.goto(link);
    await page.getByRole('heading', { name: 'Ce lien n’est plus valable' }).waitFor();
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('the marketer finds the erasure on record, then answers a request from the console', async () => {
    const email = 'paul.durand@exemple.fr';
    await register(email, 'Paul');
    await smtp.waitForMail(email, 1);

    const tab = await signedInToConsole(browser, server, 'marketing@lefilsocial.example');
    const { page } = tab;
    await page.goto(`${server.base}/admin/sites/demo`);
    await page.getByRole('link', { name: 'Données personnelles' }).click();
    await page.getByRole('heading', { name: 'Données personnelles' }).waitFor();
    // The reader's own erasure, without their address.
    const log = page.locator('table').last();
    assert.match(await log.textContent(), /La personne elle-même/);
    assert.ok(!(await page.content()).includes('claire.martin'));

    await page.getByLabel('Adresse e-mail de la personne').fill('paul.durand@');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.locator('.field.invalid').first().waitFor();
    await page.getByLabel('Adresse e-mail de la personne').fill(' Paul.Durand@exemple.fr ');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('heading', { name: 'Inscriptions aux webinaires (1)' }).waitFor();
    assert.ok((await page.locator('main').textContent()).includes('Paul'));
    // The address never goes into the page's address.
    assert.ok(!page.url().includes('paul'), page.url());
    assert.deepEqual(await pageViolations(page), [], 'the results');
    await page.screenshot({ path: '/tmp/console-personal-data-1280.png', fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /JSON/ }).click(),
    ]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.email, email);
    assert.equal(exported.items.filter((i) => i.kind === 'registration').length, 1);

    const erase = page.getByRole('button', { name: 'Effacer les données de cette personne' });
    await erase.click();
    await page.locator('#verified-erreur').waitFor();
    await page.getByLabel('J’ai vérifié que la demande vient de cette personne').check();
    await page.getByRole('button', { name: 'Effacer les données de cette personne' }).click();
    await page.getByText('Données effacées').first().waitFor();
    assert.ok(!page.url().includes('paul'), page.url());
    assert.match(await page.locator('table').last().textContent(), /marketing@lefilsocial\.example/);

    // Searching again finds nothing left.
    await page.getByLabel('Adresse e-mail de la personne').fill(email);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Aucune donnée n’est conservée pour').waitFor();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: '/tmp/console-personal-data-375.png', fullPage: true });
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
