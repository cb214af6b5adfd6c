import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { envSettings } from './config-env';
import { configSchema, type Config } from './config-schema';

/**
 * The one typed configuration. Layers, later wins: the defaults (`config-schema.ts`), then an optional
 * JSON config file, then environment variables (`config-env.ts`: `SECTION__KEY` names and a few
 * well-known aliases). Nothing is needed to start locally. An invalid value stops startup with a message
 * naming the key, where it came from and what is expected.
 */

// Most of the app needs only these types and the feature flags' schema: they come from here.
export type { Config } from './config-schema';
export { featuresSchema, type Features } from './config-features';

export const DEFAULT_CONFIG_FILE = 'callcenter.config.json';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Tree = Record<string, unknown>;

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Values that win over everything else (tests, the local host's flags). */
  overrides?: Tree;
}

export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const sources = new Map<string, string>();
  const tree: Tree = {};

  const file = readConfigFile(env, cwd);
  if (file) {
    assignTree(tree, file.values, [], `file ${file.path}`, sources);
  }
  for (const { path, value, source } of envSettings(env)) setPath(tree, path, value, source, sources);
  if (options.overrides) assignTree(tree, options.overrides, [], 'override', sources);

  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => describeIssue(issue.path.map(String), issue, sources)),
    );
  }
  return parsed.data;
}

function describeIssue(path: string[], issue: z.core.$ZodIssue, sources: Map<string, string>): string {
  const keys =
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key].join('.')) : [path.join('.')];
  return keys
    .map((key) => {
      // A value given as a whole object (a section, a map) is recorded under its leaves.
      const source =
        sources.get(key) ?? [...sources.entries()].find(([leaf]) => leaf.startsWith(`${key}.`))?.[1];
      const what = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
      return `${key || '(root)'}${source ? ` (from ${source})` : ''}: ${what}`;
    })
    .join('; ');
}

function readConfigFile(env: NodeJS.ProcessEnv, cwd: string): { path: string; values: Tree } | undefined {
  const named = env.CONFIG_FILE || undefined;
  const path = resolve(cwd, named ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (named) throw new ConfigError([`CONFIG_FILE: no file at ${path}`]);
    return undefined;
  }
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new ConfigError([`${path}: expected a JSON object at the top level`]);
  }
  return { path, values: values as Tree };
}

function assignTree(
  target: Tree,
  values: Tree,
  prefix: string[],
  source: string,
  sources: Map<string, string>,
) {
  for (const [key, value] of Object.entries(values)) {
    const path = [...prefix, key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      assignTree(target, value as Tree, path, source, sources);
    } else {
      setPath(target, path, value, source, sources);
    }
  }
}

function setPath(
  target: Tree,
  path: readonly string[],
  value: unknown,
  source: string,
  sources: Map<string, string>,
) {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1] as string] = value;
  sources.set(path.join('.'), source);
}

/** Resolves a path from the config against the data dir (relative paths are relative to it). */
export function dataPath(config: Config, file: string): string {
  return isAbsolute(file) ? file : resolve(config.data_dir, file);
}
