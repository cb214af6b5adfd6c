import { execSync } from 'node:child_process';
import { cpus, platform, totalmem } from 'node:os';

/**
 * What a results file says about where its figures come from: the date, the commit, Node and the
 * machine. Benchmarks and evals both write it, so their results can be compared run to run.
 */
export interface RunContext {
  readonly date: string;
  readonly commit: string;
  readonly node: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpu_model: string | undefined;
    readonly memory_gib: number;
    readonly platform: string;
  };
}

export function runContext(date = new Date()): RunContext {
  return {
    date: date.toISOString(),
    commit: gitCommit(),
    node: process.version,
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model,
      memory_gib: Math.round(totalmem() / 2 ** 30),
      platform: platform(),
    },
  };
}

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}
