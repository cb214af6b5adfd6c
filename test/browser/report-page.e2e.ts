import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportLink } from '../../shared/http/report-token';
import { makeCall } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { CHROMIUM } from './softphone-browser';

/**
 * The report page in headless Chromium, as a caller opens it from the SMS on a phone: 390 px wide,
 * JavaScript off. The screenshot was looked at once (test/browser/report-page.png); each run writes a
 * fresh one under the OS temp dir and checks the content, the landmarks and that nothing overflows.
 */

let host: RunningLocalHost;
let browser: Browser;
let url: string;

beforeAll(async () => {
  host = await startLocalHost();
  const call = makeCall({ phone_number: '+33612345678' }, new Date('2026-11-20T09:30:00Z'));
  call.lifecycle = { state: 'ended', reason: 'completed', ended_at: '2026-11-20T09:41:00Z' };
  call.claim = {
    ...call.claim,
    policyholder_name: 'Jane <script>alert(1)</script> Doe',
    policyholder_email: 'jane.doe@example.com',
    incident_description: 'Water leak in the kitchen, under the sink.',
    incident_datetime: '2026-11-19T22:00:00+01:00',
  };
  call.reminders = [
    {
      title: 'Call back with the repair quote',
      description: 'The plumber sends a quote by Friday.',
      due_date_time: '2026-11-22T10:00:00+01:00',
      owner: 'assistant',
      created_at: '2026-11-20T09:40:00Z',
    },
  ];
  call.messages = [
    {
      created_at: '2026-11-20T09:30:05Z',
      persona: 'assistant',
      action: 'call',
      content: 'Hello, this is Amélie.',
      style: 'none',
      tool_calls: [],
    },
    {
      created_at: '2026-11-20T09:30:12Z',
      persona: 'human',
      action: 'talk',
      content: 'I have a water leak.',
      style: 'none',
      tool_calls: [],
    },
    {
      created_at: '2026-11-20T09:30:15Z',
      persona: 'assistant',
      action: 'talk',
      content: 'I am sorry to hear that. When did it start?',
      style: 'sad',
      tool_calls: [
        { id: 'c1', name: 'updated_claim', arguments: '{}', result: 'Updated incident_description.' },
      ],
    },
  ];
  call.synthesis = {
    short: 'Kitchen water leak',
    long: 'You reported a water leak under your kitchen sink. We will call you back with the repair quote.',
    satisfaction: 'high',
    improvement_suggestions: 'None.',
  };
  call.next = { action: 'customer_will_send_info', justification: 'Photos of the damage are still missing.' };
  await host.app.services.store.create(call);
  url = reportLink(host.baseUrl, host.app.services.reportSecret, call.call_id, new Date(), 1);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('the report page in a browser', () => {
  it('reads well on a phone without JavaScript, with every value shown as text', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => dialogs.push(dialog.message()));
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);

    const main = String(await page.locator('main').textContent());
    expect(main).toContain('Jane <script>alert(1)</script> Doe');
    expect(main).toContain('Kitchen water leak');
    expect(main).toContain('Call back with the repair quote');
    expect(main).toContain('Photos of the damage are still missing.');
    expect(main).toContain('I have a water leak.');
    expect(dialogs).toEqual([]);
    expect(await page.locator('header').count()).toBe(1);
    expect(await page.locator('nav').count()).toBe(1);
    expect(await page.locator('footer').count()).toBe(1);
    expect(await page.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    // Nothing wider than the phone: no sideways scrolling.
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBe(0);

    const screenshot = await page.screenshot({ fullPage: true });
    // REPORT_SCREENSHOT=test/browser/report-page.png refreshes the reference looked at by eye.
    writeFileSync(process.env.REPORT_SCREENSHOT ?? join(host.dir, 'report-page.png'), screenshot);
    expect(screenshot.length).toBeGreaterThan(10_000);
    await context.close();
  });

  it('refuses a tampered link without revealing anything', async () => {
    const page = await browser.newPage();
    const response = await page.goto(url.replace(/token=./, 'token=x'));
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('Jane');
    await page.close();
  });
});
