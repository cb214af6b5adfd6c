import { SpeechToTextError, type Utterance } from './stt';

/** What a turn's utterance needs of the call's recognition it takes its text from. */
export interface PhraseSource {
  readonly options: { readonly timeoutMs: number; readonly target: string };
  /** A phrase is in progress: its final text is still to come. */
  readonly pending: boolean;
  /** What was heard of the phrase in progress. */
  readonly inProgress: string;
  /** The service ended the session (the stream ended, or an error). */
  readonly stopped: boolean;
  write(frame: Int16Array): void;
  /** End of audio: the service sends its last phrase, then ends the session. */
  endAudio(): void;
  /** The utterance has its text (or was abandoned): later results are not its. */
  detach(utterance: AzureUtterance): void;
  close(): void;
}

/** One turn's text out of a call's recognition. */
export class AzureUtterance implements Utterance {
  private readonly phrases: string[] = [];
  private partialListener: ((text: string) => void) | undefined;
  private finalListener: ((text: string) => void) | undefined;
  private result: Promise<string> | undefined;
  private settle: ((text: string) => void) | undefined;
  private reject: ((error: Error) => void) | undefined;
  private failure: Error | undefined;
  private over = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly call: PhraseSource,
    /** A stream of its own, which `finish` ends. */
    private readonly alone: boolean,
  ) {}

  write(frame: Int16Array): void {
    // A call's stream is written by the session, every frame; a lone utterance's by its own writes.
    if (this.alone && !this.over && !this.result) this.call.write(frame);
  }

  onPartial(listener: (text: string) => void): void {
    this.partialListener = listener;
  }

  onFinal(listener: (text: string) => void): void {
    this.finalListener = listener;
  }

  partial(text: string): void {
    if (!this.over && !this.result) this.partialListener?.(this.text(text));
  }

  phrase(text: string): void {
    if (this.over) return;
    if (text) this.phrases.push(text);
    if (this.result) {
      // A lone utterance ends with its session; a turn's, as soon as nothing is in progress any more.
      if (!this.alone && !this.call.pending) this.resolve(this.text());
      return;
    }
    if (this.phrases.length > 0) this.finalListener?.(this.text());
  }

  streamEnded(): void {
    if (this.result) this.resolve(this.text());
  }

  finish(signal?: AbortSignal): Promise<string> {
    if (this.result) return this.result;
    if (this.failure) return (this.result = Promise.reject(this.failure));
    if (this.over || signal?.aborted) {
      this.cancel();
      return (this.result = Promise.resolve(''));
    }
    this.result = new Promise<string>((resolve, reject) => {
      this.settle = resolve;
      this.reject = reject;
    });
    signal?.addEventListener('abort', () => this.cancel(), { once: true });
    const { timeoutMs, target } = this.call.options;
    if (this.alone) {
      if (this.call.stopped) this.resolve(this.text());
      else this.call.endAudio();
      this.timer = setTimeout(
        () =>
          this.fail(
            new SpeechToTextError(
              'timeout',
              `Azure Speech at ${target} gave no final text within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
    } else if (!this.call.pending) {
      this.resolve(this.text());
    } else {
      // The service owes the phrase in progress; if it never comes, what was heard of it will do.
      this.timer = setTimeout(() => this.resolve(this.text(this.call.inProgress)), timeoutMs);
    }
    this.timer?.unref();
    return this.result;
  }

  cancel(): void {
    this.resolve('');
  }

  fail(error: Error | undefined): void {
    this.failure = error ?? new SpeechToTextError('connection', 'Azure Speech recognition is closed');
    this.reject?.(this.failure);
    this.end();
  }

  private text(inProgress?: string): string {
    return (inProgress ? [...this.phrases, inProgress] : this.phrases).join(' ');
  }

  private resolve(text: string): void {
    this.settle?.(text);
    this.end();
  }

  private end(): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.timer);
    this.settle = undefined;
    this.reject = undefined;
    this.call.detach(this);
    if (this.alone) this.call.close();
  }
}
