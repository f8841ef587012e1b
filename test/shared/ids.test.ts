import { describe, expect, it } from 'vitest';
import { isId, newId } from '../../shared/ids';

describe('record ids', () => {
  it('are RFC 9562 version-7 UUIDs carrying their creation time', () => {
    const at = Date.parse('2026-11-25T12:00:00.000Z');
    const id = newId(at);
    expect(isId(id)).toBe(true);
    expect(id[14]).toBe('7'); // version
    expect('89ab').toContain(id[19]); // variant
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort in creation order, also many within one millisecond, and never repeat', () => {
    const ids = Array.from({ length: 20_000 }, () => newId(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const later = newId(1_800_000_000_001 + 100);
    expect(later > ids[ids.length - 1]!).toBe(true);
  });
});
