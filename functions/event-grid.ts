import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { storeRecordingFiles } from '../shared/http/acs-recording-files';
import { readEventGridEvents } from '../shared/http/event-grid';
import { answerSms } from '../shared/http/sms-api';
import { answerIncomingCalls, requireAcs } from '../shared/http/telephony-api';
import { depsFor, getServices } from './app-services';

/**
 * Event Grid triggers for what ACS publishes on its system topic: calls to the bot's number
 * (IncomingCall, answered from here, within the ring window), texts to it (SMSReceived) and call
 * recordings' files being written (RecordingFileStatusUpdated, their locations kept on the call). The Event
 * Grid extension authenticates the subscription and answers its validation handshake; a thrown error
 * makes Event Grid retry the delivery, which the handlers take as a redelivery.
 */

app.eventGrid('eventGridIncomingCallTrigger', {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent, context: InvocationContext) => {
    const deps = await depsFor(context);
    const notifications = readEventGridEvents([event], deps.log);
    const started = await answerIncomingCalls(notifications, requireAcs(deps), deps);
    context.log(`IncomingCall: ${started} call(s) started`);
  },
});

app.eventGrid('eventGridSmsTrigger', {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent, context: InvocationContext) => {
    const deps = await depsFor(context);
    const answered = await answerSms(readEventGridEvents([event], deps.log), deps);
    context.log(`SMSReceived: ${answered} text(s) answered`);
  },
});

// Only the store is needed: no Durable client input.
app.eventGrid('eventGridRecordingTrigger', {
  handler: async (event: EventGridEvent, context: InvocationContext) => {
    const deps = await getServices();
    const stored = await storeRecordingFiles(readEventGridEvents([event], deps.log), deps);
    context.log(`RecordingFileStatusUpdated: ${stored} recording(s) updated`);
  },
});
