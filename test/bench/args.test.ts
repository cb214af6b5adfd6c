import { describe, expect, it } from 'vitest';
import { BENCHMARKS, BenchArgsError, parseBenchArgs, USAGE } from '../../bench/args';

describe('npm run bench arguments', () => {
  it('runs everything by default, and the voice load at 50, 100, 200 and 500 calls for 30 s', () => {
    const args = parseBenchArgs([]);
    expect([...args.only]).toEqual([...BENCHMARKS]);
    expect(args).toMatchObject({ quick: false, calls: [50, 100, 200, 500], seconds: 30 });
    expect(parseBenchArgs(['--quick'])).toMatchObject({ quick: true, calls: [20], seconds: 4 });
  });

  it('re-measures one figure: --only voice-load --calls 500, in either flag style', () => {
    for (const argv of [
      ['--only', 'voice-load', '--calls', '500'],
      ['--only=voice-load', '--calls=500'],
    ]) {
      const args = parseBenchArgs(argv);
      expect([...args.only]).toEqual(['voice-load']);
      expect(args.calls).toEqual([500]);
    }
    const some = parseBenchArgs([
      '--only',
      'micro,cold-start',
      '--only',
      'npm-start',
      '--calls',
      '100,200',
      '--seconds',
      '10',
    ]);
    expect([...some.only].sort()).toEqual(['cold-start', 'micro', 'npm-start']);
    expect(some).toMatchObject({ calls: [100, 200], seconds: 10 });
  });

  it('streams silence for 5 s (quick: 1 s) before the conversation unless --silent-seconds says how long', () => {
    expect(parseBenchArgs([]).silentSeconds).toBe(5);
    expect(parseBenchArgs(['--quick']).silentSeconds).toBe(1);
    expect(parseBenchArgs(['--silent-seconds', '30']).silentSeconds).toBe(30);
    expect(() => parseBenchArgs(['--silent-seconds', '0'])).toThrow(/--silent-seconds: "0"/);
  });

  it("runs the load generator at the host's priority unless --generator-nice raises its nice value (0-19)", () => {
    expect(parseBenchArgs([]).generatorNice).toBe(0);
    expect(parseBenchArgs(['--generator-nice', '10']).generatorNice).toBe(10);
    expect(parseBenchArgs(['--generator-nice=0']).generatorNice).toBe(0);
    expect(() => parseBenchArgs(['--generator-nice', '20'])).toThrow(/--generator-nice: "20" is over 19/);
    expect(() => parseBenchArgs(['--generator-nice', '-5'])).toThrow(/--generator-nice: "-5"/);
  });

  it('runs each voice load once unless --repeat says how many times', () => {
    expect(parseBenchArgs([]).repeat).toBe(1);
    expect(parseBenchArgs(['--repeat', '3']).repeat).toBe(3);
    expect(() => parseBenchArgs(['--repeat', '0'])).toThrow(/--repeat: "0"/);
  });

  it('runs the voice load host with its default media processes unless --media-workers says how many', () => {
    expect(parseBenchArgs([]).mediaWorkers).toBeUndefined();
    expect(parseBenchArgs(['--media-workers', '0']).mediaWorkers).toBe(0);
    expect(parseBenchArgs(['--media-workers=2']).mediaWorkers).toBe(2);
    expect(() => parseBenchArgs(['--media-workers', '-1'])).toThrow(/--media-workers: "-1"/);
  });

  it('refuses an unknown benchmark, flag or count, naming it and listing the benchmarks', () => {
    expect(() => parseBenchArgs(['--only', 'voice-lod'])).toThrow(
      /unknown benchmark "voice-lod"[\s\S]*voice-load/,
    );
    expect(() => parseBenchArgs(['--call', '5'])).toThrow(/unknown argument "--call"/);
    expect(() => parseBenchArgs(['--calls', '0'])).toThrow(/--calls: "0" is not a positive integer/);
    expect(() => parseBenchArgs(['--calls', '1.5'])).toThrow(/not a positive integer/);
    expect(() => parseBenchArgs(['--seconds'])).toThrow(/--seconds needs a value/);
    expect(() => parseBenchArgs(['--only', '--quick'])).toThrow(/--only needs a value/);
  });

  it('answers --help with the usage, and a bad command line with what was wrong and the usage', () => {
    expect(parseBenchArgs(['--help']).help).toBe(true);
    expect(parseBenchArgs(['-h']).help).toBe(true);
    expect(parseBenchArgs([]).help).toBe(false);
    expect(USAGE).toMatch(/--help/);
    for (const argv of [['--calls', 'many'], ['--bogus'], ['--only', 'nothing'], ['--seconds']]) {
      const error = (() => {
        try {
          parseBenchArgs(argv);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error, argv.join(' ')).toBeInstanceOf(BenchArgsError);
      expect((error as Error).message).toContain(USAGE);
    }
  });
});
