import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalApp, type LocalApp } from '../local/app';
import { loadConfig } from '../shared/config';
import type { TurnEvent } from '../shared/conversation/engine';
import { ConversationSession } from '../shared/conversation/session';
import type { CallState } from '../shared/domain/call';
import { createLogger } from '../shared/log';
import type { ChatModel } from '../shared/providers/llm/llm';
import type { LocalPhone, PhoneEndReason } from '../shared/providers/telephony/local';
import { startOutboundCall } from '../shared/workflow/start-call';
import type { Agent } from './agents';
import type { Line, Scenario, ScenarioCall } from './scenario';
import type { CallRecord, Conversation, TurnRecord } from './score';
import type { CallerView, SimulatedCaller } from './simulated-caller';

/**
 * Runs a scenario in text through the whole call lifecycle, as `npm run chat` does: the local host in
 * process on a temp data dir; each call placed on the local phone network (the caller dials the bot,
 * or the bot places the call request and the caller's phone answers) and answered by the call's
 * orchestration; each caller line a turn of the conversation session; the caller hangs up unless the
 * bot ended the call or passed it to a human; then the post-call work runs (insights, report SMS,
 * follow-ups) before the next call.
 *
 * The conversation runs on the scenario's clock (`now`, plus each call's `after`): the agent reads
 * "yesterday" against it, and expected dates can be written as dates. The host itself keeps the
 * machine's clock, so the callback window and follow-up timers behave as they do for real.
 */

/** Who `notify_emergencies` alerts during evals: an SMS to it lands in the local outbox. */
export const EMERGENCY_CONTACT = '+14255550112';

/** How long a call may take to connect on the local network before the scenario fails. */
const CONNECT_TIMEOUT_MS = 10_000;
/** How long the post-call work may take. */
const POST_CALL_TIMEOUT_MS = 30_000;

export interface RunScenarioOptions {
  readonly agent: Agent;
  /** `--simulate`: a model plays the caller instead of the scenario's lines. */
  readonly caller?: SimulatedCaller;
}

export interface ScenarioRun extends Conversation {
  /** The models that answered, in failover order. */
  readonly models: readonly string[];
  /** What went wrong without being scored: a model failing over, a script running short, warnings logged. */
  readonly notes: readonly string[];
}

export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioRun> {
  const dir = mkdtempSync(join(tmpdir(), 'callcenter-evals-'));
  const warnings: string[] = [];
  const log = createLogger('warn', (line) => warnings.push(line));
  const { request } = scenario;
  const config = loadConfig({
    env: options.agent.env,
    cwd: dir,
    overrides: {
      data_dir: dir,
      // Whatever the machine's config says, evals never leave this process.
      store: { backend: 'sqlite' },
      telephony: { backend: 'local' },
      sms: { backend: 'outbox' },
      // Callers who dial in get the scenario's bot (its claim and language are the defaults then).
      inbound: {
        bot_company: request.bot_company,
        bot_name: request.bot_name,
        agent_phone_number: request.agent_phone_number,
        ...(request.task !== undefined ? { task: request.task } : {}),
      },
      conversation: { emergency_contact_phone_number: EMERGENCY_CONTACT },
      ...(options.agent.llm ? { llm: options.agent.llm } : {}),
      log: { level: 'warn' },
    },
  });
  const app = await startLocalApp(config, { log });
  try {
    let clock = Date.parse(scenario.now);
    const now = () => new Date(clock);
    const models = options.agent.models(config, await app.services.flags.get(), now);
    const notes: string[] = [];
    const calls: CallRecord[] = [];
    const turns: TurnRecord[] = [];
    for (const [index, call] of scenario.calls.entries()) {
      clock += call.after;
      const run = new CallRun(app, scenario, index, call, { ...options, models, now, notes, turns });
      const record = await run.run();
      calls.push({ ...record, resumed: calls.at(-1)?.callId === record.callId });
    }
    const last = await app.services.store.get(calls.at(-1)?.callId ?? '');
    if (!last) throw new Error('the last call is not stored');
    return {
      calls,
      turns,
      fields: last.initiate.claim,
      claim: last.claim,
      models: models.map((model) => model.name),
      notes: [...notes, ...warnings],
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CallRunContext extends RunScenarioOptions {
  readonly models: readonly ChatModel[];
  readonly now: () => Date;
  readonly notes: string[];
  readonly turns: TurnRecord[];
}

/** One call of a scenario, from ringing to the end of its post-call work. */
class CallRun {
  private readonly caller = new RecordingPhone();
  private readonly human = new RecordingPhone();

  constructor(
    private readonly app: LocalApp,
    private readonly scenario: Scenario,
    private readonly index: number,
    private readonly call: ScenarioCall,
    private readonly context: CallRunContext,
  ) {}

  async run(): Promise<Omit<CallRecord, 'resumed'>> {
    const { app, scenario, context } = this;
    const phone = scenario.caller.phone;
    const unregister = [
      app.phones.register(phone, this.caller),
      app.phones.register(scenario.initiate.agent_phone_number, this.human),
    ];
    try {
      const callId = await this.connect();
      const session = new ConversationSession(callId, {
        config: app.services.config,
        store: app.services.store,
        telephony: app.services.telephony,
        sms: app.services.sms,
        models: context.models,
        features: () => app.services.flags.get(),
        log: app.services.log,
        now: context.now,
        // The first variant of each canned phrase: the same scenario gives the same transcript.
        random: () => 0,
      });
      const greeting = await session.greet();
      const { end, said } = await this.converse(session, greeting);

      if (end === 'ended' && this.caller.endReason === undefined) {
        this.note('the bot called end_call but the line stayed up');
      }
      if (end === 'transferred' && this.human.rings === 0) {
        this.note("the bot transferred the call but the agent's phone did not ring");
      }
      if (end !== 'ended') app.phones.hangUpFromPhone(callId);
      const status = await app.runner.waitForCompletion(callId, POST_CALL_TIMEOUT_MS);
      if (status.runtimeStatus !== 'Completed') {
        throw new Error(
          `the call's orchestration ended ${status.runtimeStatus}: ${JSON.stringify(status.output)}`,
        );
      }
      const stored = await app.services.store.get(callId);
      if (!stored) throw new Error(`call ${callId} is not stored`);
      const lifecycle = stored.lifecycle.state === 'ended' ? stored.lifecycle.reason : stored.lifecycle.state;
      const unsaid = this.context.caller ? 0 : this.call.lines.length - said;
      const afterCall = {
        synthesis: stored.synthesis?.short ?? null,
        next: stored.next?.action ?? null,
        reportSms: stored.report_sms.length,
      };
      return { callId, greeting, end, lifecycle, unsaid, afterCall };
    } finally {
      unregister.forEach((stop) => stop());
    }
  }

  /** Places the call the way the scenario says; resolves with its id once it is connected. */
  private async connect(): Promise<string> {
    const { app, scenario } = this;
    const connected = this.caller.nextConnection(CONNECT_TIMEOUT_MS);
    if (this.call.placed_by === 'caller') {
      app.phones.dial(scenario.caller.phone, this.caller);
    } else {
      // The phone picks up as soon as it rings.
      this.caller.onRing = (callId) => setImmediate(() => app.phones.answer(callId));
      await startOutboundCall(scenario.initiate, app.deps);
    }
    return connected;
  }

  /** The caller's lines (or the simulated caller's), one turn each, until someone ends the call. */
  private async converse(
    session: ConversationSession,
    greeting: string,
  ): Promise<{ end: CallRecord['end']; said: number }> {
    const transcript: { speaker: 'bot' | 'caller'; text: string }[] = [{ speaker: 'bot', text: greeting }];
    for (let said = 0; ; said++) {
      const next = await this.nextLine(said, transcript);
      if (!next) return { end: 'still open', said };
      this.context.agent.beforeTurn(next.line);
      const { events, stored } = await takeTurn(session, next.say);
      for (const problem of this.context.agent.afterTurn()) this.note(`line ${said + 1}: ${problem}`);
      const record = { ...turnRecord(this.index, next.say, events, stored), kind: next.line?.kind };
      this.context.turns.push(record);
      transcript.push({ speaker: 'caller', text: next.say });
      // A turn of tools only says nothing: the caller hears silence, not an empty line.
      if (record.sentences.length > 0) transcript.push({ speaker: 'bot', text: record.sentences.join(' ') });
      for (const failover of record.failovers) this.note(`line ${said + 1}: ${failover}`);
      const actions = events.flatMap((event) => (event.type === 'action' ? [event.action.type] : []));
      if (actions.includes('transfer')) return { end: 'transferred', said: said + 1 };
      if (actions.includes('end_call')) return { end: 'ended', said: said + 1 };
      if (next.hangUp) return { end: 'still open', said: said + 1 };
    }
  }

  private async nextLine(
    index: number,
    transcript: CallerView['transcript'],
  ): Promise<{ say: string; line?: Line; hangUp?: boolean } | undefined> {
    const { caller } = this.context;
    if (!caller) {
      const line = this.call.lines[index];
      return line && { say: line.say, line };
    }
    if (index >= (this.scenario.simulate?.max_turns ?? 0)) return undefined;
    const turn = await caller.next({ scenario: this.scenario, call: this.index, transcript });
    return turn.say === undefined ? undefined : { say: turn.say, hangUp: turn.hangUp };
  }

  private note(text: string): void {
    this.context.notes.push(this.scenario.calls.length > 1 ? `call ${this.index + 1}, ${text}` : text);
  }
}

/** One turn through the session, as the text channel runs it; returns its events and the stored call. */
async function takeTurn(
  session: ConversationSession,
  text: string,
): Promise<{ events: TurnEvent[]; stored: CallState }> {
  const events: TurnEvent[] = [];
  const turn = session.respond({ text, channel: 'voice' });
  for (;;) {
    const next = await turn.next();
    if (next.done) return { events, stored: next.value };
    events.push(next.value);
  }
}

function turnRecord(call: number, line: string, events: readonly TurnEvent[], stored: CallState): TurnRecord {
  const tools: TurnRecord['tools'][number][] = [];
  let args = '';
  for (const event of events) {
    if (event.type === 'tool_call') args = event.arguments;
    if (event.type === 'tool_result')
      tools.push({ name: event.name, arguments: args, ok: event.ok, result: event.result });
  }
  return {
    call,
    line,
    sentences: events.flatMap((event) => (event.type === 'sentence' ? [event.text] : [])),
    tools,
    failovers: events.flatMap((event) =>
      event.type === 'failover' ? [`${event.from} failed (${event.reason}); the next model answered`] : [],
    ),
    claim: { ...stored.claim },
  };
}

/** A phone on the local network that remembers what happened to it. */
class RecordingPhone implements LocalPhone {
  rings = 0;
  endReason: PhoneEndReason | undefined;
  onRing: (callId: string) => void = () => undefined;
  private onConnected: ((callId: string) => void) | undefined;

  /** The id of the next call this phone is connected to. */
  nextConnection(timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the call did not connect within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.onConnected = (callId) => {
        clearTimeout(timer);
        resolve(callId);
      };
    });
  }

  ring(call: { callId: string }): void {
    this.rings += 1;
    this.onRing(call.callId);
  }

  connected(callId: string): void {
    this.onConnected?.(callId);
    this.onConnected = undefined;
  }

  ended(_callId: string, reason: PhoneEndReason): void {
    this.endReason = reason;
  }
}
