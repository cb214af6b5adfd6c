import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, type Logger } from '../shared/log';
import { startTelemetry, type Telemetry } from '../shared/telemetry/setup';
import { FrameClock } from '../shared/voice/pacer';
import { createWebRtcVad } from '../shared/voice/vad';
import { VoiceSession, type CallerLine } from '../shared/voice/voice-session';
import { callVoices, createSpeechProviders, type SpeechProviders } from '../shared/voice/voices';
import { IpcBatcher, unbatch, type Batch } from './ipc-batch';
import type { CallLine, FromWorker, ToWorker } from './media-protocol';
import { guard, MAX_PAYLOAD_BYTES, serveMedia, type MediaLoops } from './media-socket';
import { RemoteConversation } from './remote-conversation';

/**
 * A media process (`MEDIA_WORKERS`, see media-workers.ts): the main process accepts and checks a
 * call's media WebSocket, then hands the socket over with the call's line settings; here the socket
 * is upgraded and the call's whole voice loop runs (framing, decoding, VAD, turn detection, STT, TTS,
 * the pacer on this process's own clock). The call's conversation stays in the main process:
 * `RemoteConversation` asks it. A call lives in exactly one media process, so its frames keep their order.
 */

// Not once the main process is gone: sending on a closed channel raises an error nobody handles, while
// this process still flushes its telemetry on its way out.
const batcher = new IpcBatcher<FromWorker>(
  (message) => {
    if (process.connected) process.send?.(message);
  },
  // A turn asked for: the main process starts the model on it.
  (message) => message.type === 'respond',
);
const send = (message: FromWorker) => batcher.send(message);

interface Call {
  readonly session: VoiceSession;
  readonly conversation: RemoteConversation;
  readonly hangUpStream: () => void;
}

class WorkerLoops implements MediaLoops {
  private readonly calls = new Map<string, Call>();
  /** Line settings of calls whose socket is being accepted, until their loop opens. */
  readonly lines = new Map<string, CallLine>();
  readonly clock = new FrameClock();

  constructor(
    private readonly speech: Promise<SpeechProviders>,
    private readonly log: Logger,
  ) {}

  async open(callId: string, line: CallerLine, hangUpStream: () => void): Promise<VoiceSession> {
    const settings = this.lines.get(callId);
    this.lines.delete(callId);
    if (!settings) throw new Error(`No line settings for call ${callId}`);
    let session: VoiceSession;
    const conversation = new RemoteConversation(callId, send);
    try {
      session = await this.session(callId, settings, line, conversation);
    } catch (error) {
      send({ type: 'failed', callId, error: String(error) });
      throw error;
    }
    this.calls.set(callId, { session, conversation, hangUpStream });
    send({ type: 'opened', callId });
    try {
      await session.start();
    } catch (error) {
      this.close(callId);
      throw error;
    }
    return session;
  }

  private async session(
    callId: string,
    settings: CallLine,
    line: CallerLine,
    conversation: RemoteConversation,
  ): Promise<VoiceSession> {
    const speech = await this.speech;
    const { features } = settings;
    return new VoiceSession(line, {
      conversation,
      voices: callVoices(speech, settings.availables),
      stt: speech.stt,
      vad: await createWebRtcVad({ threshold: features.vad_threshold }),
      clock: this.clock,
      features,
      log: this.log.child({ call_id: callId }),
      language: settings.language,
      languages: settings.languages,
      rate: settings.rate,
      expectedAnswer: () => conversation.expectedAnswer(),
      observer: {
        transcript: (transcript) => send({ type: 'observe', callId, transcript }),
        answered: (answered) => send({ type: 'observe', callId, answered }),
        bargedIn: (bargedIn) => send({ type: 'observe', callId, bargedIn }),
      },
    });
  }

  /** The stream ended here (socket closed), or the main process ended the call. */
  close(callId: string, only?: VoiceSession): void {
    const call = this.calls.get(callId);
    if (!call || (only && call.session !== only)) return;
    this.calls.delete(callId);
    call.session.close();
    call.conversation.fail(new Error(`Call ${callId}: the voice loop is closed`));
    call.hangUpStream();
    send({ type: 'closed', callId });
  }

  get(callId: string): Call | undefined {
    return this.calls.get(callId);
  }

  get size(): number {
    return this.calls.size;
  }
}

function main(): void {
  let loops: WorkerLoops | undefined;
  let log: Logger = createLogger('warn');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });

  let telemetry: Promise<Telemetry> | undefined;

  const receive = (message: ToWorker, handle?: Socket) => {
    if (message.type === 'init') {
      log = createLogger(message.config.log.level).child({ media_process: process.pid });
      const speech = message.speechModule
        ? loadSpeechModule(message.speechModule.path, message.speechModule.argument)
        : createSpeechProviders(message.config, log);
      loops = new WorkerLoops(speech, log);
      // The calls' turn spans (with the model's times the main process sends back), speech spans and
      // frame metrics are recorded here: exported by this process, to the same collector.
      telemetry = startTelemetry(message.config.telemetry, log);
      void Promise.all([speech, telemetry]).then(
        () => send({ type: 'ready' }),
        (error: unknown) => {
          log.error('media process: its speech providers or telemetry failed to start', {
            error: String(error),
          });
          process.exit(1);
        },
      );
      return;
    }
    if (!loops) return;
    accept(loops, sockets, log, message, handle);
  };
  process.on('message', (received: ToWorker | Batch<ToWorker>, handle?: Socket) =>
    unbatch(received, (message) => receive(message, handle)),
  );
  // Exits normally (not by a signal's default action, which would skip `--cpu-prof` and the like),
  // once what telemetry holds is exported or after TELEMETRY_FLUSH_MS.
  const exit = async () => {
    const flushed = telemetry?.then((t) => t.shutdown()).catch(() => undefined);
    await Promise.race([flushed, sleep(TELEMETRY_FLUSH_MS)]);
    process.exit(0);
  };
  // The main process is our only reason to exist: when it goes, so do we (and our sockets with us).
  process.on('disconnect', () => void exit());
  // The main process ends us with SIGTERM on shutdown.
  process.on('SIGTERM', () => void exit());
}

/** How long a media process that is told to end waits for its telemetry's last export. */
const TELEMETRY_FLUSH_MS = 2_000;

function accept(
  loops: WorkerLoops,
  sockets: WebSocketServer,
  log: Logger,
  message: ToWorker,
  handle: Socket | undefined,
): void {
  switch (message.type) {
    case 'open': {
      if (!handle) {
        send({ type: 'failed', callId: message.callId, error: 'no socket' });
        return;
      }
      const { callId, request } = message;
      handle.on('error', () => handle.destroy());
      loops.lines.set(callId, message.call);
      const req = { method: request.method, url: request.url, headers: request.headers };
      sockets.handleUpgrade(req as never, handle, Buffer.from(request.head, 'base64'), (ws) => {
        guard(ws, 'media', log.child({ call_id: callId }));
        void serveMedia(ws, callId, loops, log, () => send({ type: 'flood', callId }));
      });
      // ws refuses a malformed upgrade by writing 400 and destroying the socket, without the callback.
      handle.once('close', () => {
        if (loops.lines.delete(callId)) send({ type: 'failed', callId, error: 'upgrade refused' });
      });
      return;
    }
    case 'text':
      loops.get(message.callId)?.session.onText(message.text);
      return;
    case 'close':
      loops.close(message.callId);
      return;
    case 'reply':
    case 'reply_error':
    case 'event':
    case 'until_played':
      loops.get(message.callId)?.conversation.receive(message);
      return;
    case 'stats': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (message.gc && gc) {
        gc();
        gc();
      }
      send({
        type: 'stats',
        id: message.id,
        calls: message.callIds.map((callId) => loops.get(callId)?.session.latenessStats() ?? null),
        sessions: loops.size,
        rss: process.memoryUsage().rss,
        cpu: process.cpuUsage(),
        framesProduced: speechModuleFrames(),
      });
      return;
    }
    case 'init':
      return;
  }
}

let speechModuleFrames: () => number = () => 0;

/** The benchmarks' speech providers (fixed-latency fakes): `module.createSpeech(argument)`. */
async function loadSpeechModule(path: string, argument: unknown): Promise<SpeechProviders> {
  const module = (await import(pathToFileURL(path).href)) as {
    createSpeech(argument: unknown): SpeechProviders;
    framesProduced?: () => number;
  };
  const speech = module.createSpeech(argument);
  if (module.framesProduced) speechModuleFrames = module.framesProduced;
  return speech;
}

main();
