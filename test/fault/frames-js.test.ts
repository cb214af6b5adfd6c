import { createRequire } from 'node:module';
import { expect, it, vi } from 'vitest';
import { describeBadFrames } from './frames';

// ws reads these when it loads: its pure-JS masking and UTF-8 checks, as on a machine without the
// prebuilt helpers, must refuse the same frames the same way.
vi.hoisted(() => {
  process.env.WS_NO_BUFFER_UTIL = '1';
  process.env.WS_NO_UTF_8_VALIDATE = '1';
});

it('runs ws without its native helpers', () => {
  const loaded = Object.keys(createRequire(`${process.cwd()}/`).cache);
  expect(loaded.some((path) => path.includes('/ws/lib/'))).toBe(true);
  expect(loaded.filter((path) => /bufferutil|utf-8-validate/.test(path))).toEqual([]);
});

describeBadFrames('pure-JS fallback');
