import { randomBytes } from 'node:crypto';

/**
 * The local host configured for Azure Communication Services as the API tests need it: a connection
 * string (ACS's REST API is a fake behind the SDK's HTTP client), the bot's number, the ACS resource id
 * that callback tokens are checked against, a public URL, and one master secret for callbacks and reports.
 */

export const BOT_NUMBER = '+33100000000';
export const RESOURCE_ID = '1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9';
export const PUBLIC_URL = 'https://callcenter.example.net';
export const CONNECTION_STRING = `endpoint=https://contoso.communication.azure.com/;accesskey=${Buffer.from('not-a-real-key').toString('base64')}`;
/** Random for each test file (each file imports its own copy of this module). */
export const MASTER_SECRET = randomBytes(32);

/** The settings for `startLocalHost`, with `extra` settings (other sections than these) added. */
export function acsHostSettings(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    telephony: {
      backend: 'acs',
      acs: { connection_string: CONNECTION_STRING, phone_number: BOT_NUMBER, resource_id: RESOURCE_ID },
    },
    host: { public_url: PUBLIC_URL },
    security: {
      callback_secret: MASTER_SECRET.toString('base64'),
      report_secret: MASTER_SECRET.toString('base64'),
    },
    ...extra,
  };
}
