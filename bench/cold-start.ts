import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { summarize, type Summary } from './stats';

/**
 * Local host cold start: from spawning `node dist/local/main.js` to the first 200 from /api/health,
 * each run in a fresh data dir (so the database is created too). Budget: 1.5 s (DESIGN.md).
 */

const MAIN = resolve(__dirname, '../local/main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function oneColdStart(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'callcenter-bench-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    cwd: dataDir, // no config file there: the embedded defaults, as on a fresh clone
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    return await waitHealthy(child, port, started);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Polls /api/health every 5 ms until a 200; returns the ms since `started`. Fails if the child exits,
 * or after `timeoutMs` (a hung start; generous, as benchmarks fail on errors, not on timings).
 */
export async function waitHealthy(
  child: ChildProcess,
  port: number,
  started: number,
  timeoutMs = 15_000,
): Promise<number> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`local host exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      throw new Error(`not healthy after ${timeoutMs / 1000} s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function benchColdStart(runs: number): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await oneColdStart());
  return summarize(samples);
}
