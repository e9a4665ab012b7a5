import { CODE_ALPHABET, randomCode, randomDigits, randomId, randomToken } from './codes';

describe('codes come from node:crypto (issue #7.1)', () => {
  it('cannot be steered by patching Math.random', () => {
    const original = Math.random;
    Math.random = () => 0;
    try {
      const codes = new Set(Array.from({ length: 50 }, () => randomCode(8)));
      expect(codes.size).toBe(50);
      expect(new Set(Array.from({ length: 20 }, () => randomId())).size).toBe(20);
    } finally {
      Math.random = original;
    }
  });

  it('draws every character uniformly from the alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3100; i++) for (const ch of randomCode(10)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...CODE_ALPHABET].sort().join(''));
    // 31,000 draws over 31 symbols: ~1000 each; a biased generator would drift far outside ±25%.
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(250);
  });

  it('has the documented shapes', () => {
    expect(randomId()).toMatch(/^[0-9a-f]{24}$/);
    expect(randomDigits(6)).toMatch(/^\d{6}$/);
    expect(randomToken()).toMatch(/^[\w-]{22}$/);
  });
});
