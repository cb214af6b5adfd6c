import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXAMPLE_REQUEST } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * Inputs are refused, not silently altered, and every refusal names the field and says what is wrong
 * in plain words (never the validation library's own wording).
 */

let host: RunningLocalHost;
beforeAll(async () => {
  host = await startLocalHost();
});
afterAll(async () => host?.close());

const PHONE = '+14255550800';

async function refusal(body: unknown) {
  const response = await fetch(`${host.baseUrl}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as {
    error: { message: string; details: { field: string; message: string }[] };
  };
  return { status: response.status, ...json.error };
}

it('refuses invalid UTF-8 in a JSON body rather than storing U+FFFD', async () => {
  const [head, tail] = JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: PHONE, bot_name: 'MARK' }).split(
    'MARK',
  );
  const result = await refusal(
    Buffer.concat([Buffer.from(head!), Buffer.from([0xc3, 0x28]), Buffer.from(tail!)]),
  );
  expect(result.status).toBe(400);
  expect(result.message).toMatch(/not valid UTF-8/);
  expect(result.details).toEqual([{ field: 'body', message: expect.stringMatching(/UTF-8/) }]);
});

it('refuses NUL, lone surrogates and invisible-only text, naming the field', async () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ bot_name: 'Am\u0000élie' }, 'bot_name', /NUL/],
    [{ bot_company: 'Contoso\ud800' }, 'bot_company', /broken characters/],
    [{ bot_name: '\u200b\u200b' }, 'bot_name', /visible characters/],
    [{ task: '\u200d\ufeff ' }, 'task', /visible characters/],
    [{ claim: [{ name: 'note', type: 'text', description: 'a\u0007b' }] }, 'claim[0].description', /control/],
  ];
  for (const [change, field, why] of cases) {
    const result = await refusal({ ...EXAMPLE_REQUEST, phone_number: PHONE, ...change });
    expect(result.status).toBe(400);
    expect(result.details).toContainEqual({ field, message: expect.stringMatching(why) });
  }
  expect(await host.app.services.store.listByPhone(PHONE)).toEqual([]);
});

it('refuses a phone number with an extension instead of dropping it, and says why a number is invalid', async () => {
  const ext = await refusal({ ...EXAMPLE_REQUEST, phone_number: '+1 425 555 0123 ext. 45' });
  expect(ext.details).toEqual([
    { field: 'phone_number', message: expect.stringMatching(/extension \(45\)/) },
  ]);
  const country = await refusal({ ...EXAMPLE_REQUEST, phone_number: '+999123456' });
  expect(country.details[0]?.message).toMatch(/no country has that country code/);
  const short = await refusal({ ...EXAMPLE_REQUEST, phone_number: '+3361234' });
  expect(short.details[0]?.message).toMatch(/too short/);
  // E.164-shaped, the right length, and still no number: which part is wrong.
  const area = await refusal({ ...EXAMPLE_REQUEST, phone_number: '+1 123 555 0100' });
  expect(area.details[0]?.message).toMatch(/123 is not a valid area code/);
  const exchange = await refusal({ ...EXAMPLE_REQUEST, phone_number: '+1 425 055 0100' });
  expect(exchange.details[0]?.message).toMatch(/055 cannot follow the area code/);
});

it("says where a body that is not JSON breaks, in its own words rather than the parser's", async () => {
  const broken = await refusal(Buffer.from('{\n  "bot_name": "Amélie",\n  "task": "x",,\n}'));
  expect(broken.status).toBe(400);
  expect(broken.message).toBe('The request body is not valid JSON');
  expect(broken.details).toEqual([
    {
      field: 'body',
      message: expect.stringMatching(/^is not valid JSON: unexpected character at line 3, column \d+/),
    },
  ]);
  const text = await refusal(Buffer.from('call me maybe'));
  expect(text.details[0]?.message).toMatch(/^is not valid JSON/);
  expect(text.details[0]?.message).not.toMatch(/Unexpected token|call me/);
});

it('says what type a field must be, that the body must be an object, and the range of a number', async () => {
  const cases: [unknown, string, RegExp][] = [
    [{ ...EXAMPLE_REQUEST, bot_name: 42 }, 'bot_name', /^must be a string, not a number$/],
    [{ ...EXAMPLE_REQUEST, claim: {} }, 'claim', /^must be an array, not an object$/],
    [{ ...EXAMPLE_REQUEST, lang: 'fr' }, 'lang', /^must be an object, not a string$/],
    [{ ...EXAMPLE_REQUEST, prosody_rate: 5 }, 'prosody_rate', /^must be between 0\.75 and 1\.25$/],
    [{ ...EXAMPLE_REQUEST, prosody_rate: 0.1 }, 'prosody_rate', /^must be between 0\.75 and 1\.25$/],
    [{ ...EXAMPLE_REQUEST, prosody_rate: '1' }, 'prosody_rate', /^must be a number, not a string$/],
    [{ ...EXAMPLE_REQUEST, claim: [{ name: 'constructor', type: 'text' }] }, 'claim[0].name', /reserved/],
  ];
  for (const [body, field, message] of cases) {
    const result = await refusal(body);
    expect(result.status).toBe(400);
    expect(result.details).toContainEqual({ field, message: expect.stringMatching(message) });
  }
  for (const body of [[], 'call me', 42, null]) {
    const result = await refusal(body);
    expect(result.message).toBe('The call request must be a JSON object');
  }
  // zod's wording never reaches a user.
  const mixed = await refusal({
    ...EXAMPLE_REQUEST,
    bot_name: [],
    lang: { default_short_code: 5 },
    claim: [7],
  });
  for (const detail of mixed.details)
    expect(detail.message).not.toMatch(/Invalid|expected .* received|Expected/);
});
