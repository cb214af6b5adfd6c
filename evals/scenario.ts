import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { createTools } from '../shared/conversation/tools';
import { newCall } from '../shared/domain/call';
import { validateClaimValue, type ClaimField } from '../shared/domain/claim';
import { callInitiateSchema, callRequestSchema, type CallInitiate } from '../shared/domain/initiate';
import { NON_ANSWER_KINDS } from './conversation-metrics';

/**
 * A conversation scenario: who calls, what the bot is asked to do (the call request), what the caller
 * says, call by call, and what must be true at the end (claim values, tools called or not, how the
 * call ended). One YAML file per scenario in evals/scenarios/; the file name is the scenario's name.
 * A file that does not validate is refused with its path and the offending field.
 */

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;

/** YAML reads +33612345678 and 0612 as numbers: say so rather than "expected string". */
const text = (what = 'text') =>
  z.unknown().transform((value, ctx) => {
    if (typeof value === 'string' && value.trim() !== '') return value;
    const hint =
      typeof value === 'number'
        ? ' (YAML read a number: put the value in quotes)'
        : isObject(value) && !Array.isArray(value)
          ? ' (YAML read "key: value": put text containing ": " in quotes)'
          : '';
    ctx.addIssue({ code: 'custom', message: `expected ${what}${hint}` });
    return z.NEVER;
  });

/** The model's answer to one request of a turn, for `--agent scripted`: words, tool calls, or both. */
const scriptedReplySchema = z
  .strictObject({
    say: text().optional(),
    /** Claim values to store, by field: `updated_claim`, the tool models call most, in short. */
    store: z.record(z.string(), text('a claim value')).optional(),
    /** Other tool calls by name, in order, each with its arguments: `{ end_call: {} }`. */
    tools: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .refine((reply) => reply.say !== undefined || reply.store !== undefined || reply.tools !== undefined, {
    error: 'a scripted reply needs say, store, tools, or several of them',
  });
export type ScriptedReply = z.infer<typeof scriptedReplySchema>;

/**
 * Picks the schema by the value's shape (text or object), so that a mistake is reported at its field
 * with what is wrong, rather than as a union's "Invalid input".
 */
function byShape<T>(pick: (value: unknown) => z.ZodType<T> | string) {
  return z.unknown().transform((value, ctx): T => {
    const schema = pick(value);
    if (typeof schema === 'string') {
      ctx.addIssue({ code: 'custom', message: schema });
      return z.NEVER;
    }
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });
}

/** One caller line: the words, and for `--agent scripted` what the model answers to them. */
const lineObjectSchema = z.strictObject({
  say: text('a caller line'),
  /** What the line is when it answers nothing: a value stored on it is counted as wrongly stored. */
  kind: z.enum(NON_ANSWER_KINDS, { error: `must be one of ${NON_ANSWER_KINDS.join(', ')}` }).optional(),
  scripted: z.array(scriptedReplySchema).min(1).optional(),
});
const lineSchema = byShape((value) => {
  if (!isObject(value)) {
    return text('a caller line').transform((say) => ({ say, kind: undefined, scripted: undefined }));
  }
  if ('say' in value) return lineObjectSchema;
  return 'expected a caller line (YAML read "key: value": put text containing ": " in quotes)';
});
export type Line = z.infer<typeof lineSchema>;

/** "2h", "30m", "1d": how long after the previous call (or the scenario's clock) a call takes place. */
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const durationSchema = z
  .string()
  .regex(/^\d+[mhd]$/, { error: 'expected a duration like 30m, 2h or 1d' })
  .transform((value) => Number(value.slice(0, -1)) * UNIT_MS[value.slice(-1) as keyof typeof UNIT_MS]);

export const ENDS = ['transferred', 'ended', 'still open'] as const;
export type End = (typeof ENDS)[number];
const endSchema = z.enum(ENDS, { error: `must be one of ${ENDS.join(', ')}` });

const callSchema = z.strictObject({
  /**
   * caller: the caller dials the bot on the local phone network, as `npm run chat` does (within the
   * callback window, it resumes their last call). bot: the call request is placed as `POST /api/call`
   * does, and the caller's phone answers.
   */
  placed_by: z.enum(['caller', 'bot']).default('caller'),
  after: durationSchema.default(0),
  lines: z.array(lineSchema).min(1),
  /** How this call must end; the last call's is `expect.end`. */
  end: endSchema.optional(),
  /** With `--simulate`: what the simulated caller does on this call. */
  simulate_note: text().optional(),
});
export type ScenarioCall = z.infer<typeof callSchema>;

/** What a claim value must be: equal (once normalised by its type), contain words, one of several, or empty. */
const words = byShape<string | string[]>((value) => (Array.isArray(value) ? z.array(text()).min(1) : text()));
const containsSchema = z.strictObject({ contains: words });
const oneOfSchema = z.strictObject({ one_of: z.array(text()).min(1) });
const expectedValueSchema = byShape<
  string | null | z.infer<typeof containsSchema> | z.infer<typeof oneOfSchema>
>((value) => {
  if (value === null) return z.null();
  if (!isObject(value)) return text('a claim value');
  if ('contains' in value) return containsSchema;
  if ('one_of' in value) return oneOfSchema;
  return 'expected a value, null (must stay empty), { contains: [...] } or { one_of: [...] }';
});
export type ExpectedValue = z.infer<typeof expectedValueSchema>;

/** A tool by name, or by name with arguments it must have been called with (a subset). */
const toolWithSchema = z.strictObject({ name: text('a tool name'), with: z.record(z.string(), z.unknown()) });
const toolExpectationSchema = byShape<string | z.infer<typeof toolWithSchema>>((value) =>
  isObject(value) ? toolWithSchema : text('a tool name'),
);
export type ToolExpectation = z.infer<typeof toolExpectationSchema>;

/**
 * The call request as `POST /api/call` takes it (its phone_number is `caller.phone`): every key the API
 * accepts, validated by the API's own schema once the file is read (languages and voices included).
 */
const requestSchema = z
  .strictObject({
    bot_company: z.string().default('Contoso'),
    bot_name: z.string().default('Amélie'),
    agent_phone_number: text('a phone number').default('+14255550100'),
    task: z.string().optional(),
    claim: z.array(z.unknown()).optional(),
    lang: z.unknown().optional(),
    prosody_rate: z.unknown().optional(),
  })
  .prefault({});

export const scenarioSchema = z
  .strictObject({
    description: text(),
    /** In the `--quick` set. */
    quick: z.boolean().default(false),
    caller: z.strictObject({ phone: text('a phone number') }),
    /** The conversation's clock: "yesterday" and the call-back time are read against it. */
    now: z.iso.datetime({ offset: true }).default('2026-11-23T10:00:00Z'),
    /** The language the bot starts in. */
    lang: z.string().default('en-US'),
    request: requestSchema,
    calls: z.array(callSchema).min(1),
    expect: z.strictObject({
      claim: z.record(z.string(), expectedValueSchema).default({}),
      /** Words that must never be stored in any claim field, at any turn (a jailbreak, an insult). */
      never_stored: z.array(text()).default([]),
      tools: z
        .strictObject({
          called: z.array(toolExpectationSchema).default([]),
          not_called: z.array(toolExpectationSchema).default([]),
        })
        .prefault({}),
      end: endSchema,
    }),
    /** A scenario the offline agent cannot pass stays, marked with why. */
    offline: z.literal('expected_to_fail', { error: 'the only value is expected_to_fail' }).optional(),
    offline_reason: text().optional(),
    /** For `--simulate`: a model plays the caller from this, in its own words. */
    simulate: z
      .strictObject({
        persona: text(),
        facts: z.array(text()).min(1),
        max_turns: z.number().int().min(1).max(60).default(16),
      })
      .optional(),
  })
  .superRefine((scenario, ctx) => {
    const last = scenario.calls.length - 1;
    if (scenario.calls[last]?.end !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['calls', last, 'end'],
        message: 'the last call ends as expect.end says',
      });
    }
    if (scenario.offline && !scenario.offline_reason) {
      ctx.addIssue({ code: 'custom', path: ['offline_reason'], message: 'say why the offline agent fails' });
    }
    const scripted = scenario.calls.flatMap((call, c) => call.lines.map((line, l) => ({ line, c, l })));
    if (scripted.some(({ line }) => line.scripted) && !scripted.every(({ line }) => line.scripted)) {
      const first = scripted.find(({ line }) => !line.scripted);
      ctx.addIssue({
        code: 'custom',
        path: ['calls', first?.c ?? 0, 'lines', first?.l ?? 0, 'scripted'],
        message: 'some lines are scripted: script every line, or none',
      });
    }
  });

export type ScenarioSpec = z.infer<typeof scenarioSchema>;

/** A validated scenario, with its name and the call request it places. */
export interface Scenario extends ScenarioSpec {
  readonly name: string;
  readonly path: string;
  readonly initiate: CallInitiate;
}

export class ScenarioError extends Error {
  constructor(
    readonly path: string,
    readonly problems: readonly string[],
  ) {
    super(`${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

/** The scenarios of a folder, sorted by name; `names` picks some (an unknown name is an error). */
export function loadScenarios(dir: string, names: readonly string[] = []): Scenario[] {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort();
  const byName = new Map(files.map((file) => [basename(file, '.yaml'), join(dir, file)]));
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    throw new ScenarioError(dir, [
      `no scenario named ${unknown.join(', ')} (there are: ${[...byName.keys()].join(', ')})`,
    ]);
  }
  const picked = names.length > 0 ? names.map((name) => byName.get(name) as string) : [...byName.values()];
  return picked.map((path) => loadScenario(path));
}

export function loadScenario(path: string): Scenario {
  return parseScenario(readFileSync(path, 'utf8'), path);
}

/** Parses and validates one scenario's YAML; `path` names it in errors. */
export function parseScenario(source: string, path: string): Scenario {
  const document = parseDocument(source, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ScenarioError(
      path,
      document.errors.map((error) => `YAML: ${error.message}`),
    );
  }
  const parsed = scenarioSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw new ScenarioError(
      path,
      parsed.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`),
    );
  }
  const scenario = parsed.data;
  const problems: string[] = [];
  const initiate = callInitiate(scenario, problems);
  if (initiate) checkAgainstRequest(scenario, initiate, problems);
  // Inbound calls take the bot, the task and the agent from the config, but always the default claim
  // and language: a caller who dials in cannot get a custom one.
  const inboundDefaults =
    scenario.request.claim === undefined &&
    scenario.request.lang === undefined &&
    scenario.request.prosody_rate === undefined &&
    scenario.lang === 'en-US';
  if (scenario.calls[0]?.placed_by === 'caller' && !inboundDefaults) {
    problems.push(
      'calls[0].placed_by: a caller dialling in gets the inbound default claim and language; use placed_by: bot ' +
        '(the call request placed as POST /api/call does) for a custom claim or language',
    );
  }
  if (problems.length > 0 || !initiate) throw new ScenarioError(path, problems);
  return { ...scenario, name: basename(path, '.yaml'), path, initiate };
}

/** `calls[0].lines[2].say`, as people read a path. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(the whole file)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** The call request the scenario describes, validated as `POST /api/call` validates it. */
function callInitiate(scenario: ScenarioSpec, problems: string[]): CallInitiate | undefined {
  const { request } = scenario;
  const body = {
    bot_company: request.bot_company,
    bot_name: request.bot_name,
    phone_number: scenario.caller.phone,
    agent_phone_number: request.agent_phone_number,
    ...(request.task !== undefined ? { task: request.task } : {}),
    ...(request.claim !== undefined ? { claim: request.claim } : {}),
    ...(request.prosody_rate !== undefined ? { prosody_rate: request.prosody_rate } : {}),
    // `request.lang` as the API takes it (available languages, voices); else the scenario's `lang`.
    lang: request.lang ?? { default_short_code: scenario.lang },
  };
  const parsed = callRequestSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, ...rest] = issue.path;
      const where =
        first === 'phone_number'
          ? 'caller.phone'
          : first === 'lang' && scenario.request.lang === undefined
            ? 'lang'
            : fieldPath(['request', first ?? '', ...rest]);
      problems.push(`${where}: ${issue.message}`);
    }
    return undefined;
  }
  return callInitiateSchema.parse(body);
}

/** Expectations and scripts name fields and tools of this call: a typo is an error, not a zero. */
function checkAgainstRequest(scenario: ScenarioSpec, initiate: CallInitiate, problems: string[]): void {
  const fields = new Map(initiate.claim.map((field) => [field.name, field]));
  for (const [name, expected] of Object.entries(scenario.expect.claim)) {
    const field = fields.get(name);
    if (!field) {
      problems.push(`expect.claim.${name}: not a field of this claim (${[...fields.keys()].join(', ')})`);
      continue;
    }
    const invalid = invalidExpectation(field, expected);
    if (invalid) problems.push(`expect.claim.${name}: ${invalid}`);
  }
  const tools = new Map(
    createTools(newCall(initiate, randomUUID(), new Date())).map((tool) => [tool.name, tool]),
  );
  const checkTool = (name: string, where: string, args?: unknown) => {
    const tool = tools.get(name);
    if (!tool) return problems.push(`${where}: no tool named ${name} (${[...tools.keys()].join(', ')})`);
    if (args === undefined) return;
    // Scripted arguments the tool would refuse are a mistake in the script, not a test of the model.
    const parsed = tool.parameters.safeParse(args);
    for (const issue of parsed.error?.issues ?? []) {
      problems.push(`${fieldPath([where, ...issue.path])}: ${issue.message}`);
    }
  };
  for (const kind of ['called', 'not_called'] as const) {
    scenario.expect.tools[kind].forEach((tool, i) =>
      checkTool(typeof tool === 'string' ? tool : tool.name, `expect.tools.${kind}[${i}]`),
    );
  }
  scenario.calls.forEach((call, c) =>
    call.lines.forEach((line, l) =>
      line.scripted?.forEach((reply, r) => {
        const where = `calls[${c}].lines[${l}].scripted[${r}]`;
        for (const name of Object.keys(reply.store ?? {})) {
          if (!fields.has(name)) problems.push(`${where}.store.${name}: not a field of this claim`);
        }
        for (const [name, args] of Object.entries(reply.tools ?? {})) {
          checkTool(name, `${where}.tools.${name}`, args);
        }
      }),
    ),
  );
}

/** Why an exact expected value could never be stored in that field (a phone number that is not one...). */
function invalidExpectation(field: ClaimField, expected: ExpectedValue): string | undefined {
  if (typeof expected !== 'string' || field.type === 'text') return undefined;
  const result = validateClaimValue(field.type, expected);
  return result.ok ? undefined : `${result.message} (a ${field.type} field)`;
}
