import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureSpeechStt } from '../../shared/providers/stt/azure-speech';
import { SpeechToTextError } from '../../shared/providers/stt/stt';
import { FAKE_STT_KEY, FakeSpeechService } from '../support/fake-speech-service';
import { toFrames } from '../../shared/voice/audio';
import { silence } from '../support/speech';
import { spoken, writeFast } from './support';

/**
 * The Azure Speech backend's own promises, beyond the conformance suite: the real Speech SDK against a
 * fake of the service's WebSocket protocol. The call's language, detection among its languages, the
 * question's phrase list, key or Entra ID auth, and a clear error that never shows the key.
 */

let service: FakeSpeechService;
beforeAll(async () => {
  service = await FakeSpeechService.start({ token: 'entra-token' });
});
afterAll(async () => service?.close());

async function recognise(stt: AzureSpeechStt, options: Parameters<AzureSpeechStt['startUtterance']>[0]) {
  const utterance = stt.startUtterance(options);
  await writeFast(utterance, await spoken('yes'));
  try {
    return await utterance.finish();
  } finally {
    await stt.close();
  }
}

describe('Azure Speech recognition', () => {
  it("recognises in the call's language, with the question's phrases", async () => {
    service.script.push({ text: 'jane dot smith at example dot com' });
    const stt = new AzureSpeechStt({ endpoint: service.endpoint, key: FAKE_STT_KEY });
    expect(await recognise(stt, { lang: 'fr-FR', expect: 'email' })).toBe(
      'jane dot smith at example dot com',
    );
    const turn = service.turns.at(-1);
    expect(turn?.url).toContain('language=fr-FR');
    const context = JSON.stringify(turn?.messages['speech.context']);
    expect(context).toContain('underscore');
    expect(context).toContain('agent');
    expect(turn?.audioBytes).toBeGreaterThan(16_000);
  });

  it("detects which of the call's languages is spoken", async () => {
    service.script.push({ text: 'oui', language: 'fr-FR' });
    const stt = new AzureSpeechStt({ endpoint: service.endpoint, key: FAKE_STT_KEY });
    expect(await recognise(stt, { lang: 'en-US', candidateLangs: ['en-US', 'fr-FR'] })).toBe('oui');
    const turn = service.turns.at(-1);
    const asked = JSON.stringify(turn?.messages['speech.context']) + (turn?.url ?? '');
    expect(asked).toContain('fr-FR');
    expect(asked).toContain('en-US');
  });

  it("detects the language phrase by phrase on a call's stream, among the call's languages", async () => {
    service.script.push({ text: 'oui', language: 'fr-FR' });
    const stt = new AzureSpeechStt({ endpoint: service.endpoint, key: FAKE_STT_KEY });
    const call = stt.openCall({ lang: 'en-US', candidateLangs: ['en-US', 'fr-FR', 'es-ES'] });
    try {
      const utterance = call.startUtterance({});
      for (const frame of [...(await spoken('oui')), ...toFrames(silence(700))]) {
        call.write(frame);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await utterance.finish()).toBe('oui');
      const context = service.turns.at(-1)?.messages['speech.context'] as {
        languageId?: { languages: string[]; mode: string };
      };
      expect(context.languageId).toMatchObject({
        languages: ['en-US', 'fr-FR', 'es-ES'],
        mode: 'DetectContinuous',
      });
    } finally {
      call.close();
    }
  });

  it('authenticates with an Entra ID token instead of a key', async () => {
    service.script.push({ text: 'yes' });
    const credential = {
      getToken: async () => ({ token: 'entra-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const stt = new AzureSpeechStt({ endpoint: service.endpoint, credential });
    expect(await recognise(stt, { lang: 'en-US' })).toBe('yes');
    expect(service.turns.at(-1)?.headers.authorization).toBe('Bearer entra-token');
  });

  it('asks a token provider for each connection and sends the documented aad#<resource id>#<token> form', async () => {
    const resourceId =
      '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/speech';
    const issued = ['entra-token', 'renewed-token'];
    const getToken = async () => issued.shift() ?? 'expired';
    const stt = new AzureSpeechStt({ endpoint: service.endpoint, getToken, resourceId });
    service.acceptedTokens.add(`aad#${resourceId}#entra-token`).add(`aad#${resourceId}#renewed-token`);
    service.script.push({ text: 'yes' }, { text: 'no' });
    expect(await recognise(stt, { lang: 'en-US' })).toBe('yes');
    expect(service.turns.at(-1)?.headers.authorization).toBe(`Bearer aad#${resourceId}#entra-token`);
    // The next connection (a call's reconnection, the next call) gets the provider's current token.
    expect(await recognise(stt, { lang: 'en-US' })).toBe('no');
    expect(service.turns.at(-1)?.headers.authorization).toBe(`Bearer aad#${resourceId}#renewed-token`);
  });

  it('refuses a token provider on a region without the resource id', () => {
    expect(() => new AzureSpeechStt({ region: 'westeurope', getToken: async () => 't' })).toThrow(
      /resourceId/,
    );
  });

  it('fails with a clear error that names the endpoint, never the key, when the key is refused', async () => {
    const stt = new AzureSpeechStt({ endpoint: service.endpoint, key: 'wrong-secret-key' });
    const error = await recognise(stt, { lang: 'en-US' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpeechToTextError);
    expect(String((error as Error).message)).toContain('127.0.0.1');
    expect(String((error as Error).message)).not.toContain('wrong-secret-key');
  });
});
