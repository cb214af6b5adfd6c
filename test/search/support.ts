import { join } from 'node:path';
import { AzureDocumentSearch } from '../../shared/providers/search/azure-search';
import type { DocumentSearch } from '../../shared/providers/search/search';
import { SqliteFtsSearch } from '../../shared/providers/search/sqlite-fts';
import { documentsOfFolder, FakeAzureSearch } from '../support/fake-azure-search';
import { makeTempDir } from '../support/tmp';

/** The documents every backend is tested over: a small insurance FAQ, one folder of it in French. */
export const DOCS_DIR = join(__dirname, '..', 'fixtures', 'docs');

export const AZURE = {
  endpoint: 'https://contoso-search.search.windows.net',
  key: 'not-a-real-query-key',
  index: 'contoso-docs',
} as const;

export interface RunningSearchBackend {
  readonly search: DocumentSearch;
  close(): Promise<void>;
}

export interface SearchFixture {
  readonly name: string;
  start(): Promise<RunningSearchBackend>;
}

/** The embedded backend over the docs folder, its index in a fresh temp dir. */
export async function startSqlite(docsDir = DOCS_DIR): Promise<RunningSearchBackend & { dir: string }> {
  const tmp = makeTempDir();
  const search = await SqliteFtsSearch.open({ docsDir, indexPath: join(tmp.dir, 'search.sqlite') });
  return {
    search,
    dir: tmp.dir,
    async close() {
      await search.close();
      tmp.remove();
    },
  };
}

/** The Azure backend through the real SDK, its HTTP answered by the fake index of the same documents. */
export function startAzure(
  options: Partial<ConstructorParameters<typeof AzureDocumentSearch>[0]> = {},
): RunningSearchBackend & { fake: FakeAzureSearch } {
  const fake = new FakeAzureSearch(AZURE.index, documentsOfFolder(DOCS_DIR));
  const search = new AzureDocumentSearch({ ...AZURE, httpClient: fake, maxRetries: 0, ...options });
  return { search, fake, close: () => search.close() };
}

export const fixtures: readonly SearchFixture[] = [
  { name: 'sqlite-fts', start: () => startSqlite() },
  { name: 'azure-search', start: async () => startAzure() },
];
