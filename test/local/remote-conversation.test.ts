import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { unbatch } from '../../local/ipc-batch';
import type { FromWorker, ToWorker } from '../../local/media-protocol';
import { RemoteConversation } from '../../local/remote-conversation';
import { eventually } from '../support/eventually';

/**
 * A media process's side of a turn answered by the main process. What crosses in one IPC batch is
 * handled in one go, so "until played" can arrive with the sentences it follows.
 */
describe('a turn answered across processes (RemoteConversation)', () => {
  it('answers "until played" only once the sentences sent before it have been played, with how many were heard', async () => {
    const sent: FromWorker[] = [];
    const conversation = new RemoteConversation('call-1', (message) => sent.push(message));
    // A speaker: each sentence taken plays for 30 ms.
    let heard = 0;
    let playing = Promise.resolve();
    const turn = conversation.respond(
      { text: 'My name is Jane Doe.', channel: 'voice' },
      { untilPlayed: () => playing, spokenSentences: () => heard },
    );
    const played = (async () => {
      for await (const event of turn) {
        if (event.type !== 'sentence') continue;
        heard++;
        playing = playing.then(() => sleep(30));
      }
    })();
    await eventually(async () => sent.find((m) => m.type === 'respond'));
    const id = (sent.find((m) => m.type === 'respond') as { id: number }).id;

    // The answer's two sentences and the main process's "until played", in one batch.
    const sentence = (text: string): ToWorker => ({
      type: 'event',
      callId: 'call-1',
      id,
      event: { type: 'sentence', text, style: 'none' },
    });
    unbatch<ToWorker>(
      {
        type: 'batch',
        messages: [
          sentence('Thank you, Jane.'),
          sentence('What is your e-mail address?'),
          { type: 'until_played', callId: 'call-1', id },
        ],
      },
      (message) => conversation.receive(message as Parameters<RemoteConversation['receive']>[0]),
    );
    const reply = await eventually(async () => sent.find((m) => m.type === 'played'));
    expect(reply).toMatchObject({ type: 'played', id, spoken: 2 });
    conversation.receive({ type: 'reply', callId: 'call-1', id });
    await played;
  });

  it('still answers "until played" when the turn stopped here first (a barge-in)', async () => {
    const sent: FromWorker[] = [];
    const conversation = new RemoteConversation('call-2', (message) => sent.push(message));
    const abort = new AbortController();
    const turn = conversation.respond(
      { text: 'Hello?', channel: 'voice' },
      { signal: abort.signal, untilPlayed: async () => undefined, spokenSentences: () => 1 },
    );
    const consumer = (async () => {
      for await (const event of turn) {
        if (event.type === 'sentence') break; // the caller talked over it: the loop stops listening
      }
    })();
    await eventually(async () => sent.find((m) => m.type === 'respond'));
    const id = (sent.find((m) => m.type === 'respond') as { id: number }).id;
    unbatch<ToWorker>(
      {
        type: 'batch',
        messages: [
          { type: 'event', callId: 'call-2', id, event: { type: 'sentence', text: 'Hi.', style: 'none' } },
          { type: 'until_played', callId: 'call-2', id },
        ],
      },
      (message) => conversation.receive(message as Parameters<RemoteConversation['receive']>[0]),
    );
    await consumer;
    expect(await eventually(async () => sent.find((m) => m.type === 'played'))).toMatchObject({ spoken: 1 });
  });
});
