import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { writeWav } from '../../shared/audio/wav';
import type { RunningLocalHost } from '../support/local-host';

/**
 * What the softphone's browser tests share: headless Chromium (Debian's, or CHROMIUM_PATH) with a fake
 * microphone, a page that reports its errors, the page's own counters (see PROTOCOL.md), and a call
 * dialled as a user does it (number, Register, Call).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium whose microphone plays `microphone` (16 kHz samples, looping; written as a WAV into `dir`),
 * allowed to play audio and use the microphone without a prompt or a click.
 */
export async function launchWithMicrophone(microphone: Int16Array, dir: string): Promise<Browser> {
  const wav = join(dir, 'microphone.wav');
  writeFileSync(wav, writeWav(microphone, 16_000));
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${wav}`,
    ],
  });
}

/** A new page whose uncaught errors show in the test's output (a broken page script is otherwise silent). */
export async function newPage(browser: Browser | BrowserContext): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  return page;
}

export interface SoftphoneCounters {
  readonly framesSent: number;
  readonly framesReceived: number;
  readonly stopAudioReceived: number;
  readonly state: string;
  readonly callId: string;
}

/** The page's own counters (`window.softphone`, see PROTOCOL.md). */
export function softphone(page: Page): Promise<SoftphoneCounters> {
  return page.evaluate(() => {
    const s = (globalThis as unknown as { softphone: Record<string, unknown> }).softphone;
    return {
      framesSent: Number(s.framesSent),
      framesReceived: Number(s.framesReceived),
      stopAudioReceived: Number(s.stopAudioReceived),
      state: String(s.state),
      callId: String(s.callId),
    };
  });
}

/** Opens the softphone on the host, registers `number` and calls the bot: returns once connected. */
export async function dial(page: Page, host: RunningLocalHost, number: string): Promise<void> {
  await page.goto(`${host.baseUrl}/`);
  await page.getByTestId('number-input').fill(number);
  await page.getByTestId('register-button').click();
  await expect.poll(async () => (await softphone(page)).state).toBe('registered');
  await page.getByTestId('call-button').click();
  await expect.poll(async () => (await softphone(page)).state, { timeout: 10_000 }).toBe('connected');
}
