/**
 * `npm run bench` arguments: which benchmarks to run and the knobs of the long ones, so that one figure
 * can be re-measured in minutes (`npm run bench -- --only voice-load --calls 500`).
 */

/** Every benchmark, by the name `--only` takes, in the order a full run runs them. */
export const BENCHMARKS = [
  'cold-start',
  'npm-start',
  'engine',
  'http-api',
  'store-ops',
  'micro',
  'voice-overhead',
  'voice-load',
  'serverless-voice',
  'stt-recognition',
  'stt-streaming',
  'tts-first-byte',
  'telemetry',
] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface BenchArgs {
  /** `--help`: print the usage and run nothing. */
  readonly help: boolean;
  /** Fewer runs, for CI: fails on errors, never on timings. */
  readonly quick: boolean;
  readonly only: ReadonlySet<BenchmarkName>;
  /** voice-load: the numbers of simultaneous calls, one run each. */
  readonly calls: readonly number[];
  /** voice-load: seconds of conversation per run. */
  readonly seconds: number;
  /** voice-load: seconds all calls stream silence before they converse (what listening costs). */
  readonly silentSeconds: number;
  /**
   * voice-load: the load generator's nice value (0: the host's priority). Raised, the generator yields
   * the CPU to the host, as callers on other machines would not compete with it.
   */
  readonly generatorNice: number;
  /** voice-load: runs at each number of calls (more than one adds a summary over the runs). */
  readonly repeat: number;
  /** voice-load: the host's media processes (undefined: its default, one per core; 0: in process). */
  readonly mediaWorkers: number | undefined;
}

export const USAGE = `usage: npm run bench -- [--help] [--quick] [--only NAME[,NAME...]] [--calls N[,N...]] [--seconds S] [--silent-seconds S] [--generator-nice N] [--repeat R] [--media-workers N]
  NAME: ${BENCHMARKS.join(', ')}
  --calls: voice-load's simultaneous calls, one run each (default 50,100,200,500; quick: 20)
  --seconds: voice-load's conversation window (default 30; quick: 4)
  --silent-seconds: voice-load's window of silence before it, which gives the listening cost (default 5; quick: 1)
  --generator-nice: voice-load's load generator runs at this nice value, 0-19, the host at 0 (default 0: the same priority; as another user than root it stays raised for the rest of the run)
  --repeat: voice-load runs at each number of calls, each on a fresh host, then a summary over the runs (default 1)
  --media-workers: voice-load host's media processes (default: one per core, as MEDIA_WORKERS; 0: in process)`;

/** A bad command line: printed with the usage, without a stack trace (it is not a bug). */
export class BenchArgsError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${USAGE}`);
    this.name = 'BenchArgsError';
  }
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let help = false;
  let quick = false;
  const only = new Set<BenchmarkName>();
  let calls: number[] | undefined;
  let seconds: number | undefined;
  let silentSeconds: number | undefined;
  let generatorNice = 0;
  let repeat = 1;
  let mediaWorkers: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next.startsWith('--')) throw new BenchArgsError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--only':
        for (const name of value().split(',')) {
          if (!(BENCHMARKS as readonly string[]).includes(name)) {
            throw new BenchArgsError(`--only: unknown benchmark "${name}"`);
          }
          only.add(name as BenchmarkName);
        }
        break;
      case '--calls':
        calls = value()
          .split(',')
          .map((n) => positiveInteger('--calls', n));
        break;
      case '--seconds':
        seconds = positiveInteger('--seconds', value());
        break;
      case '--silent-seconds':
        silentSeconds = positiveInteger('--silent-seconds', value());
        break;
      case '--generator-nice': {
        const text = value();
        generatorNice = zeroOrPositiveInteger('--generator-nice', text);
        if (generatorNice > 19) throw new BenchArgsError(`--generator-nice: "${text}" is over 19`);
        break;
      }
      case '--repeat':
        repeat = positiveInteger('--repeat', value());
        break;
      case '--media-workers':
        mediaWorkers = zeroOrPositiveInteger('--media-workers', value());
        break;
      default:
        throw new BenchArgsError(`unknown argument "${arg}"`);
    }
  }
  return {
    help,
    quick,
    only: only.size > 0 ? only : new Set(BENCHMARKS),
    calls: calls ?? (quick ? [20] : [50, 100, 200, 500]),
    seconds: seconds ?? (quick ? 4 : 30),
    silentSeconds: silentSeconds ?? (quick ? 1 : 5),
    generatorNice,
    repeat,
    mediaWorkers,
  };
}

function positiveInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new BenchArgsError(`${flag}: "${text}" is not a positive integer`);
  return n;
}

function zeroOrPositiveInteger(flag: string, text: string): number {
  return text === '0' ? 0 : positiveInteger(flag, text);
}
