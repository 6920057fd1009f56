// Requests per second, Kiosque's release server beside nginx (Debian's package, started here
// on a free port over the same dist/ folder), measured with wrk in alternating rounds so the
// machine's noise falls on both. Each Kiosque figure is printed with its ratio to nginx
// serving a static file, the fastest answer this machine can give.
//
//   node scripts/bench-http.mjs [rounds] [seconds per measure]
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { startBenchServer } from './bench-server.mjs';

const [rounds = 3, seconds = 5] = process.argv.slice(2).map(Number);
const dist = path.resolve('dist');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosque-bench-http-'));
const FREE = 'tribune-accueil-inconditionnel-travail-social';
const GATED = 'numerique-accompagnement-social-entretien-directrice';
const wasm = fs.readdirSync(dist).find((f) => /^kiosque_widget_bg\.[0-9a-f]{16}\.wasm$/.test(f));

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

async function nginx() {
  const port = await freePort();
  fs.mkdirSync(path.join(dir, 'nginx'), { recursive: true });
  const conf = path.join(dir, 'nginx', 'nginx.conf');
  fs.writeFileSync(conf, `user root;
worker_processes 1;
daemon off;
pid ${dir}/nginx/nginx.pid;
error_log ${dir}/nginx/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  gzip_static on;
  client_body_temp_path ${dir}/nginx/body;
  proxy_temp_path ${dir}/nginx/proxy;
  fastcgi_temp_path ${dir}/nginx/fastcgi;
  uwsgi_temp_path ${dir}/nginx/uwsgi;
  scgi_temp_path ${dir}/nginx/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${dist};
  }
}
`);
  const child = spawn('nginx', ['-c', conf, '-p', path.join(dir, 'nginx')], { stdio: 'inherit' });
  for (let i = 0; i < 100; i += 1) {
    try {
      await fetch(`http://127.0.0.1:${port}/kiosque.js`);
      return { base: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGQUIT') };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error('nginx did not start');
}

// A new reader on every request: each gated read is a meter write. The reader id goes in the
// query, as the loader sends it (the server reads the header the same way).
const NEW_READER = path.join(dir, 'new-reader.lua');
fs.writeFileSync(NEW_READER, `
math.randomseed(os.time())
local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
request = function()
  local id = {}
  for i = 1, 22 do local n = math.random(1, #chars); id[i] = chars:sub(n, n) end
  local sep = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "reader=" .. table.concat(id))
end
`);

function wrk(url, { headers = {}, script } = {}) {
  const args = ['-t1', '-c32', `-d${seconds}s`, '--latency'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  if (script) args.push('-s', script);
  args.push(url);
  return new Promise((resolve, reject) => {
    execFile('wrk', args, (err, stdout) => {
      if (err) return reject(err);
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
      const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
      if (errors) return reject(new Error(`${url}: ${errors[1]} error answers\n${stdout}`));
      resolve(Number(rps[1]));
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// "Voir plus" deep in a long list: 8,000 articles pushed through the admin API, then the page
// at 7,990 by offset and by the previous page's mark, each against the first page.
async function deepPages() {
  const key = k.cli('site', 'api-key', 'demo', '--name', 'bench');
  const TOTAL = 8000;
  let pushed = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (pushed < TOTAL) {
      const n = pushed++;
      const day = new Date(Date.UTC(2020, 0, 1) + n * 3600e3).toISOString().replace('.000', '');
      const put = await fetch(`${k.base}/v1/admin/sites/demo/articles/long-${n}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `Article ${n}`, section: 'politiques-sociales', access: 'free', published_at: day,
          body_html: '<p>Un paragraphe.</p>',
        }),
      });
      if (put.status >= 300) throw new Error(`article ${n}: ${put.status} ${await put.text()}`);
    }
  }));
  const list = `${k.base}/v1/sites/demo/articles?limit=10`;
  const before = await (await fetch(`${list}&offset=7980`)).json();
  const mark = before.next;
  if (!mark) throw new Error('no next mark at 7,990');
  const cases = [
    ['page at 7,990 by offset', `${list}&offset=7990`],
    ['page at 7,990 by the previous page\'s mark', `${list}&after=${encodeURIComponent(mark)}`],
  ];
  console.log(`teaser pages of a ${TOTAL + 8}-article site, requests/s (medians), against the first page:`);
  for (const [label, url] of cases) {
    const got = { deep: [], first: [] };
    for (let round = 0; round < rounds; round += 1) {
      got.deep.push(await wrk(url));
      got.first.push(await wrk(list));
    }
    const d = median(got.deep);
    const f = median(got.first);
    console.log(`  ${label.padEnd(46)} deep ${d.toFixed(0).padStart(7)}  first ${f.toFixed(0).padStart(7)}  ratio ${(d / f).toFixed(3)}`);
  }
}

const k = await startBenchServer('http');
const n = await nginx();
try {
  k.cli('site', 'meter', 'demo', '--anonymous', '3');
  const br = { 'accept-encoding': 'br, gzip' };
  const cases = [
    ['kiosque.js, keep-alive', () => wrk(`${k.base}/kiosque.js`, { headers: br }), () => wrk(`${n.base}/kiosque.js`, { headers: { 'accept-encoding': 'gzip' } })],
    ['the wasm, compressed', () => wrk(`${k.base}/${wasm}`, { headers: br }), () => wrk(`${n.base}/${wasm}`, { headers: { 'accept-encoding': 'gzip' } })],
    ['free article (JSON)', () => wrk(`${k.base}/v1/sites/demo/articles/${FREE}?reader=bench-reader-00000001`), () => wrk(`${n.base}/kiosque.js`)],
    ['gated article, new reader each (meter write)', () => wrk(`${k.base}/v1/sites/demo/articles/${GATED}`, { script: NEW_READER }), () => wrk(`${n.base}/kiosque.js`)],
    // As the loader asks: with the first paint (kept by answer, see crates/server/src/first_paint.rs).
    ['free article with its paint (the loader\'s)', () => wrk(`${k.base}/v1/sites/demo/articles/${FREE}?paint=true&reader=bench-reader-00000001`), () => wrk(`${n.base}/kiosque.js`)],
    ['gated article with its paint, new reader each', () => wrk(`${k.base}/v1/sites/demo/articles/${GATED}?paint=true`, { script: NEW_READER }), () => wrk(`${n.base}/kiosque.js`)],
  ];
  console.log(`requests/s, wrk -t1 -c32 -d${seconds}s, ${rounds} rounds (medians); nginx serves a static file:`);
  for (const [label, ours, reference] of cases) {
    const got = { ours: [], reference: [] };
    for (let round = 0; round < rounds; round += 1) {
      if (round % 2) {
        got.reference.push(await reference());
        got.ours.push(await ours());
      } else {
        got.ours.push(await ours());
        got.reference.push(await reference());
      }
    }
    const o = median(got.ours);
    const r = median(got.reference);
    console.log(`  ${label.padEnd(46)} kiosque ${o.toFixed(0).padStart(7)}  nginx ${r.toFixed(0).padStart(7)}  ratio ${(o / r).toFixed(3)}`);
  }
  await deepPages();
} finally {
  k.stop();
  n.stop();
  setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 500);
}
