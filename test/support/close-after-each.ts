import { afterEach } from 'vitest';

interface Closable {
  close(): unknown;
}

/**
 * For tests that each start their own servers and clients: the returned function hands back what it is
 * given, and after the test it is closed, the last opened first (a client before its host, a host before
 * the fakes it talks to: the host may flush to them as it closes). A close that fails is reported after
 * the others are closed.
 */
export function closeAfterEach(): <T extends Closable>(thing: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    const failures: unknown[] = [];
    for (const thing of open.splice(0).reverse()) {
      try {
        await thing.close();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  });
  return (thing) => {
    open.push(thing);
    return thing;
  };
}
