// kill -9 in the middle of a sign-up rush. Readers keep sending, as the widget does: a sign-up
// whose answer never came is sent again with the same Idempotency-Key once the server is back.
// Afterwards every reader is registered once, every sign-up acknowledged before the crash is
// there, and every reader has exactly one confirmation (the one mail that may have been in
// flight at the kill can arrive twice, with the same Message-ID, so as the same message).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startSmtpSink } from './harness.mjs';

const READERS = 300;
const KILL_AFTER = 100;
const CONCURRENCY = 16;

let server;
let smtp;
after(async () => {
  await server?.stop();
  smtp?.stop();
});

test('a server killed mid-rush loses no acknowledged sign-up and mails each reader once', async (t) => {
  smtp = await startSmtpSink();
  server = await startServer({ demo: true, smtp, args: ['--signups-per-ip-per-hour', '1000000'] });
  const key = server.apiKey();
  const admin = (path, body) => fetch(`${server.base}/v1/admin/sites/demo${path}`, {
    method: body ? 'PUT' : 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  assert.equal((await admin('/webinars/ruee', { title: 'La ruée' })).status, 201);
  const day = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const made = await admin('/webinars/ruee/sessions/grande', {
    title: 'Grande séance', starts_at: `${day}T15:30:00`, ends_at: `${day}T17:00:00`,
    time_zone: 'Europe/Paris', capacity: 100000, waitlist: false,
  });
  assert.equal(made.status, 201, await made.text());

  const acknowledgedBeforeKill = new Set();
  const acknowledged = new Set();
  let back = null; // the restart, once the server was killed
  let retried = 0;
  const signUp = async (n) => {
    const email = `lecteur-${n}@exemple.fr`;
    const body = JSON.stringify({
      first_name: 'Lecteur', last_name: String(n), email, consent_processing_version: 1, fill_ms: 8000,
    });
    for (;;) {
      try {
        const answer = await fetch(`${server.base}/v1/sites/demo/webinars/sessions/grande/registrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `signup-${n}` },
          body,
        });
        const text = await answer.text();
        assert.ok(answer.status === 201 || answer.status === 200, `${email}: ${answer.status} ${text}`);
        acknowledged.add(email);
        if (!back) acknowledgedBeforeKill.add(email);
        if (acknowledged.size === KILL_AFTER && !back) {
          back = server.kill().then(() => server.restart());
        }
        return;
      } catch (err) {
        if (err instanceof assert.AssertionError || !back) throw err;
        // No answer: the server is down. Send the same sign-up again once it is back.
        retried += 1;
        await back;
      }
    }
  };
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < READERS) await signUp(next++);
  }));
  assert.ok(back, 'the server was killed');
  await back;
  assert.ok(acknowledgedBeforeKill.size >= KILL_AFTER);
  assert.ok(retried > 0, 'some sign-ups were cut by the kill and sent again');

  // In the database: every reader once, every sign-up acknowledged before the kill among them.
  const registrations = await (await admin('/webinars/sessions/grande/registrations')).json();
  const registered = registrations.map((r) => r.email);
  assert.equal(registered.length, READERS, 'one registration per reader');
  assert.equal(new Set(registered).size, READERS);
  for (const email of acknowledgedBeforeKill) assert.ok(registered.includes(email), `${email} lost`);
  assert.ok(registrations.every((r) => r.status === 'confirmed'));

  // The mails: each reader gets their confirmation; the mails claimed by the killed server come
  // once its lease ends (30 s).
  const deadline = Date.now() + 90_000;
  let mails = [];
  for (;;) {
    mails = smtp.all().filter((m) => m.to.some((to) => to.startsWith('lecteur-')));
    const reached = new Set(mails.flatMap((m) => m.to));
    if (reached.size === READERS || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const byReader = new Map();
  for (const mail of mails) {
    for (const to of mail.to) byReader.set(to, [...(byReader.get(to) ?? []), mail]);
  }
  assert.equal(byReader.size, READERS, 'every reader got a mail');
  for (const [to, received] of byReader) {
    const ids = new Set(received.map((m) => m.message_id));
    assert.equal(ids.size, 1, `${to} got ${ids.size} different mails`);
    assert.match([...ids][0], /^<[A-Za-z0-9_-]{43}@/);
  }
  const copies = mails.length - READERS;
  t.diagnostic(`${acknowledgedBeforeKill.size} acknowledged before the kill, ${retried} sent again, ${copies} mail copies`);
  assert.ok(copies <= 1, `${copies} mails sent again: only the one in flight at the kill may be`);
});
