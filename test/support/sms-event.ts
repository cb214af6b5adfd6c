import { randomUUID } from 'node:crypto';

/** The bot's number in the local host's default configuration: where callers' texts are addressed. */
export const BOT_NUMBER = '+14255550100';

/** One ACS `SMSReceived` Event Grid event, shaped like Microsoft's sample, from `from` to the bot. */
export function smsReceivedEvent(from: string, message: string) {
  return {
    id: randomUUID(),
    topic: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Communication/communicationServices/z',
    subject: `/phonenumber/${from}`,
    eventType: 'Microsoft.Communication.SMSReceived',
    eventTime: new Date().toISOString(),
    dataVersion: '1.0',
    data: {
      MessageId: randomUUID(),
      From: from,
      To: BOT_NUMBER,
      Message: message,
      ReceivedTimestamp: new Date().toISOString(),
    },
  };
}
