import { describe, expect, it } from 'vitest';
import { MAX_CLAIM_FIELDS } from '../../shared/domain/claim';
import { EXAMPLE_REQUEST } from '../support/calls';
import { errorOf, uniquePhone, useCallApi } from './call-api-host';

/**
 * POST /api/call refuses bad input at the edge: each refusal names the field (or the body or its
 * content type), says what is wrong with it, and leaves nothing stored for the number.
 */

const { post, expectNothingStored } = useCallApi();

describe('POST /api/call', () => {
  describe('refuses bad input, naming the field, and stores nothing', () => {
    const cases: { name: string; body: (phone: string) => unknown; status: number; field: string }[] = [
      {
        name: 'a missing required field',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, bot_company: undefined }),
        status: 400,
        field: 'bot_company',
      },
      {
        name: 'a number without country code',
        body: () => ({ ...EXAMPLE_REQUEST, phone_number: '0612345678' }),
        status: 400,
        field: 'phone_number',
      },
      {
        name: 'an impossible number',
        body: () => ({ ...EXAMPLE_REQUEST, phone_number: '+11234567890' }),
        status: 400,
        field: 'phone_number',
      },
      {
        name: 'an invalid agent number',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, agent_phone_number: '12' }),
        status: 400,
        field: 'agent_phone_number',
      },
      {
        name: 'an unknown claim type',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, claim: [{ name: 'age', type: 'number' }] }),
        status: 400,
        field: 'claim[0].type',
      },
      {
        name: 'duplicate claim field names',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: [
            { name: 'a', type: 'text' },
            { name: 'a', type: 'email' },
          ],
        }),
        status: 400,
        field: 'claim[1].name',
      },
      {
        name: 'too many claim fields',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: Array.from({ length: MAX_CLAIM_FIELDS + 1 }, (_, i) => ({
            name: `field_${i}`,
            type: 'text',
          })),
        }),
        status: 400,
        field: 'claim',
      },
      {
        name: 'a field name with capitals',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, claim: [{ name: 'Hardware', type: 'text' }] }),
        status: 400,
        field: 'claim[0].name',
      },
      {
        name: 'a field name too long',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: [{ name: 'a'.repeat(65), type: 'text' }],
        }),
        status: 400,
        field: 'claim[0].name',
      },
      {
        name: 'an over-long bot name',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, bot_name: 'x'.repeat(101) }),
        status: 400,
        field: 'bot_name',
      },
      {
        name: 'an over-long task',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, task: 'x'.repeat(4_001) }),
        status: 400,
        field: 'task',
      },
      {
        name: 'an unknown key',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, bot_nmae: 'typo' }),
        status: 400,
        field: 'bot_nmae',
      },
      {
        name: 'a policyholder field with another type',
        body: (p) => ({
          ...EXAMPLE_REQUEST,
          phone_number: p,
          claim: [{ name: 'policyholder_email', type: 'text' }],
        }),
        status: 400,
        field: 'claim[0].type',
      },
      {
        name: 'a default language that is not available',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, lang: { default_short_code: 'de-DE' } }),
        status: 400,
        field: 'lang.default_short_code',
      },
      {
        name: 'a speech rate out of range',
        body: (p) => ({ ...EXAMPLE_REQUEST, phone_number: p, prosody_rate: 3 }),
        status: 400,
        field: 'prosody_rate',
      },
    ];

    it.each(cases)('$name → $status on $field', async ({ body, status, field }) => {
      const phone = uniquePhone();
      const response = await post(body(phone));
      expect(response.status).toBe(status);
      const error = await errorOf(response);
      expect(error.message).toBeTruthy();
      expect(error.details.map((d) => d.field)).toContain(field);
      expect(error.details.every((d) => d.message.length > 0)).toBe(true);
      await expectNothingStored(phone);
    });

    it('malformed JSON → 400 on body', async () => {
      const response = await post('{"bot_company": "Contoso",');
      expect(response.status).toBe(400);
      expect((await errorOf(response)).details[0]?.field).toBe('body');
    });

    it('a body that is not JSON → 415 on content-type', async () => {
      const phone = uniquePhone();
      const response = await post(JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: phone }), {
        'content-type': 'text/plain',
      });
      expect(response.status).toBe(415);
      expect((await errorOf(response)).details[0]?.field).toBe('content-type');
      await expectNothingStored(phone);
    });

    it('a body over 64 KiB → 413', async () => {
      const phone = uniquePhone();
      const response = await post({ ...EXAMPLE_REQUEST, phone_number: phone, task: 'x'.repeat(70_000) });
      expect(response.status).toBe(413);
      expect((await errorOf(response)).details[0]?.field).toBe('body');
      await expectNothingStored(phone);
    });

    it('says "is required" for each missing field', async () => {
      const response = await post({});
      const details = (await errorOf(response)).details;
      for (const field of ['bot_company', 'bot_name', 'phone_number', 'agent_phone_number']) {
        expect(details).toContainEqual({ field, message: 'is required' });
      }
    });
  });
});
