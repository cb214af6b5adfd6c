import type { Logger } from '../log';
import type { Utterance } from '../providers/stt/stt';

/**
 * The caller's words once their turn has ended. A streaming recognizer has heard them as they came, so
 * its final text is only moments away: it gets `completeTimeoutMs` (recognition_stt_complete_timeout_ms,
 * as the original waits for its final recognition) and then the last partial result stands for it, so
 * that a slow final never holds the answer back. Other recognizers transcribe after the end (or may be
 * busy with another call first): they are waited for, their own timeouts bounding them.
 */
export async function finalText(
  utterance: Utterance,
  options: {
    readonly streaming: boolean;
    readonly completeTimeoutMs: number;
    /** The last partial result (an utterance reports none once finished). */
    readonly lastPartial: string;
    readonly log: Logger;
  },
): Promise<string> {
  if (!options.streaming) return utterance.finish();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), options.completeTimeoutMs);
  });
  try {
    const text = await Promise.race([utterance.finish(), late]);
    if (text !== undefined) return text;
    const partial = options.lastPartial;
    utterance.cancel();
    options.log.debug('final recognition late: the last partial result stands for it', {
      timeout_ms: options.completeTimeoutMs,
      chars: partial.length,
    });
    return partial;
  } finally {
    clearTimeout(timer);
  }
}
