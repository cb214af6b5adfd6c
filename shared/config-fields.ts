import { z } from 'zod';

/**
 * The building blocks of the config's schema. Numbers and booleans arrive from env as text; the schema,
 * not a guess, decides what they become.
 */

export const envNumber = (schema: z.ZodNumber) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v)) ? Number(v) : v),
    schema,
  );
export const envBoolean = () =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    const text = v.trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    return v;
  }, z.boolean());
export const optionalText = () => z.string().trim().min(1).optional();
export const optionalUrl = () => z.url({ error: 'expected a URL like https://example.com' }).optional();

export const port = envNumber(z.number().int().min(0).max(65_535));
export const seconds = (min = 0) => envNumber(z.number().min(min));
