/**
 * The fast build behind `npm start`, `npm run chat`, `npm run bench` and `npm run evals`: transpile
 * only, no type-check (`npm test` type-checks; `npm run build` is the full `tsc` build the Functions
 * runtime loads). A full `tsc` costs 5–16 s on every start; this costs about 1 s of CPU after a fresh
 * clone (250 files) and a few milliseconds when nothing changed.
 *
 * The transpiler is esbuild (one `build` call, every changed file an entry point, no bundling): it
 * parses and prints in Go on every core, with about a ninth of the CPU that TypeScript's
 * `transpileModule` took for the same tree (bench/README.md, "`npm start`"). Its output is not
 * byte-identical to `tsc`'s but runs the same: CommonJS for Node (`format: 'cjs'`, what tsc emits
 * under `module: node20` for a package without `"type": "module"`), strict mode, the target and
 * `useDefineForClassFields` read from tsconfig.json, `import()` kept as a real dynamic import
 * (ESM-only packages such as fvad-wasm and soundswallower load through it, as under tsc), the same
 * `__esModule` interop for default imports, `import type` and unused imports dropped, and linked
 * source maps beside each file. esbuild compiles each file on its own, as `isolatedModules` (on in this
 * project) guarantees is enough. TypeScript stays the compiler of `npm run build` and `npm test`.
 *
 * What changed is decided by each source's mtime and size, kept in `<outDir>/.fast-build.json`; the
 * manifest also records tsconfig.json and the esbuild version, and any change there rebuilds all.
 * Outputs of deleted sources are removed, so a stale module cannot linger in dist/. esbuild is only
 * loaded when something needs transpiling.
 *
 * Usage: node scripts/fast-build.mjs [--root DIR] [--out-dir DIR] [--quiet]
 * (--root: the project to build, default this one; --out-dir: default tsconfig's outDir)
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** esbuild is resolved from this script's project, whichever project is being built (tests build fixtures). */
const require = createRequire(import.meta.url);
/** 2: esbuild replaced TypeScript's transpileModule; a dist/ from version 1 is rebuilt whole. */
const MANIFEST_VERSION = 2;
/** tsconfig `module` values under which tsc emits CommonJS for a `.ts` file outside a `"type": "module"` package. */
const COMMONJS_MODULES = ['commonjs', 'node16', 'node18', 'node20', 'nodenext'];

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
 * The esbuild options equivalent to the project's tsconfig for a transpile-only CommonJS build; throws
 * naming the field when the tsconfig asks for output this build cannot give (ES modules).
 */
function esbuildOptions(root, outDir, compilerOptions) {
  const module = String(compilerOptions.module ?? 'commonjs').toLowerCase();
  if (!COMMONJS_MODULES.includes(module)) {
    throw new Error(
      `fast-build: tsconfig.json compilerOptions.module "${compilerOptions.module}" is not supported ` +
        `(this build emits CommonJS: one of ${COMMONJS_MODULES.join(', ')})`,
    );
  }
  const packageJson = join(root, 'package.json');
  if (existsSync(packageJson) && JSON.parse(readFileSync(packageJson, 'utf8')).type === 'module') {
    throw new Error('fast-build: package.json "type": "module" is not supported (this build emits CommonJS)');
  }
  return {
    absWorkingDir: root,
    outdir: outDir,
    outbase: root,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    // TypeScript's default target (ES5) is older than esbuild can lower to; a project without one gets
    // the newest syntax, which Node ≥ 20 runs.
    target: String(compilerOptions.target ?? 'esnext').toLowerCase(),
    // The target supports it, but say so: `import()` must stay an `import()` (not `require`), or
    // ESM-only packages and `file:` URLs would fail to load.
    supported: { 'dynamic-import': true },
    // What esbuild reads of it: `useDefineForClassFields` (its default from `target`, as in tsc),
    // `experimentalDecorators`, `verbatimModuleSyntax`... tsc writes "use strict" atop every module
    // it turns into CommonJS; esbuild only under `alwaysStrict`, so ask for it.
    tsconfigRaw: { compilerOptions: { ...compilerOptions, alwaysStrict: true } },
    sourcemap: compilerOptions.sourceMap ? 'linked' : false,
    sourcesContent: false,
    logLevel: 'silent',
    write: true,
  };
}

/**
 * Brings `outDir` (default: tsconfig's outDir) up to date with the `.ts` sources of the project at `root`
 * (default: this repository). Returns how many files it transpiled and removed; throws on a syntax error.
 */
export async function fastBuild({ root = ROOT, outDir: outDirOption, quiet = false } = {}) {
  const started = performance.now();
  const tsconfigText = readFileSync(join(root, 'tsconfig.json'), 'utf8');
  const tsconfig = JSON.parse(tsconfigText);
  const compilerOptions = tsconfig.compilerOptions ?? {};
  const outDir = outDirOption ?? resolve(root, compilerOptions.outDir ?? 'dist');
  const esbuildVersion = JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
  const key = `esbuild ${esbuildVersion}\n${tsconfigText}`;
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
        `with esbuild (no type-check here; npm test type-checks)...`,
    );
  }
  if (stale.length > 0) {
    await transpile(root, stale, esbuildOptions(root, outDir, compilerOptions));
    forgetTscBuildInfo(root, outDir, compilerOptions);
  }
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

/**
 * Deletes tsc's incremental build info when esbuild has just written into tsc's outDir: `tsc
 * --incremental` trusts its outputs without reading them, so after `npm start` a `npm run build` would
 * otherwise leave esbuild's files in place of its own (they run the same, but `npm run build` promises
 * tsc's output, comments and all, to the Functions runtime).
 */
function forgetTscBuildInfo(root, outDir, compilerOptions) {
  if (!compilerOptions.incremental && !compilerOptions.composite) return;
  if (outDir !== resolve(root, compilerOptions.outDir ?? 'dist')) return;
  const buildInfo =
    compilerOptions.tsBuildInfoFile ?? join(compilerOptions.outDir ?? '.', 'tsconfig.tsbuildinfo');
  rmSync(resolve(root, buildInfo), { force: true });
}

/** Transpiles `sources` (relative to `root`) in one esbuild call; throws naming the file on a syntax error. */
async function transpile(root, sources, options) {
  const esbuild = require('esbuild');
  try {
    await esbuild.build({ ...options, entryPoints: sources.map((source) => join(root, source)) });
  } catch (error) {
    const first = error?.errors?.[0];
    if (!first) throw error;
    const where = first.location
      ? `${first.location.file}:${first.location.line}:${first.location.column + 1}: `
      : '';
    const more = error.errors.length > 1 ? ` (and ${error.errors.length - 1} more errors)` : '';
    throw new Error(`${where}${first.text}${more}`, { cause: error });
  } finally {
    // The esbuild service is a child process: stop it so an in-process caller is not kept alive.
    await esbuild.stop();
  }
}

function ms(since) {
  return `${Math.round(performance.now() - since)} ms`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fastBuild(parseArgs(process.argv.slice(2))).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
