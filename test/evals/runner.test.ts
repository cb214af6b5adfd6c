import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, type Agent } from '../../evals/agents';
import { evaluate, totals } from '../../evals/evaluate';
import { loadScenarios, parseScenario } from '../../evals/scenario';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../../evals/scripted-llm-server';
import { createSimulatedCaller, HANG_UP } from '../../evals/simulated-caller';

/**
 * Scenarios end to end through the runner: the local host in process, calls on the local phone
 * network, turns through the conversation session, the post-call work, then the score.
 */

const SCENARIOS = resolve(__dirname, '../../evals/scenarios');
let offline: Agent;
beforeAll(async () => {
  offline = await createAgent('offline');
});

describe('against the offline agent', () => {
  it('asks-for-human: the name, then a transfer that rings the agent, and the last line never said', async () => {
    const [result] = await evaluate(loadScenarios(SCENARIOS, ['asks-for-human']), { agent: offline });
    expect(result).toMatchObject({
      status: 'pass',
      maxPoints: 4,
      score: { points: 4, turnsToCompletion: 2 },
    });
    const run = result?.run;
    expect(run?.models).toEqual(['offline agent']);
    expect(run?.notes).toEqual([]);
    expect(run?.turns.map((t) => [t.line, t.sentences.join(' '), t.tools.map((tool) => tool.name)])).toEqual([
      [
        'Hello, I had a car accident this morning.',
        // Everything the first words say is taken: when (02:00 in Seattle: the morning that ended) and what.
        'I am sorry to hear that. I noted the date of the incident: Sunday, November 22, 2026 at 9:00 AM. ' +
          'I noted what happened: I had a car accident. What is your full name?',
        ['updated_claim'],
      ],
      [
        'My name is Tom Baker.',
        'Perfect. I noted your name: Tom Baker. What is your e-mail address?',
        ['updated_claim'],
      ],
      [
        'Can I speak to a real person, please?',
        'A colleague will take over in a moment, please stay on the line.',
        ['talk_to_human'],
      ],
    ]);
    expect(run?.calls).toEqual([
      {
        callId: expect.any(String),
        greeting: expect.stringMatching(/^Hello, this is Amélie from Contoso\./),
        end: 'transferred',
        lifecycle: 'completed',
        unsaid: 1,
        resumed: false,
        // The post-call work ran: offline insights and the report SMS to the caller.
        afterCall: {
          synthesis: expect.stringMatching(/^Automatic summary/),
          next: expect.any(String),
          reportSms: 1,
        },
      },
    ]);
  });

  it('a caller who leaves, then calls back: the second call resumes the first one’s claim', async () => {
    const scenario = parseScenario(
      `
description: Leaves, then calls back.
caller:
  phone: '+33622334455'
calls:
  - lines: [Hello, My name is Jane Doe, 'Sorry, I have to go. Bye!']
    end: ended
  - after: 1h
    lines: [jane at example dot com]
expect:
  claim:
    policyholder_name: Jane Doe
    policyholder_email: jane@example.com
  tools:
    called: [new_or_updated_reminder]
  end: still open
`,
      'calls-back.yaml',
    );
    const [result] = await evaluate([scenario], { agent: offline });
    expect(result).toMatchObject({
      status: 'pass',
      score: { points: 5, maxPoints: 5, turnsToCompletion: 4 },
    });
    const [first, second] = result?.run?.calls ?? [];
    expect(first).toMatchObject({ end: 'ended', resumed: false });
    expect(second).toMatchObject({ end: 'still open', resumed: true, callId: first?.callId });
    // A recap of what is known rather than a first hello.
    expect(second?.greeting).toMatch(/^Hello again, .* I already have: policyholder name\./);
    // The reminder's call-back time is read on the scenario's clock: tomorrow 10:00 in Paris.
    expect(result?.run?.turns[2]?.sentences[0]).toBe(
      'We will call you back on Tuesday, November 24, 2026 at 10:00 AM to complete your claim.',
    );
  });

  it('marks an expected failure as such, and flags a surprise pass', async () => {
    const source = (name: string) => `
description: Expected to fail.
caller:
  phone: '+14255550100'
calls:
  - lines: [Hello, My name is Jane Doe]
expect:
  claim:
    policyholder_name: ${name}
  end: still open
offline: expected_to_fail
offline_reason: a reason
`;
    const results = await evaluate(
      [parseScenario(source('Joan Doe'), 'fails.yaml'), parseScenario(source('Jane Doe'), 'passes.yaml')],
      { agent: offline },
    );
    expect(results.map((r) => [r.name, r.status, r.expectedToFail])).toEqual([
      ['fails', 'expected fail', 'a reason'],
      ['passes', 'surprise pass', 'a reason'],
    ]);
    expect(totals(results)).toMatchObject({ points: 3, maxPoints: 4, percent: 75 });
  });
});

describe('against the scripted agent', () => {
  let scripted: Agent;
  beforeAll(async () => {
    scripted = await createAgent('scripted');
  });
  afterAll(() => scripted.close());

  it('emergency: notify_emergencies and the claim through the openai client, SSE and the tools', async () => {
    const [result] = await evaluate(loadScenarios(SCENARIOS, ['emergency']), { agent: scripted });
    expect(result).toMatchObject({ status: 'pass', score: { points: 5, maxPoints: 5 } });
    expect(result?.run?.models).toEqual(['fast: scripted', 'offline agent']);
    expect(result?.run?.notes).toEqual([]);
    expect(result?.run?.turns[1]?.tools.map((t) => [t.name, t.ok])).toEqual([
      ['updated_claim', true],
      ['notify_emergencies', true],
    ]);
    // The scripted model also wrote the post-call insights.
    expect(result?.run?.calls[0]?.afterCall.synthesis).toBe('Scripted summary of the call.');
  });

  it('a script that runs short: the offline agent takes over, and the report says so', async () => {
    const scenario = parseScenario(
      `
description: Short script.
caller:
  phone: '+14255550100'
calls:
  - lines:
      - say: My name is Jane Doe.
        scripted:
          - store: { policyholder_name: Jane Doe }
expect:
  claim:
    policyholder_name: Jane Doe
  end: still open
`,
      'short.yaml',
    );
    const [result] = await evaluate([scenario], { agent: scripted });
    expect(result?.status).toBe('pass');
    expect(result?.run?.notes).toEqual([
      'line 1: fast: scripted failed (server); the next model answered',
      expect.stringMatching(/WARN {2}model failed .*model="fast: scripted" reason=server/),
    ]);
    expect(result?.run?.turns[0]?.sentences).toEqual([
      'Got it.',
      'I noted your name: Jane Doe.',
      'What is your e-mail address?',
    ]);
  });
});

describe('with a simulated caller', () => {
  let server: ScriptedLlmServer;
  beforeAll(async () => {
    server = await startScriptedLlmServer();
  });
  afterAll(() => server.close());

  it('plays the caller from the persona and facts, turn by turn, until it hangs up', async () => {
    const scenario = parseScenario(
      `
description: Simulated.
caller:
  phone: '+14255550100'
calls:
  - lines: [unused when simulated]
expect:
  claim:
    policyholder_name: Jane Doe
    policyholder_email: jane.doe@example.com
  end: still open
simulate:
  persona: Jane Doe, a careful driver.
  facts: [Her e-mail is jane.doe@example.com.]
  max_turns: 5
`,
      'simulated.yaml',
    );
    // The caller model's words: here scripted, as a real model would answer.
    const said = [
      'Hello, I had a car accident.',
      'My name is Jane Doe.',
      'jane dot doe at example dot com',
      HANG_UP,
    ];
    server.respondWith(() => ({ say: said.shift() ?? HANG_UP }));
    const caller = createSimulatedCaller({ endpoint: server.baseUrl, model: 'caller-model', apiKey: 'test' });

    const [result] = await evaluate([scenario], { agent: offline, caller });
    expect(result).toMatchObject({ status: 'pass', score: { points: 3, turnsToCompletion: 3, turns: 3 } });
    expect(result?.run?.turns.map((t) => t.line)).toEqual([
      'Hello, I had a car accident.',
      'My name is Jane Doe.',
      'jane dot doe at example dot com',
    ]);
    expect(result?.run?.calls[0]).toMatchObject({ end: 'still open', unsaid: 0 });

    // The caller model got the persona and facts, and the call from the caller's side.
    expect(server.requests).toHaveLength(4);
    const last = server.requests.at(-1);
    expect(last?.model).toBe('caller-model');
    expect(last?.tools).toBeUndefined();
    const [system, greeting, ...rest] = last?.messages ?? [];
    expect(system?.content).toContain('Who you are: Jane Doe, a careful driver.');
    expect(system?.content).toContain('- Her e-mail is jane.doe@example.com.');
    expect(system?.content).toContain(`answer exactly ${HANG_UP}`);
    expect(greeting).toMatchObject({
      role: 'user',
      content: expect.stringMatching(/^Hello, this is Amélie/),
    });
    expect(rest.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(rest[0]?.content).toBe('Hello, I had a car accident.');
  });
});
