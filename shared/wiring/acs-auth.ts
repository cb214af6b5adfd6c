import { ConfigError, type Config } from '../config';
import type { AcsAuth } from '../providers/acs-auth';
import { azureCredential } from '../providers/azure-credential';

/**
 * How an ACS client authenticates: the connection string when one is set (local development), else the
 * resource endpoint with the app's Entra ID identity.
 */
export async function acsAuth(
  config: Config,
  connectionString: string | undefined,
  endpoint: string | undefined,
): Promise<AcsAuth> {
  if (connectionString) return { connectionString };
  if (!endpoint) throw new ConfigError(['telephony.acs.connection_string or .endpoint: required with ACS']);
  return { endpoint, credential: await azureCredential(config) };
}
