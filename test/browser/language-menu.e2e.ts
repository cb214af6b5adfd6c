import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { silence } from '../support/speech';
import { makeTempDir } from '../support/tmp';
import { dial, launchWithMicrophone, newPage, softphone } from './softphone-browser';

/**
 * The language menu in the softphone page, in headless Chromium against the real local host (menu on):
 * the menu is heard and shown, the hint says how to answer it, and a key of the page's keypad picks the
 * language the bot then greets in. The fake microphone is silent. Run with `npm run test:browser`.
 */

let host: RunningLocalHost;
let browser: Browser;
let page: Page;
const tmp = makeTempDir('callcenter-browser-');

beforeAll(async () => {
  host = await startLocalHost({ conversation: { language_menu: true } });
  browser = await launchWithMicrophone(silence(5_000), tmp.dir);
  page = await newPage(browser);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  tmp.remove();
});

describe('the language menu in the softphone', () => {
  it('shows the menu and how to answer it, and a keypad key picks the language', async () => {
    await dial(page, host, '+14255550198');
    const transcript = () => page.getByTestId('transcript').textContent();
    await expect.poll(transcript, { timeout: 10_000 }).toContain('Pour continuer en français, tapez 2.');
    await expect.poll(() => page.locator('#say-hint').textContent()).toMatch(/^Pick a language/);

    await page.getByTestId('keypad').locator('button[data-digit="2"]').click();
    await expect
      .poll(transcript, { timeout: 10_000 })
      .toMatch(/Bonjour, (ici|vous êtes en ligne avec) Amélie/);
    // The menu is answered: the hint is about the claim again.
    await expect.poll(() => page.locator('#say-hint').textContent()).not.toMatch(/^Pick a language/);
    const { callId } = await softphone(page);
    expect((await host.app.services.store.get(callId))?.language).toBe('fr-FR');
    await page.getByTestId('hangup-button').click();
  });
});
