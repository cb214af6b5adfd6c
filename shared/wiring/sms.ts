import { ConfigError, type Config } from '../config';
import type { SmsSender } from '../providers/sms/sms';
import type { HttpClient } from '../providers/telephony/acs';
import { acsAuth } from './acs-auth';

/** What tests may give the SMS sender (a subset of `ServiceOverrides`). */
export interface SmsOverrides {
  /** The ACS SMS client's HTTP transport (tests answer its REST API with it). */
  readonly acsSmsHttpClient?: HttpClient;
}

/** The configured SMS sender: Twilio or ACS when configured, else the outbox (kept on the call). */
export async function openSms(config: Config, overrides: SmsOverrides): Promise<SmsSender> {
  const { acs, twilio } = config.sms;
  const backend =
    config.sms.backend ?? (twilio.account_sid ? 'twilio' : acs.connection_string ? 'acs' : 'outbox');
  if (backend === 'twilio') {
    if (!twilio.account_sid || !twilio.auth_token || !twilio.from) {
      throw new ConfigError([
        'sms.twilio: set account_sid, auth_token and from (env TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER)',
      ]);
    }
    const { TwilioSmsSender } = await import('../providers/sms/twilio.js');
    return new TwilioSmsSender({
      accountSid: twilio.account_sid,
      authToken: twilio.auth_token,
      from: twilio.from,
    });
  }
  if (backend === 'acs') {
    const from = acs.from ?? config.telephony.acs.phone_number;
    const connectionString = acs.connection_string ?? config.telephony.acs.connection_string;
    const endpoint = config.telephony.acs.endpoint;
    if (!(connectionString || endpoint) || !from) {
      throw new ConfigError([
        'sms.acs: set connection_string and from (or the telephony.acs ones: connection_string or endpoint, phone_number)',
      ]);
    }
    const { AcsSmsSender } = await import('../providers/sms/acs.js');
    return new AcsSmsSender({
      ...(await acsAuth(config, connectionString, endpoint)),
      from,
      ...(overrides.acsSmsHttpClient ? { httpClient: overrides.acsSmsHttpClient } : {}),
    });
  }
  const { OutboxSmsSender } = await import('../providers/sms/outbox.js');
  return new OutboxSmsSender();
}
