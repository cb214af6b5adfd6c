import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { silentLogger } from '../../shared/log';
import { COGNITIVE_SERVICES_SCOPE } from '../../shared/providers/azure-credential';
import { createSpeechProviders } from '../../shared/voice/voices';
import { speak } from '../tts/support';
import { FakeAzureSpeech } from '../support/fake-azure-speech';
import { FakeManagedIdentity } from '../support/fake-managed-identity';
import { makeTempDir } from '../support/tmp';
import { useManagedIdentity } from './use-managed-identity';

/**
 * Azure Speech with no key, as on Azure: the voice loop's speech providers sign in with the app's managed
 * identity. The token comes from the (fake) App Service identity endpoint and reaches the (fake) Speech
 * service in the `aad#<resource id>#<token>` form Microsoft documents.
 */

const identity = useManagedIdentity();
const tmp = makeTempDir();
const RESOURCE_ID =
  '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/speech';
const expectedToken = `aad#${RESOURCE_ID}#${FakeManagedIdentity.tokenFor(COGNITIVE_SERVICES_SCOPE)}`;
let speech: FakeAzureSpeech;

beforeAll(async () => {
  speech = await FakeAzureSpeech.start({ token: expectedToken });
});
afterAll(async () => {
  await speech.close();
  tmp.remove();
});

const config = (env: Record<string, string>) =>
  loadConfig({ cwd: tmp.dir, env: { DATA_DIR: tmp.dir, SPEECH__TTS__BACKEND: 'azure', ...env } });

describe('Azure Speech with the managed identity', () => {
  it('speaks with the identity token when no key is set', async () => {
    const providers = await createSpeechProviders(
      config({ SPEECH__TTS__AZURE__ENDPOINT: speech.url, AZURE_SPEECH_RESOURCE_ID: RESOURCE_ID }),
      silentLogger,
    );
    try {
      const { audio } = await speak(providers.tts[0]!, { text: 'Hello, how can I help?', lang: 'en-US' });
      expect(audio.length).toBeGreaterThan(0);
      expect(speech.requests.at(-1)?.headers.authorization).toBe(`Bearer ${expectedToken}`);
      expect(identity.requests.at(-1)?.resource).toBe('https://cognitiveservices.azure.com');
    } finally {
      await providers.close();
    }
  });

  it('builds the recognizer on a region with the identity and the resource id', async () => {
    // Speech recognition on a region takes the token only as aad#<resource id>#<token>: without the
    // resource id handed over, the recognizer refuses to be built.
    const providers = await createSpeechProviders(
      config({
        AZURE_SPEECH_REGION: 'westeurope',
        AZURE_SPEECH_RESOURCE_ID: RESOURCE_ID,
        SPEECH__STT__BACKEND: 'azure',
      }),
      silentLogger,
    );
    try {
      expect(providers.kinds.stt).toBe(providers.stt?.kind);
      expect(providers.stt?.kind).toMatch(/azure/);
    } finally {
      await providers.close();
    }
  });

  it('refuses a region with neither key nor resource id, saying what to set', async () => {
    await expect(
      createSpeechProviders(config({ AZURE_SPEECH_REGION: 'westeurope' }), silentLogger),
    ).rejects.toThrow(/AZURE_SPEECH_RESOURCE_ID/);
  });
});
