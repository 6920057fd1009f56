// The release kiosque-server of the benchmarks: the demo site on a fresh database in a
// folder of its own, on a free port.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const bin = process.env.KIOSQUE_SERVER_BIN || 'target/release/kiosque-server';

/**
 * Starts the server with `args` added; `cli(...)` runs a command on its database. `options`:
 * `db`, a database URL (default: a new SQLite file), `bin`, another server binary, `staticDir`,
 * another build's files (default: `dist`).
 */
export async function startBenchServer(name, args = [], options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiosque-bench-${name}-`));
  const db = options.db || `sqlite://${dir}/kiosque.db`;
  const server = options.bin || bin;
  const child = spawn(server, [
    'serve', '--listen', '127.0.0.1:0', '--database-url', db, '--static-dir', options.staticDir || path.resolve('dist'),
    '--outbox-dir', path.join(dir, 'outbox'), '--demo', 'true', ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: 'warn,kiosque_server=info' } });
  let log = '';
  const base = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(log);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`kiosque-server exited with ${code}: ${log}`)));
  });
  return {
    base,
    dir,
    cli: (...command) => execFileSync(server, [...command, '--database-url', db]).toString().trim(),
    stop() {
      child.kill('SIGTERM');
      setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 500);
    },
  };
}
