import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startLocalHost, type RunningLocalHost } from '../support/local-host';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { silence } from '../support/speech';
import { makeTempDir } from '../support/tmp';
import { dial, launchWithMicrophone, newPage, softphone } from './softphone-browser';

/**
 * How the softphone feels to someone using it, in headless Chromium against the real local host, on a
 * laptop (1280×800) and on a phone (390×844, and 390×450 with the on-screen keyboard open: the page
 * asks for `interactive-widget=resizes-content`, so the keyboard shrinks the layout like this):
 * - the call bar (status, Hang up, Mute) stays on screen while the caller scrolls and types;
 * - typing while the bot speaks stops it like speech does, and its next answer still asks the question
 *   it had not reached;
 * - after hang-up the report link is on screen without scrolling;
 * - the claim panel shows a value the bot stored within 300 ms, while a (scripted, slow) model is still
 *   writing the rest of the answer.
 * The fake microphone plays silence, so only typing interrupts the bot.
 */

const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
/** The bound the issue sets: the claim panel updates this soon after the tool ran. */
const CLAIM_PANEL_MS = 300;

let offline: RunningLocalHost;
let withModel: RunningLocalHost;
let llm: ScriptedLlmServer;
let browser: Browser;
const tmp = makeTempDir('callcenter-feel-');

beforeAll(async () => {
  llm = await startScriptedLlmServer();
  [offline, withModel] = await Promise.all([
    startLocalHost(),
    startLocalHost({ llm: { fast: { endpoint: llm.baseUrl, api_key: 'k', model: 'm' } } }),
  ]);
  browser = await launchWithMicrophone(silence(2_000), tmp.dir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([offline?.close(), withModel?.close(), llm?.close()]);
  tmp.remove();
});

/** Whether the element is inside the viewport and nothing covers its centre: a user sees and can tap it. */
function onScreen(page: Page, testId: string): Promise<boolean> {
  return page.evaluate(`(() => {
    const element = document.querySelector('[data-testid="${testId}"]');
    if (!element) return false;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) return false;
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top !== null && (top === element || element.contains(top));
  })()`);
}

/** The transcript's lines of one persona, in order (their text only, without the "who" label). */
function lines(page: Page, persona: 'human' | 'assistant'): Promise<string[]> {
  return page
    .locator(`[data-testid="transcript"] .line.${persona} .said`)
    .allTextContents()
    .then((texts) => texts.map((text) => text.trim()));
}

async function openPhone(
  host: RunningLocalHost,
  viewport: { width: number; height: number },
  number: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await newPage(context);
  await dial(page, host, number);
  return { context, page };
}

/** Types a turn as a user does: into the box, then Enter. */
async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-input').press('Enter');
}

describe.each(VIEWPORTS)('the softphone on a $name ($width×$height)', (viewport) => {
  it('keeps the call bar in view while typing, stops the bot when typed over, and shows the report link after hang-up', async () => {
    const number = viewport.name === 'laptop' ? '+14255550131' : '+14255550132';
    const { context, page } = await openPhone(offline, viewport, number);
    try {
      const { callId } = await softphone(page);
      // The hello plays; typing over it stops it, as speaking over it would.
      await expect
        .poll(async () => (await softphone(page)).framesReceived, { timeout: 10_000 })
        .toBeGreaterThan(10);
      await type(page, 'My name is Jane Doe.');
      await expect.poll(async () => (await softphone(page)).stopAudioReceived).toBe(1);
      await expect.poll(() => page.getByTestId('claim-table').textContent()).toContain('Jane Doe');

      // The answer's first sentence starts playing: the caller types over it, before its question, which
      // they never heard. Typed from inside the page the moment the line shows (a loaded test runner
      // polls too slowly to be sure to beat a short sentence), through the page's own form.
      await page.evaluate(`(() => {
        const list = document.querySelector('[data-testid="transcript"]');
        const input = document.querySelector('[data-testid="text-input"]');
        const observer = new MutationObserver(() => {
          const all = [...list.querySelectorAll('.line:not(.partial)')];
          const after = all.slice(all.findIndex((line) => line.textContent.includes('Jane Doe')) + 1);
          if (!after.some((line) => line.classList.contains('assistant'))) return;
          observer.disconnect();
          input.value = 'Sorry, one second.';
          input.form.requestSubmit();
        });
        observer.observe(list, { childList: true, subtree: true });
      })()`);
      await expect.poll(async () => (await softphone(page)).stopAudioReceived, { timeout: 10_000 }).toBe(2);
      await expect
        .poll(async () => (await lines(page, 'assistant')).slice(2).join(' '), { timeout: 10_000 })
        .toMatch(/e-mail address\?/i);
      const heard = await lines(page, 'assistant');
      expect(heard[1]).not.toMatch(/e-mail/i);
      expect(heard.slice(2).join(' ')).not.toMatch(/could not get/i);
      // Only what was heard of the cut answer is kept: its question was not, so it is not "asked".
      const stored = await offline.app.services.store.get(callId);
      const answers = stored?.messages.filter((m) => m.persona === 'assistant').map((m) => m.content) ?? [];
      expect(answers[1]).not.toMatch(/e-mail/i);

      // The caller was reading the bottom of the page; they tap the text box (the browser brings it into
      // view) and type: the call bar is still on screen, and so is the box.
      await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
      await page.getByTestId('text-input').click();
      await page.getByTestId('text-input').pressSequentially('jane.doe@', { delay: 10 });
      for (const id of ['status', 'hangup-button', 'mute-button', 'text-input']) {
        expect(await onScreen(page, id), `${id} on screen while typing`).toBe(true);
      }
      if (viewport.name === 'phone') {
        // The on-screen keyboard opens and takes half the height; the browser keeps the box in view.
        await page.setViewportSize({ width: viewport.width, height: 450 });
        await page.getByTestId('text-input').scrollIntoViewIfNeeded();
        await page.getByTestId('text-input').pressSequentially('example.com', { delay: 10 });
        for (const id of ['status', 'hangup-button', 'mute-button', 'text-input']) {
          expect(await onScreen(page, id), `${id} on screen above the keyboard`).toBe(true);
        }
        await page.setViewportSize(viewport);
      }
      expect(await page.getByTestId('status').textContent()).toMatch(/call|connected/i);

      // Hang up from wherever the page is scrolled: the report link is on screen at once.
      await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
      await page.getByTestId('hangup-button').click();
      await expect.poll(async () => (await softphone(page)).state).toBe('ended');
      await page.getByTestId('report-link').waitFor({ state: 'visible' });
      expect(await onScreen(page, 'report-link')).toBe(true);
      expect(await page.getByTestId('report-link').getAttribute('href')).toContain(`/api/report/${callId}`);
    } finally {
      await context.close();
    }
  });

  it(`shows a stored claim value within ${CLAIM_PANEL_MS} ms, while the model still writes the answer`, async () => {
    // The model stores the name at once, then takes 3 s to write the rest of its answer.
    llm.respondWith((request) =>
      request.body.messages.at(-1)?.role === 'tool'
        ? { content: 'Thank you, Jane. What is your e-mail address?', delayFirstMs: 3_000 }
        : {
            content: 'Thank you.',
            toolCalls: [
              {
                name: 'updated_claim',
                arguments: { updates: [{ field: 'policyholder_name', value: 'Jane Doe' }] },
              },
            ],
          },
    );
    const number = viewport.name === 'laptop' ? '+14255550133' : '+14255550134';
    const { context, page } = await openPhone(withModel, viewport, number);
    try {
      // The page notes when the value appears in its claim panel (the user's view, not the socket).
      await page.evaluate(`(() => {
        const body = document.getElementById('claim-body');
        new MutationObserver(() => {
          if (!window.claimShownAt && body.textContent.includes('Jane Doe')) window.claimShownAt = Date.now();
        }).observe(body, { childList: true, subtree: true, characterData: true });
      })()`);
      // The host's event: when the tool's change reached the store (what the page is pushed from).
      let storedAt: number | undefined;
      const stop = withModel.app.services.store.onChange((call) => {
        if (call.initiate.phone_number === number && call.claim.policyholder_name === 'Jane Doe')
          storedAt ??= Date.now();
      });
      try {
        const asked = llm.requests.length;
        await type(page, 'My name is Jane Doe.');
        const shownAt = await eventually(() => page.evaluate<number | undefined>('window.claimShownAt'));
        const rest = await eventually(async () => llm.requests[asked + 1]);
        // Stored as soon as the tool ran: before the model was even asked for the rest of the answer...
        expect(storedAt).toBeDefined();
        expect(storedAt).toBeLessThanOrEqual(rest.receivedAt);
        // ...and on the user's screen within the bound of that (socket, page, drawing).
        expect(shownAt - (storedAt ?? Infinity)).toBeLessThanOrEqual(CLAIM_PANEL_MS);
        // The model's answer (3 s away) has not been heard yet.
        expect(await lines(page, 'assistant')).not.toContainEqual(expect.stringMatching(/e-mail/));
      } finally {
        stop();
      }
    } finally {
      await context.close();
    }
  });
});
