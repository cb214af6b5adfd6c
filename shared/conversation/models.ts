import type { Config, Features } from '../config';
import type { ChatModel } from '../providers/llm/llm';
import { azureTokenProvider, COGNITIVE_SERVICES_SCOPE } from '../providers/azure-credential';
import { OpenAiChatModel } from '../providers/llm/openai';
import { OfflineAgent } from './offline-agent/agent';

/** Which models answer, built from the config: the LLMs that are configured, and the offline agent. */

/** The configured LLMs, fast or slow first. */
export function createLlmModels(config: Config, features: Features, first: 'fast' | 'slow'): ChatModel[] {
  const llm = (role: 'fast' | 'slow') => {
    const settings = config.llm[role];
    if (!settings.endpoint) return undefined;
    return new OpenAiChatModel({
      role,
      endpoint: settings.endpoint,
      model: settings.model ?? 'gpt-4.1-mini',
      ...(settings.api_key ? { apiKey: settings.api_key } : {}),
      ...(settings.azure_api_version ? { azureApiVersion: settings.azure_api_version } : {}),
      // Azure OpenAI without a key: Entra ID tokens of the app's identity (role Cognitive Services OpenAI User).
      ...(settings.azure_api_version && !settings.api_key
        ? { azureAdTokenProvider: azureTokenProvider(config, COGNITIVE_SERVICES_SCOPE) }
        : {}),
      timeoutMs: features.answer_hard_timeout_sec * 1000,
    });
  };
  const ordered = first === 'slow' ? [llm('slow'), llm('fast')] : [llm('fast'), llm('slow')];
  return ordered.filter((model): model is OpenAiChatModel => model !== undefined);
}

/** The models a conversation tries, in order: the configured LLMs, then always the offline agent. */
export function createChatModels(config: Config, features: Features): ChatModel[] {
  return [
    ...createLlmModels(config, features, features.slow_llm_for_chat ? 'slow' : 'fast'),
    new OfflineAgent(),
  ];
}
