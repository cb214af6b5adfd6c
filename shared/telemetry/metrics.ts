import { metrics, type Counter, type Histogram, type UpDownCounter } from '@opentelemetry/api';

/**
 * The app's metrics, named as the original call-center-ai names them where they mean the same
 * (`call.answer.latency`, `call.cutoff.latency`, `call.stt.complete.latency`, `call.frames.in.latency`,
 * `call.frames.out.latency`), plus our turn overhead, barge-ins, failovers and active calls. All times in
 * milliseconds. Attributes are low-cardinality and carry no personal data (no call ids either: those are
 * on the spans).
 *
 * The instruments are made from the global meter provider on first use, and made again after telemetry
 * is (un)installed: unlike tracers, meters of the API are not proxies, so one obtained before the SDK was
 * installed would stay a no-op.
 */

export interface CallMetrics {
  /** End of the caller's speech → first frame of the answer out (voice loop) or answer queued (serverless). */
  readonly answerLatency: Histogram;
  /** Barge-in: the frame that reached the cutoff → the bot's audio stopped. */
  readonly cutoffLatency: Histogram;
  /** End of the caller's speech → the final transcript. */
  readonly sttCompleteLatency: Histogram;
  /** Our time handling one incoming 20 ms frame (VAD, turn detection, STT feed). */
  readonly framesInLatency: Histogram;
  /** How late each outgoing frame left, against its slot. */
  readonly framesOutLatency: Histogram;
  /** Answer latency less the providers' own (STT, model to first sentence, TTS to first audio). */
  readonly turnOverhead: Histogram;
  readonly bargeIns: Counter;
  readonly failovers: Counter;
  readonly callsActive: UpDownCounter;
}

let instruments: CallMetrics | undefined;

export function callMetrics(): CallMetrics {
  return (instruments ??= createInstruments());
}

/** After the global meter provider changed (setup.ts). */
export function resetInstruments(): void {
  instruments = undefined;
}

function createInstruments(): CallMetrics {
  const meter = metrics.getMeter('call-center-ai');
  const ms = (name: string, description: string) => meter.createHistogram(name, { description, unit: 'ms' });
  return {
    answerLatency: ms('call.answer.latency', "End of the caller's speech to the first frame of the answer"),
    cutoffLatency: ms(
      'call.cutoff.latency',
      "Speech over the bot past the cutoff to the bot's audio stopped",
    ),
    sttCompleteLatency: ms('call.stt.complete.latency', "End of the caller's speech to the final transcript"),
    framesInLatency: ms('call.frames.in.latency', 'Processing of one incoming audio frame'),
    framesOutLatency: ms('call.frames.out.latency', 'Lateness of one outgoing audio frame against its slot'),
    turnOverhead: ms('call.turn.overhead', "Answer latency less the providers' own latencies"),
    bargeIns: meter.createCounter('call.barge_in', { description: 'Caller speech that interrupted the bot' }),
    failovers: meter.createCounter('call.llm.failover', {
      description: 'A model failed and the next one took over',
    }),
    callsActive: meter.createUpDownCounter('call.active', {
      description: 'Calls with a live voice loop in this process',
    }),
  };
}
