import type { TokenCredential } from '@azure/core-auth';
import type { Config } from '../config';

/**
 * The app's Entra ID identity, for every Azure backend configured with an endpoint and no key. One
 * credential per process (its token cache is shared by all clients): `DefaultAzureCredential`, which is
 * the managed identity on Azure (App Service / Functions: `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`), and
 * the developer's `az login` / `azd auth login` on a workstation. `identity.client_id` (env
 * `AZURE_CLIENT_ID`) picks a user-assigned identity; without it, the system-assigned one.
 *
 * @azure/identity is loaded on first use only: the local host, which uses no Azure service, never pays
 * for it at start-up.
 */

/** Scope of Azure OpenAI and AI Services data-plane tokens. */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

const credentials = new Map<string, Promise<TokenCredential>>();

export function azureCredential(config: Config): Promise<TokenCredential> {
  const clientId = config.identity.client_id ?? '';
  let credential = credentials.get(clientId);
  if (!credential) {
    credential = import('@azure/identity').then(
      ({ DefaultAzureCredential }) =>
        new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {}),
    );
    credentials.set(clientId, credential);
  }
  return credential;
}

/**
 * A bearer token for `scope`, refreshed before it expires (the shape `azureADTokenProvider` of the
 * openai client, and the speech providers' token option, take). Synchronous to build, so that code
 * that builds clients synchronously can use it; the credential is only created on the first token.
 */
export function azureTokenProvider(config: Config, scope: string): () => Promise<string> {
  let provider: Promise<() => Promise<string>> | undefined;
  return async () => {
    provider ??= Promise.all([azureCredential(config), import('@azure/identity')]).then(
      ([credential, { getBearerTokenProvider }]) => getBearerTokenProvider(credential, scope),
    );
    return (await provider)();
  };
}

/** Forgets the credentials built so far (tests that change the identity environment). */
export function resetAzureCredentials(): void {
  credentials.clear();
}
