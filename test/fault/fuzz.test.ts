import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXAMPLE_REQUEST } from '../support/calls';
import { startLocalHost, type RunningLocalHost } from '../support/local-host';

/**
 * A bounded fuzz of `POST /api/call`: hundreds of generated hostile bodies (wrong types in every field,
 * prototype keys, deep nesting, huge arrays, invalid UTF-8, non-objects). Every one must get a 4xx with
 * a JSON error, none a 5xx, and none may place a call. Deterministic (seeded), loopback only.
 */

let host: RunningLocalHost;
beforeAll(async () => {
  host = await startLocalHost();
});
afterAll(async () => host?.close());

const PHONE = '+14255550700';
const BASE = { ...EXAMPLE_REQUEST, phone_number: PHONE };

/** A small seeded PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRONG_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  [],
  {},
  [1, 2],
  { a: 1 },
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\u200b',
  'x'.repeat(5_000),
  [[[[[]]]]],
];

/** `depth` levels of alternating objects and arrays, as JSON text (built flat: no recursion). */
function deep(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '[' : '{"a":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return `${open}1${close}`;
}

function bodies(): { name: string; body: string | Buffer }[] {
  const next = random(20261206);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const out: { name: string; body: string | Buffer }[] = [];
  const fields = Object.keys(BASE) as (keyof typeof BASE)[];
  // Every field, every wrong kind of value.
  for (const field of fields) {
    // An empty claim list is valid (the policyholder's fields are always asked).
    const wrong = WRONG_VALUES.filter((v) => field !== 'claim' || !Array.isArray(v) || v.length > 0);
    for (const value of wrong)
      out.push({
        name: `${field}=${JSON.stringify(value)?.slice(0, 20)}`,
        body: JSON.stringify({ ...BASE, [field]: value }),
      });
  }
  // Claim items broken one field at a time.
  for (const key of ['name', 'type', 'description']) {
    for (const value of WRONG_VALUES) {
      out.push({
        name: `claim[0].${key}`,
        body: JSON.stringify({ ...BASE, claim: [{ name: 'a', type: 'text', [key]: value }] }),
      });
    }
  }
  // Prototype keys, at the top and inside claims.
  for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']) {
    out.push({
      name: `top ${key}`,
      body: `{${JSON.stringify(key)}:{"polluted":true},${JSON.stringify(BASE).slice(1)}`,
    });
    out.push({ name: `top ${key} only`, body: `{${JSON.stringify(key)}:{"phone_number":"${PHONE}"}}` });
    out.push({
      name: `claim ${key}`,
      body: JSON.stringify({
        ...BASE,
        claim: [JSON.parse(`{"name":"x","type":"text",${JSON.stringify(key)}:{"a":1}}`)],
      }),
    });
    out.push({
      name: `claim name ${key}`,
      body: JSON.stringify({ ...BASE, claim: [{ name: key, type: 'text' }] }),
    });
  }
  // Deep nesting, in the body and in a field.
  for (const depth of [10, 100, 1_000, 10_000]) {
    out.push({ name: `deep body ${depth}`, body: deep(depth) });
    out.push({
      name: `deep claim ${depth}`,
      body: `${JSON.stringify(BASE).slice(0, -1)},"claim":${deep(depth)}}`,
    });
  }
  // Huge arrays (within the 64 KiB body limit, and beyond it).
  for (const length of [101, 1_000, 10_000, 40_000]) {
    out.push({
      name: `claim x${length}`,
      body: JSON.stringify({
        ...BASE,
        claim: Array.from({ length }, (_, i) => ({ name: `f${i}`, type: 'text' })),
      }),
    });
    out.push({
      name: `numbers x${length}`,
      body: JSON.stringify({ ...BASE, claim: Array.from({ length }, () => 0) }),
    });
  }
  // Not an object at all, or not JSON.
  for (const text of ['null', '[]', '42', '"call me"', 'true', '', '{', '{"a":}', '\u0000', '[{}]', '{}']) {
    out.push({ name: `body ${JSON.stringify(text)}`, body: text });
  }
  // Invalid UTF-8 inside otherwise valid JSON.
  for (const bytes of [
    [0xff],
    [0xc3, 0x28],
    [0xed, 0xa0, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xe2, 0x82],
  ]) {
    const [head, tail] = JSON.stringify({ ...BASE, bot_name: 'AMARK' }).split('AMARK') as [string, string];
    out.push({
      name: `utf-8 ${bytes.join(',')}`,
      body: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]),
    });
  }
  // Random combinations until there are plenty.
  while (out.length < 400) {
    const broken: Record<string, unknown> = { ...BASE };
    for (let i = 0; i < 1 + Math.floor(next() * 3); i++)
      broken[pick(fields)] = pick(WRONG_VALUES.slice(0, 5));
    if (next() < 0.3)
      broken[pick(['__proto__', 'constructor', 'extra', 'x'.repeat(200)])] = pick(WRONG_VALUES);
    out.push({ name: `random ${out.length}`, body: JSON.stringify(broken) });
  }
  return out;
}

it('answers ≥ 300 hostile bodies with 4xx and a JSON error, never 5xx, and places no call', async () => {
  const cases = bodies();
  expect(cases.length).toBeGreaterThanOrEqual(300);
  const failures: string[] = [];
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const response = await fetch(`${host.baseUrl}/api/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: item.body,
        });
        const text = await response.text();
        const ok = response.status >= 400 && response.status < 500 && /"error"/.test(text);
        if (!ok) failures.push(`${item.name}: ${response.status} ${text.slice(0, 120)}`);
      }
    }),
  );
  expect(failures).toEqual([]);
  expect(await host.app.services.store.listByPhone(PHONE)).toEqual([]);
  // Nothing was polluted on the way.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((await fetch(`${host.baseUrl}/api/health`)).status).toBe(200);
}, 60_000);
