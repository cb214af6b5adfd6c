import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { repairWavHeader, StereoWavRecorder } from '../shared/audio/wav-recorder';
import { dataPath, type Features } from '../shared/config';
import { createChatModels } from '../shared/conversation/models';
import type { ChatModel } from '../shared/providers/llm/llm';
import { ConversationSession, sessionDeps } from '../shared/conversation/session';
import type { Services } from '../shared/services';
import { SAMPLE_RATE } from '../shared/voice/audio';
import { FrameClock } from '../shared/voice/pacer';
import { createWebRtcVad } from '../shared/voice/vad';
import {
  VoiceSession,
  type AnswerTiming,
  type CallerLine,
  type VoiceObserver,
} from '../shared/voice/voice-session';
import { expectedAnswer } from '../shared/voice/expected-answer';
import type { CallState } from '../shared/domain/call';
import { maskPhone } from '../shared/domain/phone';
import { endCallTrace, startCallTrace } from '../shared/telemetry/call-trace';
import { callVoices, type SpeechProviders } from '../shared/voice/voices';
import type { CallLine } from './media-protocol';

/**
 * The calls that have a live voice loop in this process, by call id. The media socket opens one when
 * it connects; the phone socket finds it to deliver typed turns and to follow the transcript.
 */

export type TranscriptLine = Parameters<NonNullable<VoiceObserver['transcript']>>[0];

/**
 * A call's voice loop as the rest of the host sees it: the `VoiceSession` itself when it runs in this
 * process, a handle on it when it runs in a media process (media-workers.ts).
 */
export interface VoiceLoop {
  /** A typed caller turn (the softphone's text box). */
  onText(text: string): void;
  close(): void;
}

/** Latency figures of the voice loops of this process, for benchmarks and the health of a demo. */
export interface VoiceMetrics {
  readonly answers: AnswerTiming[];
  readonly bargeIns: number[];
}

export class VoiceCalls {
  /** `session` only when the loop runs in this process (and only such a loop records: `recorder`). */
  private readonly sessions = new Map<
    string,
    { loop: VoiceLoop; session?: VoiceSession; hangUpStream: () => void; recorder?: StereoWavRecorder }
  >();
  /** Recordings still being written out after their call closed (awaited by `closeAll`). */
  private readonly closingRecordings = new Set<Promise<void>>();
  private readonly opening = new Map<string, { cancelled: boolean }>();
  private readonly openListeners = new Map<string, Set<(loop: VoiceLoop) => void>>();
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
  ) {
    finishInterruptedRecordings(this.recordingsDir(), services.log);
  }

  private recordingsDir(): string {
    return dataPath(this.services.config, this.services.config.recording.dir);
  }

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
    const recorder = features.recording_enabled ? await this.startRecording(callId) : undefined;
    const conversation = new ConversationSession(callId, {
      ...sessionDeps(this.services, this.chatModels(features)),
      recorded: recorder !== undefined,
    });
    // The bot's side of the recording: every frame as it goes out on the line.
    const recordedLine: CallerLine = recorder
      ? {
          sendAudio: (frame) => {
            recorder.bot(frame);
            line.sendAudio(frame);
          },
          stopAudio: () => line.stopAudio(),
        }
      : line;
    const session = new VoiceSession(recordedLine, {
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
        ...this.observerFor(callId),
        ...(recorder ? { callerAudio: (frame) => recorder.caller(frame) } : {}),
      },
    });
    if (opening.cancelled) {
      session.close();
      this.finishRecording(recorder);
      hangUpStream();
      throw new Error(`Call ${callId} ended while its media stream opened`);
    }
    this.sessions.set(callId, { loop: session, session, hangUpStream, ...(recorder ? { recorder } : {}) });
    this.startTrace(callId, call);
    for (const listener of this.openListeners.get(callId) ?? []) listener(session);
    await session.start();
    return session;
  }

  /**
   * Opens a call's voice loop in a media process: `start` hands the socket over with the call's line
   * settings and resolves with the handle once the loop is up there. The conversation stays here.
   */
  async openRemote(
    callId: string,
    start: (conversation: ConversationSession, line: CallLine) => Promise<VoiceLoop & { closed: boolean }>,
  ): Promise<void> {
    if (this.has(callId)) throw new Error(`Call ${callId} already has a media stream`);
    const opening = { cancelled: false };
    this.opening.set(callId, opening);
    try {
      const call = await this.services.store.get(callId);
      if (!call) throw new Error(`No call with id ${callId}`);
      const features = await this.services.flags.get();
      const conversation = new ConversationSession(
        callId,
        sessionDeps(this.services, this.chatModels(features)),
      );
      const availables = call.initiate.lang.availables;
      const loop = await start(conversation, {
        language: call.language,
        languages: availables.map((language) => language.short_code),
        availables,
        rate: call.initiate.prosody_rate,
        features,
      });
      if (opening.cancelled || loop.closed) {
        loop.close();
        throw new Error(`Call ${callId} ended while its media stream opened`);
      }
      this.sessions.set(callId, { loop, hangUpStream: () => undefined });
      this.startTrace(callId, call);
      for (const listener of this.openListeners.get(callId) ?? []) listener(loop);
    } finally {
      if (this.opening.get(callId) === opening) this.opening.delete(callId);
    }
  }

  /** The call's span lasts as long as its voice loop; its number masked, as in the logs. */
  private startTrace(callId: string, call: CallState): void {
    startCallTrace(callId, {
      'call.phone_number': maskPhone(call.initiate.phone_number),
      'call.language': call.language,
      'call.voice_path': this.services.ports.voice ?? 'local',
    });
  }

  /** Where a call's loop reports, wherever it runs. */
  observerFor(callId: string): VoiceObserver {
    return {
      transcript: (line) => this.transcriptWatchers.get(callId)?.forEach((watch) => watch(line)),
      answered: (timing) => pushBounded(this.metrics.answers, timing),
      bargedIn: (ms) => pushBounded(this.metrics.bargeIns, ms),
    };
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
  close(callId: string, only?: VoiceLoop): void {
    const pending = this.opening.get(callId);
    if (pending && !only) pending.cancelled = true;
    const open = this.sessions.get(callId);
    if (!open || (only && open.loop !== only)) return;
    this.sessions.delete(callId);
    open.loop.close();
    this.finishRecording(open.recorder);
    open.hangUpStream();
    endCallTrace(callId);
  }

  /**
   * Called each time the call's voice loop is up (its media stream opened), before it greets: typed
   * turns are taken from then on. Returns the function that stops listening.
   */
  onOpen(callId: string, listener: (loop: VoiceLoop) => void): () => void {
    let listeners = this.openListeners.get(callId);
    if (!listeners) this.openListeners.set(callId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.openListeners.delete(callId);
    };
  }

  /** The call's voice loop, waiting for it while its media stream is opening; undefined if none comes. */
  async whenOpen(callId: string, timeoutMs = 5_000): Promise<VoiceLoop | undefined> {
    const open = this.sessions.get(callId)?.loop;
    if (open || !this.has(callId)) return open;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const stop = this.onOpen(callId, (loop) => done(loop));
      function done(loop: VoiceLoop | undefined) {
        clearTimeout(timer);
        stop();
        resolve(loop);
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

  /**
   * A stereo WAV of this session of the call (caller left, bot right) in the recordings folder, written
   * as `<name>.wav.part` while the call goes on and renamed `<name>.wav` when it ends; linked on the call
   * for operators. None (the call goes on unrecorded, without the consent message) if it cannot start.
   */
  private async startRecording(callId: string): Promise<StereoWavRecorder | undefined> {
    const { store, log, now } = this.services;
    const startedAt = now().toISOString();
    const file = `${callId}-${startedAt.replace(/[:.]/g, '-')}.wav`;
    const dir = this.recordingsDir();
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      await store.update(
        callId,
        (draft) => void draft.recordings.push({ backend: 'local', started_at: startedAt, file }),
        { essential: true },
      );
    } catch (error) {
      log.warn('call not recorded', { call_id: callId, error: String(error) });
      return undefined;
    }
    const path = join(dir, file);
    const recorder = StereoWavRecorder.create({
      path: `${path}.part`,
      sampleRate: SAMPLE_RATE,
      onError: (error) => log.warn('recording stopped', { call_id: callId, error: String(error) }),
    });
    recorderPaths.set(recorder, path);
    log.info('call recording started', { call_id: callId, file });
    return recorder;
  }

  private finishRecording(recorder: StereoWavRecorder | undefined): void {
    if (!recorder) return;
    const path = recorderPaths.get(recorder);
    const done = recorder
      .close()
      .then(() => {
        if (path) renameSync(`${path}.part`, path);
      })
      .catch((error: unknown) => this.services.log.warn('recording not finished', { error: String(error) }))
      .finally(() => this.closingRecordings.delete(done));
    this.closingRecordings.add(done);
  }

  async closeAll(): Promise<void> {
    for (const callId of [...this.sessions.keys()]) this.close(callId);
    await Promise.all(this.closingRecordings);
    await this.speech.close();
  }
}

/** Where each recording ends up once finished (it is written to the same path plus `.part`). */
const recorderPaths = new WeakMap<StereoWavRecorder, string>();

/**
 * Recordings a stopped process left half-written (`.wav.part`): their header is made to match what
 * they hold, and they get their final name, so that every recording linked from a call plays.
 */
function finishInterruptedRecordings(dir: string, log: Services['log']): void {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.wav.part'));
  } catch {
    return; // no recordings folder yet
  }
  for (const name of names) {
    try {
      const path = join(dir, name);
      repairWavHeader(path);
      renameSync(path, path.slice(0, -'.part'.length));
      log.info('interrupted recording finished', { file: name.slice(0, -'.part'.length) });
    } catch (error) {
      log.warn('interrupted recording not repaired', { file: name, error: String(error) });
    }
  }
}

/** Keeps the newest figures only: a long demo must not grow memory. */
function pushBounded<T>(list: T[], value: T, limit = 10_000): void {
  list.push(value);
  if (list.length > limit) list.splice(0, list.length - limit);
}
