import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runContext } from '../bench/run-context';
import type { ScenarioResult, Totals } from './evaluate';

/**
 * What `npm run evals` shows and keeps: a table with one row per scenario, what went wrong in each,
 * the total; and the same, with every transcript, as JSON in evals/results/ with the agent, machine,
 * Node version, date and git commit.
 */

export function formatTable(results: readonly ScenarioResult[], total: Totals): string {
  const header = [
    'scenario',
    'status',
    'claim',
    'tools',
    'never stored',
    'wrongly stored',
    'repeats',
    'end',
    'turns',
    'score',
    'time',
  ];
  const rows = results.map((result) => {
    const s = result.score;
    const toolViolations = s ? s.missingTools.length + s.forbiddenTools.length : undefined;
    return [
      result.name,
      result.status,
      s ? `${s.claim.filter((c) => c.right).length}/${s.claim.length}` : '',
      s ? (toolViolations === 0 ? `ok (${s.toolExpectations})` : `${toolViolations} violation(s)`) : '',
      s ? (s.neverStored === 0 ? '-' : `${s.neverStored - s.stored.length}/${s.neverStored}`) : '',
      s ? String(s.wronglyStored.length) : '',
      s ? `${s.repeatedQuestions} (max ${s.maxSameQuestion})` : '',
      s ? s.ends.map((e) => `${e.actual}${e.right ? '' : ` (want ${e.expected})`}`).join(', ') : '',
      s ? `${s.turnsToCompletion ?? '-'} / ${s.turns}` : '',
      s ? `${s.points}/${s.maxPoints}` : result.status === 'skipped' ? '' : `0/${result.maxPoints}`,
      result.status === 'skipped' ? '' : `${(result.durationMs / 1000).toFixed(1)} s`,
    ];
  });
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const counts = Object.entries(total.byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `Total: ${total.points}/${total.maxPoints} points (${total.percent} %) over ${total.scenarios} scenarios: ${counts}.`,
    `Fields right ${total.fieldsRight}/${total.fields}; free text wrongly stored ${total.wronglyStored}; ` +
      `repeated questions ${total.repeatedQuestions} (one question at most ${total.maxSameQuestion} times); ` +
      `turns to completion ${total.meanTurnsToCompletion ?? '-'} on average.`,
    'claim: fields right/expected; wrongly stored: values stored on a line that answers nothing; repeats: bot turns',
    'ending on a question already asked in the call (max: the most times one was asked); turns: turn after which',
    'every expected field was right / caller turns said.',
  ].join('\n');
}

/** Why each scenario lost points, and what else was noticed; nothing for a perfect one. */
export function formatDetails(results: readonly ScenarioResult[]): string {
  const blocks = results.flatMap((result) => {
    const lines: string[] = [];
    if (result.expectedToFail)
      lines.push(`expected to fail with the offline agent: ${result.expectedToFail}`);
    if (result.status === 'surprise pass') lines.push('SURPRISE: it passed; update offline: in its YAML');
    if (result.skipped) lines.push(`skipped: ${result.skipped}`);
    if (result.error) lines.push(`ERROR: ${result.error.split('\n').slice(0, 4).join('\n  ')}`);
    const s = result.score;
    for (const check of s?.claim ?? []) {
      if (!check.right)
        lines.push(`claim ${check.field}: got ${show(check.actual)}, want ${show(check.expected)}`);
    }
    for (const hit of s?.stored ?? []) lines.push(`stored "${hit.text}" in ${hit.field} at turn ${hit.turn}`);
    for (const hit of s?.wronglyStored ?? [])
      lines.push(`wrongly stored ${JSON.stringify(hit.value)} in ${hit.field} at turn ${hit.turn}`);
    for (const tool of s?.missingTools ?? []) lines.push(`expected tool never called: ${tool}`);
    for (const hit of s?.forbiddenTools ?? [])
      lines.push(`forbidden tool called at turn ${hit.turn}: ${hit.tool}`);
    for (const end of s?.ends ?? []) {
      if (!end.right) lines.push(`call ${end.call + 1} ended ${end.actual}, want ${end.expected}`);
    }
    const unsaid = result.run?.calls.reduce((n, call) => n + call.unsaid, 0) ?? 0;
    if (unsaid > 0) lines.push(`${unsaid} caller line(s) never said: the call was over`);
    for (const note of result.run?.notes ?? []) lines.push(`note: ${note}`);
    return lines.length === 0
      ? []
      : [`${result.name} (${result.status})\n${lines.map((l) => `  ${l}`).join('\n')}`];
  });
  return blocks.join('\n');
}

/** The conversation as it went: for --verbose, and to read why a scenario failed. */
export function formatTranscript(result: ScenarioResult): string {
  const run = result.run;
  if (!run) return `${result.name}: no transcript (${result.status})`;
  const lines = [`== ${result.name} (${run.models.join(' → ')})`];
  run.calls.forEach((call, index) => {
    lines.push(`-- call ${index + 1}${call.resumed ? ' (resumed)' : ''}: ${call.end}, ${call.lifecycle}`);
    lines.push(`Bot: ${call.greeting}`);
    for (const turn of run.turns.filter((t) => t.call === index)) {
      lines.push(`You: ${turn.line}`);
      for (const tool of turn.tools)
        lines.push(`  [${tool.name} ${tool.arguments} → ${tool.ok ? 'ok' : 'refused'}]`);
      if (turn.sentences.length > 0) lines.push(`Bot: ${turn.sentences.join(' ')}`);
    }
  });
  lines.push(`Claim: ${JSON.stringify(run.claim)}`);
  return lines.join('\n');
}

function show(value: unknown): string {
  return value === null ? 'nothing' : JSON.stringify(value);
}

export interface ResultsFile {
  readonly agent: { readonly kind: string; readonly models: readonly string[]; readonly caller?: string };
  readonly options: Record<string, unknown>;
  readonly total: Totals;
  readonly results: readonly ScenarioResult[];
  /** The model-free simulated callers, when played. */
  readonly callers?: { readonly totals: unknown; readonly conversations: readonly unknown[] };
}

/** Writes the results next to the earlier ones; returns the file's path. */
export function writeResults(dir: string, contents: ResultsFile, suffix: string): string {
  mkdirSync(dir, { recursive: true });
  const context = runContext();
  const file = join(dir, `${context.date.replace(/[:.]/g, '-')}-${contents.agent.kind}${suffix}.json`);
  const document = {
    ...context,
    agent: contents.agent,
    options: contents.options,
    total: contents.total,
    scenarios: contents.results,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
