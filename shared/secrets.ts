import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * Secrets the app signs with (per-call callback secrets, report links). Configured values win. Locally
 * a missing one is generated once from the CSPRNG and kept in the data folder (mode 0600), so links
 * and callbacks keep working across restarts; where generating is not allowed (on Azure, where
 * instances must agree and disks are not shared) a missing secret stops startup with what to set.
 */

const MIN_SECRET_BYTES = 32;
const fileSchema = z.record(z.string(), z.string());

export class MissingSecretError extends Error {
  constructor(name: string, setting: string) {
    super(
      `Secret "${name}" is not configured: set ${setting} (at least ${MIN_SECRET_BYTES} random bytes, base64)`,
    );
    this.name = 'MissingSecretError';
  }
}

export interface SecretSource {
  /** The configured value (base64), if any. */
  readonly configured: string | undefined;
  /** The setting to name in the error when it is missing and cannot be generated. */
  readonly setting: string;
}

export function loadSecret(
  name: string,
  source: SecretSource,
  options: { readonly file: string; readonly mayGenerate: boolean },
): Buffer {
  if (source.configured) return decode(name, source.configured, source.setting);
  const stored = readSecretsFile(options.file);
  const existing = stored[name];
  if (existing) return decode(name, existing, options.file);
  if (!options.mayGenerate) throw new MissingSecretError(name, source.setting);
  const secret = randomBytes(MIN_SECRET_BYTES);
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  writeFileSync(options.file, JSON.stringify({ ...stored, [name]: secret.toString('base64') }, null, 2), {
    mode: 0o600,
  });
  // `mode` applies only when the file is created: one left readable by an older version is tightened.
  chmodSync(options.file, 0o600);
  return secret;
}

function readSecretsFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a JSON object of base64 secrets; delete it to regenerate`);
  return parsed.data;
}

function decode(name: string, value: string, where: string): Buffer {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new Error(
      `Secret "${name}" from ${where} is too short: use at least ${MIN_SECRET_BYTES} random bytes, base64`,
    );
  }
  return bytes;
}
