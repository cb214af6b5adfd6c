import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../local/data-lock';
import { makeTempDir } from '../support/tmp';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tempDir(): string {
  const tmp = makeTempDir();
  cleanups.push(tmp.remove);
  return tmp.dir;
}

describe('one local process per data folder', () => {
  it('refuses a folder another live process holds, naming it and what to do', async () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    cleanups.push(() => other.kill());
    writeFileSync(join(dir, 'local.lock'), String(other.pid));
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${other.pid}.*DATA_DIR`));
  });

  it('takes over the lock of a process that died, and releases it', async () => {
    const dir = tempDir();
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    writeFileSync(join(dir, 'local.lock'), String(dead.pid));
    const unlock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'local.lock'), 'utf8')).toBe(String(process.pid));
    unlock();
    expect(existsSync(join(dir, 'local.lock'))).toBe(false);
  });
});
