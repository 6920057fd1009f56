// Registering by e-mail, the mail read from a real SMTP server: the meter's wall, the form
// with a mistake corrected, the code, and the e-mailed link.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { allPageText, demoContent, gatedArticles, launchBrowser, openPage, startServer, startSmtpSink } from './harness.mjs';

const content = demoContent();
const gated = gatedArticles(content);
const levelOf = (slug) => content.articles.find((a) => a.slug === slug).access;
const subscriberOnly = gated.filter((g) => levelOf(g.slug) === 'subscribers');
const registeredOnly = gated.find((g) => levelOf(g.slug) === 'registered');

function codeOf(mail) {
  const match = /(\d{6})$/.exec(mail.subject);
  assert.ok(match, mail.subject);
  return match[1];
}

describe('registration', () => {
  let smtp;
  let server;
  let browser;
  before(async () => {
    smtp = await startSmtpSink();
    server = await startServer({ smtp }); // demo meter: 2 anonymous, 3 registered
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    smtp?.stop();
  });

  test('a reader who used the meter registers by code and reads on', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    for (const article of subscriberOnly.slice(0, 2)) {
      await page.goto(`${server.base}/articles/${article.slug}`);
      await page.locator('.kq-meter').waitFor({ timeout: 15000 });
    }
    const third = subscriberOnly[2];
    await page.goto(`${server.base}/articles/${third.slug}`);
    const form = page.locator('form.kq-register');
    await form.waitFor({ timeout: 15000 });
    // French typography on the wall: a thin no-break space before the question mark.
    const offer = form.locator('.kq-register-title');
    await offer.waitFor();
    assert.equal(await offer.textContent(),
      'Pas encore prêt·e à vous abonner\u202f? Avec un compte gratuit, lisez 3 articles par mois.');

    // A mistake: caught in the form, announced, tied to the field, nothing lost.
    const email = form.getByLabel('Votre adresse e-mail');
    await email.fill('claire@exemple');
    await form.getByRole('button', { name: 'Recevoir mon code' }).click();
    const error = form.getByRole('alert');
    await error.waitFor();
    assert.equal(await error.textContent(), 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.getAttribute('aria-describedby'), await error.getAttribute('id'));
    assert.equal(await email.inputValue(), 'claire@exemple');

    await email.fill('claire@exemple.fr');
    await form.getByRole('button', { name: 'Recevoir mon code' }).click();
    await form.getByText('Nous avons envoyé un code à claire@exemple.fr. Il est valable 15 minutes.').waitFor();
    const codeInput = form.getByLabel('Code à 6 chiffres');
    await page.waitForFunction(() => {
      const host = document.querySelector('[data-kiosque]');
      return host.shadowRoot.activeElement?.id === 'kq-code';
    });

    const mail = await smtp.waitForMail('claire@exemple.fr');
    const code = codeOf(mail);
    const wrong = code === '000000' ? '111111' : '000000';
    await codeInput.fill(wrong);
    await form.getByRole('button', { name: 'Valider' }).click();
    await form.getByRole('alert').filter({ hasText: 'Ce code n’est pas valide ou a expiré.' }).waitFor();
    assert.equal(await codeInput.inputValue(), wrong);

    await codeInput.fill(code);
    await form.getByRole('button', { name: 'Valider' }).click();
    await page.locator('.kq-account').waitFor({ timeout: 15000 });
    assert.match(await page.locator('.kq-account').textContent(), /Connecté·e\u00a0: claire@exemple\.fr/);
    // The wall promised 3 articles with the account: this is the first of them (the two read
    // before came along, free to read again, and count nothing).
    assert.equal(await page.locator('.kq-meter').textContent(), 'Il vous reste 2 articles gratuits ce mois-ci.');
    assert.ok((await allPageText(page)).includes(third.gatedTexts.at(-1)));

    // Articles for registered readers are open now.
    await page.goto(`${server.base}/articles/${registeredOnly.slug}`);
    await page.locator('.kq-account').waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.kq-paywall, form.kq-register').count(), 0);
    assert.ok((await allPageText(page)).includes(registeredOnly.gatedTexts.at(-1)));
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('the e-mailed link signs the reader in on the page it leads to', async () => {
    const email = 'lien@exemple.fr';
    const target = `${server.base}/articles/${registeredOnly.slug}`;
    const response = await fetch(`${server.base}/v1/sites/demo/auth/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, return_url: target }),
    });
    assert.equal(response.status, 202);
    const mail = await smtp.waitForMail(email);
    const link = mail.body.split('\n').find((line) => line.startsWith('http'));
    assert.ok(link.startsWith(`${target}#kiosque-login=`), link);

    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(link);
    await page.locator('.kq-account').waitFor({ timeout: 15000 });
    assert.match(await page.locator('.kq-account').textContent(), /lien@exemple\.fr/);
    assert.equal(page.url(), target, 'the token is gone from the address bar');

    // Signing out forgets the session.
    await page.locator('.kq-account').getByRole('button', { name: 'Se déconnecter' }).click();
    await page.locator('.kq-account').waitFor({ state: 'detached', timeout: 15000 });
    assert.equal(await page.evaluate(() => localStorage.getItem('kiosque:demo:session')), null);
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });
});
