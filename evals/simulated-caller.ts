import type { ChatMessage } from '../shared/providers/llm/llm';
import { OpenAiChatModel } from '../shared/providers/llm/openai';
import type { Scenario } from './scenario';

/**
 * The simulated caller (`--simulate`): a second model plays the caller from the scenario's persona
 * and facts, in its own words rather than the scenario's lines, until it hangs up or the turn limit.
 * It sees the call from the caller's side: the bot's words as the other person's, its own as its own.
 */

/** What the caller model answers when it is done. */
export const HANG_UP = '[HANG UP]';

export interface SimulatedCallerModel {
  readonly endpoint: string;
  readonly model: string;
  readonly apiKey?: string;
  readonly azureApiVersion?: string;
}

export interface CallerView {
  readonly scenario: Scenario;
  /** Which call of the scenario (0-based). */
  readonly call: number;
  /** This call so far, the bot's greeting first. */
  readonly transcript: readonly { readonly speaker: 'bot' | 'caller'; readonly text: string }[];
}

/** The caller's next turn: words to say, and whether they hang up after (or instead). */
export interface CallerTurn {
  readonly say: string | undefined;
  readonly hangUp: boolean;
}

export interface SimulatedCaller {
  readonly name: string;
  next(view: CallerView): Promise<CallerTurn>;
}

export function createSimulatedCaller(options: SimulatedCallerModel): SimulatedCaller {
  const model = new OpenAiChatModel({
    role: 'caller',
    endpoint: options.endpoint,
    model: options.model,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(options.azureApiVersion ? { azureApiVersion: options.azureApiVersion } : {}),
    timeoutMs: 60_000,
  });
  return {
    name: model.name,
    async next(view) {
      const messages: ChatMessage[] = [
        { role: 'system', content: callerPrompt(view) },
        ...view.transcript.map(({ speaker, text }): ChatMessage =>
          speaker === 'bot' ? { role: 'user', content: text } : { role: 'assistant', content: text },
        ),
      ];
      let text = '';
      for await (const event of model.stream({ messages, tools: [], signal: new AbortController().signal })) {
        if (event.type === 'text') text += event.text;
      }
      const marker = text.indexOf(HANG_UP);
      const say = (marker < 0 ? text : text.slice(0, marker)).trim();
      return { say: say === '' ? undefined : say, hangUp: marker >= 0 || say === '' };
    },
  };
}

/** Who the caller is, what they know, and how to play them. */
export function callerPrompt(view: CallerView): string {
  const { scenario } = view;
  const simulate = scenario.simulate;
  if (!simulate) throw new Error(`Scenario ${scenario.name} has no simulate section`);
  const note = scenario.calls[view.call]?.simulate_note;
  return [
    `You are playing a person who is on the phone with the automated assistant of ${scenario.initiate.bot_company}. ` +
      'Stay in character the whole call: never say that you are an AI, a model or a test.',
    `Who you are: ${simulate.persona}`,
    'What you know, to give when it is asked for or when it fits, in your own words and a little at a time ' +
      '(never recite this list):',
    ...simulate.facts.map((fact) => `- ${fact}`),
    ...(note ? [`On this call: ${note}`] : []),
    `The call starts in ${scenario.lang}; speak as your persona would.`,
    'Answer with exactly what you say out loud on this turn: one to three short sentences, no stage ' +
      'directions, no quotes, no names of speakers.',
    `When you have nothing more to do on this call, or the assistant has said goodbye or is passing you to a colleague, answer exactly ${HANG_UP}.`,
  ].join('\n');
}
