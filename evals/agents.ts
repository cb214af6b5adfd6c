import type { Config, Features } from '../shared/config';
import { createLlmModels } from '../shared/conversation/models';
import { OfflineAgent } from '../shared/conversation/offline-agent/agent';
import type { ChatModel } from '../shared/providers/llm/llm';
import type { Line } from './scenario';
import { startScriptedLlmServer, type ScriptedAnswer, type ScriptedLlmServer } from './scripted-llm-server';

/**
 * Who answers the caller in an eval: the models a conversation tries, in the product's order (the
 * configured LLM, then the offline agent as the last fallback), as `createChatModels` builds them,
 * except that the offline agent reads the scenario's clock rather than the machine's.
 *
 * - offline: the offline agent alone, as with no configuration.
 * - scripted: the scenario's scripted replies, served by a local OpenAI-compatible server speaking
 *   SSE, through the real `openai` client; the offline agent behind it, as always.
 * - configured: the LLM the usual environment variables configure (OPENAI_BASE_URL, OPENAI_API_KEY,
 *   OPENAI_MODEL, or AZURE_OPENAI_*; LLM__FAST__* and LLM__SLOW__* too), then the offline agent.
 */

export const AGENT_KINDS = ['offline', 'scripted', 'configured'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

export interface Agent {
  readonly kind: AgentKind;
  /** Environment the run's config is read from: only what configures models, nothing else of the machine's. */
  readonly env: NodeJS.ProcessEnv;
  /** Config values for the models (the scripted server's address). */
  readonly llm: Record<string, unknown> | undefined;
  /** Whether it can play this scenario (scripted: only scenarios with scripted replies). */
  canPlay(lines: readonly Line[]): boolean;
  models(config: Config, features: Features, now: () => Date): ChatModel[];
  /** Before each caller line: the scripted agent queues that line's replies. */
  beforeTurn(line: Line | undefined): void;
  /** After each turn: what went wrong with the script (replies left unused). */
  afterTurn(): string[];
  close(): Promise<void>;
}

/** The environment variables that configure models: the README's aliases and the llm section. */
const MODEL_ENV =
  /^(?:OPENAI_(?:BASE_URL|API_KEY|MODEL)|AZURE_OPENAI_(?:ENDPOINT|API_KEY|API_VERSION)|LLM__.+)$/;

export function modelEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => MODEL_ENV.test(name)));
}

/** The configured LLMs, fast (or slow) first, then the offline agent on the scenario's clock. */
function productModels(config: Config, features: Features, now: () => Date): ChatModel[] {
  const first = features.slow_llm_for_chat ? 'slow' : 'fast';
  return [...createLlmModels(config, features, first), new OfflineAgent({ now })];
}

export async function createAgent(kind: AgentKind, env: NodeJS.ProcessEnv = process.env): Promise<Agent> {
  switch (kind) {
    case 'offline':
      return {
        kind,
        env: {},
        llm: undefined,
        canPlay: () => true,
        models: (_config, _features, now) => [new OfflineAgent({ now })],
        beforeTurn: () => undefined,
        afterTurn: () => [],
        close: async () => undefined,
      };
    case 'configured': {
      const configured = modelEnv(env);
      if (
        !configured.OPENAI_BASE_URL &&
        !configured.AZURE_OPENAI_ENDPOINT &&
        !configured.LLM__FAST__ENDPOINT
      ) {
        throw new UsageError(
          '--agent configured needs a model: set OPENAI_BASE_URL (and OPENAI_API_KEY, OPENAI_MODEL) or AZURE_OPENAI_ENDPOINT',
        );
      }
      return {
        kind,
        env: configured,
        llm: undefined,
        canPlay: () => true,
        models: productModels,
        beforeTurn: () => undefined,
        afterTurn: () => [],
        close: async () => undefined,
      };
    }
    case 'scripted':
      return scriptedAgent(await startScriptedLlmServer());
  }
}

/**
 * The post-call insights request (the one without tools): a valid answer, so the post-call work runs
 * through the LLM path too rather than falling back to the offline rules.
 */
const SCRIPTED_INSIGHTS: ScriptedAnswer = {
  say: JSON.stringify({
    synthesis: {
      short: 'Scripted summary of the call.',
      long: 'The replies of this call were scripted for the evals; this summary is scripted too.',
      satisfaction: 'high',
      improvement_suggestions: 'None: the conversation was scripted.',
    },
    next: { action: 'case_closed', justification: 'Scripted evaluation call.' },
  }),
};

/** The report SMS request (its prompt asks for `[LINK]`): a valid one, so the model path runs too. */
const SCRIPTED_REPORT_SMS: ScriptedAnswer = { say: 'Thank you for your call. Your scripted report: [LINK]' };

function scriptedAgent(server: ScriptedLlmServer): Agent {
  let queue: ScriptedAnswer[] = [];
  server.respondWith((body) => {
    if (body.tools) return queue.shift();
    return JSON.stringify(body.messages[0]?.content).includes('[LINK]')
      ? SCRIPTED_REPORT_SMS
      : SCRIPTED_INSIGHTS;
  });
  return {
    kind: 'scripted',
    env: {},
    llm: { fast: { endpoint: server.baseUrl, api_key: 'scripted', model: 'scripted' } },
    canPlay: (lines) => lines.every((line) => line.scripted !== undefined),
    models: productModels,
    beforeTurn(line) {
      queue = (line?.scripted ?? []).map((reply) => {
        const updates = Object.entries(reply.store ?? {}).map(([field, value]) => ({ field, value }));
        const tools = Object.entries(reply.tools ?? {}).map(([name, args]) => ({ name, arguments: args }));
        return {
          ...(reply.say !== undefined ? { say: reply.say } : {}),
          tools: [
            ...(updates.length > 0 ? [{ name: 'updated_claim', arguments: { updates } }] : []),
            ...tools,
          ],
        };
      });
    },
    afterTurn() {
      const unused = queue.length;
      queue = [];
      return unused > 0 ? [`${unused} scripted repl${unused === 1 ? 'y' : 'ies'} not asked for`] : [];
    },
    close: () => server.close(),
  };
}

/** A mistake in how the evals were asked to run: said plainly, without a stack trace. */
export class UsageError extends Error {}
