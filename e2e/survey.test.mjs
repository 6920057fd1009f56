// The questionnaire placeholder on a publisher's page on another origin, set up as the README
// says: a survey made with the admin API and linked to a webinar series, a reader on a phone
// answers with a mistake corrected, comes back and changes an answer (one answer kept), the
// page hears `kiosque:survey-answered` with no personal data, the results show from their
// date as text and bars; axe on every state.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, signedInToConsole, startServer, violations } from './harness.mjs';

const SURVEY = 'usages-2027';
/** The survey a marketer makes in the console. */
const MADE = 'attentes-webinaire';
const SERIES = 'numerique-accompagnement-social';

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** The publisher's page: the README's tag and a survey placeholder (and, on `/mixte`, a
 * list of teasers too). */
function publisherPage(kiosque, mixed, made) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Questionnaire</title>
<script src="${kiosque}/kiosque.js" data-site="demo" data-api="${kiosque}" async></script>
<script>window.events = [];
for (const name of ['kiosque:survey-answered', 'kiosque:survey-failed']) {
  document.addEventListener(name, (e) => window.events.push({ type: e.type, detail: e.detail }));
}</script></head><body><h1>Votre avis compte</h1>
<div data-kiosque="survey" data-survey="${made ? MADE : SURVEY}"><p>Le questionnaire est indisponible.</p></div>
${mixed ? '<div data-kiosque="teasers" data-limit="2"></div>' : ''}
</body></html>`;
}

/** A local time `days` from now in UTC, as the admin API takes it. */
function inDays(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 19);
}

function survey({ resultsFrom } = {}) {
  return {
    title: 'Vos usages du numérique en 2027',
    introduction: 'Trois questions pour préparer le prochain webinaire.',
    time_zone: 'UTC',
    opens_at: inDays(-1),
    closes_at: inDays(10),
    results_from: resultsFrom ?? null,
    series: SERIES,
    questions: [
      { id: 'structure', label: 'Vous travaillez dans…', kind: 'single_choice', required: true,
        choices: ['Une association', 'Une collectivité', 'Autre'] },
      { id: 'aisance', label: 'Votre aisance avec les outils', kind: 'scale', required: true },
      { id: 'attentes', label: 'Vos attentes', kind: 'long_text' },
    ],
  };
}

describe('questionnaire', () => {
  let server;
  let site;
  let origin;
  let browser;
  let key;
  const put = async (body) => {
    const response = await fetch(`${server.base}/v1/admin/sites/demo/surveys/${SURVEY}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, await response.text());
  };

  before(async () => {
    server = await startServer();
    key = server.apiKey();
    site = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(publisherPage(server.base, req.url === '/mixte', req.url === '/console'));
    });
    origin = `http://127.0.0.1:${await listen(site)}`;
    server.cli('site', 'origins', 'demo', '--add', origin);
    await put(survey());
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    site?.close();
    await server?.stop();
  });

  test('a reader answers on a phone, corrects a mistake, changes an answer, then reads the results', async () => {
    const tab = await openPage(browser, { viewport: { width: 375, height: 800 } });
    const { page } = tab;
    await page.goto(`${origin}/`);
    const host = page.locator('[data-kiosque="survey"]');
    await host.getByRole('heading', { name: 'Vos usages du numérique en 2027' }).waitFor({ timeout: 15000 });
    // Linked to the series, the placeholder says where the results are told.
    await host.getByText('Résultats présentés lors du webinaire « Le numérique dans l’accompagnement social ».').waitFor();
    await host.getByText('Vos réponses sont anonymes.').waitFor();
    assert.deepEqual(await violations(page), [], 'the form');

    // Sent too soon: the scale is missing. The message is on its group, and the focus there.
    await host.getByRole('radio', { name: 'Une collectivité' }).check();
    await host.getByRole('textbox', { name: 'Vos attentes' }).fill('Des exemples concrets.\n\nEt des outils libres.');
    await page.waitForTimeout(3100); // a person takes more than the bots' 3 seconds
    await host.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await host.getByText('Le formulaire contient 1 erreur.').waitFor();
    const scale = host.getByRole('group', { name: 'Votre aisance avec les outils' });
    await scale.getByText('Ce champ est obligatoire.').waitFor();
    assert.equal(await host.getByRole('radio', { name: 'Une collectivité' }).isChecked(), true, 'nothing typed is lost');
    assert.deepEqual(await violations(page), [], 'a mistake');
    await scale.getByRole('radio', { name: '4' }).check();
    await host.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await host.getByRole('status').filter({ hasText: 'Merci, vos réponses sont enregistrées.' }).waitFor();
    const events = await page.evaluate(() => window.events);
    assert.deepEqual(events, [{ type: 'kiosque:survey-answered', detail: { survey: SURVEY, replaced: false } }],
      'the page hears of it, without the answers');
    assert.deepEqual(await violations(page), [], 'saved');

    // The reader comes back: their answers are there, and a change replaces them.
    await page.reload();
    await host.getByText('Vous avez déjà répondu : vous pouvez modifier vos réponses jusqu’à la clôture.').waitFor({ timeout: 15000 });
    assert.equal(await host.getByRole('radio', { name: '4' }).isChecked(), true);
    assert.equal(await host.getByRole('textbox', { name: 'Vos attentes' }).inputValue(), 'Des exemples concrets.\n\nEt des outils libres.');
    await host.getByRole('radio', { name: '2' }).check();
    await page.waitForTimeout(3100);
    await host.getByRole('button', { name: 'Mettre à jour mes réponses' }).click();
    await host.getByRole('status').filter({ hasText: 'C’est noté : vos réponses sont mises à jour.' }).waitFor();
    await page.screenshot({ path: '/tmp/survey-answered-375.png', fullPage: true });

    const answers = await (await fetch(`${server.base}/v1/admin/sites/demo/surveys/${SURVEY}/answers`, {
      headers: { authorization: `Bearer ${key}` },
    })).json();
    assert.equal(answers.length, 1, 'one answer per reader');
    assert.deepEqual(answers[0].answers.find((a) => a.question === 'aisance'), { question: 'aisance', scale: 2 });

    // Another reader, then the results from their date: shares as text beside each bar.
    const other = await openPage(browser);
    await other.page.goto(`${origin}/`);
    const otherHost = other.page.locator('[data-kiosque="survey"]');
    await otherHost.getByRole('radio', { name: 'Une association' }).check({ timeout: 15000 });
    await otherHost.getByRole('radio', { name: '2' }).check();
    await other.page.waitForTimeout(3100);
    await otherHost.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await otherHost.getByRole('status').filter({ hasText: 'Merci' }).waitFor();
    await other.close();
    await put(survey({ resultsFrom: inDays(-1) }));
    await page.waitForTimeout(2100); // the server counts the results again after 2 s
    await page.reload();
    const results = host.getByRole('region', { name: 'Résultats' });
    await results.getByText('2 réponses').waitFor({ timeout: 15000 });
    const row = (option) => results.getByRole('listitem').filter({ hasText: option });
    assert.equal(await row('Une collectivité').locator('.kq-result-share').textContent(), '50 % (1)');
    assert.equal(await row('Autre').locator('.kq-result-share').textContent(), '0 % (0)');
    assert.equal(await results.getByRole('listitem').filter({ hasText: /^2/ }).locator('.kq-result-share').textContent(), '100 % (2)');
    assert.equal(await results.getByText('Des exemples concrets.').count(), 0, 'free texts are never public');
    assert.deepEqual(await violations(page), [], 'results');
    await page.screenshot({ path: '/tmp/survey-results-375.png', fullPage: true });
    // The questionnaire's own module, and no other.
    const wasm = (await tab.bodies()).map((r) => r.url).filter((u) => u.endsWith('.wasm'));
    assert.ok(wasm.length > 0 && wasm.every((u) => /kiosque_survey_bg\./.test(u)), wasm.join(' '));
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('beside another kind, the questionnaire gets its own module and the other kind its own', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    await page.goto(`${origin}/mixte`);
    await page.locator('[data-kiosque="survey"]').getByRole('heading', { name: 'Vos usages du numérique en 2027' }).waitFor({ timeout: 15000 });
    await page.locator('[data-kiosque="teasers"] .kq-teaser').first().waitFor({ timeout: 15000 });
    const wasm = (await tab.bodies()).map((r) => r.url).filter((u) => u.endsWith('.wasm')).map((u) => u.replace(/.*\/(kiosque_\w+?)_bg\..*/, '$1')).sort();
    assert.deepEqual(wasm, ['kiosque_survey', 'kiosque_teasers']);
    assert.deepEqual(tab.pageErrors, []);
    await tab.close();
  });

  test('a marketer makes a questionnaire in the console, then reads its results and answers', async () => {
    const { page } = await signedInToConsole(browser, server, 'questionnaires@example.org');
    await page.goto(`${server.base}/admin/sites/demo`);
    await page.getByRole('navigation', { name: /Le Fil Social/ }).getByRole('link', { name: 'Questionnaires' }).click();
    await page.getByRole('link', { name: 'Nouveau questionnaire' }).click();
    await page.getByLabel('Identifiant (a-z, 0-9, tirets), celui de data-survey').fill(MADE);
    await page.getByLabel('Titre', { exact: true }).fill('Vos attentes pour le prochain webinaire');
    const question = (n) => page.getByRole('group', { name: `Question ${n}` });
    await question(1).getByLabel('Identifiant (lettres, chiffres, - et _)').fill('sujet');
    await question(1).getByLabel('Libellé').fill('Le sujet qui vous intéresse');
    await question(1).getByRole('radio', { name: 'Choix unique' }).check();
    await question(1).getByLabel('Choix (un par ligne)').fill('Les outils\nLe droit');
    await question(1).getByLabel('Réponse obligatoire').check();
    await question(2).getByLabel('Identifiant (lettres, chiffres, - et _)').fill('precisions');
    await question(2).getByLabel('Libellé').fill('Vos précisions');
    await question(2).getByRole('radio', { name: 'Texte long' }).check();
    await page.getByRole('radio', { name: 'Le numérique dans l’accompagnement social' }).check();
    // A mistake: an address asked without its consent text. Said on the field; nothing saved.
    await page.getByLabel('Demander une adresse e-mail (sinon, les réponses sont anonymes)').check();
    await page.getByRole('button', { name: 'Enregistrer le questionnaire' }).click();
    const consent = page.getByLabel('Consentement à donner son adresse');
    assert.equal(await consent.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Titre', { exact: true }).inputValue(), 'Vos attentes pour le prochain webinaire', 'what was typed stays');
    assert.deepEqual(await violations(page), [], 'the editor with a mistake');
    await page.getByLabel('Demander une adresse e-mail (sinon, les réponses sont anonymes)').uncheck();
    await page.getByRole('button', { name: 'Enregistrer le questionnaire' }).click();
    await page.getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).waitFor();
    await page.getByText(`data-survey="${MADE}"`).waitFor();
    // The preview: the typed questionnaire in the real widget, desktop and phone, unsaved.
    await page.getByLabel('Titre', { exact: true }).fill('Vos attentes (brouillon)');
    await page.getByRole('button', { name: 'Prévisualiser le questionnaire' }).click();
    const phone = page.frameLocator('iframe.mobile');
    await phone.getByRole('heading', { name: 'Vos attentes (brouillon)' }).waitFor({ timeout: 15000 });
    await phone.getByRole('radio', { name: 'Les outils' }).waitFor();
    assert.equal(await page.getByLabel('Titre', { exact: true }).inputValue(), 'Vos attentes (brouillon)', 'the editor keeps what is typed');
    assert.deepEqual(await violations(page), [], 'the preview');
    await page.setViewportSize({ width: 375, height: 900 });
    await page.locator('#apercu').screenshot({ path: '/tmp/console-survey-preview-375.png' });
    await page.setViewportSize({ width: 1280, height: 900 });

    // A reader answers on the publisher's page.
    const reader = await openPage(browser);
    await reader.page.goto(`${origin}/console`);
    const host = reader.page.locator('[data-kiosque="survey"]');
    await host.getByRole('radio', { name: 'Les outils' }).check({ timeout: 15000 });
    await host.getByRole('textbox', { name: 'Vos précisions' }).fill('Des cas concrets, =SOMME(A1)');
    await reader.page.waitForTimeout(3100);
    await host.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await host.getByRole('status').filter({ hasText: 'Merci' }).waitFor();
    await reader.close();

    // The list, the results (a chart and its table per question, the free answers) and the
    // series' page naming it.
    await page.goto(`${server.base}/admin/sites/demo/questionnaires`);
    const row = page.getByRole('row').filter({ hasText: 'Vos attentes pour le prochain webinaire' });
    assert.match(await row.textContent(), /Ouvert/);
    await row.getByRole('link', { name: '1' }).click();
    await page.getByText('1 réponse').first().waitFor();
    const table = page.locator('figure').filter({ hasText: 'Le sujet qui vous intéresse' }).locator('table');
    const [option, count, share] = await table.locator('tbody tr').first().locator('th, td').allTextContents();
    assert.deepEqual([option, count], ['Les outils', '1']);
    assert.match(share, /^100,0\s%$/);
    await page.getByText('Des cas concrets, =SOMME(A1)').waitFor();
    await page.getByText('Les lecteurs ne voient pas ces résultats').waitFor();
    assert.deepEqual(await violations(page), [], 'results');
    await page.setViewportSize({ width: 375, height: 900 });
    await page.screenshot({ path: '/tmp/console-survey-results-375.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Réponses' }).first().click();
    await page.getByLabel('Seulement les réponses où').selectOption({ label: 'Le sujet qui vous intéresse : Le droit' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.getByText('0 réponse').waitFor();
    assert.deepEqual(await violations(page), [], 'answers');
    // The export: the BOM, `;` in French, a formula made harmless.
    const download = await page.request.get(`${server.base}/admin/sites/demo/questionnaires/${MADE}/reponses.csv`);
    const text = await download.text();
    assert.match(text, /^\uFEFFN°;Répondu le \(Europe\/Paris\);Le sujet qui vous intéresse;Vos précisions\r\n1;\d{4}-\d\d-\d\d \d\d:\d\d:\d\d;Les outils;'?Des cas concrets, =SOMME\(A1\)\r\n$/);
    await page.goto(`${server.base}/admin/sites/demo/webinaires`);
    await page.getByRole('link', { name: 'Vos attentes pour le prochain webinaire' }).waitFor();
    await page.screenshot({ path: '/tmp/console-survey-1280.png' });
  });

  test('before it opens the placeholder says when; after it closes, that it is closed', async () => {
    const tab = await openPage(browser);
    const { page } = tab;
    const host = page.locator('[data-kiosque="survey"]');
    await put({ ...survey(), opens_at: '2031-03-01T12:00:00', closes_at: '2031-04-01T12:00:00' });
    await page.goto(`${origin}/`);
    await host.getByText('Ce questionnaire ouvrira le 1er mars 2031.').waitFor({ timeout: 15000 });
    assert.equal(await host.getByRole('button').count(), 0, 'no form before it opens');
    assert.deepEqual(await violations(page), [], 'upcoming');
    await put({ ...survey(), opens_at: inDays(-10), closes_at: inDays(-1) });
    await page.reload();
    await host.getByText('Ce questionnaire est clos : merci à toutes les personnes qui y ont répondu.').waitFor({ timeout: 15000 });
    assert.deepEqual(await violations(page), [], 'closed');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/survey-closed-1280.png' });
    await tab.close();
  });
});
