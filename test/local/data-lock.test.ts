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
    expect(readFileSync(join(dir, 'local.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid}( |$)`));
    unlock();
    expect(existsSync(join(dir, 'local.lock'))).toBe(false);
  });
});

describe('the lock judges its holder by more than kill(pid, 0)', () => {
  it('takes over a lock whose pid now belongs to another process (pid reuse)', () => {
    const dir = tempDir();
    // The test runner's parent is alive, but it is not the process that wrote this lock: its start
    // time differs.
    writeFileSync(join(dir, 'local.lock'), `${process.ppid} 1`);
    const unlock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'local.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+$`));
    unlock();
  });

  it('takes over a lock held by a zombie', async () => {
    const dir = tempDir();
    // `sleep 0` exits and stays a zombie: its parent became `sleep 5`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5']);
    cleanups.push(() => parent.kill());
    const zombie = Number(
      await new Promise<string>((resolve) =>
        parent.stdout.once('data', (data: Buffer) => resolve(data.toString())),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(`/proc/${zombie}/stat`, 'utf8')).toMatch(/\) Z /);
    const started = readFileSync(`/proc/${zombie}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
    writeFileSync(join(dir, 'local.lock'), `${zombie} ${started}`);
    const unlock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'local.lock'), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    unlock();
  });
});
