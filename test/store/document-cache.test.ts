import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../shared/providers/store/document-cache';

describe('the call documents a store keeps', () => {
  it('hands a document out only for the version it was kept at', () => {
    const cache = new DocumentCache(1_000);
    cache.set('a', 3, '{"v":3}');
    expect(cache.get('a', 3)).toBe('{"v":3}');
    expect(cache.get('a', 4)).toBeUndefined();
    // A newer version seen once: the older document is gone for good.
    expect(cache.get('a', 3)).toBeUndefined();
    cache.set('a', 5, '{"v":5}');
    expect(cache.get('a', 5)).toBe('{"v":5}');
    expect(cache.get('b', 5)).toBeUndefined();
  });

  it('forgets the call left alone longest once the documents pass the size, and never keeps one larger', () => {
    const cache = new DocumentCache(30);
    cache.set('a', 1, 'x'.repeat(10));
    cache.set('b', 1, 'y'.repeat(10));
    cache.set('c', 1, 'z'.repeat(10));
    expect(cache.get('a', 1)).toBe('x'.repeat(10)); // read: now the most recently used
    cache.set('d', 1, 'w'.repeat(10));
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
    expect(cache.get('d', 1)).toBeDefined();
    expect(cache.size).toEqual({ documents: 3, chars: 30 });

    cache.set('huge', 1, 'h'.repeat(31));
    expect(cache.get('huge', 1)).toBeUndefined();
    expect(cache.size).toEqual({ documents: 3, chars: 30 });
    // A call growing past the size replaces its own older document rather than keeping both.
    cache.set('a', 2, 'x'.repeat(31));
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.size).toEqual({ documents: 2, chars: 20 });
  });

  it('tells which version it keeps for a call, for a read conditional on it', () => {
    const cache = new DocumentCache(100);
    expect(cache.latest('a')).toBeUndefined();
    cache.set('a', '"etag-1"', '{"v":1}');
    cache.set('b', '"etag-7"', '{"v":7}');
    expect(cache.latest('a')).toEqual({ version: '"etag-1"', document: '{"v":1}' });
    cache.set('a', '"etag-2"', '{"v":2}');
    expect(cache.latest('a')).toEqual({ version: '"etag-2"', document: '{"v":2}' });
    expect(cache.get('a', '"etag-1"')).toBeUndefined();
  });
});
