import type { TurnEvent, TurnInput } from '../conversation/engine';
import type { ConversationSession, RespondOptions } from '../conversation/session';

/**
 * What a voice loop needs of the call's conversation. In process it is the `ConversationSession`
 * itself; in a media process (local/media-worker.ts) it is a proxy that asks the main process, where
 * the conversation, the model and the store live.
 */
export type VoiceConversation = Pick<ConversationSession, 'callId' | 'phrase' | 'endCall' | 'takeOneKey'> & {
  greet(): Promise<string>;
  respond(input: TurnInput, options: RespondOptions): AsyncIterable<TurnEvent>;
};
