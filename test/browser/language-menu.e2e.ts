import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWav } from '../../shared/audio/wav';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { silence } from '../support/speech';
import { makeTempDir } from '../support/tmp';

/**
 * The language menu in the softphone page, in headless Chromium against the real local host (menu on):
 * the menu is heard and shown, the hint says how to answer it, and a key of the page's keypad picks the
 * language the bot then greets in. The fake microphone is silent. Run with `npm run test:browser`.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let host: RunningLocalHost;
let browser: Browser;
let page: Page;
const tmp = makeTempDir('callcenter-browser-');

beforeAll(async () => {
  const microphone = join(tmp.dir, 'silence.wav');
  writeFileSync(microphone, writeWav(silence(5_000), 16_000));
  host = await startLocalHost({ conversation: { language_menu: true } });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${microphone}`,
    ],
  });
  page = await browser.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  tmp.remove();
});

describe('the language menu in the softphone', () => {
  it('shows the menu and how to answer it, and a keypad key picks the language', async () => {
    await page.goto(`${host.baseUrl}/`);
    await page.getByTestId('number-input').fill('+14255550198');
    await page.getByTestId('register-button').click();
    await page.getByTestId('call-button').click();
    const transcript = () => page.getByTestId('transcript').textContent();
    await expect.poll(transcript, { timeout: 10_000 }).toContain('Pour continuer en français, tapez 2.');
    await expect.poll(() => page.locator('#say-hint').textContent()).toMatch(/^Pick a language/);

    await page.getByTestId('keypad').locator('button[data-digit="2"]').click();
    await expect
      .poll(transcript, { timeout: 10_000 })
      .toMatch(/Bonjour, (ici|vous êtes en ligne avec) Amélie/);
    // The menu is answered: the hint is about the claim again.
    await expect.poll(() => page.locator('#say-hint').textContent()).not.toMatch(/^Pick a language/);
    const callId = await page.evaluate(
      () => (globalThis as unknown as { softphone: { callId: string } }).softphone.callId,
    );
    expect((await host.app.services.store.get(callId))?.language).toBe('fr-FR');
    await page.getByTestId('hangup-button').click();
  });
});
