import type { ServerlessVoice } from '../voice/serverless/serverless-voice';
import type { ActivityHandler } from './context';
import { VoiceActivity, type VoicePromptInput, type VoiceTurnInput } from './voice-loop';

export interface VoiceActivityDeps {
  /** Set when calls talk through the serverless voice loop (ACS + Web PubSub). */
  readonly serverlessVoice: ServerlessVoice | undefined;
}

/**
 * The serverless voice loop's activities: the hello, each caller turn, silence prompts. They run only on
 * calls whose orchestration was started with `voice: 'serverless'`, which only happens when it is set up.
 */
export function createVoiceActivities(deps: VoiceActivityDeps): Record<string, ActivityHandler> {
  const voice = (): ServerlessVoice => {
    if (!deps.serverlessVoice) throw new Error('The serverless voice loop is not configured on this host');
    return deps.serverlessVoice;
  };
  const greet = ({ call_id }: { call_id: string }) => voice().greet(call_id);
  const turn = ({ call_id, text, epoch }: VoiceTurnInput) => voice().answerTurn(call_id, { text, epoch });
  const prompt = ({ call_id, kind }: VoicePromptInput) => voice().prompt(call_id, kind);
  return {
    [VoiceActivity.greet]: greet as ActivityHandler,
    [VoiceActivity.turn]: turn as ActivityHandler,
    [VoiceActivity.prompt]: prompt as ActivityHandler,
  };
}
