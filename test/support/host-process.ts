import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll } from 'vitest';
import { SoftphoneClient } from '../../local/softphone-client';
import { EXAMPLE_REQUEST, readJson, type CallView } from './calls';
import { makeTempDir } from './tmp';

/**
 * The local host as `npm start` runs it, in a child process of its own: what a crash test needs, since
 * only a real process can be killed with SIGKILL mid-call (no `finally`, no exit handler runs) and then
 * started again on the same data folder. Loopback only; the child gets a minimal environment so that no
 * cloud setting of the machine running the tests leaks in.
 */

const ROOT = resolve(__dirname, '../..');

/**
 * Our `shared/` and `local/` TypeScript, transpiled file by file to CommonJS under `outDir`, with the
 * project's node_modules and the softphone's static files beside it: `node <outDir>/local/main.js` is
 * then `npm start` without a full type-checked build (a second or two instead of a minute).
 */
export function transpileHost(outDir: string): string {
  for (const dir of ['shared', 'local']) {
    for (const file of tsFiles(join(ROOT, dir))) {
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2023,
          esModuleInterop: true,
        },
        fileName: file,
      });
      const out = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, outputText);
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  symlinkSync(join(ROOT, 'local', 'softphone'), join(outDir, 'local', 'softphone'), 'dir');
  return join(outDir, 'local', 'main.js');
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

export interface HostProcess {
  /** e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** What the host printed, for failure messages. */
  output(): string;
  /** SIGKILL: the process ends on the spot, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, the orderly stop (Ctrl+C). */
  stop(): Promise<void>;
}

/** Starts `node main` on `dataDir` (its working directory too), on a free loopback port. */
export async function spawnHost(
  main: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<HostProcess> {
  const child = spawn(process.execPath, [main], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  const started = Date.now();
  for (;;) {
    const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
    if (url)
      return {
        baseUrl: url,
        child,
        output: () => output,
        kill: () => end('SIGKILL'),
        stop: () => end('SIGTERM'),
      };
    if (child.exitCode !== null) throw new Error(`the host exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > 20_000) {
      await end('SIGKILL');
      throw new Error(`the host did not start within 20 s:\n${output}`);
    }
    await new Promise((wait) => setTimeout(wait, 20));
  }
}

/**
 * A test file's crash rig: the host transpiled once (beforeAll), started as often as the test needs on one
 * data folder that outlives each process, and everything it started killed and removed afterwards.
 * Ringing lasts ten minutes, so only a restart can end an unanswered call.
 */
export function useRestartableHost(name: string) {
  const build = makeTempDir(`${name}-build-`);
  const data = makeTempDir(`${name}-data-`);
  const hosts: HostProcess[] = [];
  const phones: SoftphoneClient[] = [];
  let main = '';
  beforeAll(() => {
    main = transpileHost(build.dir);
  }, 60_000);
  afterAll(async () => {
    for (const phone of phones) await phone.close().catch(() => undefined);
    for (const host of hosts) await host.kill();
    build.remove();
    data.remove();
  });
  return {
    dataDir: data.dir,
    /** Phones to hang up when the file ends. */
    phones,
    async start(): Promise<HostProcess> {
      const host = await spawnHost(main, data.dir, { WORKFLOW__RING_TIMEOUT_SEC: '600' });
      hosts.push(host);
      return host;
    },
    placeCall(host: HostProcess, phone_number: string): Promise<Response> {
      return fetch(`${host.baseUrl}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number }),
      });
    },
    async getCall(host: HostProcess, callId: string): Promise<CallView> {
      return readJson(await fetch(`${host.baseUrl}/api/call/${callId}`));
    },
  };
}
