import type { Features } from '../../config';
import { menuKeys } from '../../conversation/language-menu';
import type { SpokenStyle } from '../../conversation/style';
import type { CallState } from '../../domain/call';
import { playContext, type DeferredAction } from '../../domain/voice-turns';
import type { Logger } from '../../log';
import type { CallStore } from '../../providers/store/store';
import type { CallMedia } from '../../providers/telephony/call-media';
import { DEFAULT_AZURE_VOICES } from '../../providers/tts/azure-speech';
import { speechSsml } from '../../providers/tts/ssml';
import { inCallSpan } from '../../telemetry/call-trace';
import { claimPhrase } from './turn-state';

/**
 * How the bot's words reach the caller on the serverless path (serverless-voice.ts): a Call Automation
 * play request with SSML in the call's voice and speech rate, a cancel when the caller cuts in, the
 * transcription language switched with the call's, and how long the bot will be speaking, which the
 * orchestration needs to time silences. It is apart because it is about Call Automation's media, while
 * serverless-voice.ts is about whose turn it is.
 */

/** What the orchestration needs to time silences: how long the bot will be speaking, and the flags. */
export interface SpeakingTime {
  /** The epoch of what the bot says now: a `BotQuiet` of an older one is stale. */
  readonly epoch: number;
  readonly speak_ms: number;
  readonly silence_timeout_sec: number;
  readonly retry_max: number;
  /** The language menu is open with keys 1 to `menu_keys`, each a whole answer (`menuKeys`); 0 or absent: closed. */
  readonly menu_keys?: number;
}

/** Roughly how long a sentence takes to say, for the silence timer: ~15 characters a second. */
const MS_PER_CHARACTER = 65;

export class CallPlayback {
  constructor(private readonly deps: { store: CallStore; media: CallMedia; log: Logger }) {}

  /** Says a phrase outside any answer (hello, prompt, goodbye): a new epoch, then its play. Returns the epoch. */
  async speakPhrase(
    call: CallState,
    messageAt: string,
    text: string,
    deferred: DeferredAction[],
  ): Promise<number> {
    let epoch = 0;
    const updated = await this.deps.store.update(call.call_id, (draft) => {
      epoch = claimPhrase(draft, messageAt, text, deferred);
    });
    await this.play(updated, text, 'none', playContext(epoch, 0));
    return epoch;
  }

  /** One sentence in the call's voice and rate; `operationContext` comes back in its play callbacks. */
  async play(call: CallState, text: string, style: SpokenStyle, operationContext: string): Promise<void> {
    const lang = call.language;
    const voice =
      call.initiate.lang.availables.find((language) => language.short_code === lang)?.voice ??
      DEFAULT_AZURE_VOICES[lang] ??
      DEFAULT_AZURE_VOICES['en-US']!;
    const ssml = speechSsml({ text, lang, style, rate: call.voice?.rate ?? 1 }, voice);
    const attributes = { 'tts.kind': 'acs-play', 'tts.language': lang, 'tts.characters': text.length };
    await inCallSpan(call.call_id, 'tts.play', attributes, () =>
      this.deps.media.play(call.call_id, { ssml, operationContext }),
    );
  }

  /** ACS transcribes in the call's new language from now on; returns the call in it. */
  async switchLanguage(call: CallState, language: string): Promise<CallState> {
    const callId = call.call_id;
    try {
      await this.deps.media.setTranscriptionLanguage(callId, language);
    } catch (error) {
      this.deps.log.warn('transcription language not changed', { call_id: callId, error: String(error) });
    }
    return { ...call, language };
  }

  /** Stops the bot speaking: the caller cut in. A failure is logged, the turn goes on. */
  async cancelMedia(callId: string): Promise<void> {
    try {
      await this.deps.media.cancelMedia(callId);
    } catch (error) {
      this.deps.log.warn('could not stop the bot speaking', { call_id: callId, error: String(error) });
    }
  }
}

/** How long the bot will be speaking `sentences`, and the flags the silence timer needs. */
export function speakingTime(
  sentences: readonly string[],
  features: Features,
  epoch: number,
  call: CallState,
): SpeakingTime {
  const characters = sentences.reduce((total, sentence) => total + sentence.length, 0);
  return {
    epoch,
    speak_ms: characters * MS_PER_CHARACTER,
    silence_timeout_sec: features.phone_silence_timeout_sec,
    retry_max: features.recognition_retry_max,
    menu_keys: menuKeys(call),
  };
}
