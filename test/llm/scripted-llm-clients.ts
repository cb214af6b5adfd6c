import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterEach, beforeEach } from 'vitest';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';

/**
 * What the scripted LLM server's tests share: a fresh server for each test, a conversation and a tool
 * to send, the real `openai` clients (OpenAI and AzureOpenAI) pointed at the server, and a stream reader.
 */

/** A scripted server started before each test and closed after it, and clients of it. */
export function useScriptedLlm() {
  let current: ScriptedLlmServer | undefined;
  beforeEach(async () => {
    current = await startScriptedLlmServer();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const server = (): ScriptedLlmServer => {
    if (!current) throw new Error('useScriptedLlm: the server runs only while a test runs');
    return current;
  };
  return {
    get server(): ScriptedLlmServer {
      return server();
    },
    openai: (options: { maxRetries?: number } = {}) => openaiClient(server(), options),
    azure: (options: { maxRetries?: number } = {}) => azureClient(server(), options),
  };
}

export const MESSAGES = [
  { role: 'system' as const, content: 'You are a claims assistant.' },
  { role: 'user' as const, content: 'Hello, my car was hit.' },
];

export const CLAIM_TOOL: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'update_claim',
    description: 'Update a claim field',
    parameters: {
      type: 'object',
      properties: { field: { type: 'string' }, value: { type: 'string' } },
      required: ['field', 'value'],
    },
  },
};

/** Retries are off unless asked for, so a scripted failure surfaces at once. */
export function openaiClient(server: ScriptedLlmServer, options: { maxRetries?: number } = {}) {
  return new OpenAI({ baseURL: server.baseUrl, apiKey: 'sk-test', maxRetries: options.maxRetries ?? 0 });
}

export function azureClient(server: ScriptedLlmServer, options: { maxRetries?: number } = {}) {
  return new AzureOpenAI({
    endpoint: server.azureEndpoint,
    apiKey: 'azure-key',
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o-mini-deploy',
    maxRetries: options.maxRetries ?? 0,
  });
}

export async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}
