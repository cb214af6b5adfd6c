import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import type { Logger } from '../../log';
import {
  SpeechToTextError,
  type CallRecognition,
  type SpeechToTextErrorKind,
  type UtteranceOptions,
} from './stt';
import { AzureUtterance, type PhraseSource } from './azure-speech-utterance';

/** A call's recognition: how long a final text may take, where it goes (for errors), and how it is let go. */
export interface AzureCallOptions {
  readonly timeoutMs: number;
  readonly target: string;
  readonly log: Logger;
  readonly release: () => void;
}

/**
 * One push stream and its continuous recognition, started at once. Results go to the utterance in
 * progress; a phrase recognised outside any (noise between turns, a phrase after its turn gave up) is
 * dropped.
 */
export class AzureCallRecognition implements CallRecognition, PhraseSource {
  private current: AzureUtterance | undefined;
  /** The phrase in progress: heard (`recognizing`), not yet final. */
  private hypothesis = '';
  failure: SpeechToTextError | undefined;
  /** The service ended the session (the stream ended, or an error). */
  stopped = false;
  private closed = false;

  constructor(
    private readonly stream: sdk.PushAudioInputStream,
    private readonly recognizer: sdk.SpeechRecognizer,
    readonly options: AzureCallOptions,
  ) {
    recognizer.recognizing = (_, event) => {
      if (this.closed || !event.result.text) return;
      this.hypothesis = event.result.text;
      this.current?.partial(event.result.text);
    };
    recognizer.recognized = (_, event) => {
      const speech = event.result.reason === sdk.ResultReason.RecognizedSpeech;
      this.hypothesis = '';
      this.current?.phrase(speech ? event.result.text : '');
    };
    recognizer.canceled = (_, event) => {
      if (event.reason !== sdk.CancellationReason.Error) return;
      this.fail(
        new SpeechToTextError(
          errorKind(event.errorCode),
          `Azure Speech at ${options.target} failed (${sdk.CancellationErrorCode[event.errorCode]}): ${redactDetails(event.errorDetails)}`,
        ),
      );
    };
    recognizer.sessionStopped = () => {
      this.stopped = true;
      this.current?.streamEnded();
    };
    recognizer.startContinuousRecognitionAsync(undefined, (error) =>
      this.fail(new SpeechToTextError('connection', `Azure Speech at ${options.target}: ${error}`)),
    );
  }

  /** A phrase is in progress: its final text is still to come. */
  get pending(): boolean {
    return this.hypothesis !== '';
  }

  get inProgress(): string {
    return this.hypothesis;
  }

  write(frame: Int16Array): void {
    if (this.closed) return;
    // The SDK keeps the buffer: a copy, since the caller's frame may be reused.
    this.stream.write(frame.slice().buffer);
  }

  startUtterance(_options: Pick<UtteranceOptions, 'expect'>, alone = false): AzureUtterance {
    this.current?.cancel();
    const utterance = new AzureUtterance(this, alone);
    if (this.failure || this.closed) utterance.fail(this.failure);
    else this.current = utterance;
    return utterance;
  }

  /** The utterance has its text (or was abandoned): later results are not its. */
  detach(utterance: AzureUtterance): void {
    if (this.current === utterance) this.current = undefined;
  }

  /** End of audio: the service sends its last phrase, then ends the session. */
  endAudio(): void {
    this.stream.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.current?.cancel();
    this.stream.close();
    this.options.release();
    this.recognizer.stopContinuousRecognitionAsync(
      () => this.recognizer.close(),
      () => this.recognizer.close(),
    );
  }

  private fail(error: SpeechToTextError): void {
    this.failure = error;
    this.current?.fail(error);
    this.options.log.warn('azure speech recognition stopped', { error: error.message });
    this.close();
  }
}

function errorKind(code: sdk.CancellationErrorCode): SpeechToTextErrorKind {
  switch (code) {
    case sdk.CancellationErrorCode.AuthenticationFailure:
    case sdk.CancellationErrorCode.Forbidden:
      return 'unauthorized';
    case sdk.CancellationErrorCode.TooManyRequests:
      return 'rate_limited';
    case sdk.CancellationErrorCode.BadRequestParameters:
      return 'bad_request';
    case sdk.CancellationErrorCode.ServiceTimeout:
      return 'timeout';
    case sdk.CancellationErrorCode.ConnectionFailure:
      return 'connection';
    default:
      return 'server';
  }
}

/** The SDK's error details may quote the connection URL with its query; never a key, but keep them short. */
function redactDetails(details: string | undefined): string {
  return (details ?? 'no details')
    .replace(/(subscription-key|authorization)=[^&\s]+/gi, '$1=***')
    .slice(0, 300);
}
