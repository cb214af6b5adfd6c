import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Test access to ../shared/tools/functions-host, the real Azure Functions Node worker behind a stand-in
 * host (given to the project read-only, outside this repository): harness.sh makes a runnable copy with
 * the worker build vendored in worker-dist/, and these helpers run its fake host against this app's
 * compiled `dist/`. Everything skips, with the reason, when the harness or the build is missing.
 */

export const REPO_ROOT = path.resolve(__dirname, '../..');
const HARNESS_SCRIPT = path.join(__dirname, 'harness.sh');

export interface Harness {
  /** The prepared copy of the harness folder (removed by `dispose`). */
  readonly dir: string;
  readonly fakeHost: string;
  readonly listFunctions: string;
  /** A file in the copy, e.g. `examples/call-center-ai/followups.js`. */
  file(rel: string): string;
  dispose(): void;
}

export type Prepared = Harness | { readonly skipped: string };

/** Copies the harness, adds the vendored worker build and runs its install.sh (npm registry, cached). */
export function prepareHarness(): Promise<Prepared> {
  return new Promise((resolve, reject) => {
    execFile('bash', [HARNESS_SCRIPT], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`harness.sh failed: ${error.message}\n${stderr}`));
        return;
      }
      const dir = /^FUNCTIONS_HOST_COPY=(.+)$/m.exec(stdout)?.[1];
      if (!dir) {
        resolve({ skipped: stdout.trim() || 'functions-host harness unavailable' });
        return;
      }
      resolve({
        dir,
        fakeHost: path.join(dir, 'fake-host.js'),
        listFunctions: path.join(dir, 'list-functions.cjs'),
        file: (rel) => path.join(dir, rel),
        dispose: () => rmSync(dir, { recursive: true, force: true }),
      });
    });
  });
}

/**
 * Why the compiled app cannot be run, or undefined: no `dist/`, or a source of `functions/` or `shared/`
 * newer than its compiled file (file by file: `tsc` rebuilds incrementally, re-emitting changed files only).
 */
export function staleBuildReason(): string | undefined {
  if (!existsSync(path.join(REPO_ROOT, 'dist/functions/index.js'))) {
    return 'dist/functions/index.js is missing: run `npm run build` first';
  }
  for (const source of ['functions', 'shared'].flatMap((dir) => tsFiles(path.join(REPO_ROOT, dir)))) {
    const rel = path.relative(REPO_ROOT, source);
    const built = path.join(REPO_ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs) {
      return `${rel} is newer than its build in dist/: run \`npm run build\` first`;
    }
  }
  return undefined;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

export interface RunResult {
  readonly code: number | null;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

/** Runs `node <script> . ...args` from the repository root (the app), as the harness README shows. */
export function runHarnessScript(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 240_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '.', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
