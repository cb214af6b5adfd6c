import type { SimulatedConversation } from './simulate';

/** The simulated callers' figures, by language and in total, as a table. */

interface Row {
  readonly label: string;
  readonly conversations: readonly SimulatedConversation[];
}

export interface CallerTotals {
  readonly conversations: number;
  readonly fields: number;
  readonly fieldsRight: number;
  readonly wronglyStored: number;
  readonly repeatedQuestions: number;
  readonly maxSameQuestion: number;
  readonly completed: number;
  readonly meanTurnsToCompletion: number | undefined;
  readonly meanTurns: number;
}

export function callerTotals(conversations: readonly SimulatedConversation[]): CallerTotals {
  const sum = (f: (c: SimulatedConversation) => number) => conversations.reduce((n, c) => n + f(c), 0);
  const completed = conversations.flatMap((c) => (c.turnsToCompletion === null ? [] : [c.turnsToCompletion]));
  const mean = (values: readonly number[]) =>
    values.length === 0
      ? undefined
      : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
  return {
    conversations: conversations.length,
    fields: sum((c) => c.fields),
    fieldsRight: sum((c) => c.fieldsRight),
    wronglyStored: sum((c) => c.wronglyStored),
    repeatedQuestions: sum((c) => c.repeatedQuestions),
    maxSameQuestion: Math.max(0, ...conversations.map((c) => c.maxSameQuestion)),
    completed: completed.length,
    meanTurnsToCompletion: mean(completed),
    meanTurns: mean(conversations.map((c) => c.turns)) ?? 0,
  };
}

export function formatCallerTable(conversations: readonly SimulatedConversation[]): string {
  const langs = [...new Set(conversations.map((c) => c.lang))].sort();
  const rows: Row[] = [
    ...langs.map((lang) => ({ label: lang, conversations: conversations.filter((c) => c.lang === lang) })),
    { label: 'all', conversations },
  ];
  const header = [
    'callers',
    'conversations',
    'fields right',
    'wrongly stored',
    'repeats',
    'completed',
    'turns to completion',
  ];
  const cells = rows.map(({ label, conversations: list }) => {
    const t = callerTotals(list);
    const percent = t.fields === 0 ? 0 : Math.round((t.fieldsRight / t.fields) * 1000) / 10;
    return [
      label,
      String(t.conversations),
      `${t.fieldsRight}/${t.fields} (${percent} %)`,
      String(t.wronglyStored),
      `${t.repeatedQuestions} (max ${t.maxSameQuestion})`,
      `${t.completed}/${t.conversations}`,
      `${t.meanTurnsToCompletion ?? '-'} (of ${t.meanTurns} turns)`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
