import { describe, expect, it } from 'vitest';
import { twilioSignature, validateTwilioSignature } from '../../shared/providers/sms/twilio';

// The example of Twilio's "Validating requests" documentation (twilio.com/docs/usage/security).
const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};
const SIGNATURE = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';

describe('Twilio webhook signature', () => {
  it("computes the signature of Twilio's documented example", () => {
    expect(twilioSignature(TOKEN, URL, PARAMS)).toBe(SIGNATURE);
  });

  it('accepts a valid signature, whatever the order of the params', () => {
    expect(validateTwilioSignature(TOKEN, URL, PARAMS, SIGNATURE)).toBe(true);
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(validateTwilioSignature(TOKEN, URL, reversed, SIGNATURE)).toBe(true);
  });

  it('refuses a tampered param, an added param and a removed param', () => {
    expect(validateTwilioSignature(TOKEN, URL, { ...PARAMS, Digits: '1235' }, SIGNATURE)).toBe(false);
    expect(validateTwilioSignature(TOKEN, URL, { ...PARAMS, Extra: 'x' }, SIGNATURE)).toBe(false);
    const { Digits: _, ...fewer } = PARAMS;
    expect(validateTwilioSignature(TOKEN, URL, fewer, SIGNATURE)).toBe(false);
  });

  it('refuses a tampered URL', () => {
    expect(
      validateTwilioSignature(TOKEN, 'https://mycompany.com/myapp.php?foo=1&bar=3', PARAMS, SIGNATURE),
    ).toBe(false);
    expect(validateTwilioSignature(TOKEN, 'https://evil.com/myapp.php?foo=1&bar=2', PARAMS, SIGNATURE)).toBe(
      false,
    );
    expect(
      validateTwilioSignature(TOKEN, 'http://mycompany.com/myapp.php?foo=1&bar=2', PARAMS, SIGNATURE),
    ).toBe(false);
  });

  it('refuses the wrong token, a missing and a malformed signature', () => {
    expect(validateTwilioSignature('54321', URL, PARAMS, SIGNATURE)).toBe(false);
    expect(validateTwilioSignature('', URL, PARAMS, SIGNATURE)).toBe(false);
    expect(validateTwilioSignature(TOKEN, URL, PARAMS, '')).toBe(false);
    expect(validateTwilioSignature(TOKEN, URL, PARAMS, SIGNATURE.slice(0, -1))).toBe(false);
    expect(validateTwilioSignature(TOKEN, URL, PARAMS, `${SIGNATURE}x`)).toBe(false);
  });

  it('accepts the URL with or without its default port, like Twilio libraries do', () => {
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(validateTwilioSignature(TOKEN, withPort, PARAMS, SIGNATURE)).toBe(true);
    const signedWithPort = twilioSignature(TOKEN, withPort, PARAMS);
    expect(validateTwilioSignature(TOKEN, URL, PARAMS, signedWithPort)).toBe(true);
    // Another port is another URL.
    const otherPort = 'https://mycompany.com:8443/myapp.php?foo=1&bar=2';
    expect(validateTwilioSignature(TOKEN, otherPort, PARAMS, SIGNATURE)).toBe(false);
  });

  it('signs a GET webhook (no params) over the URL alone', () => {
    const signature = twilioSignature(TOKEN, URL, {});
    expect(validateTwilioSignature(TOKEN, URL, {}, signature)).toBe(true);
    expect(validateTwilioSignature(TOKEN, URL, { foo: '1' }, signature)).toBe(false);
  });
});
