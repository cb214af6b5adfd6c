import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, dataPath, type Config } from '../config';
import type { Logger } from '../log';
import { azureCredential } from '../providers/azure-credential';
import type { SearchHttpClient } from '../providers/search/azure-search';
import { lazySearch, type DocumentSearch } from '../providers/search/search';

/** What tests may give the document search (a subset of `ServiceOverrides`). */
export interface SearchOverrides {
  /** The Azure AI Search client's HTTP transport (tests answer its REST API with it). */
  readonly searchHttpClient?: SearchHttpClient;
}

/**
 * The document search backend, opened on first search: neither the SDK nor the indexing of the docs
 * folder slows the host's start, and a process that never searches never pays for them. Undefined
 * when none is configured: the conversation then has no `search_document` tool.
 */
export function openSearch(
  config: Config,
  log: Logger,
  overrides: SearchOverrides,
): DocumentSearch | undefined {
  const { azure, docs_dir } = config.search;
  const backend = config.search.backend ?? (azure.endpoint ? 'azure' : docs_dir ? 'sqlite' : 'none');
  if (backend === 'azure') {
    const { endpoint, key, index } = azure;
    if (!endpoint || !index) {
      throw new ConfigError([
        [
          !endpoint && 'search.azure.endpoint (env AZURE_SEARCH_ENDPOINT)',
          !index && 'search.azure.index (env AZURE_SEARCH_INDEX)',
        ]
          .filter(Boolean)
          .join(', ') + ': required with the Azure AI Search backend',
      ]);
    }
    return lazySearch('azure-search', async () => {
      const { AzureDocumentSearch } = await import('../providers/search/azure-search.js');
      return new AzureDocumentSearch({
        endpoint,
        // Without a key, the app's Entra ID identity (role Search Index Data Reader).
        ...(key ? { key } : { credential: await azureCredential(config) }),
        index,
        fields: { title: azure.title_field, content: azure.content_field, source: azure.source_field },
        ...(azure.semantic_configuration ? { semanticConfiguration: azure.semantic_configuration } : {}),
        ...(azure.vector_field ? { vectorField: azure.vector_field } : {}),
        ...(overrides.searchHttpClient ? { httpClient: overrides.searchHttpClient } : {}),
        log,
      });
    });
  }
  if (backend === 'sqlite') {
    if (!docs_dir) {
      throw new ConfigError(['search.docs_dir (env SEARCH__DOCS_DIR): the folder of documents to search']);
    }
    // Checked now: a typo in the folder's name should stop startup, not fail a caller's question.
    const docsDir = resolve(docs_dir);
    if (!existsSync(docsDir) || !statSync(docsDir).isDirectory()) {
      throw new ConfigError([`search.docs_dir: no folder at ${docsDir}`]);
    }
    const indexPath = resolve(dataPath(config, config.search.sqlite_path ?? 'search.sqlite'));
    return lazySearch('sqlite-fts', async () => {
      const { SqliteFtsSearch } = await import('../providers/search/sqlite-fts.js');
      return SqliteFtsSearch.open({ docsDir, indexPath, log });
    });
  }
  return undefined;
}
