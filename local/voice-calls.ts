import type { Features } from '../shared/config';
import { createChatModels } from '../shared/conversation/models';
import type { ChatModel } from '../shared/providers/llm/llm';
import { ConversationSession, sessionDeps } from '../shared/conversation/session';
import type { Services } from '../shared/services';
import { FrameClock } from '../shared/voice/pacer';
import { createWebRtcVad } from '../shared/voice/vad';
import {
  VoiceSession,
  type AnswerTiming,
  type CallerLine,
  type VoiceObserver,
} from '../shared/voice/voice-session';
import { expectedAnswer } from '../shared/voice/expected-answer';
import { maskPhone } from '../shared/domain/phone';
import { endCallTrace, startCallTrace } from '../shared/telemetry/call-trace';
import { callVoices, type SpeechProviders } from '../shared/voice/voices';

/**
 * The calls that have a live voice loop in this process, by call id. The media socket opens one when
 * it connects; the phone socket finds it to deliver typed turns and to follow the transcript.
 */

export type TranscriptLine = Parameters<NonNullable<VoiceObserver['transcript']>>[0];

/** Latency figures of the voice loops of this process, for benchmarks and the health of a demo. */
export interface VoiceMetrics {
  readonly answers: AnswerTiming[];
  readonly bargeIns: number[];
}

export class VoiceCalls {
  private readonly sessions = new Map<string, { session: VoiceSession; hangUpStream: () => void }>();
  private readonly opening = new Map<string, { cancelled: boolean }>();
  private readonly openListeners = new Map<string, Set<(session: VoiceSession) => void>>();
  private readonly transcriptWatchers = new Map<string, Set<(line: TranscriptLine) => void>>();
  /** One clock paces every call's outbound audio. */
  readonly clock = new FrameClock();
  readonly metrics: VoiceMetrics = { answers: [], bargeIns: [] };

  constructor(
    private readonly services: Services,
    readonly speech: SpeechProviders,
    /** The models that answer, in failover order (default: the configured ones, then the offline agent). */
    private readonly chatModels: (features: Features) => readonly ChatModel[] = (features) =>
      createChatModels(services.config, features),
  ) {}

  /**
   * Starts the voice loop of a connected call: the bot greets at once. `hangUpStream` closes the
   * call's media stream when the call ends (as ACS closes its stream at hang-up).
   */
  async open(callId: string, line: CallerLine, hangUpStream: () => void): Promise<VoiceSession> {
    if (this.has(callId)) throw new Error(`Call ${callId} already has a media stream`);
    // Opening takes a few awaits; a hang-up meanwhile must not leave a voice loop running for a call
    // that is over (it would hold the call's media slot: a resumed call could not open its own).
    const opening = { cancelled: false };
    this.opening.set(callId, opening);
    try {
      return await this.start(callId, line, hangUpStream, opening);
    } finally {
      if (this.opening.get(callId) === opening) this.opening.delete(callId);
    }
  }

  private async start(
    callId: string,
    line: CallerLine,
    hangUpStream: () => void,
    opening: { cancelled: boolean },
  ): Promise<VoiceSession> {
    const { store, log } = this.services;
    const call = await store.get(callId);
    if (!call) throw new Error(`No call with id ${callId}`);
    const features = await this.services.flags.get();
    const conversation = new ConversationSession(
      callId,
      sessionDeps(this.services, this.chatModels(features)),
    );
    const session = new VoiceSession(line, {
      conversation,
      voices: callVoices(this.speech, call.initiate.lang.availables),
      stt: this.speech.stt,
      vad: await createWebRtcVad({ threshold: features.vad_threshold }),
      clock: this.clock,
      features,
      log: log.child({ call_id: callId }),
      language: call.language,
      languages: call.initiate.lang.availables.map((language) => language.short_code),
      rate: call.initiate.prosody_rate,
      expectedAnswer: async () => {
        const now = await store.get(callId);
        return now ? expectedAnswer(now) : undefined;
      },
      observer: {
        transcript: (line) => this.transcriptWatchers.get(callId)?.forEach((watch) => watch(line)),
        answered: (timing) => pushBounded(this.metrics.answers, timing),
        bargedIn: (ms) => pushBounded(this.metrics.bargeIns, ms),
      },
    });
    if (opening.cancelled) {
      session.close();
      hangUpStream();
      throw new Error(`Call ${callId} ended while its media stream opened`);
    }
    this.sessions.set(callId, { session, hangUpStream });
    // The call's span lasts as long as its voice loop; its number masked, as in the logs.
    startCallTrace(callId, {
      'call.phone_number': maskPhone(call.initiate.phone_number),
      'call.language': call.language,
      'call.voice_path': this.services.ports.voice ?? 'local',
    });
    for (const listener of this.openListeners.get(callId) ?? []) listener(session);
    await session.start();
    return session;
  }

  get(callId: string): VoiceSession | undefined {
    return this.sessions.get(callId)?.session;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Whether the call has a voice loop, or one on its way. */
  has(callId: string): boolean {
    const opening = this.opening.get(callId);
    return this.sessions.has(callId) || (opening !== undefined && !opening.cancelled);
  }

  /**
   * The call's media stream ended (hang-up, socket closed). `only`: close it only if it is still that
   * session (a stream's late close must not end the one a resumed call opened after it).
   */
  close(callId: string, only?: VoiceSession): void {
    const pending = this.opening.get(callId);
    if (pending && !only) pending.cancelled = true;
    const open = this.sessions.get(callId);
    if (!open || (only && open.session !== only)) return;
    this.sessions.delete(callId);
    open.session.close();
    open.hangUpStream();
    endCallTrace(callId);
  }

  /**
   * Called each time the call's voice loop is up (its media stream opened), before it greets: typed
   * turns are taken from then on. Returns the function that stops listening.
   */
  onOpen(callId: string, listener: (session: VoiceSession) => void): () => void {
    let listeners = this.openListeners.get(callId);
    if (!listeners) this.openListeners.set(callId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.openListeners.delete(callId);
    };
  }

  /** The call's voice loop, waiting for it while its media stream is opening; undefined if none comes. */
  async whenOpen(callId: string, timeoutMs = 5_000): Promise<VoiceSession | undefined> {
    const open = this.get(callId);
    if (open || !this.has(callId)) return open;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const stop = this.onOpen(callId, (session) => done(session));
      function done(session: VoiceSession | undefined) {
        clearTimeout(timer);
        stop();
        resolve(session);
      }
    });
  }

  /** Follows a call's live transcript; returns the function that stops. */
  watchTranscript(callId: string, watch: (line: TranscriptLine) => void): () => void {
    let watchers = this.transcriptWatchers.get(callId);
    if (!watchers) this.transcriptWatchers.set(callId, (watchers = new Set()));
    watchers.add(watch);
    return () => {
      watchers.delete(watch);
      if (watchers.size === 0) this.transcriptWatchers.delete(callId);
    };
  }

  async closeAll(): Promise<void> {
    for (const callId of [...this.sessions.keys()]) this.close(callId);
    await this.speech.close();
  }
}

/** Keeps the newest figures only: a long demo must not grow memory. */
function pushBounded<T>(list: T[], value: T, limit = 10_000): void {
  list.push(value);
  if (list.length > limit) list.splice(0, list.length - limit);
}
