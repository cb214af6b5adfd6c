import OpenAI, { AzureOpenAI } from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import {
  ChatModelError,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type ChatStreamEvent,
  type FinishReason,
  type TokenUsage,
  type ToolCallRequest,
  type ToolSpec,
} from './llm';
import { historyWindow } from './history-window';

/**
 * A chat model behind the OpenAI API or any compatible endpoint (Ollama, llama.cpp server, vLLM), or
 * Azure OpenAI. Streams with tools; tool-call argument fragments are joined per index. The client
 * retries 429, 5xx and connection errors itself, with backoff (`maxRetries`).
 */
export interface OpenAiChatModelOptions {
  /** Shown in logs and the report, e.g. "fast". */
  readonly role: string;
  /** OpenAI-compatible base URL (`.../v1`), or the Azure OpenAI resource endpoint. */
  readonly endpoint: string;
  /** Model name; the deployment name on Azure. */
  readonly model: string;
  readonly apiKey?: string;
  /** Set for Azure OpenAI. */
  readonly azureApiVersion?: string;
  /** Azure OpenAI with Entra ID instead of a key. */
  readonly azureAdTokenProvider?: () => Promise<string>;
  readonly maxRetries?: number;
  /** Per request, in ms: a stalled connection fails rather than hangs. */
  readonly timeoutMs?: number;
}

export class OpenAiChatModel implements ChatModel {
  readonly name: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiChatModelOptions) {
    this.name = `${options.role}: ${options.model}`;
    const common = { maxRetries: options.maxRetries ?? 2, timeout: options.timeoutMs ?? 30_000 };
    this.client = options.azureApiVersion
      ? new AzureOpenAI({
          ...common,
          endpoint: options.endpoint,
          apiVersion: options.azureApiVersion,
          deployment: options.model,
          ...(options.azureAdTokenProvider
            ? { azureADTokenProvider: options.azureAdTokenProvider }
            : { apiKey: options.apiKey ?? '' }),
        })
      : new OpenAI({ ...common, baseURL: options.endpoint, apiKey: options.apiKey ?? 'no-key' });
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    let stream;
    try {
      stream = await this.client.chat.completions.create(
        {
          model: this.options.model,
          // Long calls: the last messages within a budget, the claim always there (in the system prompt).
          messages: (request.window ? historyWindow(request.messages) : request.messages).map(
            toOpenAiMessage,
          ),
          // Some deployments reject an empty tools array: leave the field out instead.
          ...(request.tools.length > 0 ? { tools: request.tools.map(toOpenAiTool) } : {}),
          stream: true,
          // The last chunk then carries the token counts, for the request's span.
          stream_options: { include_usage: true },
        },
        { signal: request.signal },
      );
    } catch (error) {
      throw toChatModelError(error);
    }
    const calls = new ToolCallAssembler();
    let finishReason: FinishReason = 'stop';
    let usage: TokenUsage | undefined;
    try {
      for await (const chunk of stream) {
        throwIfAborted(request.signal);
        if (chunk.usage) {
          usage = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          };
        }
        const choice = chunk.choices[0];
        if (!choice) continue;
        if (choice.delta.content) yield { type: 'text', text: choice.delta.content };
        for (const delta of choice.delta.tool_calls ?? []) calls.add(delta);
        if (choice.finish_reason) finishReason = toFinishReason(choice.finish_reason);
      }
    } catch (error) {
      throw toChatModelError(error);
    }
    // The client may end the iteration quietly on abort: nothing of an aborted answer may act.
    throwIfAborted(request.signal);
    for (const call of calls.complete()) yield { type: 'tool_call', call };
    yield { type: 'done', finishReason, ...(usage ? { usage } : {}) };
  }
}

type ToolCallDelta = NonNullable<ChatCompletionChunk.Choice.Delta['tool_calls']>[number];

/** Joins streamed tool-call fragments by index; ids and names come once, arguments in pieces. */
class ToolCallAssembler {
  private readonly byIndex = new Map<number, { id: string; name: string; arguments: string }>();

  add(delta: ToolCallDelta): void {
    const call = this.byIndex.get(delta.index) ?? { id: '', name: '', arguments: '' };
    // Some Azure deployments send an empty id on later chunks: keep the first non-empty one.
    if (delta.id) call.id ||= delta.id;
    if (delta.function?.name) call.name ||= delta.function.name;
    call.arguments += delta.function?.arguments ?? '';
    this.byIndex.set(delta.index, call);
  }

  complete(): ToolCallRequest[] {
    return [...this.byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
  }
}

function toOpenAiMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content,
        ...(message.toolCalls?.length
          ? {
              tool_calls: message.toolCalls.map((call) => ({
                id: call.id,
                type: 'function' as const,
                function: { name: call.name, arguments: call.arguments },
              })),
            }
          : {}),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toOpenAiTool(tool: ToolSpec): ChatCompletionTool {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new ChatModelError('aborted', 'aborted');
}

function toFinishReason(reason: string): FinishReason {
  return reason === 'tool_calls' || reason === 'length' || reason === 'content_filter' ? reason : 'stop';
}

function toChatModelError(error: unknown): ChatModelError {
  if (error instanceof ChatModelError) return error;
  if (error instanceof OpenAI.APIUserAbortError)
    return new ChatModelError('aborted', 'aborted', { cause: error });
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ChatModelError('timeout', 'the model did not answer in time', { cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ChatModelError('connection', `connection to the model failed: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    if (isContentFilter(error)) {
      return new ChatModelError('content_filter', 'the content filter refused the input', { cause: error });
    }
    if (status === 429)
      return new ChatModelError('rate_limited', 'the model is rate limited', { cause: error });
    if (status >= 500) return new ChatModelError('server', `the model failed (${status})`, { cause: error });
    return new ChatModelError('bad_request', `the model refused the request (${status}): ${error.message}`, {
      cause: error,
    });
  }
  return new ChatModelError('connection', `the model stream broke: ${String(error)}`, { cause: error });
}

function isContentFilter(error: InstanceType<typeof OpenAI.APIError>): boolean {
  return error.code === 'content_filter' || /content.?filter|content management policy/i.test(error.message);
}
