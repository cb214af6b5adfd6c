import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tmp';

/**
 * The transpile-only build behind `npm start` (scripts/fast-build.mjs, esbuild), run as npm runs it: a
 * child process. A small project in a temp dir shows what it rebuilds and when, and that TypeScript's
 * runtime features come out as tsc would run them; the real project shows its output is runnable: the
 * Functions entry registers its functions (as the runtime loads it), an ESM-only package loads through
 * a kept `import()`, and the local host answers /api/health.
 */

const run = promisify(execFile);
const REPO = resolve(__dirname, '../..');
const SCRIPT = join(REPO, 'scripts/fast-build.mjs');

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function build(...args: string[]): Promise<string> {
  const { stderr } = await run(process.execPath, [SCRIPT, ...args]);
  return stderr;
}

async function runNode(file: string): Promise<string> {
  return (await run(process.execPath, [file])).stdout.trim();
}

/** A two-file CommonJS project like this one: a type-only import, a value import, a dynamic import. */
function smallProject(): string {
  const tmp = makeTempDir('callcenter-fast-build-');
  cleanups.push(tmp.remove);
  const root = tmp.dir;
  const tsconfig = {
    compilerOptions: { target: 'ES2023', module: 'node20', outDir: 'dist', sourceMap: true },
  };
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src'] }));
  mkdirSync(join(root, 'src'));
  writeFileSync(
    join(root, 'src/greeting.ts'),
    `export interface Who { name: string }\nexport const hello = 'hello';\n`,
  );
  writeFileSync(
    join(root, 'src/main.ts'),
    `import type { Who } from './greeting.js';\nimport { hello } from './greeting.js';\n` +
      `const who: Who = { name: 'caller' };\n` +
      `void import('node:path').then((path) => console.log(hello, who.name, typeof path.join));\n`,
  );
  return root;
}

/** Starts the local host from `main` in a fresh data dir and returns its first /api/health status. */
async function healthStatus(main: string): Promise<number> {
  const data = makeTempDir('callcenter-fast-build-data-');
  cleanups.push(data.remove);
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: data.dir,
    env: { ...process.env, PORT: String(port), DATA_DIR: data.dir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  cleanups.push(() => child.kill('SIGTERM'));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`local host exited with ${child.exitCode}: ${stderr}`);
      const response = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (response) return response.status;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Moves a file's mtime forward, as an editor's save would. */
function touch(path: string, secondsLater: number): void {
  const when = new Date(Date.now() + secondsLater * 1000);
  utimesSync(path, when, when);
}

// Each test spawns node a few times, and a build loads TypeScript: room for a busy machine.
describe('fast build (npm start)', { timeout: 60_000 }, () => {
  it('transpiles everything the first time, then nothing until a source changes, then only that source', async () => {
    const root = smallProject();
    expect(await build('--root', root)).toMatch(/Transpiling 2 of 2 TypeScript files/);
    expect(await runNode(join(root, 'dist/src/main.js'))).toBe('hello caller function');
    expect(existsSync(join(root, 'dist/src/main.js.map'))).toBe(true);

    expect(await build('--root', root)).toMatch(/up to date \(2 files checked/);

    writeFileSync(join(root, 'src/greeting.ts'), `export const hello = 'good morning';\n`);
    touch(join(root, 'src/greeting.ts'), 5);
    expect(await build('--root', root)).toMatch(/Transpiling 1 of 2 TypeScript files/);
    expect(await runNode(join(root, 'dist/src/main.js'))).toBe('good morning caller function');
  });

  it('removes the output of a deleted source, so a stale module cannot be loaded', async () => {
    const root = smallProject();
    writeFileSync(join(root, 'src/old.ts'), `export const old = 1;\n`);
    await build('--root', root);
    expect(existsSync(join(root, 'dist/src/old.js'))).toBe(true);

    rmSync(join(root, 'src/old.ts'));
    await build('--root', root);
    expect(existsSync(join(root, 'dist/src/old.js'))).toBe(false);
    expect(existsSync(join(root, 'dist/src/old.js.map'))).toBe(false);
  });

  it('rebuilds everything when tsconfig.json changes, and when an output was deleted', async () => {
    const root = smallProject();
    await build('--root', root);
    rmSync(join(root, 'dist/src/greeting.js'));
    expect(await build('--root', root)).toMatch(/Transpiling 1 of 2/);

    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'node20', outDir: 'dist' },
        include: ['src'],
      }),
    );
    expect(await build('--root', root)).toMatch(/Transpiling 2 of 2/);
  });

  it("leaves `npm run build` writing tsc's own output after a fast build into the same dist/", async () => {
    const root = makeTempDir('callcenter-fast-build-tsc-');
    cleanups.push(root.remove);
    writeFileSync(
      join(root.dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'node20',
          outDir: 'dist',
          rootDir: '.',
          incremental: true,
          types: [],
        },
        include: ['src'],
      }),
    );
    mkdirSync(join(root.dir, 'src'));
    writeFileSync(join(root.dir, 'src/note.ts'), `// written by tsc\nexport const note = 1;\n`);
    const tsc = () => run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', root.dir]);
    const output = () => readFileSync(join(root.dir, 'dist/src/note.js'), 'utf8');
    await tsc();
    expect(output()).toContain('// written by tsc');
    await build('--root', root.dir); // `npm start`: no manifest yet, so esbuild writes over tsc's files
    expect(output()).not.toContain('// written by tsc');
    await tsc(); // `npm run build`: incremental, but its build info is gone, so it emits again
    expect(output()).toContain('// written by tsc');
  }, 120_000);

  it('fails naming the file on a syntax error, and does not record it as built', async () => {
    const root = smallProject();
    writeFileSync(join(root, 'src/broken.ts'), `export const x = ;\n`);
    const failure = await run(process.execPath, [SCRIPT, '--root', root]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/src[\\/]broken\.ts:1:18: Unexpected ";"/),
    });
    // The next run tries again rather than trusting a half-written dist/.
    await expect(run(process.execPath, [SCRIPT, '--root', root])).rejects.toMatchObject({ code: 1 });
  });

  it('fails a large build on a syntax error in any one file, naming it, then builds all once fixed', async () => {
    const root = smallProject();
    for (let i = 0; i < 45; i++) {
      const name = `src/f${String(i).padStart(2, '0')}.ts`;
      writeFileSync(
        join(root, name),
        i === 31 ? `export const x: number = ;\n` : `export const n${i} = ${i};\n`,
      );
    }
    await expect(run(process.execPath, [SCRIPT, '--root', root])).rejects.toMatchObject({
      stderr: expect.stringMatching(/src[\\/]f31\.ts:1:\d+: Unexpected ";"/),
    });
    writeFileSync(join(root, 'src/f31.ts'), `export const n31 = 31;\n`);
    expect(await build('--root', root)).toMatch(/Transpiling 47 of 47/);
    expect(await runNode(join(root, 'dist/src/main.js'))).toBe('hello caller function');
    expect(existsSync(join(root, 'dist/src/f44.js'))).toBe(true);
  });

  it('keeps what tsc would run: strict mode, enums, parameter properties, declare fields, export =, elided type imports, import()', async () => {
    const root = smallProject();
    // tsc writes "use strict" atop every module it turns into CommonJS, strict option or not.
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2023', module: 'node20', outDir: 'dist' },
        include: ['src'],
      }),
    );
    // Loaded only for a type: it must not run.
    writeFileSync(
      join(root, 'src/types.ts'),
      `console.log('types.ts ran');\nexport interface Step { by: number }\n`,
    );
    writeFileSync(
      join(root, 'src/legacy.ts'),
      `import path = require('node:path');\nexport = { sep: path.sep };\n`,
    );
    writeFileSync(
      join(root, 'src/features.ts'),
      [
        `import type { Step } from './types.js';`,
        `import { Step as AlsoStep } from './types.js';`,
        `import legacy = require('./legacy.js');`,
        `export enum Level { Low = 1, High, Named = 'named' }`,
        `class Counter {`,
        `  count = 0;`,
        `  declare readonly label: string;`,
        `  constructor(private readonly step: Step, readonly start: AlsoStep = { by: 0 }) {}`,
        `  next(): number { return (this.count += this.step.by + this.start.by); }`,
        `}`,
        `const counter = new Counter({ by: 2 });`,
        `counter.next();`,
        `const strict = (function (this: unknown) { return this === undefined; })();`,
        // A real `import()` (only that loads an ES module from a data: or file: URL; require cannot).
        `const esm: string = 'data:text/javascript,export default "esm"';`,
        `void import(esm).then((m: { default: string }) =>`,
        `  console.log([counter.next(), 'label' in counter, Level.High, Level[2], Level.Named, strict, legacy.sep, m.default].join(' ')));`,
        ``,
      ].join('\n'),
    );
    await build('--root', root);
    expect(await runNode(join(root, 'dist/src/features.js'))).toBe('4 false 2 High named true / esm');
  });

  it('builds this project into a runnable Functions app: the entry loads and registers every function', async () => {
    // Same depth as dist/ (the softphone page finds its files relative to it); removed afterwards.
    const outDir = mkdtempSync(join(REPO, '.fast-build-test-'));
    cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
    await build('--out-dir', outDir, '--quiet');
    // Outside the Functions runtime, @azure/functions runs in test mode and names each registration.
    const { stderr } = await run(process.execPath, [
      '-e',
      `require(${JSON.stringify(join(outDir, 'functions/index.js'))})`,
    ]);
    for (const name of ['health', 'callCreate', 'acsCallback', 'callOrchestration', 'placeCall']) {
      expect(stderr).toContain(`register function "${name}"`);
    }
    // The VAD loads the ESM-only @echogarden/fvad-wasm through `import()` (kept as such: the data: URL
    // test above is the one that tells, since Node ≥ 20.19 could also `require` it). A loud tone is
    // speech, silence not.
    const vad = await run(process.execPath, [
      '-e',
      `require(${JSON.stringify(join(outDir, 'shared/voice/vad.js'))})` +
        `.createWebRtcVad({ threshold: 0.5 }).then((vad) => {` +
        `  const tone = Int16Array.from({ length: 320 }, (_, i) => Math.round(8000 * Math.sin(i / 2)));` +
        `  const heard = []; for (let i = 0; i < 10; i++) heard.push(vad.isSpeech(tone));` +
        `  vad.reset(); console.log(heard.at(-1), vad.isSpeech(new Int16Array(320))); vad.close(); })`,
    ]);
    expect(vad.stdout.trim()).toBe('true false');
    expect(await healthStatus(join(outDir, 'local/main.js'))).toBe(200);
  }, 120_000);
});
