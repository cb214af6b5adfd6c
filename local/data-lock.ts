import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One local process per data folder: the workflow runner has no lease, so a second process on the same
 * SQLite file (npm start and npm run chat at once) would run every activity twice.
 *
 * The lock file names its holder by pid AND the process's start time (from /proc/<pid>/stat, where
 * there is one): `kill(pid, 0)` alone says yes for a zombie and for an unrelated process that got the
 * pid after a crash, and a restart would be refused for nothing. It is created with O_EXCL, so two
 * processes starting at once cannot both get it; a stale one is moved aside by rename (one process
 * wins), checked to be the stale one it judged, and the creation is tried again.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'local.lock');
  const me = identity(process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(file, me, { flag: 'wx', mode: 0o600 });
      return () => {
        if (readLock(file) === me) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readLock(file);
    if (held === undefined) continue; // released meanwhile
    const pid = Number(held.split(' ')[0]);
    if (held === me || isHeldBy(held)) {
      if (held !== me) {
        throw new Error(
          `Another local process (pid ${pid}) is using ${dataDir}: stop it (npm start and npm run chat cannot share a data folder), or set DATA_DIR to another folder`,
        );
      }
      // Our own lock (a second host in this process, as tests do): shared, released by the last.
      return () => undefined;
    }
    takeOver(file, held);
  }
  throw new Error(`Could not take the lock of ${dataDir}: other processes keep taking it`);
}

/** Moves a stale lock aside; if what was moved is not the stale lock judged, puts it back. */
function takeOver(file: string, stale: string): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = readLock(aside);
  if (moved !== stale) {
    // A live lock created in between: it goes back, unless yet another one took its place.
    try {
      writeFileSync(file, moved ?? '', { flag: 'wx', mode: 0o600 });
    } catch {
      /* the newer one stays */
    }
  }
  rmSync(aside, { force: true });
}

function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** `pid starttime`, or `pid` alone where the system has no /proc. */
function identity(pid: number): string {
  const started = startTime(pid);
  return started === undefined ? String(pid) : `${pid} ${started}`;
}

/** Whether the process the lock names is still that process, alive (not a zombie). */
function isHeldBy(lock: string): boolean {
  const [pidText, started] = lock.split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (!signalable(pid)) return false;
  const stat = readStat(pid);
  if (stat === undefined) return started === undefined; // no /proc: kill(pid, 0) is all there is
  if (stat.state === 'Z' || stat.state === 'X') return false;
  // A lock from an older version has no start time: alive is all it can say.
  return started === undefined || started === stat.startTime;
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startTime(pid: number): string | undefined {
  return readStat(pid)?.startTime;
}

/** /proc/<pid>/stat: the state (3rd field) and start time in clock ticks since boot (22nd). */
function readStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) is in parentheses and may hold spaces: count after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startTime = fields[19];
    return state && startTime ? { state, startTime } : undefined;
  } catch {
    return undefined;
  }
}
