import type { TokenCredential } from '@azure/core-auth';

/**
 * How an ACS client authenticates: a connection string (`endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>`),
 * or the resource endpoint with an Entra ID credential (the app's managed identity).
 */
export interface AcsAuth {
  readonly connectionString?: string;
  readonly endpoint?: string;
  readonly credential?: TokenCredential;
}

/** The SDK client's first arguments for `auth`: the connection string, else endpoint and credential. */
export function acsClientArgs(auth: AcsAuth): [string] | [string, TokenCredential] {
  if (auth.connectionString !== undefined) return [auth.connectionString];
  if (auth.endpoint !== undefined && auth.credential !== undefined) return [auth.endpoint, auth.credential];
  throw new Error('ACS: a connection string, or an endpoint and a credential, is required');
}
