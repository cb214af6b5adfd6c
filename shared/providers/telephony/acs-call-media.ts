import { isNotFound, type AcsTelephony } from './acs';
import type { CallMedia, PlayRequest } from './call-media';

/**
 * ACS Call Automation's media operations on our calls, for the serverless voice loop: play SSML (queued
 * by ACS in request order), cancel everything queued or playing, continuous DTMF recognition, and the
 * transcription language. Calls are found by their ACS call connection id, as `AcsTelephony` keeps it.
 */
export class AcsCallMedia implements CallMedia {
  readonly kind = 'acs';

  constructor(private readonly telephony: AcsTelephony) {}

  async play(callId: string, request: PlayRequest): Promise<void> {
    const media = await this.mediaOf(callId);
    await media.playToAll([{ kind: 'ssmlSource', ssmlText: request.ssml }], {
      operationContext: request.operationContext,
    });
  }

  async cancelMedia(callId: string): Promise<void> {
    const media = await this.mediaOf(callId);
    try {
      await media.cancelAllOperations();
    } catch (error) {
      // Nothing left to cancel on a call that is already over.
      if (!isNotFound(error)) throw error;
    }
  }

  async startDtmf(callId: string, callerPhoneNumber: string): Promise<void> {
    const media = await this.mediaOf(callId);
    await media.startContinuousDtmfRecognition({ phoneNumber: callerPhoneNumber });
  }

  async setTranscriptionLanguage(callId: string, language: string): Promise<void> {
    const media = await this.mediaOf(callId);
    await media.updateTranscription(language);
  }

  private async mediaOf(callId: string) {
    const connectionId = await this.telephony.callConnectionIdOf(callId);
    return this.telephony.automationClient.getCallConnection(connectionId).getCallMedia();
  }
}
