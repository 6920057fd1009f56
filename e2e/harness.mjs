// Starts the built kiosque-server on a free loopback port with a fresh SQLite file, and the
// system Chromium through playwright-core (never a downloaded browser).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The demo content the server loads, to know what a page must and must not contain. */
export function demoContent() {
  return JSON.parse(fs.readFileSync(path.join(root, 'crates/server/demo/content.json'), 'utf8'));
}

/** Per gated article: its slug and the texts of the blocks past the teaser. */
export function gatedArticles(content = demoContent()) {
  return content.articles
    .filter((a) => a.access !== 'free')
    .map((a) => {
      const keep = a.paywall_after ?? content.site.teaser_blocks;
      return {
        slug: a.slug,
        publicTexts: a.body.slice(0, keep).map((b) => b.text),
        gatedTexts: a.body.slice(keep).map((b) => b.text),
      };
    });
}

const serverBin = process.env.KIOSQUE_SERVER_BIN || path.join(root, 'target/debug/kiosque-server');

/**
 * Starts kiosque-server on a free port. `meter` (free gated articles per anonymous reader)
 * is set with the server's own command line once the demo content is loaded.
 */
export async function startServer({ meter } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosque-e2e-'));
  const databaseUrl = `sqlite://${dir}/kiosque.db`;
  const bin = serverBin;
  const child = spawn(
    bin,
    [
      'serve',
      '--listen', '127.0.0.1:0',
      '--database-url', databaseUrl,
      '--static-dir', path.join(root, 'dist'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'info' } },
  );
  let log = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30000);
    const onData = (chunk) => {
      log += chunk;
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  if (meter !== undefined) {
    execFileSync(bin, ['site', 'meter', 'demo', '--anonymous', String(meter), '--database-url', databaseUrl]);
  }
  return {
    base,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/**
 * A new page that records every response body and fails the test on any uncaught error or
 * any console error that is not ours: the host page must never see an exception from Kiosque.
 */
export async function openPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses = [];
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err));
  page.on('response', (response) => {
    responses.push(
      response
        .body()
        .then((body) => ({ url: response.url(), body: body.toString('utf8') }))
        .catch(() => ({ url: response.url(), body: '' })),
    );
  });
  return {
    page,
    pageErrors,
    requests: () => responses,
    async bodies() {
      return Promise.all(responses);
    },
    close: () => context.close(),
  };
}

/** Everything a reader could see or a script could read: light DOM and every shadow root. */
export function allPageText(page) {
  return page.evaluate(() => {
    const parts = [document.documentElement.outerHTML];
    document.querySelectorAll('*').forEach((el) => {
      if (el.shadowRoot) parts.push(el.shadowRoot.innerHTML, el.shadowRoot.textContent);
    });
    return parts.join('\n');
  });
}
