import { describe, expect, it } from 'vitest';
import { RecordCache } from '../../../../server/services/recordCache';

describe('RecordCache', () => {
  function cacheWithClock() {
    const clock = { now: 0 };
    const loads: string[] = [];
    const cache = new RecordCache<string>(1000, () => clock.now);
    const read = (key: string, value: string | undefined) => cache.read(key, async () => (loads.push(key), value));
    return { cache, clock, loads, read };
  }

  it('loads once within the time to live, again after it', async () => {
    const { clock, loads, read } = cacheWithClock();
    expect(await read('KM-01', 'v1')).toBe('v1');
    clock.now = 999;
    expect(await read('KM-01', 'v2')).toBe('v1');
    clock.now = 1000;
    expect(await read('KM-01', 'v2')).toBe('v2');
    expect(loads).toEqual(['KM-01', 'KM-01']);
  });

  it('never keeps a missing record, so a record created elsewhere is found at once', async () => {
    const { loads, read } = cacheWithClock();
    expect(await read('KM-09', undefined)).toBeUndefined();
    expect(await read('KM-09', 'created')).toBe('created');
    expect(loads).toHaveLength(2);
  });

  it('forgets one key or everything', async () => {
    const { cache, loads, read } = cacheWithClock();
    await read('a', 'a1');
    await read('b', 'b1');
    cache.forget('a');
    expect(await read('a', 'a2')).toBe('a2');
    expect(await read('b', 'b2')).toBe('b1');
    cache.forget();
    expect(await read('b', 'b3')).toBe('b3');
    expect(loads).toEqual(['a', 'b', 'a', 'b']);
  });
});
