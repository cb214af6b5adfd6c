/**
 * The call media port: what the serverless voice loop asks the telephony network to do on a live call,
 * when no audio passes through this app (ACS transcribes the caller and plays the bot's sentences itself).
 * ACS Call Automation is its backend (`acs-call-media.ts`).
 */

export interface PlayRequest {
  /** The sentence as SSML (voice, language, style, rate). */
  readonly ssml: string;
  /** Echoed in the PlayStarted / PlayCompleted / PlayCanceled callbacks, so they can be told apart. */
  readonly operationContext: string;
}

export interface CallMedia {
  readonly kind: string;
  /** Queues a sentence: plays start in the order they were requested, one after the other. */
  play(callId: string, request: PlayRequest): Promise<void>;
  /** Stops what plays and drops what is queued (the caller talks over the bot). */
  cancelMedia(callId: string): Promise<void>;
  /** From now on, each key the caller presses is reported by a callback. */
  startDtmf(callId: string, callerPhoneNumber: string): Promise<void>;
  /** The caller's speech is transcribed in this language from now on (BCP-47, e.g. fr-FR). */
  setTranscriptionLanguage(callId: string, language: string): Promise<void>;
}
