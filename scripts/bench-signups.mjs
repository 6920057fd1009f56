// Webinar sign-ups per second with SQLite's two durability settings, measured side by side in
// one run: two release servers on two fresh databases, the same load on each (wrk, a new
// address on every request), in alternating rounds so that the machine's noise falls on both.
// Then each database is counted: every sign-up wrk was answered 201 for must be there, once.
//
//   node scripts/bench-signups.mjs [rounds] [seconds per round] [concurrency]
//
// With KIOSQUE_BASELINE_BIN=<another kiosque-server>, the two servers are that binary and this
// one, both with `synchronous=full`: a change measured against the code before it, side by side.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { startBenchServer } from './bench-server.mjs';

const [rounds = 3, seconds = 5, concurrency = 32] = process.argv.slice(2).map(Number);

const baseline = process.env.KIOSQUE_BASELINE_BIN;

/** A server named `name` (the figure's label) with SQLite's `synchronous`, from `bin`. */
async function server(name, synchronous, bin) {
  const started = await startBenchServer(name, [
    '--sqlite-synchronous', synchronous, '--signups-per-ip-per-hour', '100000000',
  ], { bin });
  const { base } = started;
  const key = started.cli('site', 'api-key', 'demo', '--name', 'bench');
  const admin = (method, p, body) => fetch(`${base}/v1/admin/sites/demo${p}`, {
    method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body),
  });
  await admin('PUT', '/webinars/bench', { title: 'Banc d’essai' });
  const day = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const made = await admin('PUT', '/webinars/bench/sessions/grande', {
    title: 'Grande séance', starts_at: `${day}T15:30:00`, ends_at: `${day}T17:00:00`,
    time_zone: 'Europe/Paris', capacity: 100000000, waitlist: true,
  });
  if (made.status !== 201) throw new Error(`session: ${made.status} ${await made.text()}`);
  const script = path.join(started.dir, 'sign-up.lua');
  // A new address per request: the round's prefix (wrk's argument) and a counter.
  fs.writeFileSync(script, `
local prefix, n = "x", 0
init = function(args) prefix = args[1] end
request = function()
  n = n + 1
  local body = '{"first_name":"Banc","last_name":"Essai","email":"banc-' .. prefix .. '-' .. n ..
    '@exemple.fr","consent_processing_version":1,"fill_ms":8000}'
  return wrk.format("POST", nil, { ["content-type"] = "application/json" }, body)
end
`);
  const count = async () => {
    const list = await admin('GET', '/webinars/sessions/grande/registrations');
    const rows = await list.json();
    return { rows: rows.length, addresses: new Set(rows.map((r) => r.email)).size };
  };
  return { name, base, script, count, acknowledged: 0, stop: started.stop };
}

let round = 0;
function load(target, duration) {
  round += 1;
  const url = `${target.base}/v1/sites/demo/webinars/sessions/grande/registrations`;
  const args = ['-t1', `-c${concurrency}`, `-d${duration}s`, '-s', target.script, url, '--', `r${round}`];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, (err, stdout) => {
      if (err) return reject(err);
      const refused = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
      if (refused) return reject(new Error(`${refused[1]} sign-ups refused on ${target.name}\n${stdout}`));
      const done = Number(/(\d+) requests in/.exec(stdout)[1]);
      target.acknowledged += done;
      resolve(Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]));
    });
  });
}

const servers = baseline
  ? [await server('baseline', 'full', baseline), await server('current', 'full')]
  : [await server('full', 'full'), await server('normal', 'normal')];
const [a, b] = servers.map((s) => s.name);
const rates = { [a]: [], [b]: [] };
try {
  await load(servers[0], 1); // warm-up
  await load(servers[1], 1);
  for (let r = 0; r < rounds; r += 1) {
    for (const s of r % 2 ? [...servers].reverse() : servers) rates[s.name].push(await load(s, seconds));
  }
  for (const s of servers) {
    const { rows, addresses } = await s.count();
    // wrk stops with requests in flight, which the server may still have kept: at least
    // every acknowledged one, each address once.
    if (rows < s.acknowledged || addresses !== rows) {
      throw new Error(`${s.name}: ${s.acknowledged} acknowledged, ${rows} kept, ${addresses} addresses`);
    }
    s.kept = rows;
  }
} finally {
  servers.forEach((s) => s.stop());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [first, second] = [median(rates[a]), median(rates[b])];
const label = baseline ? { [a]: 'baseline (full)', [b]: 'current (full)' } : { [a]: 'synchronous=full', [b]: 'synchronous=normal' };
console.log(`sign-ups/s, wrk -c${concurrency}, ${rounds} rounds of ${seconds} s (medians):`);
console.log(`  ${label[a].padEnd(20)}${first.toFixed(0)}`);
console.log(`  ${label[b].padEnd(20)}${second.toFixed(0)}`);
// Each round loads the two servers back to back: the median of the rounds' ratios is less
// moved by the machine's load drifting between rounds than the ratio of the medians.
const paired = median(rates[a].map((r, i) => r / rates[b][i]));
console.log(`  ${`${a} / ${b}`.padEnd(20)}${(first / second).toFixed(2)} (paired ${paired.toFixed(2)})`);
for (const s of servers) console.log(`  ${s.name}: ${s.acknowledged} acknowledged, ${s.kept} kept, 0 lost`);
