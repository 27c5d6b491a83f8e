import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../../server/services/contentHash';

/** A value nested `depth` levels: {a:{a:{...}}}. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { a: value } : [value];
  return value;
}

describe('contentHash', () => {
  it('keeps the hashes of stored responses: the same canonical JSON as before', () => {
    const value = { id: 'A', answers: { q1: [1, 'x', { b: null, a: true }], q2: 'é中' }, n: 1.5, paradata: {}, u: undefined };
    expect(contentHash(value)).toBe('749953f05400f15cb70bb6daa7e7f856e27136d3cfa64f02d878de05a15f0e62');
  });

  it('is the same whatever the key order, different for different content', () => {
    expect(contentHash({ a: 1, b: [2, { c: 3, d: 4 }] })).toBe(contentHash({ b: [2, { d: 4, c: 3 }], a: 1 }));
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
    expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: 1 }));
  });

  it('hashes a value nested 100,000 levels without recursion', () => {
    expect(contentHash(nested(100_000))).toMatch(/^[0-9a-f]{64}$/);
  });
});
