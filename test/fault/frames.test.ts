import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { describeBadFrames } from './frames';

it('runs ws with its native helpers (bufferutil, utf-8-validate)', () => {
  const loaded = Object.keys(createRequire(`${process.cwd()}/`).cache);
  expect(loaded.some((path) => path.includes('/ws/lib/'))).toBe(true);
  expect(loaded.some((path) => path.includes('/bufferutil/'))).toBe(true);
});

describeBadFrames('native helpers');
