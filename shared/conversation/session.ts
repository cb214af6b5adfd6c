import type { Config, Features } from '../config';
import type { CallState } from '../domain/call';
import { dueFollowUp } from '../domain/follow-up';
import type { Logger } from '../log';
import type { FeatureFlags } from '../providers/flags/flags';
import type { ChatModel } from '../providers/llm/llm';
import type { DocumentSearch } from '../providers/search/search';
import type { CallStore } from '../providers/store/store';
import type { SmsSender } from '../providers/sms/sms';
import type { Telephony } from '../providers/telephony/telephony';
import { keepHeard } from './heard';
import { languageMenuText, offersLanguageMenu, parseLanguageChoice } from './language-menu';
import { recordingConsent } from './recording-consent';
import { commitTurn, runTurn, type ConversationDeps, type TurnEvent, type TurnInput } from './engine';
import { DEFAULT_TEMPLATES, mergeTemplates } from './prompt-templates';
import { buildSystemPrompt, cannedPhrase } from './prompts';
import type { Tool, TurnAction } from './tool';
import { toolsForCall } from './tools';

/**
 * One live conversation on one call: it greets, takes the caller's turns one at a time, stores them,
 * and carries out what the turn asked for (hang up, transfer...). Hosts own the channel: the voice loop
 * plays the sentences, the text channel prints them; both use this same session.
 */

export interface SessionDeps {
  readonly config: Config;
  readonly store: CallStore;
  readonly telephony: Telephony;
  readonly sms: SmsSender;
  readonly models: readonly ChatModel[];
  readonly features: () => Promise<Features>;
  readonly log: Logger;
  readonly now: () => Date;
  readonly random?: () => number;
  /** The documents the model may search (`search_document`); none: no such tool. */
  readonly search?: DocumentSearch | undefined;
  /** The call is recorded: the greeting starts with the consent message (`recordingConsent`). */
  readonly recorded?: boolean;
}

/** What a session takes from the app's services: every channel (voice, text, SMS) the same. */
export interface SessionServices {
  readonly config: Config;
  readonly store: CallStore;
  readonly telephony: Telephony;
  readonly sms: SmsSender;
  readonly flags: FeatureFlags;
  readonly log: Logger;
  readonly now: () => Date;
  readonly search?: DocumentSearch | undefined;
}

/** A session's dependencies from the services; the channel picks the models that answer. */
export function sessionDeps(services: SessionServices, models: readonly ChatModel[]): SessionDeps {
  const { config, store, telephony, sms, flags, log, now, search } = services;
  return { config, store, telephony, sms, models, features: () => flags.get(), log, now, search };
}

export interface RespondOptions {
  /** Aborts the turn (the caller barged in). */
  readonly signal?: AbortSignal;
  /** How many of the turn's sentences the caller actually heard: only those are stored. */
  readonly spokenSentences?: () => number;
  /** Resolves once the answer has been played (or interrupted); the turn is stored after that. */
  readonly untilPlayed?: () => Promise<void>;
  /**
   * Store each tool's changes as soon as it ran, not with the turn: whoever follows the store (the
   * softphone's claim panel) sees a confirmed value while the model is still writing the answer.
   */
  readonly storeToolChangesAtOnce?: boolean;
}

/** A turn as stored by `answer`, with what it still asks the host to do. */
export interface AnsweredTurn {
  /** The call as stored with the turn. */
  readonly state: CallState;
  /** When the turn's messages were stored (their `created_at`): how `settleHeard` finds the answer. */
  readonly messageAt: string;
  /** The answer's sentences in order (fillers are not part of it). */
  readonly sentences: readonly string[];
  /** What the turn asked for, not yet carried out. */
  readonly actions: readonly TurnAction[];
  /** The caller interrupted before the answer was complete. */
  readonly aborted: boolean;
}

export class ConversationSession {
  private menuOpen = false;

  constructor(
    readonly callId: string,
    private readonly deps: SessionDeps,
  ) {}

  /**
   * The first words on the line: the language menu when the call opens with one (the hello follows the
   * caller's choice), else a hello, or a short recap when the caller resumes a call. The hello is stored;
   * the menu is not (it is no part of the conversation the model reads).
   */
  async greet(now: Date = this.deps.now()): Promise<string> {
    const call = await this.load();
    if (offersLanguageMenu(call, this.deps.config.conversation.language_menu)) {
      await this.deps.store.update(this.callId, (draft) => {
        draft.language_menu = { attempts: 0 };
      });
      this.menuOpen = true;
      return this.withConsent(call, languageMenuText(call));
    }
    const text = this.withConsent(call, this.helloFor(call, now));
    await this.storeHello(text, now);
    return text;
  }

  /** A recorded call says so before anything else: the caller hears it before they say a word. */
  private withConsent(call: CallState, text: string): string {
    return this.deps.recorded ? `${recordingConsent(call.language)} ${text}` : text;
  }

  private helloFor(call: CallState, now: Date): string {
    const kind =
      call.messages.length === 0 ? 'hello' : dueFollowUp(call, now) ? 'hello_follow_up' : 'hello_resumed';
    return cannedPhrase(kind, call, { ...this.phraseOptions(), now });
  }

  /** Stores the hello, in the call's language as it is then; `language` sets it first (a menu choice). */
  private storeHello(text: string, now: Date, language?: string): Promise<CallState> {
    const at = now.toISOString();
    return this.deps.store.update(this.callId, (draft) => {
      if (language !== undefined) {
        draft.language = language;
        draft.language_menu = null;
      }
      draft.messages.push({
        created_at: at,
        persona: 'assistant',
        action: 'call',
        content: text,
        style: 'none',
        lang: draft.language,
        tool_calls: [],
      });
    });
  }

  /**
   * One turn of the caller's, for hosts that play the answer themselves and wait for it: yields what to
   * say as it comes, stores the turn as soon as the answer is written (`answer`), then, once it has been
   * played, keeps only what the caller heard (`settleHeard`) and carries out its actions — unless the
   * caller interrupted: a goodbye they talked over must not hang up on them.
   */
  async *respond(input: TurnInput, options: RespondOptions = {}): AsyncGenerator<TurnEvent, CallState> {
    const signal = options.signal ?? new AbortController().signal;
    const turn = yield* this.answer(input, signal, undefined, options.storeToolChangesAtOnce === true);
    await options.untilPlayed?.();
    const aborted = turn.aborted || signal.aborted;
    let stored = turn.state;
    if (options.spokenSentences) {
      stored = (await this.settleHeard(turn, options.spokenSentences())) ?? stored;
    }
    if (!aborted) {
      for (const action of turn.actions) {
        try {
          await this.carryOut(action);
        } catch (error) {
          if (action.type !== 'transfer') throw error;
          // Nobody took the call: the caller is still with us, and must not be left in silence.
          this.deps.log.warn('transfer to a person failed', { call_id: this.callId, error: String(error) });
          const text = await this.transferFailed();
          yield { type: 'sentence', text, style: 'none' };
          stored = (await this.deps.store.get(this.callId)) ?? stored;
        }
      }
    }
    return stored;
  }

  /**
   * The hand-over to a person failed: what the bot says, in the call's language — that nobody could be
   * reached, and that the caller may go on with the bot or have a colleague call back (a reminder the
   * model can set). Stored, so that the model knows on the next turn.
   */
  async transferFailed(now: Date = this.deps.now()): Promise<string> {
    const call = await this.load();
    const text = cannedPhrase('transfer_failed', call, this.phraseOptions());
    const at = now.toISOString();
    await this.deps.store.update(this.callId, (draft) => {
      draft.messages.push({
        created_at: at,
        persona: 'assistant',
        action: 'talk',
        content: text,
        style: 'none',
        lang: draft.language,
        tool_calls: [],
      });
      draft.last_interaction_at = at;
    });
    return text;
  }

  /**
   * Whether a key pressed now is a whole answer (this session's language menu is open): true once, for
   * the first key; the keys after it belong to the conversation, unless the menu has to be said again.
   */
  /** Whether the language menu waits for the caller's pick (a voice loop in another process asks). */
  get menuIsOpen(): boolean {
    return this.menuOpen;
  }

  takeOneKey(): boolean {
    const open = this.menuOpen;
    this.menuOpen = false;
    return open;
  }

  /**
   * Runs one turn and stores it right away, before a word of it is played: the caller's words, the tools'
   * effects and every sentence of the answer. A crash while the answer plays loses nothing the caller was
   * told was noted; which sentences were really heard is settled afterwards (`settleHeard`). The turn's
   * actions are returned, not carried out: the host decides when (after playback) or whether (not when
   * interrupted).
   */
  async *answer(
    input: TurnInput,
    signal: AbortSignal,
    /** When the turn's messages are stored as made (default: when the answer is written). */
    at?: Date,
    /** See `RespondOptions.storeToolChangesAtOnce`. */
    storeToolChangesAtOnce = false,
  ): AsyncGenerator<TurnEvent, AnsweredTurn> {
    const call = await this.load();
    if (call.language_menu && input.channel === 'voice') return yield* this.answerMenu(call, input.text, at);
    const deps = await this.conversationDeps();
    const record = yield* runTurn(
      call,
      input,
      signal,
      storeToolChangesAtOnce ? { ...deps, storeChanges: (changes) => this.storeChanges(changes) } : deps,
    );
    if (signal.aborted) record.aborted = true;
    const now = at ?? this.deps.now();
    const state = await commitTurn(this.deps.store, this.callId, record, { now });
    return {
      state,
      messageAt: now.toISOString(),
      sentences: record.sentences.map((sentence) => sentence.text),
      actions: record.actions,
      aborted: record.aborted,
    };
  }

  /**
   * The caller's answer to the language menu. A choice switches the call's language (the hosts switch
   * voice and transcription on the `switch_language` action, before the hello is said in it); anything
   * else repeats the menu, up to `recognition_retry_max` times, after which the call goes on in its
   * default language rather than leave a caller who cannot use the menu stuck in it.
   */
  private async *answerMenu(
    call: CallState,
    text: string,
    at: Date | undefined,
  ): AsyncGenerator<TurnEvent, AnsweredTurn> {
    const now = at ?? this.deps.now();
    const attempts = (call.language_menu?.attempts ?? 0) + 1;
    let language = parseLanguageChoice(call, text)?.short_code;
    if (language === undefined && attempts <= (await this.deps.features()).recognition_retry_max) {
      const menu = languageMenuText(call);
      this.menuOpen = true;
      const state = await this.deps.store.update(this.callId, (draft) => {
        if (draft.language_menu) draft.language_menu.attempts = attempts;
      });
      yield { type: 'sentence', text: menu, style: 'none' };
      return { state, messageAt: now.toISOString(), sentences: [menu], actions: [], aborted: false };
    }
    language ??= call.initiate.lang.default_short_code;
    this.menuOpen = false;
    const hello = this.helloFor({ ...call, language }, now);
    const state = await this.storeHello(hello, now, language);
    const actions: TurnAction[] =
      language === call.language ? [] : [{ type: 'switch_language', shortCode: language }];
    for (const action of actions) yield { type: 'action', action };
    yield { type: 'sentence', text: hello, style: 'none' };
    return { state, messageAt: now.toISOString(), sentences: [hello], actions, aborted: false };
  }

  /**
   * Cuts the stored answer of `turn` to the `heard` sentences the caller started hearing (an answer
   * nobody heard and that ran no tool is removed). Nothing to do when all were heard.
   * @returns the stored call when it changed.
   */
  async settleHeard(
    turn: Pick<AnsweredTurn, 'messageAt' | 'sentences'>,
    heard: number,
  ): Promise<CallState | undefined> {
    if (heard >= turn.sentences.length) return undefined;
    return this.deps.store.update(this.callId, (draft) =>
      keepHeard(draft, turn.messageAt, turn.sentences, heard),
    );
  }

  private async storeChanges(changes: readonly ((call: CallState) => void)[]): Promise<void> {
    await this.deps.store.update(this.callId, (draft) => {
      for (const change of changes) change(draft);
    });
  }

  /** A canned phrase of the call's language (silence prompt, goodbye...): spoken, not stored. */
  async phrase(kind: 'silence' | 'goodbye' | 'filler'): Promise<string> {
    const call = await this.load();
    // A caller silent at the menu hears it again: "are you still there?" would not tell them what to do.
    if (kind === 'silence' && call.language_menu) return languageMenuText(call);
    return cannedPhrase(kind, call, this.phraseOptions());
  }

  /** Hangs up from the bot's side (the caller stayed silent too long). */
  async endCall(): Promise<void> {
    await this.deps.telephony.hangUp(this.callId);
  }

  /** Does what a turn asked for: hang up, transfer, send an SMS (language and speed are the voice loop's). */
  async carryOut(action: TurnAction): Promise<void> {
    switch (action.type) {
      case 'end_call':
        await this.deps.telephony.hangUp(this.callId);
        return;
      case 'transfer':
        await this.deps.telephony.transfer(this.callId, action.to);
        return;
      case 'send_sms': {
        const result = await this.deps.sms.send({ to: action.to, body: action.message });
        if (!result.ok) {
          this.deps.log.warn('SMS from the conversation not sent', {
            call_id: this.callId,
            error: result.error,
          });
          return;
        }
        // Kept on the call too: the transcript, the report and the softphone show it.
        await this.deps.store.update(this.callId, (draft) => {
          draft.messages.push({
            created_at: this.deps.now().toISOString(),
            persona: 'assistant',
            action: 'sms',
            content: action.message,
            style: 'none',
            tool_calls: [],
          });
        });
        return;
      }
      case 'switch_language':
      case 'speech_speed':
        return; // the voice loop applies these to its speech; nothing to do on text channels
    }
  }

  private async conversationDeps(): Promise<ConversationDeps> {
    const features = await this.deps.features();
    const options = this.phraseOptions();
    return {
      models: this.deps.models,
      tools: (call) => this.toolsFor(call),
      systemPrompt: (call) => buildSystemPrompt(call, { ...options, now: this.deps.now() }),
      phrases: {
        filler: (call) => cannedPhrase('filler', call, options),
        refusal: (call) => cannedPhrase('refusal', call, options),
        error: (call) => cannedPhrase('error', call, options),
      },
      features,
      maxToolIterations: this.deps.config.conversation.max_tool_iterations,
      now: this.deps.now,
      log: this.deps.log,
    };
  }

  /** The call's tools (shared with the calls of the same claim schema and languages: `toolsForCall`). */
  private toolsFor(call: CallState): Tool<unknown>[] {
    const emergencyContact = this.deps.config.conversation.emergency_contact_phone_number;
    return toolsForCall(call, { emergencyContact, search: this.deps.search });
  }

  private phraseOptions() {
    const templates = mergeTemplates(DEFAULT_TEMPLATES, this.deps.config.conversation.prompts);
    return { templates, ...(this.deps.random ? { random: this.deps.random } : {}) };
  }

  private async load(): Promise<CallState> {
    const call = await this.deps.store.get(this.callId);
    if (!call) throw new Error(`No call with id ${this.callId}`);
    return call;
  }
}
