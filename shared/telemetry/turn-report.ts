import type { Span } from '@opentelemetry/api';
import type { Logger } from '../log';
import { turnTimings } from './call-trace';
import { callMetrics } from './metrics';

/**
 * The end of a voice turn: its latencies go on its span, into the metrics, and, at `LOG_LEVEL=debug`,
 * into one compact log line, so that a local call shows where each answer's time went without any
 * collector:
 *
 *   DEBUG turn call_id=… turn=2 answer_ms=412.3 stt_ms=55.1 model_ms=230.4 tts_ms=31.2 overhead_ms=4.1 model="fast: gpt-4o-mini" tools=1
 *
 * overhead = answer − transcription − the model's time to its first sentence − the synthesizer's time to
 * its first audio: what our own code added (the figure the voice benchmarks budget).
 */

export interface TurnLatencies {
  /** End of the caller's speech → final transcript (0: typed). */
  readonly transcriptionMs: number;
  /** The synthesizer's time to the first audio of the answer's first sentence. */
  readonly ttsMs?: number;
  /** End of the caller's speech → first frame of the answer out; none when no answer went out. */
  readonly answerMs?: number;
  readonly bargedIn?: boolean;
  readonly aborted: boolean;
}

export function turnFinished(
  log: Logger,
  span: Span,
  callId: string,
  turn: number,
  latencies: TurnLatencies,
): void {
  const timings = turnTimings(callId);
  const { answerMs, transcriptionMs, ttsMs } = latencies;
  const overheadMs =
    answerMs !== undefined && timings.modelMs !== undefined && ttsMs !== undefined
      ? answerMs - transcriptionMs - timings.modelMs - ttsMs
      : undefined;
  const metrics = callMetrics();
  if (answerMs !== undefined) metrics.answerLatency.record(answerMs);
  if (overheadMs !== undefined) metrics.turnOverhead.record(overheadMs);
  const figures = {
    answer_ms: round(answerMs),
    stt_ms: round(transcriptionMs),
    model_ms: round(timings.modelMs),
    tts_ms: round(ttsMs),
    overhead_ms: round(overheadMs),
  };
  for (const [key, value] of Object.entries(figures)) {
    if (value !== undefined) span.setAttribute(`turn.${key}`, value);
  }
  span.setAttributes({
    'turn.tools': timings.tools,
    'turn.barged_in': latencies.bargedIn ?? false,
    'turn.aborted': latencies.aborted,
    ...(timings.model ? { 'turn.model': timings.model } : {}),
  });
  log.debug('turn', {
    turn,
    ...figures,
    model: timings.model,
    tools: timings.tools,
    ...(latencies.bargedIn ? { barged_in: true } : {}),
    ...(latencies.aborted ? { aborted: true } : {}),
  });
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 10) / 10;
}
