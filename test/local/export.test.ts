import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExportArgs, runExport, UsageError } from '../../local/export-calls';
import { loadConfig } from '../../shared/config';
import type { CallState } from '../../shared/domain/call';
import { chatExample, type ChatExample } from '../../shared/export/fine-tuning';
import { CosmosCallStore } from '../../shared/providers/store/cosmos';
import { CallStore } from '../../shared/providers/store/store';
import { openStore } from '../../shared/wiring/store';
import { makeCall } from '../support/calls';
import { createCosmosClient, startCosmosServer } from '../support/cosmos-server';
import { makeTempDir } from '../support/tmp';

/**
 * `npm run export`: finished calls as chat-format fine-tuning examples with personal data redacted, from
 * the SQLite store (through the config, as the command runs) and from Cosmos DB (the emulator).
 */

const AT = (day: number, hour = 9) => new Date(Date.UTC(2026, 0, day, hour));

/** A finished call in which the caller gives personal data in all the ways people do. */
function finishedCall(day: number, hour = 9): CallState {
  const call = makeCall(
    {
      phone_number: '+33612345678',
      claim: [
        { name: 'policy_number', type: 'text' },
        { name: 'incident_description', type: 'text' },
      ],
    },
    AT(day, hour),
  );
  Object.assign(call.claim, {
    policyholder_name: 'Jane Doe',
    policyholder_email: 'jane.doe@example.com',
    policyholder_phone: '+33611111111',
    policy_number: 'B-123456',
    incident_description: 'Water leak in the kitchen',
  });
  const at = AT(day, hour).toISOString();
  const message = (
    persona: 'human' | 'assistant',
    content: string,
    tool_calls: CallState['messages'][0]['tool_calls'] = [],
  ) => ({ created_at: at, persona, action: 'talk', content, style: 'none', tool_calls }) as const;
  call.messages.push(
    { ...message('assistant', 'Hello, this is Amélie from Contoso. How can I help?'), action: 'call' },
    message('human', 'Hi, my name is Jane Doe, my kitchen is flooded.'),
    message('assistant', 'I am sorry, Jane. I noted your name. What is your policy number?', [
      {
        id: 'call_1',
        name: 'updated_claim',
        arguments: JSON.stringify({ updates: [{ field: 'policyholder_name', value: 'Jane Doe' }] }),
        result: 'policyholder_name is now "Jane Doe"',
      },
    ]),
    message(
      'human',
      'It is B-123456. Mail me at Jane.Doe@example.com or call +33 6 11 11 11 11, thanks Doe.',
    ),
    message('assistant', 'Thank you. I will send the report to +33 6 12 34 56 78.'),
    message('human', 'Bye.'),
  );
  call.lifecycle = { state: 'ended', reason: 'completed', ended_at: at };
  return call;
}

describe('a call as a fine-tuning example', () => {
  const example = chatExample(finishedCall(5)) as ChatExample;
  const text = JSON.stringify(example);

  it('has no personal data left, each value one consistent placeholder', () => {
    for (const secret of [
      'Jane',
      'Doe',
      'jane.doe',
      'B-123456',
      '11 11 11',
      '611111111',
      '612345678',
      '12 34 56',
    ]) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    const user = example.messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(user[0]).toBe('Hi, my name is <NAME_1>, my kitchen is flooded.');
    // PHONE_1 is the line's number, PHONE_2 the agent's: the number the caller stated is the third.
    expect(user[1]).toBe('It is <POLICY_NUMBER_1>. Mail me at <EMAIL_1> or call <PHONE_3>, thanks <NAME_1>.');
    // The caller's line number is the same placeholder in the prompt and in the bot's words.
    expect(example.messages[0]?.content).toContain('<PHONE_1>');
    expect(example.messages.at(-1)).toEqual({
      role: 'assistant',
      content: 'Thank you. I will send the report to <PHONE_1>.',
    });
    // The bot's own name and the incident are kept: they are what the model learns from.
    expect(text).toContain('Amélie');
    expect(text).toContain('kitchen is flooded');
  });

  it('is in the chat format with tool calls as OpenAI fine-tuning expects', () => {
    expect(example.messages.map((m) => m.role)).toEqual([
      'system',
      'assistant',
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(example.messages[3]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: {
            name: 'updated_claim',
            arguments: '{"updates":[{"field":"policyholder_name","value":"<NAME_1>"}]}',
          },
        },
      ],
    });
    expect(example.messages[4]).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: 'policyholder_name is now "<NAME_1>"',
    });
    expect(example.tools.map((t) => t.function.name)).toContain('updated_claim');
    expect(example.tools[0]).toMatchObject({
      type: 'function',
      function: { parameters: { type: 'object' } },
    });
  });

  it('skips calls that are not over or where the caller said nothing', () => {
    const ongoing = finishedCall(6);
    ongoing.lifecycle = { state: 'connected', connected_at: ongoing.created_at };
    expect(chatExample(ongoing)).toBe('not ended');
    const silent = finishedCall(6);
    silent.messages = silent.messages.filter((m) => m.persona === 'assistant');
    expect(chatExample(silent)).toBe('no exchange');
  });
});

describe('npm run export', () => {
  const tmp = makeTempDir();
  const env = { DATA_DIR: tmp.dir };
  const progress: string[] = [];
  const io = { stdout: new PassThrough(), stderr: (line: string) => progress.push(line), env, cwd: tmp.dir };

  beforeAll(async () => {
    const { store, sqlite } = await openStore(loadConfig({ env, cwd: tmp.dir }));
    // 103 finished calls in January (more than one page), one before, one still on the line.
    for (let i = 0; i < 103; i++) await store.create(finishedCall(2 + (i % 25), i % 20));
    await store.create(finishedCall(1, 1));
    const ongoing = finishedCall(20);
    ongoing.lifecycle = { state: 'connected', connected_at: ongoing.created_at };
    await store.create(ongoing);
    await store.close();
    sqlite?.close();
  });
  afterAll(() => tmp.remove());

  it('writes the finished calls since the date, a line each, with progress', async () => {
    const out = `${tmp.dir}/calls.jsonl`;
    expect(await runExport(['--since', '2026-01-02', '--out', out], io)).toBe(103);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(103);
    const first = JSON.parse(lines[0]!) as ChatExample;
    expect(first.messages[0]?.role).toBe('system');
    expect(lines.join('\n')).not.toContain('Jane');
    expect(progress).toEqual(['100 calls exported', '103 calls exported']);
    // An existing file is never overwritten, unless asked.
    await expect(runExport(['--out', out], io)).rejects.toThrow(/exists; choose another name or add --force/);
    expect(await runExport(['--out', out, '--force', '--until', '2026-01-02'], io)).toBe(1);
  });

  it('refuses bad arguments with a message naming them, and has --help', async () => {
    expect(() => readExportArgs(['--since', 'yesterday', '--out', 'x'])).toThrow(
      /--since yesterday: expected a date/,
    );
    expect(() => readExportArgs(['--since', '2026-01-01'])).toThrow(/--out is required/);
    expect(() => readExportArgs(['--out', 'x', '--since', '2026-02-01', '--until', '2026-01-01'])).toThrow(
      /--since must be before --until/,
    );
    expect(() => readExportArgs(['--out', 'x', '--limit', '3'])).toThrow(UsageError);
    const help = new PassThrough();
    expect(await runExport(['--help'], { ...io, stdout: help })).toBeUndefined();
    expect(String(help.read())).toMatch(/^Usage: npm run export -- --out <file>/);
    expect(existsSync(`${tmp.dir}/x`)).toBe(false);
  });

  it('reads Cosmos DB the same way', async () => {
    const server = await startCosmosServer();
    const store = new CallStore(
      await CosmosCallStore.open(createCosmosClient(server), 'callcenter', 'calls'),
    );
    try {
      await store.create(finishedCall(3));
      await store.create(finishedCall(4));
      const stdout = new PassThrough();
      expect(await runExport(['--since', '2026-01-01', '--out', '-'], { ...io, stdout, store })).toBe(2);
      const lines = String(stdout.read()).trim().split('\n');
      expect(lines.map((line) => (JSON.parse(line) as ChatExample).messages.length)).toEqual([8, 8]);
    } finally {
      await store.close();
      await server.close();
    }
  });
});
