import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config';
import { silentLogger } from '../../shared/log';
import { OutboxSmsSender } from '../../shared/providers/sms/outbox';
import { createServices, type Services } from '../../shared/services';
import { documentsOfFolder, FakeAzureSearch } from '../support/fake-azure-search';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../support/scripted-llm-server';
import { makeTempDir } from '../support/tmp';
import { AZURE, DOCS_DIR } from './support';

/**
 * Document search as configured: which backend serves it, that nothing is opened before the first
 * search, and a caller's text answered from the documents through the real local host.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function services(env: Record<string, string>, overrides: { fake?: FakeAzureSearch } = {}) {
  const tmp = makeTempDir();
  cleanups.push(() => tmp.remove());
  const config = loadConfig({ env: { DATA_DIR: tmp.dir, ...env }, cwd: tmp.dir });
  const created: Services = await createServices(config, {
    log: silentLogger,
    ...(overrides.fake ? { searchHttpClient: overrides.fake } : {}),
  });
  cleanups.push(() => created.close());
  return { services: created, dataDir: tmp.dir };
}

function configProblems(env: Record<string, string>): Promise<string[]> {
  return services(env).then(
    () => {
      throw new Error('expected a ConfigError');
    },
    (error: unknown) => {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    },
  );
}

describe('document search configuration', () => {
  it('is off when nothing is configured: no backend, and the health page names none', async () => {
    const { services: none } = await services({});
    expect(none.search).toBeUndefined();
    expect(none.ports).not.toHaveProperty('search');
  });

  it('indexes the docs folder into the data folder, on the first search and not before', async () => {
    const { services: local, dataDir } = await services({ SEARCH__DOCS_DIR: DOCS_DIR });
    expect(local.search?.kind).toBe('sqlite-fts');
    expect(local.ports.search).toBe('sqlite-fts');
    expect(existsSync(join(dataDir, 'search.sqlite'))).toBe(false);
    const [hit] = (await local.search?.search('tow truck')) ?? [];
    expect(hit?.source).toBe('roadside-assistance.txt');
    expect(existsSync(join(dataDir, 'search.sqlite'))).toBe(true);
  });

  it('searches Azure AI Search when its endpoint, key and index are set by their well-known names', async () => {
    const fake = new FakeAzureSearch(AZURE.index, documentsOfFolder(DOCS_DIR));
    const { services: azure } = await services(
      {
        AZURE_SEARCH_ENDPOINT: AZURE.endpoint,
        AZURE_SEARCH_API_KEY: AZURE.key,
        AZURE_SEARCH_INDEX: AZURE.index,
        AZURE_SEARCH_SEMANTIC_CONFIGURATION: 'docs-semantic',
        SEARCH__DOCS_DIR: DOCS_DIR, // Azure wins when both are set
      },
      { fake },
    );
    expect(azure.ports.search).toBe('azure-search');
    expect(fake.requests).toEqual([]);
    const [hit] = (await azure.search?.search('refunded')) ?? [];
    expect(hit?.source).toBe('payments.md');
    expect(fake.requests[0]?.headers['api-key']).toBe(AZURE.key);
    expect(fake.requests[0]?.body).toMatchObject({
      queryType: 'semantic',
      semanticConfiguration: 'docs-semantic',
    });
  });

  it('can be turned off while configured', async () => {
    const { services: off } = await services({ SEARCH__DOCS_DIR: DOCS_DIR, SEARCH__BACKEND: 'none' });
    expect(off.search).toBeUndefined();
  });

  it('stops startup on a docs folder that is not there, or an Azure index half configured', async () => {
    expect(await configProblems({ SEARCH__DOCS_DIR: '/nonexistent/docs' })).toEqual([
      'search.docs_dir: no folder at /nonexistent/docs',
    ]);
    expect(await configProblems({ SEARCH__BACKEND: 'sqlite' })).toEqual([
      'search.docs_dir (env SEARCH__DOCS_DIR): the folder of documents to search',
    ]);
    expect(await configProblems({ AZURE_SEARCH_ENDPOINT: AZURE.endpoint })).toEqual([
      // No key is fine (the app's identity reads), no index is not.
      'search.azure.index (env AZURE_SEARCH_INDEX): required with the Azure AI Search backend',
    ]);
  });
});

describe('document search on the local host', () => {
  let host: RunningLocalHost;
  let llm: ScriptedLlmServer;
  const outbox = new OutboxSmsSender();
  beforeAll(async () => {
    llm = await startScriptedLlmServer();
    host = await startLocalHost(
      { search: { docs_dir: DOCS_DIR }, llm: { fast: { endpoint: llm.baseUrl, api_key: 'k', model: 'm' } } },
      { sms: outbox },
    );
  });
  afterAll(async () => {
    await host?.close();
    await llm?.close();
  });

  it('names the backend on the health page', async () => {
    const health = (await (await fetch(`${host.baseUrl}/api/health`)).json()) as { ports: object };
    expect(health.ports).toMatchObject({ search: 'sqlite-fts' });
  });

  it('answers a text from the documents', async () => {
    const from = '+33655440011';
    llm.enqueue(
      { toolCalls: [{ name: 'search_document', arguments: { query: 'chip repair cost' } }] },
      { content: 'A small chip is repaired for free.' },
    );
    const response = await fetch(`${host.baseUrl}/api/events/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: randomUUID(),
          subject: `/phonenumber/${from}`,
          eventType: 'Microsoft.Communication.SMSReceived',
          eventTime: new Date().toISOString(),
          dataVersion: '1.0',
          data: { MessageId: randomUUID(), From: from, To: '+14255550100', Message: 'Do I pay for a chip?' },
        },
      ]),
    });
    expect(response.status).toBe(200);
    expect(outbox.messagesTo(from).map((m) => m.body)).toEqual(['A small chip is repaired for free.']);
    const toolResult = llm.requests.at(-1)?.body.messages.at(-1);
    expect(toolResult).toMatchObject({ role: 'tool' });
    expect(String(toolResult?.content)).toMatch(/\[1\] Windshield and glass › Chip repair \(glass\.md\)/);
  });
});
