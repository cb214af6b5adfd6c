import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, waitHealthy } from './cold-start';
import { summarize, type Summary } from './stats';

/**
 * `npm start` as a user sees it: from typing the command to the first 200 from /api/health, build
 * included. The checkout's files (tracked and untracked, not ignored: what a clone has) are copied into
 * a temp dir with node_modules linked to this one's (a clone right after `npm install`). "Fresh" runs
 * start with no dist/; "second" runs start again with the dist/ the previous run left.
 */

const REPO = resolve(__dirname, '../..');

export interface NpmStartResult {
  readonly fresh: Summary;
  readonly second: Summary;
}

export async function benchNpmStart(freshRuns: number, secondRuns: number): Promise<NpmStartResult> {
  const clone = mkdtempSync(join(tmpdir(), 'callcenter-npm-start-'));
  try {
    copyCheckout(clone);
    const fresh: number[] = [];
    const second: number[] = [];
    for (let i = 0; i < freshRuns; i++) {
      rmSync(join(clone, 'dist'), { recursive: true, force: true });
      fresh.push(await oneNpmStart(clone));
    }
    for (let i = 0; i < secondRuns; i++) second.push(await oneNpmStart(clone));
    return { fresh: summarize(fresh), second: summarize(second) };
  } finally {
    rmSync(clone, { recursive: true, force: true });
  }
}

function copyCheckout(into: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: REPO,
  })
    .toString()
    .split('\0')
    .filter((file) => file && !file.startsWith('node_modules'));
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    try {
      copyFileSync(join(REPO, file), join(into, file));
    } catch {
      // listed by git but deleted in the working tree
    }
  }
  symlinkSync(join(REPO, 'node_modules'), join(into, 'node_modules'), 'dir');
}

async function oneNpmStart(clone: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'callcenter-bench-'));
  const port = await freePort();
  const started = performance.now();
  // Its own process group: npm, the shell it runs and the host are stopped together.
  const child = spawn('npm', ['start'], {
    cwd: clone,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  try {
    // A fresh build on a busy machine can take tens of seconds.
    return await waitHealthy(child, port, started, 120_000);
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
