import type { Summary } from './stats';

/** One benchmark's figures, as printed and written to bench/results/. */
export interface BenchResult {
  readonly name: string;
  readonly method: string;
  readonly unit: string;
  readonly budget?: string;
  readonly summary: Summary;
  /** Operations (or requests) per second, for throughput benchmarks. */
  readonly throughput?: number;
  /** Other figures of the same run (the voice load test's CPU, memory, frames...). */
  readonly details?: Record<string, number | string>;
}
