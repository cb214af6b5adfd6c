import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { benchColdStart } from './cold-start';
import { benchEngineOverhead } from './engine-overhead';
import { benchHttpApi } from './http-api';
import { STORE_OPS, benchStoreOps } from './store-ops';
import type { Summary } from './stats';

/**
 * `npm run bench [-- --quick]`: runs every benchmark, prints a table each, and writes the results with
 * the machine, Node version, date and commit to bench/results/. Quick mode does fewer runs, for CI: it
 * fails on errors, never on timings.
 */

interface BenchResult {
  readonly name: string;
  readonly method: string;
  readonly unit: string;
  readonly budget?: string;
  readonly summary: Summary;
  /** Operations (or requests) per second, for throughput benchmarks. */
  readonly throughput?: number;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const results: BenchResult[] = [];

  results.push({
    name: 'local host cold start',
    method: 'spawn node dist/local/main.js in a fresh data dir, poll GET /api/health every 5 ms until 200',
    unit: 'ms',
    budget: '≤ 1500 ms',
    summary: await benchColdStart(quick ? 3 : 20),
  });

  const engine = await benchEngineOverhead(quick ? 100 : 1_000);
  results.push({
    name: 'turn engine overhead per turn',
    method:
      'runTurn with an instant in-process model: one updated_claim tool call then a 3-sentence answer streamed word by word; model time is zero, so this is our code only',
    unit: 'ms',
    summary: engine.turn,
  });
  results.push({
    name: 'turn commit (SQLite)',
    method:
      'commitTurn of the same turns: read, replay tool changes, validate, write (calls of up to 20 turns)',
    unit: 'ms',
    summary: engine.commit,
  });

  const http = await benchHttpApi(quick ? 50 : 500, 10);
  const httpMethod = (what: string) =>
    `${what} against the real local host in-process over loopback (node fetch, keep-alive); ${quick ? 50 : 500} requests from 10 concurrent clients after 20 warm-up; latency = send to whole body read, throughput = requests / wall-clock time; every status checked`;
  results.push({
    name: 'HTTP POST /api/call',
    method: httpMethod(
      'POST /api/call with a valid body and a unique phone number each (stores the call and starts its orchestration, which rings; ring timeout 1 h)',
    ),
    unit: 'ms',
    summary: http.createCall.summary,
    throughput: http.createCall.throughput,
  });
  results.push({
    name: 'HTTP GET /api/call/{id}',
    method: httpMethod('GET /api/call/{id} of a call with 200 messages'),
    unit: 'ms',
    summary: http.getCall.summary,
    throughput: http.getCall.throughput,
  });
  results.push({
    name: 'HTTP GET /api/call?phone_number=',
    method: httpMethod('GET /api/call?phone_number= of a number with 50 calls (default limit: newest 20)'),
    unit: 'ms',
    summary: http.listCalls.summary,
    throughput: http.listCalls.throughput,
  });

  const storeOps = quick ? 50 : 500;
  const store = await benchStoreOps(storeOps);
  const backends = {
    sqlite: 'SQLite in a temp file',
    cosmos: '@vercel/cosmosdb-server in-process over HTTPS loopback (emulator, not Azure)',
  } as const;
  const opMethods = {
    create: `${storeOps} CallStore.create of new calls`,
    get: `${storeOps} CallStore.get by id`,
    update: `${storeOps} CallStore.update (read, append a message, validate, replace with etag)`,
    findResumable: `${Math.max(10, Math.round(storeOps / 5))} CallStore.findResumable of a number with 50 calls`,
    listByPhone: `${Math.max(10, Math.round(storeOps / 5))} CallStore.listByPhone (limit 20) of a number with 50 calls`,
  } as const;
  for (const backend of ['sqlite', 'cosmos'] as const) {
    for (const op of STORE_OPS) {
      results.push({
        name: `store ${op} (${backend})`,
        method: `${opMethods[op]}, one at a time, on ${backends[backend]} holding ~${storeOps + 50} calls; throughput = ops / wall-clock time`,
        unit: 'ms',
        summary: store[backend][op].summary,
        throughput: store[backend][op].throughput,
      });
    }
  }

  for (const result of results) printTable(result);
  const file = writeResults(results, quick);
  console.log(`\nResults written to ${file}`);
}

function printTable(result: BenchResult): void {
  const s = result.summary;
  const f = (v: number) => v.toFixed(1);
  console.log(
    `\n${result.name} (${result.unit}, n=${s.n}${result.budget ? `, budget ${result.budget}` : ''})`,
  );
  console.log(`  method: ${result.method}`);
  console.table({
    [result.name]: {
      p50: f(s.p50),
      p95: f(s.p95),
      p99: f(s.p99),
      max: f(s.max),
      mean: f(s.mean),
      ...(result.throughput === undefined ? {} : { 'per s': Math.round(result.throughput) }),
    },
  });
}

function writeResults(results: BenchResult[], quick: boolean): string {
  const dir = resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString();
  const file = join(dir, `${date.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  const machine = {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    memory_gib: Math.round(totalmem() / 2 ** 30),
  };
  writeFileSync(
    file,
    JSON.stringify({ date, commit: gitCommit(), node: process.version, machine, quick, results }, null, 2),
  );
  return file;
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
