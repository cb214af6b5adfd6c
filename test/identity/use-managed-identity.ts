import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { resetAzureCredentials } from '../../shared/providers/azure-credential';
import { FakeManagedIdentity } from '../support/fake-managed-identity';

/**
 * The test file runs as the Functions app does on Azure: a (fake) App Service identity endpoint is up for
 * the whole file, and before each test the environment names it (IDENTITY_ENDPOINT + IDENTITY_HEADER) and
 * nothing else, so @azure/identity's chain can only pick the managed identity. The cached credential and
 * the recorded token requests start afresh each test; the environment is restored after it.
 */
export function useManagedIdentity(): FakeManagedIdentity {
  const identity = new FakeManagedIdentity();
  beforeAll(async () => {
    await identity.start();
  });
  afterAll(() => identity.close());
  beforeEach(() => {
    for (const [name, value] of Object.entries(identity.env)) vi.stubEnv(name, value);
    // Each of these would make the chain pick another credential (a service principal, workload
    // identity, a user-assigned identity, the older MSI endpoint) ahead of the one under test.
    for (const name of [
      'AZURE_CLIENT_SECRET',
      'AZURE_FEDERATED_TOKEN_FILE',
      'AZURE_CLIENT_ID',
      'MSI_ENDPOINT',
    ]) {
      vi.stubEnv(name, undefined);
    }
    resetAzureCredentials();
    identity.requests.length = 0;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  return identity;
}
