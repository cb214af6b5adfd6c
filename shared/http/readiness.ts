import type { Config } from '../config';
import type { Logger } from '../log';
import type { CallStore } from '../providers/store/store';
import type { ApiRequest, ApiResponse } from './api';

/**
 * `GET /api/health/ready`: readiness, where `/api/health` is liveness. Every backend the config names is
 * checked in parallel, each within `readiness.timeout_ms`: the store answers its ping; every remote
 * endpoint (models, speech, transcription, SMS, search, flags, ACS, Web PubSub) answers HTTP at all (any
 * status: a 401 still proves the service is there; credentials are the callers' concern, and a probe
 * must not spend model tokens). Embedded backends (SQLite search, Flite, the outbox) live in this
 * process: nothing to reach.
 *
 * 200 when all answer, else 503 naming the failing ones. Answers name a check and why it failed
 * (timeout, connection refused, DNS), never a URL, key or connection string.
 */

export interface ReadinessDeps {
  readonly config: Config;
  readonly store: CallStore;
  readonly log: Logger;
}

interface Check {
  readonly name: string;
  readonly run: (signal: AbortSignal) => Promise<void>;
}

export async function readiness(_request: ApiRequest, deps: ReadinessDeps): Promise<ApiResponse> {
  const timeoutMs = deps.config.readiness.timeout_ms;
  const checks = checksFor(deps);
  const results = await Promise.all(
    checks.map(async (check) => ({ name: check.name, problem: await runCheck(check, timeoutMs) })),
  );
  const failing = results.filter((result) => result.problem !== undefined);
  const summary = Object.fromEntries(results.map((r) => [r.name, r.problem ?? 'ok']));
  if (failing.length === 0) return { status: 200, jsonBody: { status: 'ready', checks: summary } };
  deps.log.warn('not ready: backends unreachable', {
    failing: failing.map((f) => `${f.name} (${f.problem})`).join(', '),
  });
  return {
    status: 503,
    jsonBody: { status: 'unavailable', failing: failing.map((f) => f.name), checks: summary },
  };
}

/** What this config depends on, by the name readiness reports. */
function checksFor(deps: ReadinessDeps): Check[] {
  const { config } = deps;
  const endpoints: [string, string | undefined][] = [
    ['llm.fast', config.llm.fast.endpoint],
    ['llm.slow', config.llm.slow.endpoint],
    ['speech.tts', azureSpeechTts(config)],
    ['speech.stt', sttEndpoint(config)],
    ['sms', smsEndpoint(config)],
    ['search', config.search.backend === 'sqlite' ? undefined : config.search.azure.endpoint],
    ['flags', endpointOf(config.flags.app_configuration.connection_string)],
    ['telephony', endpointOf(config.telephony.acs.connection_string)],
    ['web_pubsub', endpointOf(config.telephony.acs.web_pubsub.connection_string)],
  ];
  return [
    { name: 'store', run: () => deps.store.ping() },
    ...endpoints
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, url]): Check => ({ name, run: (signal) => reach(url, signal) })),
  ];
}

async function runCheck(check: Check, timeoutMs: number): Promise<string | undefined> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      abort.abort();
      resolve(`no answer within ${timeoutMs} ms`);
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      check.run(abort.signal).then(
        () => undefined,
        (error: unknown) => reason(error),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Any HTTP answer will do; only the network failing is a failure. */
async function reach(url: string, signal: AbortSignal): Promise<void> {
  const response = await fetch(url, { method: 'GET', signal, redirect: 'manual' });
  await response.body?.cancel();
}

/** Why a check failed, in words that carry no secret: an error code, or the error's class. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown })?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return `unreachable (${code})`;
  return `failed (${error instanceof Error ? error.name : 'error'})`;
}

/** `Endpoint=https://…;AccessKey=…` (ACS, Web PubSub, App Configuration): the endpoint only. */
function endpointOf(connectionString: string | undefined): string | undefined {
  const endpoint = connectionString?.match(/(?:^|;)\s*endpoint=([^;]+)/i)?.[1]?.trim();
  return endpoint && /^https?:\/\//i.test(endpoint) ? endpoint : undefined;
}

function azureSpeechTts(config: Config): string | undefined {
  const { backend, azure } = config.speech.tts;
  if (backend !== 'azure' && !(backend === 'auto' && azure.key)) return undefined;
  return azure.endpoint ?? (azure.region ? `https://${azure.region}.tts.speech.microsoft.com/` : undefined);
}

function sttEndpoint(config: Config): string | undefined {
  const { backend, openai, azure } = config.speech.stt;
  const azureKey = azure.key ?? config.speech.tts.azure.key;
  const chosen = backend ?? (openai.endpoint ? 'openai' : azureKey ? 'azure' : 'embedded');
  if (chosen === 'openai') return openai.endpoint;
  if (chosen !== 'azure') return undefined;
  const region = azure.region ?? config.speech.tts.azure.region;
  // The recognizer speaks WebSocket; its host answers HTTPS too, which is what reachability needs.
  const endpoint = azure.endpoint?.replace(/^wss:/i, 'https:').replace(/^ws:/i, 'http:');
  return endpoint ?? (region ? `https://${region}.stt.speech.microsoft.com/` : undefined);
}

function smsEndpoint(config: Config): string | undefined {
  const { backend, twilio, acs } = config.sms;
  const chosen = backend ?? (twilio.account_sid ? 'twilio' : acs.connection_string ? 'acs' : 'outbox');
  if (chosen === 'twilio') return 'https://api.twilio.com/';
  if (chosen === 'acs') return endpointOf(acs.connection_string ?? config.telephony.acs.connection_string);
  return undefined;
}
