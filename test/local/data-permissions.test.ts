import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { silentLogger } from '../../shared/log';
import { SqliteFtsSearch } from '../../shared/providers/search/sqlite-fts';
import { startLocalHost } from '../../local/host';
import { EXAMPLE_REQUEST } from '../support/calls';
import { makeTempDir } from '../support/tmp';

/**
 * Call data is personal: the data folder is the owner's only (0700) and every file in it 0600, the
 * SQLite database with its WAL and SHM, the generated secrets and the search index, including files an
 * older version left readable.
 */

const mode = (path: string) => statSync(path).mode & 0o777;

it('keeps the data folder 0700 and its files 0600, and tightens ones left readable', async () => {
  const tmp = makeTempDir();
  const dataDir = join(tmp.dir, 'data');
  try {
    // What an older version left: a world-readable folder and database.
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'callcenter.sqlite'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'callcenter.sqlite'), 0o644);

    const source = {
      env: {},
      cwd: tmp.dir,
      overrides: { data_dir: dataDir },
    };
    const host = await startLocalHost(loadConfig(source), {
      log: silentLogger,
      configSource: source,
      port: 0,
    });
    try {
      const created = await fetch(`${host.url}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...EXAMPLE_REQUEST, phone_number: '+14255550600' }),
      });
      expect(created.status).toBe(201);
      expect(mode(dataDir)).toBe(0o700);
      const files = ['callcenter.sqlite', 'callcenter.sqlite-wal', 'callcenter.sqlite-shm', 'secrets.json'];
      for (const file of files) {
        const path = join(dataDir, file);
        expect({ file, exists: existsSync(path) }).toEqual({ file, exists: true });
        expect({ file, mode: mode(path).toString(8) }).toEqual({ file, mode: '600' });
      }
    } finally {
      await host.close();
    }
    // The search index (opened when first searched) is a database of its own, made the same way.
    const index = await SqliteFtsSearch.open({
      docsDir: resolve('test/fixtures/docs'),
      indexPath: join(dataDir, 'search.sqlite'),
    });
    await index.close();
    expect(mode(join(dataDir, 'search.sqlite')).toString(8)).toBe('600');
  } finally {
    tmp.remove();
  }
});
