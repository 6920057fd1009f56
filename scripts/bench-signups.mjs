// Webinar sign-ups per second with SQLite's two durability settings, measured side by side in
// one run: two release servers on two fresh databases, the same load on each, in alternating
// rounds so that the machine's noise falls on both. Prints each rate and their ratio.
//
//   node scripts/bench-signups.mjs [rounds] [sign-ups per round] [concurrency]
import { startBenchServer } from './bench-server.mjs';

const [rounds = 3, perRound = 1000, concurrency = 32] = process.argv.slice(2).map(Number);

async function server(synchronous) {
  const started = await startBenchServer(synchronous, [
    '--sqlite-synchronous', synchronous, '--signups-per-ip-per-hour', '100000000',
  ]);
  const { base } = started;
  const key = started.cli('site', 'api-key', 'demo', '--name', 'bench');
  const admin = (p, body) => fetch(`${base}/v1/admin/sites/demo${p}`, {
    method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  await admin('/webinars/bench', { title: 'Banc d’essai' });
  const day = new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10);
  const made = await admin('/webinars/bench/sessions/grande', {
    title: 'Grande séance', starts_at: `${day}T15:30:00`, ends_at: `${day}T17:00:00`,
    time_zone: 'Europe/Paris', capacity: 1000000, waitlist: true,
  });
  if (made.status !== 201) throw new Error(`session: ${made.status} ${await made.text()}`);
  return { synchronous, base, stop: started.stop };
}

let serial = 0;
async function load(target, n) {
  const url = `${target.base}/v1/sites/demo/webinars/sessions/grande/registrations`;
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      next += 1;
      serial += 1;
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          first_name: 'Banc', last_name: 'Essai', email: `banc-${serial}@exemple.fr`,
          consent_processing_version: 1, fill_ms: 8000,
        }),
      });
      await answer.arrayBuffer();
      if (answer.status !== 201) failed += 1;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (failed) throw new Error(`${failed} sign-ups refused on ${target.synchronous}`);
  return n / seconds;
}

const servers = [await server('full'), await server('normal')];
const rates = { full: [], normal: [] };
try {
  await load(servers[0], 100); // warm-up
  await load(servers[1], 100);
  for (let round = 0; round < rounds; round += 1) {
    for (const s of round % 2 ? [...servers].reverse() : servers) rates[s.synchronous].push(await load(s, perRound));
  }
} finally {
  servers.forEach((s) => s.stop());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const full = median(rates.full);
const normal = median(rates.normal);
console.log(`sign-ups/s, ${rounds} rounds of ${perRound} at ${concurrency} concurrent (medians):`);
console.log(`  synchronous=full    ${full.toFixed(0)}`);
console.log(`  synchronous=normal  ${normal.toFixed(0)}`);
console.log(`  full / normal       ${(full / normal).toFixed(2)}`);
