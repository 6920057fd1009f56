// Navigation → subscription box in the DOM, Kiosque against a hand-written vanilla paywall,
// side by side in one run. The pages sit on a publisher origin of their own and ask the same
// release server (another origin) for the same gated article; the vanilla page makes that one
// request and builds the same box in a shadow root with a few lines of DOM code, which is what
// "as fast as hand-written JavaScript" means. That script is measured twice: inline in the page
// (`vanilla`, the issue's reference: it asks for the article as the page is parsed), and from
// a tag on the Kiosque server, `async crossorigin` like Kiosque's (`vanilla-tag`: what any
// paywall not written into the page itself pays, a file's trip and the page's first frame
// before it runs). Kiosque is embedded as the README says, twice: the script tag alone, and as
// it says for article pages: the early request pasted before the tag, and the tag with
// `fetchpriority="high"`. Runs rotate through the pages, so the machine's noise falls on all,
// and each figure is a median; ratios are paired (the median of each run's).
//
//   node scripts/bench-paywall.mjs [runs per case]
//
// With KIOSQUE_BASELINE_DIST=<another build's dist/>, one more page embeds the tag alone from
// a second server serving that build: a change measured against the code before it, side by
// side (`baseline`, and `kiosque`'s paired ratio to it). KIOSQUE_BENCH_CASES=<regular
// expression> runs only the cases whose label it matches (`^cold$`: the cold case alone).
//
// Cases: cold (a new browser context: empty cache, new reader), warm (the same context again),
// cold with the CPU 4× slower, and cold on a slow link (1.6 Mbit/s, 150 ms round trip) with the
// CPU 4× slower, both through the DevTools protocol; then that link again with its 150 ms on
// every round trip, through a delaying proxy in front of the servers (`delayingProxy`).
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

import { startBenchServer } from './bench-server.mjs';
import { earlyRequest } from './readme.mjs';

const runs = Number(process.argv[2] || 7);
const ARTICLE = 'numerique-accompagnement-social-entretien-directrice'; // subscribers only

async function kiosqueServer(publisherOrigin, staticDir) {
  const server = await startBenchServer('paywall', [], { staticDir });
  // No free reads: every new reader meets the wall; the publisher's pages are allowed.
  server.cli('site', 'meter', 'demo', '--anonymous', '0');
  server.cli('site', 'origins', 'demo', '--add', publisherOrigin);
  return server;
}

// What a publisher would write by hand: the same request (the reader id in its address, as
// the loader sends it: no CORS preflight), the same box. `api` is a JavaScript expression.
function vanillaScript(api) {
  return `(function () {
  var api = ${api};
  var key = 'vanilla:reader', reader = localStorage.getItem(key);
  if (!reader) {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    reader = btoa(String.fromCharCode.apply(null, bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
    localStorage.setItem(key, reader);
  }
  var answer = fetch(api + '/v1/sites/demo/articles/${ARTICLE}?reader=' + reader, {
    headers: { accept: 'application/json', 'accept-language': 'fr' },
  }).then(function (r) { return r.json(); });
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function render(page) {
    var host = document.getElementById('paywall');
    var root = host.attachShadow({ mode: 'open' });
    var style = el('style'); style.textContent = '.box{border:1px solid #ccc;border-radius:8px;padding:1.5rem;font:16px system-ui}.kicker{text-transform:uppercase;font-size:.8rem}.button{background:#b00;color:#fff;border:0;padding:.7rem 1.2rem;border-radius:4px}';
    root.append(style);
    var article = el('article');
    article.append(el('h2', '', page.article.title), el('p', 'standfirst', page.article.standfirst));
    page.body.forEach(function (b) { var kind = Object.keys(b)[0]; article.append(el(kind === 'heading' ? 'h3' : 'p', '', b[kind])); });
    var p = page.access.teaser.paywall, box = el('section', 'box');
    box.append(el('p', 'kicker', p.kicker), el('h3', '', p.title));
    var list = el('ul'); p.benefits.forEach(function (b) { list.append(el('li', '', b)); });
    box.append(list, el('button', 'button', p.cta_label));
    article.append(box);
    root.append(article);
    console.log('shown ' + performance.now());
  }
  function ready() { answer.then(render); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready); else ready();
})();
`;
}

// The build's files with the vanilla script beside them (and its brotli and gzip files, as
// the build makes them for `kiosque.js`), for the server to serve as it serves the loader.
function staticDirWithVanilla(dist) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosque-bench-static-'));
  fs.cpSync(dist, dir, { recursive: true });
  const script = vanillaScript('new URL(document.currentScript.src).origin');
  fs.writeFileSync(path.join(dir, 'vanilla.js'), script);
  fs.writeFileSync(path.join(dir, 'vanilla.js.br'), zlib.brotliCompressSync(script));
  fs.writeFileSync(path.join(dir, 'vanilla.js.gz'), zlib.gzipSync(script, { level: 9 }));
  return dir;
}

// The publisher's pages, on an origin of their own.
function pages(api, baselineApi) {
  const kiosque = (head, attributes = '') => `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Kiosque</title>${head}
<script src="${api}/kiosque.js" data-site="demo" async crossorigin${attributes}></script></head>
<body><h1>Article</h1><div data-kiosque="paywall" data-article="${ARTICLE}"></div>
<script>document.addEventListener('kiosque:paywall-shown', () => { console.log('shown ' + performance.now()); });</script>
</body></html>`;
  const vanilla = `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Vanilla</title>
<script>${vanillaScript(`'${api}'`)}</script></head>
<body><h1>Article</h1><div id="paywall"></div></body></html>`;
  // The same script embedded as Kiosque is, and as any paywall a publisher does not write
  // into the page itself would be: a tag on the Kiosque server's origin, `async crossorigin`.
  const vanillaTag = `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Vanilla</title>
<script src="${api}/vanilla.js" async crossorigin></script></head>
<body><h1>Article</h1><div id="paywall"></div></body></html>`;
  const files = {
    '/kiosque.html': kiosque(''),
    '/early.html': kiosque(earlyRequest(api, ARTICLE), ' fetchpriority="high"'),
    '/vanilla.html': vanilla,
    '/vanilla-tag.html': vanillaTag,
  };
  if (baselineApi) files['/baseline.html'] = pages(baselineApi)['/kiosque.html'];
  return files;
}

// Serves the pages once `api` is known (the publisher's origin is allowed first).
function publisher() {
  let files = {};
  const server = http.createServer((req, res) => {
    const body = files[req.url];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(body || 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({
      base: `http://127.0.0.1:${server.address().port}`,
      // `slow`: the same pages with the servers behind the delaying proxies, under /rtt/.
      serve: (api, baselineApi, slow) => {
        files = pages(api, baselineApi);
        for (const [name, body] of Object.entries(pages(slow.api, slow.baselineApi))) files[`/rtt${name}`] = body;
      },
      stop: () => server.close(),
    });
  }));
}

// A TCP proxy in front of a server that holds what passes for half a round trip each way, and
// a new connection's first bytes for one round trip more (its TCP handshake): DevTools'
// throttling adds its latency once a request, so it leaves out what costs round trips of their
// own, a new connection and a CORS preflight. (No TLS: a real https server costs one more.)
function delayingProxy(target, rtt) {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(new URL(target).port), '127.0.0.1');
    const forward = (from, to, first) => {
      let at = 0; // chunks leave in order, each half a round trip after it came
      from.on('data', (chunk) => {
        at = Math.max(Date.now() + rtt / 2 + (at === 0 ? first : 0), at);
        setTimeout(() => to.write(chunk), at - Date.now());
      });
      from.on('end', () => setTimeout(() => to.end(), Math.max(at, Date.now() + rtt / 2) - Date.now()));
      from.on('error', () => to.destroy());
    };
    forward(client, upstream, rtt);
    forward(upstream, client, 0);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    base: `http://127.0.0.1:${server.address().port}`,
    stop: () => server.close(),
  })));
}

const SLOW = { download: 1.6e6 / 8, upload: 750e3 / 8 };
const CASES = {
  cold: {},
  warm: { warm: true },
  'cold, CPU 4× slower': { cpu: 4 },
  'cold, 1.6 Mbit/s 150 ms, CPU 4×': { cpu: 4, link: { latency: 150, ...SLOW } },
  // The same link with its round trips where they are: through the delaying proxy.
  'same, 150 ms every round trip': { cpu: 4, link: { latency: 0, ...SLOW }, rtt: true },
};

// The box's time, as the page logs it. Read from the console through the DevTools protocol,
// not by polling the page: a `waitForFunction` runs Playwright's script in the page every few
// milliseconds, on the main thread the page needs, and it landed in the middle of the
// Kiosque page's work (its load event comes later than the inline script's), which cost it
// about 10 ms a run.
function shownAt(page, timeout) {
  return page.waitForEvent('console', { predicate: (m) => m.text().startsWith('shown '), timeout })
    .then((m) => Number(m.text().slice(6)));
}

async function timeOnce(browser, url, { warm, cpu, link }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  try {
    if (warm) {
      const shown = shownAt(page, 30000);
      await page.goto(url);
      await shown;
    }
    if (cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    if (link) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: link.latency, downloadThroughput: link.download, uploadThroughput: link.upload,
      });
    }
    const shown = shownAt(page, 60000);
    await page.goto(url);
    return await shown;
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const site = await publisher();
const staticDir = staticDirWithVanilla(path.resolve('dist'));
const api = await kiosqueServer(site.base, staticDir);
const baselineDist = process.env.KIOSQUE_BASELINE_DIST;
const baseline = baselineDist && await kiosqueServer(site.base, baselineDist);
const proxies = [await delayingProxy(api.base, 150), ...(baseline ? [await delayingProxy(baseline.base, 150)] : [])];
site.serve(api.base, baseline && baseline.base, { api: proxies[0].base, baselineApi: proxies[1] && proxies[1].base });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
    '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const PAGES = ['kiosque', 'early', 'vanilla', 'vanilla-tag', ...(baseline ? ['baseline'] : [])];
  const REFERENCES = ['vanilla', 'vanilla-tag'];
  // One warm-up of each page (the server's caches, the browser's first start).
  for (const name of PAGES) await timeOnce(browser, `${site.base}/${name}.html`, {});
  console.log(`navigation → subscription box in the DOM, ms (median of ${runs}; in brackets each page's paired ratio,`
    + ' the median of each run\'s, to the vanilla script inline in the page · to the same script from a tag):');
  const only = new RegExp(process.env.KIOSQUE_BENCH_CASES || '');
  for (const [label, options] of Object.entries(CASES).filter(([label]) => only.test(label))) {
    const times = Object.fromEntries(PAGES.map((name) => [name, []]));
    for (let run = 0; run < runs; run += 1) {
      const order = [...PAGES.slice(run % PAGES.length), ...PAGES.slice(0, run % PAGES.length)];
      const dir = options.rtt ? '/rtt' : '';
      for (const name of order) times[name].push(await timeOnce(browser, `${site.base}${dir}/${name}.html`, options));
    }
    // Each run's pages are measured back to back: the median of their ratios is less moved
    // by the machine's load drifting between runs than the ratio of the medians.
    const paired = (name, reference) => median(times[name].map((x, i) => x / times[reference][i])).toFixed(2);
    const row = PAGES.filter((name) => !REFERENCES.includes(name)).map((name) =>
      `${name} ${median(times[name]).toFixed(0).padStart(5)} (${paired(name, 'vanilla')} · ${paired(name, 'vanilla-tag')})`);
    const references = REFERENCES.map((name) => `${name} ${median(times[name]).toFixed(0).padStart(5)}`);
    const against = baseline ? `  kiosque/baseline paired ${paired('kiosque', 'baseline')}` : '';
    console.log(`  ${label.padEnd(34)} ${row.join('  ')}  ${references.join('  ')}${against}`);
  }
} finally {
  await browser.close();
  site.stop();
  api.stop();
  fs.rmSync(staticDir, { recursive: true, force: true });
  if (baseline) baseline.stop();
  proxies.forEach((proxy) => proxy.stop());
}
