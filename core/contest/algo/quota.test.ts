import { quotaKey, remainingQuota } from './quota';

describe('quotaKey', () => {
  it('names one counter per level × unit × call × category × group', () => {
    expect(quotaKey('school', 's001', 'call-2025', 'essay', '小学')).toBe(
      'quota:school:s001:call-2025:essay:%E5%B0%8F%E5%AD%A6',
    );
    expect(quotaKey('district', 'd01', 'c1', 'photo', 'junior')).toBe('quota:district:d01:c1:photo:junior');
  });

  it('cannot be made ambiguous by a ":" inside an id', () => {
    const a = quotaKey('school', 'a:b', 'c', 'd', 'e');
    const b = quotaKey('school', 'a', 'b:c', 'd', 'e');
    expect(a).not.toBe(b);
    expect(a.split(':')).toHaveLength(6);
  });

  it('rejects empty parts and unknown levels', () => {
    expect(() => quotaKey('school', '', 'c', 'd', 'e')).toThrow(RangeError);
    expect(() => quotaKey('province' as never, 'u', 'c', 'd', 'e')).toThrow(RangeError);
  });
});

describe('remainingQuota', () => {
  it('is limit − used, never below 0', () => {
    expect(remainingQuota(5, 2)).toBe(3);
    expect(remainingQuota(5, 5)).toBe(0);
    expect(remainingQuota(5, 7)).toBe(0); // over-used (e.g. the limit was lowered afterwards)
    expect(remainingQuota(0, 0)).toBe(0);
  });

  it('rejects negative or fractional numbers', () => {
    expect(() => remainingQuota(-1, 0)).toThrow(RangeError);
    expect(() => remainingQuota(3, 1.5)).toThrow(RangeError);
    expect(() => remainingQuota(Number.NaN, 0)).toThrow(RangeError);
  });
});
