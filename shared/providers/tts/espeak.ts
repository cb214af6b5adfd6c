import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { Pcm16Decoder } from '../../audio/pcm';
import { Resampler } from '../../audio/resample';
import { readWavHeader } from '../../audio/wav';
import { silentLogger, type Logger } from '../../log';
import {
  errorText,
  isBlank,
  languageOf,
  speakingRate,
  TTS_SAMPLE_RATE,
  type SpeechRequest,
  type TextToSpeech,
} from './tts';

export interface EspeakTtsOptions {
  /** The program. Default 'espeak-ng' (found on the PATH). */
  readonly command?: string;
  readonly log?: Logger;
}

/** espeak-ng's normal speed, in words per minute: rate 1. */
const NORMAL_WORDS_PER_MINUTE = 175;

const installed = new Map<string, boolean>();

/** Whether `command` (default espeak-ng) runs here. Asked once per command, then remembered. */
export function isEspeakInstalled(command = 'espeak-ng'): boolean {
  let answer = installed.get(command);
  if (answer === undefined) {
    answer = spawnSync(command, ['--version'], { stdio: 'ignore', timeout: 5_000 }).status === 0;
    installed.set(command, answer);
  }
  return answer;
}

/** A name espeak-ng takes for `-v`, and how well it fits (espeak-ng's priority: lower is better). */
interface EspeakVoice {
  readonly name: string;
  readonly priority: number;
}

/**
 * espeak-ng, when installed: a formant synthesizer with a voice for about a hundred languages, robotic but
 * clear. Run as a process per sentence (a few milliseconds to start), text on stdin, WAV on stdout at
 * 22.05 kHz, resampled to 16 kHz as it streams. Aborting kills the process.
 */
export class EspeakTts implements TextToSpeech {
  readonly kind = 'espeak-ng';
  private readonly command: string;
  private readonly log: Logger;
  private voices: Map<string, EspeakVoice> | undefined;
  private readonly running = new Set<ChildProcessByStdio<Writable, Readable, Readable>>();
  private closed = false;

  constructor(options: EspeakTtsOptions = {}) {
    this.command = options.command ?? 'espeak-ng';
    this.log = (options.log ?? silentLogger).child({ tts: this.kind });
  }

  supports(lang: string): boolean {
    return this.voiceFor(lang) !== undefined;
  }

  async *synthesize(request: SpeechRequest, signal?: AbortSignal): AsyncGenerator<Int16Array> {
    if (this.closed) throw new Error('espeak-ng is closed');
    if (isBlank(request.text) || signal?.aborted) return;
    const named = request.voice ? this.namedVoice(request.voice) : undefined;
    const voice = named ?? this.voiceFor(request.lang);
    if (!voice) {
      throw new Error(
        isEspeakInstalled(this.command)
          ? `espeak-ng has no voice for ${request.lang}`
          : `espeak-ng is not installed (no "${this.command}" program): install it (apt-get install espeak-ng)`,
      );
    }
    // Keeps the "+variant" ("en-us+f3") of a voice the request named.
    const variant =
      named && request.voice?.includes('+') ? request.voice.slice(request.voice.indexOf('+')) : '';
    const wordsPerMinute = Math.round(NORMAL_WORDS_PER_MINUTE * speakingRate(request.rate));
    const args = ['--stdout', '--stdin', '-b', '1', '-v', voice.name + variant, '-s', String(wordsPerMinute)];
    // No shell; the text goes through stdin, so nothing in it is ever read as an option.
    const child = spawn(this.command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.running.add(child);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    exited.catch(() => undefined); // read below, unless the caller left first
    let said = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (said = (said + text).slice(-500)));
    child.stdin.on('error', () => undefined); // EPIPE when espeak-ng exits before reading it all: reported by its exit
    child.stdin.end(request.text);
    const kill = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', kill, { once: true });
    try {
      const decoder = new Pcm16Decoder();
      let header: Buffer | undefined = Buffer.alloc(0);
      let resampler: Resampler | undefined;
      for await (const bytes of child.stdout as AsyncIterable<Buffer>) {
        if (signal?.aborted) return;
        let data = bytes;
        if (header) {
          // The WAV header first: its sample rate says how to resample.
          header = Buffer.concat([header, bytes]);
          const wav = readWavHeader(header);
          if (!wav) continue;
          if (wav.sampleRate !== TTS_SAMPLE_RATE) resampler = new Resampler(wav.sampleRate, TTS_SAMPLE_RATE);
          data = header.subarray(wav.dataOffset);
          header = undefined;
        }
        const samples = decoder.decode(data);
        const audio = resampler ? resampler.push(samples) : samples;
        if (audio.length > 0) yield audio;
      }
      if (signal?.aborted) return;
      if (this.closed) throw new Error('espeak-ng is closed');
      const { code, signal: killedBy } = await exited.catch((error: unknown) => {
        throw new Error(
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? `espeak-ng is not installed (no "${this.command}" program): install it (apt-get install espeak-ng)`
            : `espeak-ng could not start: ${errorText(error)}`,
        );
      });
      if (code !== 0 || header) {
        throw new Error(
          `espeak-ng failed (${killedBy ?? `exit code ${code}`}): ${said.trim() || 'no audio'}`,
        );
      }
      const rest = resampler?.flush();
      if (rest && rest.length > 0) yield rest;
    } finally {
      signal?.removeEventListener('abort', kill);
      // The caller stopped reading (aborted, or broke out of its loop): espeak-ng has nothing left to do.
      // Waiting for it to be gone takes a millisecond, and leaves no process behind the iteration.
      if (child.exitCode === null && child.signalCode === null) {
        kill();
        await exited.catch(() => undefined);
      }
      this.running.delete(child);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const child of this.running) child.kill('SIGKILL');
  }

  /**
   * The espeak-ng voice for a BCP-47 language, the best by espeak-ng's priority: 'fr-FR' → 'fr-fr', else
   * the language alone: 'es-ES' → 'es', 'zh-CN' → 'cmn'. `undefined` when it has none.
   */
  private voiceFor(lang: string): EspeakVoice | undefined {
    const voices = this.listVoices();
    return voices.get(lang.toLowerCase().replace(/_/g, '-')) ?? voices.get(languageOf(lang));
  }

  /** The voice a request names in espeak-ng's terms ('fr', 'en-us+f3', 'French_(France)'), if it is one. */
  private namedVoice(voice: string): EspeakVoice | undefined {
    return this.listVoices().get(voice.split('+')[0]!.toLowerCase().replace(/_/g, '-'));
  }

  /** `espeak-ng --voices`, read once: each language, file and voice name it answers to, and its best voice. */
  private listVoices(): Map<string, EspeakVoice> {
    if (this.voices) return this.voices;
    const voices = new Map<string, EspeakVoice>();
    const listed = spawnSync(this.command, ['--voices'], { encoding: 'utf8', timeout: 5_000 });
    if (listed.status !== 0) {
      this.log.warn('espeak-ng --voices failed: no language is supported', {
        error: listed.error?.message ?? listed.stderr.trim(),
      });
    }
    const add = (key: string, voice: EspeakVoice) => {
      const known = voices.get(key.toLowerCase());
      if (!known || voice.priority < known.priority) voices.set(key.toLowerCase(), voice);
    };
    // " 5  fr-fr   --/M   French_(France)   roa/fr   (fr 5)": priority, language, gender, name, file, others.
    for (const line of (listed.stdout ?? '').split('\n').slice(1)) {
      const [priority, language, , name, file] = line.trim().split(/\s+/);
      if (!priority || !language || !/^\d+$/.test(priority)) continue;
      const voice = { name: language, priority: Number(priority) };
      add(language, voice);
      if (name) add(name.replace(/_/g, '-'), voice);
      if (file) add(file.split('/').pop()!, voice);
      for (const [, other, otherPriority] of line.matchAll(/\(([^\s()]+)\s+(\d+)\)/g)) {
        add(other!, { name: language, priority: Number(otherPriority) });
      }
    }
    this.voices = voices;
    return voices;
  }
}
