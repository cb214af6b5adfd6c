import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EspeakTts, isEspeakInstalled } from '../../shared/providers/tts/espeak';
import { longText, seconds, speak } from './support';

const installed = isEspeakInstalled();
if (!installed) console.warn('espeak-ng is not installed: its tests are skipped (apt-get install espeak-ng)');

/** How long espeak-ng itself says `text` with `voice`: the samples of its own 22.05 kHz WAV. */
function espeakSeconds(voice: string, text: string): number {
  const wav = execFileSync('espeak-ng', ['--stdout', '--stdin', '-b', '1', '-v', voice], { input: text });
  return (wav.length - 44) / 2 / 22_050;
}

/** This process's espeak-ng children, still running. */
function espeakChildren(): string[] {
  const listed = spawnSync('pgrep', ['-P', String(process.pid), '-x', 'espeak-ng'], { encoding: 'utf8' });
  return listed.stdout.split('\n').filter(Boolean);
}

describe.skipIf(!installed)('espeak-ng', () => {
  let espeak: EspeakTts;
  beforeAll(() => {
    espeak = new EspeakTts();
  });
  afterAll(async () => {
    await espeak.close();
  });

  it("speaks the call's languages", () => {
    for (const lang of ['en-US', 'fr-FR', 'es-ES', 'de-DE', 'it-IT', 'pt-BR', 'zh-CN']) {
      expect(espeak.supports(lang), lang).toBe(true);
    }
    expect(espeak.supports('xx-XX')).toBe(false);
  });

  it.each([
    ['fr-FR', 'fr-fr', 'Bonjour, votre dossier est bien enregistré.'],
    ['es-ES', 'es', 'Hola, su expediente está registrado.'],
    ['zh-CN', 'cmn', '您好，您的档案已经登记。'],
  ])('speaks %s with its voice %s, at 16 kHz for as long as espeak-ng says it', async (lang, voice, text) => {
    const { audio } = await speak(espeak, { text, lang });
    expect(seconds(audio)).toBeCloseTo(espeakSeconds(voice, text), 2);
  });

  it('honours a voice named in its own terms, with a variant; ignores an Azure one', async () => {
    const text = 'Please hold the line.';
    const variant = await speak(espeak, { text, lang: 'en-US', voice: 'en-us+f3' });
    const plain = await speak(espeak, { text, lang: 'en-US' });
    expect(variant.audio).not.toEqual(plain.audio);
    const azure = await speak(espeak, { text, lang: 'en-US', voice: 'en-US-AvaMultilingualNeural' });
    expect(azure.audio).toEqual(plain.audio);
  });

  it('reads text that looks like an option as text', async () => {
    const { audio } = await speak(espeak, { text: '--version is not an option here', lang: 'en-US' });
    expect(seconds(audio)).toBeCloseTo(espeakSeconds('en-us', '--version is not an option here'), 2);
  });

  it('streams: a long text comes in many chunks', async () => {
    const { chunks } = await speak(espeak, { text: longText('fr-FR'), lang: 'fr-FR' });
    expect(chunks).toBeGreaterThan(5);
  });

  it('kills espeak-ng when aborted', async () => {
    const controller = new AbortController();
    for await (const _ of espeak.synthesize(
      { text: longText('en-US', 'kill'), lang: 'en-US' },
      controller.signal,
    )) {
      expect(espeakChildren()).toHaveLength(1);
      controller.abort();
    }
    expect(espeakChildren()).toEqual([]);
  });

  it('refuses a language it has no voice for', async () => {
    await expect(speak(espeak, { text: 'Hello.', lang: 'xx-XX' })).rejects.toThrow(
      'espeak-ng has no voice for xx-XX',
    );
  });
});

describe('espeak-ng missing', () => {
  it('supports nothing and says how to install it', async () => {
    const missing = new EspeakTts({ command: 'espeak-ng-that-is-not-installed' });
    expect(isEspeakInstalled('espeak-ng-that-is-not-installed')).toBe(false);
    expect(missing.supports('fr-FR')).toBe(false);
    await expect(speak(missing, { text: 'Bonjour.', lang: 'fr-FR' })).rejects.toThrow(
      /espeak-ng is not installed .*apt-get install espeak-ng/,
    );
  });
});
