// The webinar placeholder end to end, mail read from a real SMTP server: a reader signs up
// with a mistake corrected, the next one lands on the waiting list, the first cancels by the
// e-mailed link and the second is promoted and told; a lost answer is retried with the same
// idempotency key; times in the session's zone and the reader's; no accessibility violation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, startServer, startSmtpSink, violations } from './harness.mjs';

const SERIES = 'numerique-accompagnement-social';
const CONSENT = 'input[name="consent_processing"]';

/** A local date `days` from now, `YYYY-MM-DD`. */
function inDays(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

function page(session, lang = 'fr') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Webinaire</title>
<script src="/kiosque.js" data-site="demo" async></script></head><body>
<div data-kiosque="webinar" data-series="${SERIES}" data-session="${session}"><p>Inscriptions indisponibles.</p></div>
<script>
window.events = [];
for (const name of ['kiosque:webinar-registered', 'kiosque:webinar-waitlisted', 'kiosque:webinar-failed']) {
  document.addEventListener(name, (e) => window.events.push({ type: e.type, detail: e.detail }));
}
</script></body></html>`;
}

/** A text field by its accessible name (the required mark is not part of it). */
const field = (form, name) => form.getByRole('textbox', { name, exact: true });

/** Fills the form as a reader would (sending it is another step). */
async function fill(form, { first, last, email }) {
  await field(form, 'Prénom').fill(first);
  await field(form, 'Nom').fill(last);
  await field(form, 'Adresse e-mail').fill(email);
  await field(form, 'Organisation').fill('CCAS de Lille');
  await form.getByRole('radio', { name: 'CCAS ou CIAS' }).check();
}

describe('webinar sign-up', () => {
  let smtp;
  let server;
  let browser;
  let admin;
  const createSession = async (id, capacity) => {
    const day = inDays(21);
    const response = await fetch(`${server.base}/v1/admin/sites/demo/webinars/${SERIES}/sessions/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `Atelier en petit groupe (${id})`,
        description: 'Un atelier pour tester les inscriptions.',
        starts_at: `${day}T15:30:00`,
        ends_at: `${day}T17:00:00`,
        time_zone: 'Europe/Paris',
        capacity,
        waitlist: true,
        hosts: [{ name: 'Hélène Carrier', role: 'Journaliste' }],
        speakers: [],
        points: ['Les bonnes pratiques'],
      }),
    });
    assert.ok(response.ok, await response.text());
  };

  before(async () => {
    smtp = await startSmtpSink();
    server = await startServer({
      smtp,
      pages: { 'atelier.html': page('atelier'), 'retry.html': page('retry'), 'keyboard.html': page('keyboard', 'en') },
    });
    admin = server.apiKey();
    await createSession('atelier', 1);
    await createSession('retry', 10);
    await createSession('keyboard', 10);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    smtp?.stop();
  });

  test('sign up with a mistake corrected, waitlist, cancel by mail, promotion', async () => {
    // A reader in Montréal: the time in Paris, then in theirs.
    const claire = await openPage(browser, { timezoneId: 'America/Toronto' });
    await claire.page.goto(`${server.base}/atelier.html`);
    const card = claire.page.locator('.kq-session');
    await card.waitFor({ timeout: 15000 });
    // Written as the mails write it: "de 15 h 30 à 17 h", no-break spaces inside the times.
    assert.match(await card.locator('.kq-when').textContent(), /^[a-z]+ \d+ [a-zéû]+ \d{4}, de 15\u00a0h\u00a030 à 17\u00a0h \(heure de Paris\)$/);
    assert.match(await card.locator('.kq-when-reader').textContent(), /, de 9\u00a0h\u00a030 à 11\u00a0h à votre heure \(Toronto\)$/);
    assert.equal(await card.locator('.kq-seats').textContent(), 'Plus qu’une place');

    const form = claire.page.locator('form.kq-webinar-form');
    await fill(form, { first: 'Claire', last: 'Martin', email: 'claire@exemple' });
    assert.equal(await form.locator(CONSENT).isChecked(), false);
    assert.equal(await form.locator('input[name="consent_marketing"]').isChecked(), false, 'never pre-ticked');
    await form.getByRole('button', { name: 'S’inscrire' }).click();

    // Two mistakes, announced, each tied to its field; the focus on the first; nothing lost.
    await form.getByRole('alert').filter({ hasText: 'Le formulaire contient 2 erreurs.' }).waitFor();
    const email = field(form, 'Adresse e-mail');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    const emailError = claire.page.locator(`#${await email.getAttribute('aria-describedby')}`);
    assert.equal(await emailError.textContent(), 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');
    const consentError = claire.page.locator(`#${await form.locator(CONSENT).getAttribute('aria-describedby')}`);
    assert.equal(await consentError.textContent(), 'Cochez cette case pour vous inscrire.');
    await claire.page.waitForFunction(() =>
      document.querySelector('[data-kiosque]').shadowRoot.activeElement?.getAttribute('name') === 'email');
    assert.equal(await field(form, 'Prénom').inputValue(), 'Claire');
    assert.deepEqual(await violations(claire.page), [], 'form with errors');

    await email.fill('claire@exemple.fr');
    assert.equal(await email.getAttribute('aria-invalid'), null, 'correcting clears the error');
    await form.locator(CONSENT).check();
    await claire.page.waitForTimeout(3100); // a person takes longer than the bot threshold
    await form.getByRole('button', { name: 'S’inscrire' }).click();
    const done = claire.page.locator('.kq-done');
    await done.waitFor({ timeout: 15000 });
    assert.match(await done.textContent(), /^C’est noté\u00a0: votre inscription est confirmée/);
    // Her seat was the last: the card says so at once, without loading the page again.
    assert.equal(await card.locator('.kq-seats').textContent(), 'Complet — inscription en liste d’attente');
    const events = await claire.page.evaluate(() => window.events);
    assert.deepEqual(events, [
      { type: 'kiosque:webinar-registered', detail: { series: SERIES, session: 'atelier', status: 'confirmed' } },
    ]);
    assert.deepEqual(await violations(claire.page), [], 'confirmation');
    const confirmation = await smtp.waitForMail('claire@exemple.fr');
    assert.match(confirmation.subject, /^Inscription confirmée/);
    const cancelLink = /(http\S+\/webinaires\/annulation\S+)/.exec(confirmation.body)?.[1];
    assert.ok(cancelLink, confirmation.body);

    // The session is now full: the next reader joins the waiting list.
    const bruno = await openPage(browser);
    await bruno.page.goto(`${server.base}/atelier.html`);
    const full = bruno.page.locator('.kq-seats');
    await full.waitFor({ timeout: 15000 });
    assert.equal(await full.textContent(), 'Complet — inscription en liste d’attente');
    const brunoForm = bruno.page.locator('form.kq-webinar-form');
    await fill(brunoForm, { first: 'Bruno', last: 'Lefèvre', email: 'bruno@exemple.fr' });
    await brunoForm.locator(CONSENT).check();
    await bruno.page.waitForTimeout(3100);
    await brunoForm.getByRole('button', { name: 'S’inscrire en liste d’attente' }).click();
    await bruno.page.locator('.kq-done').filter({ hasText: 'liste d’attente' }).waitFor({ timeout: 15000 });
    assert.deepEqual(await bruno.page.evaluate(() => window.events), [
      { type: 'kiosque:webinar-waitlisted', detail: { series: SERIES, session: 'atelier' } },
    ]);
    assert.match((await smtp.waitForMail('bruno@exemple.fr')).subject, /^Liste d’attente/);

    // Claire cancels from her mail, without an account; Bruno gets the seat and a mail.
    // The page is the site's: its name, her session, the site's accent on the one button
    // (the stylesheet passes the page's CSP), and a way back to where she signed up.
    await claire.page.goto(cancelLink);
    assert.equal(await claire.page.locator('header').textContent(), 'Le Fil Social');
    assert.equal(await claire.page.locator('.session .title').textContent(), 'Atelier en petit groupe (atelier)');
    assert.match(await claire.page.locator('.session p').nth(1).textContent(),
      /, de 15\u00a0h\u00a030 à 17\u00a0h \(heure de Paris\)$/);
    const cancel = claire.page.getByRole('button', { name: 'Annuler mon inscription' });
    assert.equal(await cancel.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(179, 18, 59)');
    const back = claire.page.getByRole('link', { name: 'Retourner sur Le Fil Social' });
    assert.equal(await back.getAttribute('href'), `${server.base}/atelier.html`);
    assert.deepEqual(await violations(claire.page), [], 'cancel page');
    if (process.env.SCREENSHOTS) {
      for (const width of [375, 1280]) {
        await claire.page.setViewportSize({ width, height: 700 });
        await claire.page.screenshot({ path: `${process.env.SCREENSHOTS}/cancel-page-${width}.png`, fullPage: true });
      }
    }
    await cancel.click();
    await claire.page.getByRole('heading', { name: 'Inscription annulée' }).waitFor();
    assert.equal(await claire.page.getByRole('button').count(), 0, 'nothing more to press');
    await claire.page.goto(cancelLink);
    await claire.page.getByRole('heading', { name: 'Inscription déjà annulée' }).waitFor();
    assert.equal(await claire.page.getByRole('button').count(), 0, 'a used link has no button');
    const promoted = await smtp.waitForMail('bruno@exemple.fr', 2);
    assert.match(promoted.subject, /^Une place s’est libérée/);
    for (const tab of [claire, bruno]) {
      assert.deepEqual(tab.pageErrors, []);
      await tab.close();
    }
  });

  test('an answer lost on the way is retried with the same key and registers once', async () => {
    const tab = await openPage(browser);
    const keys = [];
    let dropped = false;
    await tab.page.route('**/registrations', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (dropped) return route.continue();
      // The server gets the first submission, but its answer never reaches the reader.
      dropped = true;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await tab.page.goto(`${server.base}/retry.html`);
    const form = tab.page.locator('form.kq-webinar-form');
    await form.waitFor({ timeout: 15000 });
    await fill(form, { first: 'Dana', last: 'Roux', email: 'dana@exemple.fr' });
    await form.locator(CONSENT).check();
    await tab.page.waitForTimeout(3100);
    await form.getByRole('button', { name: 'S’inscrire' }).click();
    await tab.page.locator('.kq-done').waitFor({ timeout: 15000 });
    assert.equal(keys.length, 2);
    assert.match(keys[0], /^[A-Za-z0-9_-]{22}$/);
    assert.equal(keys[1], keys[0], 'the retry is the same submission');

    const response = await fetch(`${server.base}/v1/admin/sites/demo/webinars/sessions/retry/registrations`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const registrations = (await response.json()).filter((r) => r.email === 'dana@exemple.fr');
    assert.equal(registrations.length, 1);
    assert.equal(registrations[0].status, 'confirmed');
    await smtp.waitForMail('dana@exemple.fr');
    await assert.rejects(smtp.waitForMail('dana@exemple.fr', 2, 2000), 'one confirmation mail only');
    await tab.close();
  });

  test('in English, with the keyboard alone', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${server.base}/keyboard.html`);
    const form = page.locator('form.kq-webinar-form');
    await form.waitFor({ timeout: 15000 });
    assert.match(await page.locator('.kq-when').textContent(), /, 15:30–17:00 \(Paris time\)$/);
    const active = () =>
      page.evaluate(() => document.querySelector('[data-kiosque]').shadowRoot.activeElement?.getAttribute('name'));
    const tabTo = async (name) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if ((await active()) === name) return;
      }
      throw new Error(`never reached ${name} with Tab`);
    };
    // Enter on an incomplete form: the English messages, the focus on the first wrong field.
    await tabTo('first_name');
    await page.keyboard.press('Enter');
    await form.getByRole('alert').filter({ hasText: 'The form has 5 errors.' }).waitFor();
    assert.equal(await active(), 'first_name');
    await page.keyboard.type('Eve');
    await tabTo('last_name');
    await page.keyboard.type('Durand');
    await tabTo('email');
    await page.keyboard.type('eve@example.org');
    await tabTo('answers.structure');
    await page.keyboard.press('Space');
    await tabTo('consent_processing');
    await page.keyboard.press('Space');
    await page.waitForTimeout(3100);
    await page.keyboard.press('Enter');
    const done = page.locator('.kq-done');
    await done.waitFor({ timeout: 15000 });
    assert.match(await done.textContent(), /^Done: your registration is confirmed/);
    assert.equal(
      await page.evaluate(() => document.querySelector('[data-kiosque]').shadowRoot.activeElement?.className),
      'kq-done',
      'the focus moves to the result',
    );
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
