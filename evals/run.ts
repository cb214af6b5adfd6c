import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../shared/config';
import { AGENT_KINDS, createAgent, modelEnv, UsageError, type AgentKind } from './agents';
import { evaluate, totals } from './evaluate';
import { formatDetails, formatTable, formatTranscript, writeResults } from './report';
import { loadScenarios, ScenarioError } from './scenario';
import { createSimulatedCaller, type SimulatedCaller } from './simulated-caller';
import { simulateCallers } from './caller-sim/simulate';
import { callerTotals, formatCallerTable } from './caller-sim/summary';

/** Model-free simulated callers played by default with the offline agent. */
const DEFAULT_CALLERS = 240;

/**
 * `npm run evals`: plays the conversation scenarios of evals/scenarios/ through the whole call
 * lifecycle against an agent, scores them, prints a table and writes the results to evals/results/.
 * Exits non-zero only when a scenario crashed (or the command or a scenario file is wrong), never on
 * a low score: the figures are for people to read, not a gate.
 */

const HELP = `Usage: npm run evals -- [options]

  --agent offline|scripted|configured   who answers (default offline):
        offline     the rule-based offline agent, as with no model configured
        scripted    the replies scripted in each scenario, from a local OpenAI-compatible server (SSE)
        configured  the model of OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL or AZURE_OPENAI_*
  --scenario <name>   only this scenario (file name without .yaml); repeat for several
  --quick             only the scenarios marked quick: true
  --simulate          a model plays the caller from each scenario's persona and facts instead of its
                      lines; needs a configured model (EVALS_CALLER_MODEL picks another model for it)
  --callers <n>       then play <n> model-free simulated callers drawn from the scenarios (languages,
                      order, phrasing, noise, questions, jailbreaks) against the offline agent; default
                      240 with the offline agent and every scenario, else 0
  --verbose           print every conversation
  -h, --help          this help`;

/** Where the sources live: this file runs from dist/evals/. */
const ROOT = resolve(__dirname, '../..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      agent: { type: 'string', default: 'offline' },
      scenario: { type: 'string', multiple: true, default: [] },
      quick: { type: 'boolean', default: false },
      simulate: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      callers: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const kind = values.agent as AgentKind;
  if (!AGENT_KINDS.includes(kind)) throw new UsageError(`--agent must be one of ${AGENT_KINDS.join(', ')}`);
  if (values.simulate && kind === 'scripted') {
    throw new UsageError('--simulate plays the caller freely: a scripted agent cannot answer it');
  }

  const all = loadScenarios(resolve(ROOT, 'evals/scenarios'), values.scenario);
  const scenarios = values.quick ? all.filter((scenario) => scenario.quick) : all;
  const caller = values.simulate ? simulatedCaller() : undefined;
  const agent = await createAgent(kind);
  let results;
  try {
    console.log(
      `Evaluating ${scenarios.length} scenario(s) against the ${kind} agent${caller ? `, ${caller.name} playing the caller` : ''}.`,
    );
    results = await evaluate(scenarios, {
      agent,
      ...(caller ? { caller } : {}),
      onResult: (result) => {
        if (values.verbose) console.log(`\n${formatTranscript(result)}`);
        else process.stdout.write(result.status === 'error' ? 'E' : '.');
      },
    });
  } finally {
    await agent.close();
  }

  const total = totals(results);
  console.log(`\n\n${formatTable(results, total)}`);
  const details = formatDetails(results);
  if (details) console.log(`\n${details}`);

  const callerCount =
    values.callers !== undefined
      ? Number(values.callers)
      : kind === 'offline' && values.scenario.length === 0 && !values.quick
        ? DEFAULT_CALLERS
        : 0;
  if (!Number.isInteger(callerCount) || callerCount < 0)
    throw new UsageError('--callers must be a whole number');
  const simulated = callerCount > 0 ? await simulateCallers(all, callerCount) : [];
  if (simulated.length > 0) {
    console.log(
      `\nSimulated callers (no model; the offline agent answers):\n${formatCallerTable(simulated)}`,
    );
    const missed = simulated
      .filter((c) => c.wrong.length > 0 || c.wronglyStored > 0)
      .slice(0, values.verbose ? 50 : 5);
    for (const c of missed) console.log(`  ${c.scenario} (${c.lang}): ${[...c.wrong].join('; ')}`);
  }
  const models = results.find((result) => result.run)?.run?.models ?? [];
  const file = writeResults(
    resolve(ROOT, 'evals/results'),
    {
      agent: { kind, models, ...(caller ? { caller: caller.name } : {}) },
      options: { scenarios: values.scenario, quick: values.quick, simulate: values.simulate },
      total,
      results,
      ...(simulated.length > 0
        ? { callers: { totals: callerTotals(simulated), conversations: simulated } }
        : {}),
    },
    `${values.quick ? '-quick' : ''}${values.simulate ? '-simulated' : ''}`,
  );
  console.log(`\nResults written to ${file}`);
  return total.byStatus.error > 0 ? 1 : 0;
}

/** The caller's model: the configured endpoint, with EVALS_CALLER_MODEL as its model when set. */
function simulatedCaller(): SimulatedCaller {
  const config = loadConfig({ env: modelEnv(process.env), cwd: __dirname });
  const { endpoint, api_key, model, azure_api_version } = config.llm.fast;
  if (!endpoint) {
    throw new UsageError(
      '--simulate needs a model to play the caller: set OPENAI_BASE_URL (and OPENAI_API_KEY, OPENAI_MODEL) or AZURE_OPENAI_ENDPOINT',
    );
  }
  return createSimulatedCaller({
    endpoint,
    model: process.env.EVALS_CALLER_MODEL || model || 'gpt-4.1-mini',
    ...(api_key ? { apiKey: api_key } : {}),
    ...(azure_api_version ? { azureApiVersion: azure_api_version } : {}),
  });
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof ScenarioError || error instanceof UsageError || error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
