import { azureTokenProvider, COGNITIVE_SERVICES_SCOPE } from '../providers/azure-credential';
import type { Config } from '../config';
import type { SpokenStyle } from '../conversation/style';
import type { Language } from '../domain/initiate';
import type { Logger } from '../log';
import type { SpeechToText } from '../providers/stt/stt';
import type { SpeechRequest, TextToSpeech } from '../providers/tts/tts';

/**
 * Which speech providers this process has, built once from the config (the Flite worker pool is shared
 * by every call), and which voice speaks each call's language.
 */

export interface SpeechProviders {
  /** In order of preference; the first that supports a language speaks it. */
  readonly tts: readonly TextToSpeech[];
  readonly stt: SpeechToText | undefined;
  /** For the startup banner and /api/health: e.g. `tts=azure stt=none`. */
  readonly kinds: { readonly tts: string; readonly stt: string };
  close(): Promise<void>;
}

export async function createSpeechProviders(config: Config, log: Logger): Promise<SpeechProviders> {
  const tts = await createTts(config, log);
  const stt = await createStt(config, log);
  return {
    tts,
    stt,
    kinds: { tts: tts.map((t) => t.kind).join('+'), stt: stt?.kind ?? 'none' },
    async close() {
      await Promise.all([...tts.map((t) => t.close()), stt?.close()]);
    },
  };
}

async function createTts(config: Config, log: Logger): Promise<TextToSpeech[]> {
  const { backend, azure } = config.speech.tts;
  const useAzure = backend === 'azure' || (backend === 'auto' && azure.key !== undefined);
  if (useAzure) {
    const auth = speechAuth(config, azure.key, azure.region, azure.endpoint);
    const { AzureSpeechTts } = await import('../providers/tts/azure-speech.js');
    return [
      new AzureSpeechTts({
        ...auth,
        ...(azure.region ? { region: azure.region } : {}),
        ...(azure.endpoint ? { endpoint: azure.endpoint } : {}),
      }),
    ];
  }
  const providers: TextToSpeech[] = [];
  const { FliteTts } = await import('../providers/tts/flite.js');
  const { EspeakTts, isEspeakInstalled } = await import('../providers/tts/espeak.js');
  if (backend !== 'espeak') providers.push(new FliteTts());
  if (backend !== 'flite' && isEspeakInstalled()) providers.push(new EspeakTts());
  else if (backend === 'espeak')
    throw new Error('speech.tts.backend is espeak, but espeak-ng is not installed');
  if (providers.length === 1 && providers[0]?.kind === 'flite') {
    log.debug('espeak-ng is not installed: languages other than English are spoken by Flite, in English');
  }
  return providers;
}

async function createStt(config: Config, log: Logger): Promise<SpeechToText | undefined> {
  const { openai, azure } = config.speech.stt;
  const azureKey = azure.key ?? config.speech.tts.azure.key;
  const azureRegion = azure.region ?? config.speech.tts.azure.region;
  const backend = config.speech.stt.backend ?? (openai.endpoint ? 'openai' : azureKey ? 'azure' : 'embedded');
  switch (backend) {
    case 'none':
      return undefined;
    case 'embedded': {
      const { EmbeddedRecognizer } = await import('../providers/stt/sphinx.js');
      return new EmbeddedRecognizer({ log });
    }
    case 'azure': {
      const auth = speechAuth(config, azureKey, azureRegion, azure.endpoint);
      const { AzureSpeechStt } = await import('../providers/stt/azure-speech.js');
      return new AzureSpeechStt({
        ...('key' in auth
          ? auth
          : { getToken: auth.token, ...(auth.resourceId ? { resourceId: auth.resourceId } : {}) }),
        ...(azure.endpoint ? { endpoint: azure.endpoint } : { region: azureRegion as string }),
        log,
      });
    }
    case 'openai': {
      if (!openai.endpoint) {
        throw new Error(
          'speech.stt.backend is openai: set speech.stt.openai.endpoint (TRANSCRIPTION_ENDPOINT)',
        );
      }
      const { OpenAiTranscription } = await import('../providers/stt/openai-transcription.js');
      return new OpenAiTranscription({
        endpoint: openai.endpoint,
        model: openai.model,
        ...(openai.api_key ? { apiKey: openai.api_key } : {}),
        ...(openai.azure_api_version ? { azureApiVersion: openai.azure_api_version } : {}),
      });
    }
  }
}

export interface VoiceChooser {
  voiceFor(options: { language: string; rate: number; style: SpokenStyle }): {
    tts: TextToSpeech;
    request: Omit<SpeechRequest, 'text'>;
  };
}

/** One call's voices: the call's languages (with their Azure voice names) on this process's providers. */
export function callVoices(providers: SpeechProviders, languages: readonly Language[]): VoiceChooser {
  return {
    voiceFor({ language, rate, style }) {
      const tts =
        providers.tts.find((candidate) => candidate.supports(language)) ?? (providers.tts[0] as TextToSpeech);
      const configured = languages.find((l) => l.short_code === language)?.voice;
      // The call's voice names are Azure's (`fr-FR-DeniseNeural`); other backends pick by language.
      const voice = tts.kind === 'azure-speech' ? configured : undefined;
      return { tts, request: { lang: language, rate, style, ...(voice ? { voice } : {}) } };
    },
  };
}

/**
 * How the app signs in to Azure Speech: its key when one is set, else the app's Entra ID identity (the
 * managed identity on Azure): one token provider, which Speech accepts on a custom-domain endpoint as a
 * bearer token, and on a region with the resource id, as `aad#<resource id>#<token>` (each speech
 * provider writes that form itself).
 */
type SpeechAuth =
  { readonly key: string } | { readonly token: () => Promise<string>; readonly resourceId?: string };

function speechAuth(
  config: Config,
  key: string | undefined,
  region: string | undefined,
  endpoint: string | undefined,
): SpeechAuth {
  if (key) return { key };
  const resourceId = config.speech.tts.azure.resource_id;
  if (!region && !endpoint) {
    throw new Error(
      'Azure Speech needs a region or an endpoint: set AZURE_SPEECH_REGION or speech.tts.azure.endpoint',
    );
  }
  if (!endpoint && !resourceId) {
    throw new Error(
      'Azure Speech without a key signs in with the app identity: on a region that needs the resource id ' +
        '(AZURE_SPEECH_RESOURCE_ID), or give the custom-domain endpoint; or set AZURE_SPEECH_KEY',
    );
  }
  return {
    token: azureTokenProvider(config, COGNITIVE_SERVICES_SCOPE),
    ...(resourceId ? { resourceId } : {}),
  };
}
