// Starts the built kiosque-server on a free loopback port with a fresh SQLite file, and the
// system Chromium through playwright-core (never a downloaded browser).
import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
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

/**
 * A real SMTP server (aiosmtpd, scripts/smtp-sink.py) on a free loopback port. Each mail it
 * receives is saved as JSON ({to, from, subject, body}) in its folder.
 */
export async function startSmtpSink() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosque-smtp-'));
  const child = spawn('python3', [path.join(root, 'scripts/smtp-sink.py'), '--dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`smtp sink did not start: ${out}`)), 15000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`smtp sink exited with ${code}`)));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Waits for the n-th mail to `to` (1-based). */
    async waitForMail(to, n = 1, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const mails = fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
          .filter((m) => m.to.includes(to));
        if (mails.length >= n) return mails[n - 1];
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no mail #${n} for ${to}`);
    },
    /** Every mail received so far. */
    all() {
      return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    },
    stop() {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The demo content the server loads, to know what a page must and must not contain. */
export function demoContent() {
  const content = JSON.parse(fs.readFileSync(path.join(root, 'crates/server/demo/content.json'), 'utf8'));
  // The offers a gated article's paywall shows (the others are placed by the page).
  content.paywallOffers = content.offers.filter((o) => (o.placement || 'paywall') === 'paywall');
  return content;
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
export async function startServer({ meter, smtp, pages, demo = true, args = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosque-e2e-'));
  // Extra static pages (publisher pages under test) beside the built files.
  let staticDir = path.join(root, 'dist');
  if (pages) {
    staticDir = path.join(dir, 'static');
    fs.mkdirSync(staticDir);
    for (const name of fs.readdirSync(path.join(root, 'dist'))) {
      fs.symlinkSync(path.join(root, 'dist', name), path.join(staticDir, name));
    }
    for (const [name, html] of Object.entries(pages)) fs.writeFileSync(path.join(staticDir, name), html);
  }
  const databaseUrl = `sqlite://${dir}/kiosque.db`;
  const bin = serverBin;
  let child;
  let log = '';
  // Starts the process on a free port and resolves with its address; `restart` runs it again
  // on the same database and outbox.
  const launch = () => {
    child = spawn(
      bin,
      [
        'serve',
        '--listen', '127.0.0.1:0',
        '--database-url', databaseUrl,
        '--static-dir', staticDir,
        '--outbox-dir', path.join(dir, 'outbox'),
        '--demo', String(demo),
        ...(smtp ? ['--smtp-url', smtp.url] : []),
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'info' } },
    );
    const started = log.length;
    const running = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30000);
      const onData = (chunk) => {
        log += chunk;
        const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(log.slice(started));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      running.stdout.on('data', onData);
      running.stderr.on('data', onData);
      running.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`server exited with ${code}:\n${log}`));
      });
    });
  };
  const base = await launch();
  if (meter !== undefined) {
    execFileSync(bin, ['site', 'meter', 'demo', '--anonymous', String(meter), '--database-url', databaseUrl]);
  }
  return {
    base,
    /** Kills the process at once (`kill -9`): no shutdown, whatever it was doing. */
    async kill() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    /** Starts the server again on the same database (after `kill`); `base` is its new address. */
    async restart() {
      this.base = await launch();
      return this.base;
    },
    /** The server's log so far (standard output and error). */
    log: () => log,
    /** `kiosque-server ARGS --database-url …`: its standard output, trimmed. */
    cli(...args) {
      return execFileSync(bin, [...args, '--database-url', databaseUrl]).toString().trim();
    },
    /** The same without blocking this process (for a command that calls back a server of the test). */
    cliAsync(...args) {
      return new Promise((resolve, reject) => {
        execFile(bin, [...args, '--database-url', databaseUrl], (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.toString().trim()));
      });
    },
    /** A console user (`kiosque-server admin create`): its one-time password. */
    consoleUser(email, role, sites = []) {
      const out = execFileSync(bin, [
        'admin', 'create', '--email', email, '--role', role,
        ...sites.flatMap((site) => ['--site', site]), '--database-url', databaseUrl,
      ]).toString();
      const match = /one-time password: (\S+),/.exec(out);
      if (!match) throw new Error(`no one-time password in: ${out}`);
      return match[1];
    },
    /** A new admin API key for the demo site (`kiosque-server site api-key`). */
    apiKey(name = 'e2e') {
      return execFileSync(bin, ['site', 'api-key', 'demo', '--name', name, '--database-url', databaseUrl])
        .toString()
        .trim();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The password the console users of the tests choose. */
export const CONSOLE_PASSWORD = 'un mot de passe très long';

/**
 * A new console user of `sites` (`kiosque-server admin create`), signed in in a new tab with
 * its one-time password changed, as a marketer does it the first time: the tab.
 */
export async function signedInToConsole(browser, server, email, { role = 'marketer', sites = ['demo'] } = {}) {
  const oneTime = server.consoleUser(email, role, sites);
  const tab = await openPage(browser);
  const { page } = tab;
  await page.goto(`${server.base}/admin`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(oneTime);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Mot de passe actuel').fill(oneTime);
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(CONSOLE_PASSWORD);
  await page.getByLabel('Nouveau mot de passe, à nouveau').fill(CONSOLE_PASSWORD);
  await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
  await page.waitForURL(/mot-de-passe\?fait=1$/);
  return tab;
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
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
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

/**
 * The background colour of what `locator` finds. Read again when the element went out of the
 * page between finding it and reading it: the widget renders over the loader's first paint of
 * a paywall, so an element found on the paint may be gone a moment later.
 */
export async function background(locator) {
  for (let tries = 0; tries < 100; tries += 1) {
    const colour = await locator.evaluate((e) => (e.isConnected ? getComputedStyle(e).backgroundColor : null));
    if (colour !== null) return colour;
  }
  throw new Error('the element kept leaving the page');
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

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical axe violations inside the widgets' placeholders (and their shadow roots). */
export async function violations(page) {
  // Evaluated rather than added as a <script>: the console's CSP forbids inline scripts, and a
  // DevTools evaluation is not subject to it.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const hosts = [...document.querySelectorAll('[data-kiosque]')].map((el) => {
      if (!el.id) el.id = `kq-host-${Math.random().toString(36).slice(2)}`;
      return `#${el.id}`;
    });
    const { violations } = await window.axe.run({ include: hosts.map((h) => [h]) }, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return result;
}
