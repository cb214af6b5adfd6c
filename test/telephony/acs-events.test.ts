import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventGridPayloadError, parseEventGridDelivery } from '../../shared/providers/telephony/acs-events';

/** Event Grid deliveries (webhook request bodies) as Event Grid POSTs them, read by the parser. */

const BOT_NUMBER = '+33100000000';

describe('parseEventGridDelivery', () => {
  it('reads a call from a phone: the caller in E.164, the number called, the context to answer with', () => {
    const [event] = fixture('incoming-call-pstn.json') as [{ data: { incomingCallContext: string } }];

    expect(parseEventGridDelivery(fixture('incoming-call-pstn.json'))).toEqual([
      {
        type: 'incoming_call',
        from: '+33612345678',
        fromRawId: '4:+33612345678',
        to: BOT_NUMBER,
        incomingCallContext: event.data.incomingCallContext,
        correlationId: '8e6f5a4b-3c2d-4e1f-9a8b-7c6d5e4f3a2b',
        serverCallId:
          'aHR0cHM6Ly9hcGkuZmxpZ2h0cHJveHkuc2t5cGUuY29tL2FwaS92Mi9jcC9jb252LWV1LTAyLmNvbnYuc2t5cGUuY29tL2NvbnYvWFl6MTIz',
      },
    ]);
  });

  it('reads a call from a Teams user: no phone number, only its raw id', () => {
    expect(parseEventGridDelivery(fixture('incoming-call-teams-user.json'))).toEqual([
      expect.objectContaining({
        type: 'incoming_call',
        from: undefined,
        fromRawId: '8:orgid:2c7e5b1a-9f3d-4e6c-8a1b-5d4c3b2a1f0e',
        to: BOT_NUMBER,
        correlationId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
      }),
    ]);
  });

  it("reads an SMS sender written without '+' (as in Microsoft's own sample) as E.164", () => {
    const delivery = [
      {
        id: 'Incoming_1',
        topic: '/subscriptions/x/resourcegroups/y/providers/microsoft.communication/communicationservices/z',
        subject: '/phonenumber/15555555555',
        data: {
          MessageId: 'Incoming_1',
          From: '15555555555',
          To: '+33100000000',
          Message: 'Hello',
          ReceivedTimestamp: '2020-09-18T00:27:45.32Z',
        },
        eventType: 'Microsoft.Communication.SMSReceived',
        dataVersion: '1.0',
        metadataVersion: '1',
        eventTime: '2020-09-18T00:27:47Z',
      },
    ];
    expect(parseEventGridDelivery(delivery)).toEqual([
      {
        type: 'sms_received',
        from: '+15555555555',
        to: '+33100000000',
        message: 'Hello',
        messageId: 'Incoming_1',
      },
    ]);
  });

  it('reads the subscription validation handshake', () => {
    expect(parseEventGridDelivery(fixture('subscription-validation.json'))).toEqual([
      { type: 'validation', validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' },
    ]);
  });

  it('reads every event of a delivery in order, ignoring the ones it does not use', () => {
    expect(parseEventGridDelivery(fixture('multiple-events.json'))).toEqual([
      expect.objectContaining({
        type: 'incoming_call',
        from: undefined,
        fromRawId: '8:acs:1b2c3d4e-5f60-4718-9a0b-c1d2e3f40516_00000020-1a2b-3c4d-5e6f-7a8b9c0d1e2f',
        correlationId: '0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e',
      }),
      { type: 'ignored', eventType: 'Microsoft.Communication.CallStarted' },
      // A hidden number: a phone called, but there is no number to call back.
      expect.objectContaining({ type: 'incoming_call', from: undefined, fromRawId: '4:anonymous' }),
    ]);
  });

  it("reads where a call recording's files are, and the recording from the subject (Microsoft's docs sample)", () => {
    // MicrosoftDocs/azure-docs, articles/event-grid/communication-services-voice-video-events.md
    // (@0ac309cf), its data as written there (reformatted): the subject holds placeholders for the ids.
    expect(parseEventGridDelivery(fixture('recording-file-status-updated.json'))).toEqual([
      {
        type: 'recording_files',
        recordingId: '{recording-id}',
        startedAt: '2021-07-27T15:20:23.6089755Z',
        durationMs: 6620,
        chunks: [
          {
            index: 0,
            documentId: '0-eus-d12-801b3f3fc462fe8a01e6810cbff729b8',
            contentLocation:
              'https://storage.asm.skype.com/v1/objects/0-eus-d12-801b3f3fc462fe8a01e6810cbff729b8/content/video',
            metadataLocation:
              'https://storage.asm.skype.com/v1/objects/0-eus-d12-801b3f3fc462fe8a01e6810cbff729b8/content/acsmetadata',
            endReason: 'SessionEnded',
          },
        ],
      },
    ]);
  });

  it('reads a base64 recording id from a subject that also names the server call', () => {
    const [event] = fixture('recording-file-status-updated.json') as [Record<string, unknown>];
    const recordingId = 'eyJQbGF0Zm9ybUVuZHBvaW50SWQiOiIx/MTAw+YjM0NC0xZDBh';
    const subject = `/recording/call/8e6f5a4b/serverCallId/aHR0cHM6Ly9hcGkuZmxpZ2h0/recordingId/${recordingId}`;

    expect(parseEventGridDelivery([{ ...event, subject }])).toEqual([
      expect.objectContaining({ type: 'recording_files', recordingId }),
    ]);
  });

  it('returns nothing for an empty delivery', () => {
    expect(parseEventGridDelivery([])).toEqual([]);
  });

  it('leaves out what the event does not say', () => {
    const body = withData('incoming-call-pstn.json', {
      to: undefined,
      serverCallId: undefined,
      from: { rawId: '4:+33612345678', phoneNumber: { value: '0612345678' } }, // not E.164
    });

    const [event] = parseEventGridDelivery(body);

    expect(event).toEqual({
      type: 'incoming_call',
      from: undefined,
      fromRawId: '4:+33612345678',
      to: undefined,
      incomingCallContext: expect.any(String),
      correlationId: '8e6f5a4b-3c2d-4e1f-9a8b-7c6d5e4f3a2b',
    });
    expect(event).not.toHaveProperty('serverCallId');
  });

  it.each([
    [
      'an object',
      { eventType: 'Microsoft.Communication.IncomingCall' },
      'body must be an array, not an object',
    ],
    ['a string', JSON.stringify(fixture('incoming-call-pstn.json')), 'body must be an array, not a string'],
    ['null', null, 'body must be an array, not null'],
    ['an array of non-events', [1, 'two'], 'event[0] must be an object, not a number'],
    [
      'ACS callbacks (CloudEvents)',
      JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'acs', 'call-connected.json'), 'utf8')),
      'event[0].eventType is required; event[0].eventTime is required; event[0].dataVersion is required',
    ],
    [
      'an IncomingCall without its context',
      withData('incoming-call-pstn.json', { incomingCallContext: undefined }),
      'event[0].data.incomingCallContext is required',
    ],
    [
      'an IncomingCall with an empty context',
      withData('incoming-call-pstn.json', { incomingCallContext: '' }),
      'event[0].data.incomingCallContext must not be empty',
    ],
    [
      'an IncomingCall without a caller id',
      withData('incoming-call-pstn.json', { from: { kind: 'phoneNumber' } }),
      'event[0].data.from.rawId is required',
    ],
    [
      'an IncomingCall without data',
      withData('incoming-call-pstn.json', null),
      'event[0].data must be an object, not null',
    ],
    [
      'a validation event without its code',
      withData('subscription-validation.json', { validationCode: 42 }),
      'event[0].data.validationCode must be a string, not a number',
    ],
    [
      'recording files without the recording in the subject',
      [{ ...(fixture('recording-file-status-updated.json') as object[])[0], subject: '/recording/call/x' }],
      'event[0].subject must end with /recordingId/{id}',
    ],
    [
      'recording files whose content is not at an https URL',
      withData('recording-file-status-updated.json', {
        recordingStorageInfo: {
          recordingChunks: [
            {
              documentId: 'd',
              index: 0,
              contentLocation: 'file:///etc/passwd',
              metadataLocation: 'https://x.test/m',
            },
          ],
        },
      }),
      'event[0].data.recordingStorageInfo.recordingChunks[0].contentLocation',
    ],
  ])('rejects %s, naming what is wrong', (_, body, problem) => {
    expect(() => parseEventGridDelivery(body)).toThrow(EventGridPayloadError);
    expect(() => parseEventGridDelivery(body)).toThrow(`Not an Event Grid delivery: ${problem}`);
  });

  it('names the event at fault in a delivery of several', () => {
    const events = fixture('multiple-events.json') as Record<string, unknown>[];
    const body = [events[0], { ...events[2], eventTime: undefined }];

    expect(() => parseEventGridDelivery(body)).toThrow(
      /^Not an Event Grid delivery: event\[1\].eventTime is required$/,
    );
  });
});

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'eventgrid', name), 'utf8'));
}

/** A one-event fixture with some of its data replaced (undefined removes the field), or all of it. */
function withData(name: string, data: Record<string, unknown> | null): unknown {
  const [event] = fixture(name) as [{ data: Record<string, unknown> }];
  return [{ ...event, data: data && JSON.parse(JSON.stringify({ ...event.data, ...data })) }];
}
