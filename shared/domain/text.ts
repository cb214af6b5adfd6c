import { z } from 'zod';

/**
 * Text a person or a program gives us (names, a task, a field's description, a typed turn) is stored
 * and read back to callers: it must be what was sent, and something a person can see. Refused rather
 * than altered: NUL and other control characters (they cut strings in C code, logs and SMS gateways),
 * lone UTF-16 surrogates (half a character: encoders turn them into U+FFFD or fail), and text made of
 * nothing but invisible characters (zero-width spaces and joiners, BOMs, soft hyphens).
 */

/** C0 controls and DEL, except tab, line feed and carriage return (a task may have lines). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const INVISIBLE = /[\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/gu;

/** Why `text` is refused, or undefined when it is fine. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters (\\u0000)';
  if (CONTROL.test(text)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain broken characters (a lone UTF-16 surrogate)';
  if (text.length > 0 && text.replace(INVISIBLE, '').length === 0) {
    return 'must contain visible characters, not only spaces or zero-width characters';
  }
  return undefined;
}

/** A trimmed, non-empty string of at most `max` characters that passes `textProblem`. */
export function textSchema(max: number) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = textProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
    })
    .trim()
    .min(1)
    .max(max);
}
