import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { MAX_TURN_CHARS, TURN_TOO_LONG_REPLY } from '../../shared/domain/turn';
import { silentLogger } from '../../shared/log';
import { runChat } from '../../local/text-channel';
import { startLocalHost } from '../support/local-host';
import { makeTempDir } from '../support/tmp';

/**
 * `npm run chat` with its standard input scripted, as a user pipes a conversation in: no configuration,
 * so the offline agent answers, through the whole lifecycle of a call.
 */
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function chat(dir: string, phone: string, lines: string[]) {
  const output = new PassThrough();
  let transcript = '';
  output.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
  const config = loadConfig({ env: {}, cwd: dir, overrides: { data_dir: dir } });
  const call = await runChat({
    config,
    phone,
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output,
    log: silentLogger,
  });
  return { call, transcript };
}

describe('the text channel', () => {
  it('fills the claim from a scripted conversation, corrections included, and stores the ended call', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.remove);
    const { call, transcript } = await chat(tmp.dir, '+33611223344', [
      'Hello, I would like to declare a claim',
      'My name is Jane Doe',
      'jane dot doe at example dot com',
      'no, my email is jane dot smith at example dot com',
      'plus thirty-three six twelve thirty-four fifty-six seventy-eight',
      '/hangup',
    ]);
    expect(transcript).toMatch(/^Call .* answered by offline agent\.\nBot: .*Amélie/);
    expect(transcript).toContain('You: My name is Jane Doe');
    expect(call?.claim).toMatchObject({
      policyholder_name: 'Jane Doe',
      policyholder_email: 'jane.smith@example.com',
      policyholder_phone: '+33612345678',
    });
    expect(call?.lifecycle).toMatchObject({ state: 'ended', reason: 'completed' });
    // The greeting, then each of the caller's lines with the bot's answer.
    expect(call?.messages.filter((m) => m.persona === 'human')).toHaveLength(5);
  });

  it('refuses a line over the turn cap, saying why, and stores nothing of it', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.remove);
    const { call, transcript } = await chat(tmp.dir, '+33633445566', [
      'e'.repeat(MAX_TURN_CHARS + 1),
      'My name is Jane Doe',
      '/hangup',
    ]);
    expect(transcript).toContain(`Bot: ${TURN_TOO_LONG_REPLY}`);
    expect(call?.messages.filter((m) => m.persona === 'human').map((m) => m.content)).toEqual([
      'My name is Jane Doe',
    ]);
  });

  it('resumes the same call when the same number chats again within the callback window', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.remove);
    const first = await chat(tmp.dir, '+33622334455', ['Hello', 'My name is Jane Doe', '/hangup']);
    const second = await chat(tmp.dir, '+33622334455', ['jane at example dot com', '/hangup']);
    expect(second.call?.call_id).toBe(first.call?.call_id);
    // A recap of what is already known, rather than a first hello.
    expect(second.transcript).toMatch(/\nBot: [^\n]*policyholder name/);
    expect(second.call?.claim).toMatchObject({
      policyholder_name: 'Jane Doe',
      policyholder_email: 'jane@example.com',
    });
    // Each session ends with its own synthesis and report: the second one knows the email.
    expect(first.call?.synthesis?.long).not.toContain('jane@example.com');
    expect(second.call?.insights_session).not.toBe(first.call?.insights_session);
    expect(second.call?.report_sms.filter((s) => s.to === '+33622334455')).toHaveLength(2);
  });

  it('ends when the bot hangs up after the caller says goodbye', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.remove);
    const { call, transcript } = await chat(tmp.dir, '+33633445566', [
      'Hello',
      'bye',
      'this line is never read',
    ]);
    expect(transcript).toContain('[action: end_call]');
    expect(transcript).not.toContain('this line is never read');
    expect(call?.lifecycle.state).toBe('ended');
    expect(call?.reminders.map((r) => r.title)).toEqual(['Complete the claim']);
  });

  it('after the call: stores the insights and sends the caller an SMS with a working report link', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.remove);
    const { call } = await chat(tmp.dir, '+33644556677', [
      'Hello',
      'My name is Jane Doe',
      'jane dot doe at example dot com',
      'plus thirty-three six twelve thirty-four fifty-six seventy-eight',
      '/hangup',
    ]);
    // Offline insights: fields are missing, so the caller will send information.
    expect(call?.synthesis?.short).toMatch(/^Automatic summary/);
    expect(call?.next?.action).toBe('customer_will_send_info');
    // One SMS, to the number that called: never to the phone merely stated during the call.
    expect(call?.report_sms.map((s) => s.to)).toEqual(['+33644556677']);
    const sms = call?.messages.filter((m) => m.action === 'sms') ?? [];
    expect(sms).toHaveLength(1);
    const link = /https?:\/\/\S+/.exec(sms[0]?.content ?? '')?.[0];
    expect(link).toMatch(new RegExp(`/api/report/${call?.call_id}\\?token=`));

    // The link opens the report, served by the real host on the same data folder.
    const host = await startLocalHost({ data_dir: tmp.dir });
    cleanups.push(() => void host.close());
    const page = await fetch(`${host.baseUrl}${new URL(link ?? '').pathname}${new URL(link ?? '').search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Jane Doe');
  });
});
