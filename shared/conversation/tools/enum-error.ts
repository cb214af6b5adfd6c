/**
 * The message of an enum argument the model got wrong: what it sent and the values it may use, so the
 * next call can be right.
 */
export function enumError(what: string, values: readonly string[]): (issue: { input?: unknown }) => string {
  return (issue) => {
    const choices = `use one of ${values.join(', ')}`;
    return issue.input === undefined
      ? `is missing; ${choices}`
      : `${JSON.stringify(issue.input)} is not ${what}; ${choices}`;
  };
}
