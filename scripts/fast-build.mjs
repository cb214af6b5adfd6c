/**
 * The fast build behind `npm start`, `npm run chat`, `npm run bench` and `npm run evals`: transpile
 * only, no type-check (`npm test` type-checks; `npm run build` is the full `tsc` build the Functions
 * runtime loads). A full `tsc` costs 5–16 s on every start; this costs ~2 s after a fresh clone and a
 * few milliseconds when nothing changed.
 *
 * Output is the same as `tsc -p tsconfig.json` for each file: TypeScript's own `transpileModule`, with
 * the compiler options read from tsconfig.json (CommonJS, `import()` kept as is under `module: node20`),
 * so `dist/functions/index.js` stays loadable by the Functions runtime. The project type-checks with
 * `isolatedModules` semantics (each file transpiles on its own), which `npm test` would reveal if lost.
 *
 * What changed is decided by each source's mtime and size, kept in `<outDir>/.fast-build.json`; the
 * manifest also records tsconfig.json and the TypeScript version, and any change there rebuilds all.
 * Outputs of deleted sources are removed, so a stale module cannot linger in dist/. TypeScript (~0.5 s
 * to load) is only loaded when something needs transpiling.
 *
 * Usage: node scripts/fast-build.mjs [--root DIR] [--out-dir DIR] [--quiet]
 * (--root: the project to build, default this one; --out-dir: default tsconfig's outDir)
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** TypeScript is resolved from this script's project, whichever project is being built (tests build fixtures). */
const require = createRequire(import.meta.url);
const MANIFEST_VERSION = 1;
/** From this many files to transpile, a second thread pays for its own start (~0.5 s). */
const PARALLEL_FROM = 40;

function parseArgs(argv) {
  const options = { quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quiet') options.quiet = true;
    else if (arg === '--root' && argv[i + 1]) options.root = resolve(argv[++i]);
    else if (arg === '--out-dir' && argv[i + 1]) options.outDir = resolve(argv[++i]);
    else
      throw new Error(`fast-build: unknown argument ${arg} (usage: [--root DIR] [--out-dir DIR] [--quiet])`);
  }
  return options;
}

/** Every `.ts` source (not `.d.ts`) under the tsconfig's include folders, as paths relative to root. */
function listSources(root, include) {
  const sources = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) sources.push(path);
    }
  };
  for (const dir of include) if (existsSync(join(root, dir))) walk(dir);
  return sources.sort();
}

function readManifest(path, key) {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    if (manifest.version === MANIFEST_VERSION && manifest.key === key) return manifest.files;
  } catch {
    // absent or unreadable: build everything
  }
  return {};
}

/** The output paths of one source, as tsc lays them out (rootDir "." → outDir mirrors the tree). */
function outputsOf(outDir, source) {
  const js = join(outDir, source.replace(/\.ts$/, '.js'));
  return { js, map: `${js}.map` };
}

/**
 * Brings `outDir` (default: tsconfig's outDir) up to date with the `.ts` sources of the project at `root`
 * (default: this repository). Returns how many files it transpiled and removed; throws on a syntax error.
 */
export async function fastBuild({ root = ROOT, outDir: outDirOption, quiet = false } = {}) {
  const started = performance.now();
  const tsconfigText = readFileSync(join(root, 'tsconfig.json'), 'utf8');
  const tsconfig = JSON.parse(tsconfigText);
  const outDir = outDirOption ?? resolve(root, tsconfig.compilerOptions.outDir ?? 'dist');
  const tsVersion = JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')).version;
  const key = `${tsVersion}\n${tsconfigText}`;
  const manifestPath = join(outDir, '.fast-build.json');
  const previous = readManifest(manifestPath, key);

  const sources = listSources(root, tsconfig.include ?? ['.']);
  const current = {};
  const stale = [];
  for (const source of sources) {
    const stat = statSync(join(root, source));
    current[source] = [stat.mtimeMs, stat.size];
    const before = previous[source];
    const upToDate =
      before &&
      before[0] === stat.mtimeMs &&
      before[1] === stat.size &&
      existsSync(outputsOf(outDir, source).js);
    if (!upToDate) stale.push(source);
  }
  const removed = Object.keys(previous).filter((source) => !(source in current));
  if (stale.length === 0 && removed.length === 0) {
    if (!quiet)
      console.error(
        `${relative(root, outDir) || '.'}/ is up to date (${sources.length} files checked in ${ms(started)})`,
      );
    return { transpiled: 0, removed: 0, total: sources.length };
  }

  if (!quiet) {
    console.error(
      `Transpiling ${stale.length} of ${sources.length} TypeScript files into ${relative(root, outDir) || '.'}/ ` +
        `(no type-check here; npm test type-checks)...`,
    );
  }
  // Two threads on a fresh clone (each loads TypeScript, ~0.5 s, then takes half the files): the
  // first start after `npm install` is the one a new user waits for. A few changed files: one thread.
  const threads = stale.length >= PARALLEL_FROM ? Math.min(2, availableParallelism()) : 1;
  const shares = Array.from({ length: threads }, (_, t) => stale.filter((_, i) => i % threads === t));
  const job = { root, outDir, compilerOptions: tsconfig.compilerOptions };
  await Promise.all([
    ...shares.slice(1).map((share) => inWorker({ ...job, sources: share })),
    Promise.resolve().then(() => transpileFiles({ ...job, sources: shares[0] })),
  ]);
  for (const source of removed) {
    const { js, map } = outputsOf(outDir, source);
    rmSync(js, { force: true });
    rmSync(map, { force: true });
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(manifestPath, JSON.stringify({ version: MANIFEST_VERSION, key, files: current }));
  if (!quiet) console.error(`Transpiled ${stale.length} files in ${ms(started)}`);
  return { transpiled: stale.length, removed: removed.length, total: sources.length };
}

/** Transpiles `sources` (relative to `root`) into `outDir`; throws naming the file on a syntax error. */
function transpileFiles({ root, outDir, compilerOptions: optionsJson, sources }) {
  const ts = require('typescript');
  const converted = ts.convertCompilerOptionsFromJson(optionsJson, root);
  if (converted.errors.length > 0) {
    throw new Error(
      `tsconfig.json: ${ts.flattenDiagnosticMessageText(converted.errors[0].messageText, '\n')}`,
    );
  }
  const compilerOptions = { ...converted.options, outDir, incremental: false, tsBuildInfoFile: undefined };
  for (const source of sources) {
    const sourcePath = join(root, source);
    const { js, map } = outputsOf(outDir, source);
    const result = ts.transpileModule(readFileSync(sourcePath, 'utf8'), {
      fileName: sourcePath,
      compilerOptions,
      reportDiagnostics: true,
    });
    const syntaxError = result.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
    if (syntaxError) {
      throw new Error(`${source}: ${ts.flattenDiagnosticMessageText(syntaxError.messageText, '\n')}`);
    }
    mkdirSync(dirname(js), { recursive: true });
    writeFileSync(js, result.outputText);
    if (result.sourceMapText) {
      // transpileModule names the source by its base name; tsc names it relative to the map, as here.
      const sourceMap = JSON.parse(result.sourceMapText);
      sourceMap.sources = [relative(dirname(map), sourcePath).split('\\').join('/')];
      writeFileSync(map, JSON.stringify(sourceMap));
    }
  }
}

/** `transpileFiles` in a worker thread (this same module, started with the job as workerData). */
function inWorker(job) {
  return new Promise((resolveDone, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { fastBuildJob: job } });
    worker.once('message', (message) => (message.error ? reject(new Error(message.error)) : resolveDone()));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolveDone() : reject(new Error(`fast-build worker exited ${code}`)),
    );
  });
}

function ms(since) {
  return `${Math.round(performance.now() - since)} ms`;
}

if (!isMainThread && workerData?.fastBuildJob) {
  try {
    transpileFiles(workerData.fastBuildJob);
    parentPort.postMessage({});
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
} else if (isMainThread && process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fastBuild(parseArgs(process.argv.slice(2))).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
