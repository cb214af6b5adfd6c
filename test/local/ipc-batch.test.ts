import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { IpcBatcher, unbatch, type Batch } from '../../local/ipc-batch';

type Message = { type: 'event'; n: number };

describe('IPC batches between the main process and a media process', () => {
  it('sends the messages of one event-loop turn as one, in order, and each later turn anew', async () => {
    const posted: (Message | Batch<Message>)[] = [];
    const batcher = new IpcBatcher<Message>((message) => posted.push(message));
    for (let n = 1; n <= 3; n++) batcher.send({ type: 'event', n });
    expect(posted).toEqual([]);
    await nextTurn();
    expect(posted).toEqual([{ type: 'batch', messages: [1, 2, 3].map((n) => ({ type: 'event', n })) }]);
    batcher.send({ type: 'event', n: 4 });
    await nextTurn();
    // Alone in its turn: sent as itself, not as a batch of one.
    expect(posted[1]).toEqual({ type: 'event', n: 4 });
  });

  it('lets a message that must not wait go after what was queued before it', async () => {
    const posted: (Message | Batch<Message>)[] = [];
    const batcher = new IpcBatcher<Message>((message) => posted.push(message));
    batcher.send({ type: 'event', n: 1 });
    batcher.flush();
    posted.push({ type: 'event', n: 2 }); // e.g. the message carrying a socket
    await nextTurn();
    expect(posted).toEqual([
      { type: 'event', n: 1 },
      { type: 'event', n: 2 },
    ]);
  });

  it('sends an urgent message at once, after those queued before it, and batches the rest as before', async () => {
    const posted: (Message | Batch<Message>)[] = [];
    // As a turn's request: it must not wait for the end of the event-loop turn.
    const batcher = new IpcBatcher<Message>(
      (message) => posted.push(message),
      (m) => m.n % 10 === 0,
    );
    batcher.send({ type: 'event', n: 1 });
    batcher.send({ type: 'event', n: 10 });
    expect(posted).toEqual([{ type: 'batch', messages: [1, 10].map((n) => ({ type: 'event', n })) }]);
    batcher.send({ type: 'event', n: 2 });
    batcher.send({ type: 'event', n: 3 });
    expect(posted).toHaveLength(1);
    await nextTurn();
    expect(posted[1]).toEqual({ type: 'batch', messages: [2, 3].map((n) => ({ type: 'event', n })) });
    expect(posted).toHaveLength(2);
  });

  it('hands every message of a batch to the receiver, in order', () => {
    const received: number[] = [];
    unbatch<Message>({ type: 'batch', messages: [1, 2].map((n) => ({ type: 'event' as const, n })) }, (m) =>
      received.push(m.n),
    );
    unbatch<Message>({ type: 'event', n: 3 }, (m) => received.push(m.n));
    expect(received).toEqual([1, 2, 3]);
  });
});
