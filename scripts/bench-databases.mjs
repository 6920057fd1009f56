// Article reads and sign-ups per second on SQLite, on PostgreSQL with one server and with two
// servers on one database, measured side by side in one run (alternating rounds, so the
// machine's noise falls on each), every figure printed with its ratio to one server on
// SQLite. Run beside a PostgreSQL that keeps its durability, as `make bench` does:
//
//   KIOSQUE_POSTGRES_DURABLE=1 scripts/with-postgres.sh node scripts/bench-databases.mjs [rounds] [seconds]
//
// KIOSQUE_BASELINE_BIN=<another kiosque-server> adds that binary on SQLite (an A/B of a change).
// Loads (wrk, 32 connections in all; two servers get 16 each, at the same time): a gated article
// for a new anonymous reader on every request (a meter write), the same article for a
// subscriber (a signed token, checked against revocations), and webinar sign-ups with a new
// address each; afterwards every acknowledged sign-up must be in the database, once.
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startBenchServer } from './bench-server.mjs';

const [rounds = 3, seconds = 5] = process.argv.slice(2).map(Number);
const cluster = process.env.KIOSQUE_TEST_POSTGRES_URL;
if (!cluster) throw new Error('run under scripts/with-postgres.sh (KIOSQUE_TEST_POSTGRES_URL)');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosque-bench-db-'));
const GATED = 'numerique-accompagnement-social-entretien-directrice';

function newDatabase(name) {
  execFileSync('psql', [cluster, '-qc', `CREATE DATABASE ${name}`]);
  const url = new URL(cluster);
  url.pathname = `/${name}`;
  return url.toString();
}

const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A subscriber's token for the demo site, as the README's examples make it. */
function token(key) {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ aud: 'demo', sub: 'bench', iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${crypto.createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

const NEW_READER = path.join(dir, 'new-reader.lua');
fs.writeFileSync(NEW_READER, `
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
request = function()
  local id = {}
  for i = 1, 22 do local n = math.random(1, #chars); id[i] = chars:sub(n, n) end
  wrk.headers["x-kiosque-reader"] = table.concat(id)
  return wrk.format()
end
`);
const SIGN_UP = path.join(dir, 'sign-up.lua');
fs.writeFileSync(SIGN_UP, `
local prefix, n = "x", 0
init = function(args) prefix = args[1] end
request = function()
  n = n + 1
  local body = '{"first_name":"Banc","last_name":"Essai","email":"banc-' .. prefix .. '-' .. n ..
    '@exemple.fr","consent_processing_version":1,"fill_ms":8000}'
  return wrk.format("POST", nil, { ["content-type"] = "application/json" }, body)
end
`);

let tag = 0;
/** One wrk run: `[requests per second, requests answered 2xx]`. */
function wrk(url, connections, { headers = {}, script, post = false } = {}) {
  tag += 1;
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  if (script) args.push('-s', script);
  args.push(url);
  if (post) args.push('--', `r${tag}`);
  return new Promise((resolve, reject) => {
    execFile('wrk', args, (err, stdout) => {
      if (err) return reject(err);
      const refused = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
      if (refused) return reject(new Error(`${url}: ${refused[1]} error answers\n${stdout}`));
      resolve([Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]), Number(/(\d+) requests in/.exec(stdout)[1])]);
    });
  });
}

/** A configuration: its servers on one database, set up alike. */
async function setUp(name, db, servers, bin) {
  const started = [];
  for (let i = 0; i < servers; i += 1) {
    // One after the other: the first makes the schema and the demo content.
    started.push(await startBenchServer(`${name}-${i}`, ['--signups-per-ip-per-hour', '100000000'], { db, bin }));
  }
  const [first] = started;
  first.cli('site', 'meter', 'demo', '--anonymous', '3');
  const subscriber = token(first.cli('site', 'entitlement-key', 'demo'));
  const key = first.cli('site', 'api-key', 'demo', '--name', 'bench');
  const admin = (method, p, body) => fetch(`${first.base}/v1/admin/sites/demo${p}`, {
    method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  await admin('PUT', '/webinars/bench', { title: 'Banc d’essai' });
  const day = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const made = await admin('PUT', '/webinars/bench/sessions/grande', {
    title: 'Grande séance', starts_at: `${day}T15:30:00`, ends_at: `${day}T17:00:00`,
    time_zone: 'Europe/Paris', capacity: 100000000, waitlist: true,
  });
  if (made.status !== 201) throw new Error(`session: ${made.status} ${await made.text()}`);
  // A site change reaches another server within 2 s (its cache).
  await new Promise((resolve) => setTimeout(resolve, 2500));
  return {
    name, started, acknowledged: 0,
    async registrations() {
      const rows = await (await admin('GET', '/webinars/sessions/grande/registrations')).json();
      return { rows: rows.length, addresses: new Set(rows.map((r) => r.email)).size };
    },
    /** Runs `load` on every server at once, the connections split; the summed rate. */
    async run(load) {
      const each = 32 / started.length;
      const results = await Promise.all(started.map((s) => load(s.base, each)));
      return results.reduce((sum, [rps]) => sum + rps, 0);
    },
    subscriber,
    stop: () => started.forEach((s) => s.stop()),
  };
}

const loads = {
  'gated article, new anonymous reader each (meter write)': (c) => (base, n) => wrk(`${base}/v1/sites/demo/articles/${GATED}`, n, { script: NEW_READER }),
  'gated article, a subscriber (token checked)': (c) => (base, n) => wrk(`${base}/v1/sites/demo/articles/${GATED}`, n, { headers: { 'x-kiosque-entitlement': c.subscriber, 'x-kiosque-reader': 'bench-subscriber-0001' } }),
  'webinar sign-ups, a new address each': (c) => async (base, n) => {
    const got = await wrk(`${base}/v1/sites/demo/webinars/sessions/grande/registrations`, n, { script: SIGN_UP, post: true });
    c.acknowledged += got[1];
    return got;
  },
};

const configs = [];
try {
  configs.push(await setUp('sqlite', undefined, 1));
  if (process.env.KIOSQUE_BASELINE_BIN) {
    configs.push(await setUp('sqlite-baseline', undefined, 1, process.env.KIOSQUE_BASELINE_BIN));
  }
  configs.push(await setUp('postgres-1', newDatabase('bench_one'), 1));
  configs.push(await setUp('postgres-2', newDatabase('bench_two'), 2));
  const rates = {};
  for (const c of configs) await c.run(loads['gated article, new anonymous reader each (meter write)'](c)); // warm-up
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 ? [...configs].reverse() : configs;
    for (const [label, load] of Object.entries(loads)) {
      for (const c of order) {
        ((rates[label] ??= {})[c.name] ??= []).push(await c.run(load(c)));
      }
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`requests/s, wrk 32 connections in all, ${rounds} rounds of ${seconds} s (medians), ratio to one server on SQLite:`);
  for (const [label, byConfig] of Object.entries(rates)) {
    console.log(`  ${label}`);
    const reference = median(byConfig.sqlite);
    for (const c of configs) {
      const m = median(byConfig[c.name]);
      console.log(`    ${c.name.padEnd(16)} ${m.toFixed(0).padStart(7)}  ratio ${(m / reference).toFixed(2)}`);
    }
  }
  for (const c of configs) {
    const { rows, addresses } = await c.registrations();
    if (rows < c.acknowledged || addresses !== rows) {
      throw new Error(`${c.name}: ${c.acknowledged} sign-ups acknowledged, ${rows} rows, ${addresses} addresses`);
    }
    console.log(`  ${c.name}: ${c.acknowledged} sign-ups acknowledged, all kept, each once (${rows} rows)`);
  }
} finally {
  configs.forEach((c) => c.stop());
  setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 500);
}
