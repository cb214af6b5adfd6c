/**
 * A small structured logger. One line per event: time, level, message, then key=value fields.
 * Fields are the caller's responsibility to keep free of PII: pass ids and masked numbers
 * (`maskPhone`), never claim values, transcripts or full phone numbers.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export type LogSink = (line: string, level: LogLevel) => void;

const consoleSink: LogSink = (line, level) =>
  (level === 'error' || level === 'warn' ? console.error : console.log)(line);

export function createLogger(
  level: LogLevel = 'info',
  sink: LogSink = consoleSink,
  base: LogFields = {},
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const write = (at: LogLevel, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(at) < threshold) return;
    const all = { ...base, ...fields };
    const rendered = Object.entries(all)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${formatValue(value)}`)
      .join(' ');
    sink(
      `${new Date().toISOString()} ${at.toUpperCase().padEnd(5)} ${message}${rendered ? ` ${rendered}` : ''}`,
      at,
    );
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(level, sink, { ...base, ...fields }),
  };
}

function formatValue(value: string | number | boolean | null | undefined): string {
  const text = String(value);
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

/** A logger that drops everything: for tests that do not look at logs. */
export const silentLogger: Logger = createLogger('error', () => undefined);
