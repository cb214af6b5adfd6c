import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FliteTts } from '../../shared/providers/tts/flite';
import { makeTempDir } from '../support/tmp';
import { longText, rms, seconds, speak } from './support';

const ROOT = resolve(__dirname, '../..');

describe('Flite', () => {
  let flite: FliteTts;
  beforeAll(() => {
    flite = new FliteTts();
  });
  afterAll(async () => {
    await flite.close();
  });

  it('synthesizes off the main thread: the 20 ms pacing of other calls keeps its beat', async () => {
    await speak(flite, { text: 'Warming up.', lang: 'en-US' }); // the worker is started and compiled
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 20);
    const started = performance.now();
    const { audio } = await speak(flite, { text: longText('en-US', 'pacing'), lang: 'en-US' });
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(seconds(audio)).toBeGreaterThan(30);
    // On the main thread this synthesis would freeze every call for all of `took` (over a second).
    expect(took).toBeGreaterThan(500);
    expect(longestGap).toBeLessThan(Math.min(150, took / 4));
  });

  it('answers a repeated sentence from its cache, at once and the same', async () => {
    const request = { text: 'Thank you for calling Contoso, how can I help you?', lang: 'en-US' };
    let started = performance.now();
    const first = await speak(flite, request);
    const synthesized = performance.now() - started;
    started = performance.now();
    const again = await speak(flite, request);
    const cached = performance.now() - started;
    expect(again.audio).toEqual(first.audio);
    expect(cached).toBeLessThan(Math.min(10, synthesized / 5));
    // Another rate is another sound, not the cached one.
    const faster = await speak(flite, { ...request, rate: 1.2 });
    expect(faster.audio.length).toBeLessThan(first.audio.length * 0.9);
  });

  it('keeps only the last sentences it was asked for', async () => {
    const small = new FliteTts({ cacheSize: 1, workers: 1 });
    try {
      const timed = async (text: string) => {
        const started = performance.now();
        await speak(small, { text, lang: 'en-US' });
        return performance.now() - started;
      };
      const first = 'The first sentence, long enough to take a while to synthesize, is kept.';
      await timed(first);
      expect(await timed(first)).toBeLessThan(5);
      await timed('A second one pushes it out.');
      expect(await timed(first)).toBeGreaterThan(15); // synthesized again
    } finally {
      await small.close();
    }
  });

  it('does not let a caller change the cached audio', async () => {
    const request = { text: 'One moment please.', lang: 'en-US' };
    const first = await speak(flite, request);
    const kept = first.audio.slice();
    for await (const chunk of flite.synthesize(request)) chunk.fill(0);
    expect((await speak(flite, request)).audio).toEqual(kept);
  });

  it('speaks with any of its voices, the 8 kHz one brought to 16 kHz', async () => {
    const text = 'Your appointment is confirmed for Monday morning.';
    const slt = await speak(flite, { text, lang: 'en-US', voice: 'slt' });
    const rmsVoice = await speak(flite, { text, lang: 'en-US', voice: 'rms' });
    const kal = await speak(flite, { text, lang: 'en-US', voice: 'kal' });
    expect(rmsVoice.audio).not.toEqual(slt.audio);
    for (const { audio } of [rmsVoice, kal]) {
      expect(seconds(audio)).toBeGreaterThan(seconds(slt.audio) * 0.6);
      expect(seconds(audio)).toBeLessThan(seconds(slt.audio) * 1.6);
      expect(rms(audio)).toBeGreaterThan(330);
    }
  });

  it("uses its default voice when asked for another backend's voice", async () => {
    const text = 'Please stay on the line.';
    const azureVoice = await speak(flite, { text, lang: 'en-US', voice: 'en-US-AvaMultilingualNeural' });
    expect(azureVoice.audio).toEqual((await speak(flite, { text, lang: 'en-US', voice: 'slt' })).audio);
  });

  it('supports English only, but reads other languages in English rather than staying silent', async () => {
    expect(flite.supports('en-GB')).toBe(true);
    expect(flite.supports('fr-FR')).toBe(false);
    const { audio } = await speak(flite, { text: 'Bonjour madame, merci de votre appel.', lang: 'fr-FR' });
    expect(seconds(audio)).toBeGreaterThan(1);
  });

  it('reads text that looks like options or markup as text', async () => {
    const text = '-t --help <script>alert("x")</script> R&D, Amélie 😀 \u0000 done';
    const { audio } = await speak(flite, { text, lang: 'en-US' });
    expect(seconds(audio)).toBeGreaterThan(1);
  });

  it('fails clearly when flite.wasm cannot be loaded', async () => {
    const broken = new FliteTts({ wasmPath: join(ROOT, 'nope', 'flite.wasm') });
    try {
      await expect(speak(broken, { text: 'Hello.', lang: 'en-US' })).rejects.toThrow(
        /Flite could not synthesize: cannot load .*nope\/flite\.wasm/,
      );
    } finally {
      await broken.close();
    }
  });
});

describe('Flite in a process of its own', () => {
  const temp = makeTempDir('flite-process-');
  let entry: string;
  beforeAll(() => {
    entry = transpile(join(ROOT, 'shared/providers/tts/flite.ts'), temp.dir);
  });
  afterAll(() => temp.remove());

  /** Runs `script` (CommonJS, `FliteTts` in scope) with node; answers its exit code, output and duration. */
  function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
    const started = performance.now();
    const child = spawn(process.execPath, [
      '-e',
      `const { FliteTts } = require(${JSON.stringify(entry)});\n${script}`,
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    return new Promise((resolve) =>
      child.on('close', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      }),
    );
  }

  const speakOnce = `
    const tts = new FliteTts();
    async function speak(text) {
      let samples = 0;
      for await (const chunk of tts.synthesize({ text, lang: 'en-US' })) samples += chunk.length;
      return samples;
    }`;

  it('lets the process exit once it has spoken, without close(), and prints no warning', async () => {
    const result = await run(`${speakOnce}
      speak('Goodbye and have a nice day.').then((samples) => console.log(samples));`);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(Number(result.stdout)).toBeGreaterThan(16_000);
  });

  it('close() stops its workers, even in the middle of a synthesis', async () => {
    const result = await run(`${speakOnce}
      const long = ${JSON.stringify(longText('en-US'))};
      speak(long).then(() => console.log('finished'), (error) => console.log(error.message));
      setTimeout(() => tts.close().then(() => console.log('closed')), 300);
      // Something that would keep the process alive for a minute, if close() left a worker running.
      setInterval(() => undefined, 60_000).unref();`);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toEqual(['Flite is closed', 'closed']);
    expect(result.ms).toBeLessThan(5_000);
  });
});

/**
 * Our TypeScript from `entry` on, and the relative imports it follows, transpiled to CommonJS under
 * `outDir` (with the project's node_modules beside it): a plain `node` can then run it.
 */
function transpile(entry: string, outDir: string): string {
  symlinkSync(join(ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  const done = new Set<string>();
  const visit = (file: string) => {
    if (done.has(file)) return;
    done.add(file);
    const source = readFileSync(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2023,
        esModuleInterop: true,
      },
    });
    const out = join(outDir, relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    for (const [, specifier] of source.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      visit(resolve(dirname(file), `${specifier!.replace(/\.js$/, '')}.ts`));
    }
  };
  visit(entry);
  return join(outDir, relative(ROOT, entry)).replace(/\.ts$/, '.js');
}
