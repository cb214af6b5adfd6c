import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { concat, silence, speechSamples } from '../support/speech';
import { makeTempDir } from '../support/tmp';
import { dial, launchWithMicrophone, newPage, softphone } from './softphone-browser';

/**
 * The softphone page in headless Chromium, against the real local host: Chromium's fake microphone
 * plays a WAV (3 s of silence, then 1.5 s of speech, looping), so the caller talks over the bot's hello.
 * Run with `npm run test:browser`; needs Debian's chromium (`.ci/run` installs it).
 */

const NUMBER = '+14255550199';

let host: RunningLocalHost;
let browser: Browser;
let page: Page;
const tmp = makeTempDir('callcenter-browser-');

beforeAll(async () => {
  const speech = await speechSamples('Sorry to interrupt, I have a question.');
  const microphone = concat(silence(3_000), speech.subarray(0, 24_000), silence(1_500));
  host = await startLocalHost({ features: { vad_cutoff_timeout_ms: 200 } });
  browser = await launchWithMicrophone(microphone, tmp.dir);
  page = await newPage(browser);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  tmp.remove();
});

const counters = () => softphone(page);

describe('the softphone in a browser', () => {
  it('calls the bot, hears it, is interrupted by the microphone, types a turn, hangs up and opens the report', async () => {
    await dial(page, host, NUMBER);
    const { callId } = await counters();

    // The hello arrives as audio, and the microphone streams 50 frames a second.
    await expect.poll(async () => (await counters()).framesReceived, { timeout: 10_000 }).toBeGreaterThan(25);
    await expect.poll(async () => (await counters()).framesSent).toBeGreaterThan(50);
    await expect.poll(() => page.getByTestId('transcript').textContent()).toContain('Amélie');

    // The fake microphone speaks 3 s in, over the hello: the bot stops.
    await expect
      .poll(async () => (await counters()).stopAudioReceived, { timeout: 10_000 })
      .toBeGreaterThan(0);

    // A typed turn gets a spoken answer, and the claim fills in. Typed once the microphone's 1.5 s of
    // speech is over, or it would talk over the answer too.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const before = (await counters()).framesReceived;
    await page.getByTestId('text-input').fill('My name is Jane Doe.');
    await page.getByTestId('send-button').click();
    await expect.poll(() => page.getByTestId('transcript').textContent()).toContain('My name is Jane Doe.');
    await expect
      .poll(async () => (await counters()).framesReceived, { timeout: 10_000 })
      .toBeGreaterThan(before + 25);
    await expect
      .poll(() => page.getByTestId('claim-table').textContent(), { timeout: 10_000 })
      .toContain('Jane Doe');

    // Hang up: the call ends, its post-call work runs, and the report opens from the page's link.
    await page.getByTestId('hangup-button').click();
    await expect.poll(async () => (await counters()).state).toBe('ended');
    const stored = await eventually(async () => {
      const call = await host.app.services.store.get(callId);
      return call?.lifecycle.state === 'ended' && call.synthesis ? call : undefined;
    });
    expect(stored.claim.policyholder_name).toBe('Jane Doe');

    const report = page.getByTestId('report-link');
    await report.waitFor({ state: 'visible' });
    const href = await report.getAttribute('href');
    expect(href).toMatch(new RegExp(`/api/report/${callId}\\?token=`));
    // The link opens a new tab; the report is read in this one.
    const response = await page.goto(new URL(String(href), host.baseUrl).href);
    expect(response?.status()).toBe(200);
    expect(await page.locator('main').textContent()).toContain('Jane Doe');
  });

  it('refuses a number without its country code next to the field, and takes one written with spaces and brackets', async () => {
    await page.goto(`${host.baseUrl}/`);
    const field = page.getByTestId('number-input');
    await field.fill('0612345678');
    await page.getByTestId('register-button').click();
    await expect.poll(() => page.locator('#number-error').textContent()).toMatch(/country code/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill('+1 (425) 555-0177');
    await page.getByTestId('register-button').click();
    // Registered under the number as the server wrote it back.
    const registered = () =>
      page.evaluate(() => (globalThis as unknown as { softphone: { number: string } }).softphone.number);
    await expect.poll(registered).toBe('+14255550177');
    expect(await page.getByTestId('number-input').inputValue()).toBe('+14255550177');
    expect(await page.locator('#number-error').textContent()).toBe('');
    expect(await field.getAttribute('aria-invalid')).toBeNull();
  });
});
