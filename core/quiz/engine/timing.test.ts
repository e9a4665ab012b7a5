import {
  acceptsAnswerAt,
  deadlineOf,
  DEFAULT_GRACE_MS,
  isTooFast,
  MIN_READING_MS,
  minReadingMs,
  READING_CHARS_PER_SECOND,
} from './timing';

describe('deadlineOf', () => {
  const start = new Date('2026-06-01T09:00:00+08:00');

  it('adds the limit to the start, from a Date or epoch ms', () => {
    expect(deadlineOf(start, 600)).toBe(start.getTime() + 600_000);
    expect(deadlineOf(start.getTime(), 90)).toBe(start.getTime() + 90_000);
  });

  it('has no deadline for an untimed quiz', () => {
    expect(deadlineOf(start, null)).toBeNull();
  });

  it.each([0, -5, NaN, Infinity])('refuses a limit of %p seconds', (limit) => {
    expect(() => deadlineOf(start, limit)).toThrow(RangeError);
  });
});

describe('acceptsAnswerAt', () => {
  const deadline = Date.UTC(2026, 5, 1, 1, 10, 0);

  it('accepts up to and including deadline + 5 s grace, and refuses 1 ms later', () => {
    expect(DEFAULT_GRACE_MS).toBe(5000);
    expect(acceptsAnswerAt(deadline - 1, deadline)).toBe(true);
    expect(acceptsAnswerAt(deadline, deadline)).toBe(true);
    expect(acceptsAnswerAt(deadline + 5000, deadline)).toBe(true);
    expect(acceptsAnswerAt(deadline + 5001, deadline)).toBe(false);
  });

  it('takes Dates as well as epoch ms', () => {
    expect(acceptsAnswerAt(new Date(deadline + 5000), new Date(deadline))).toBe(true);
    expect(acceptsAnswerAt(new Date(deadline + 5001), new Date(deadline))).toBe(false);
  });

  it('honours a custom grace (0 = strict)', () => {
    expect(acceptsAnswerAt(deadline, deadline, 0)).toBe(true);
    expect(acceptsAnswerAt(deadline + 1, deadline, 0)).toBe(false);
    expect(acceptsAnswerAt(deadline + 10_000, deadline, 10_000)).toBe(true);
  });

  it('always accepts in an untimed quiz', () => {
    expect(acceptsAnswerAt(Number.MAX_SAFE_INTEGER, null)).toBe(true);
  });
});

describe('minReadingMs / isTooFast', () => {
  const chars = (n: number) => '网'.repeat(n);

  it('reads at 15 characters a second with a 1.5 s floor', () => {
    expect(READING_CHARS_PER_SECOND).toBe(15);
    expect(MIN_READING_MS).toBe(1500);
    // 5 + 2 + 2 = 9 characters = 0.6 s, below the floor.
    expect(minReadingMs({ stem: chars(5), options: ['正确', '错误'] })).toBe(1500);
    // 90 + 4 × 15 = 150 characters / 15 per s = 10 s.
    expect(minReadingMs({ stem: chars(90), options: [chars(15), chars(15), chars(15), chars(15)] })).toBe(
      10_000,
    );
    // 16 characters = 1.0667 s < 1.5 s floor; 23 characters = 1533.3 ms, rounded up to whole ms.
    expect(minReadingMs({ stem: chars(16), options: [] })).toBe(1500);
    expect(minReadingMs({ stem: chars(23), options: [] })).toBe(1534);
  });

  it('counts characters, not UTF-16 units (an emoji is one character)', () => {
    const emoji = '🙂'.repeat(30);
    expect(emoji.length).toBe(60);
    expect(minReadingMs({ stem: emoji, options: [] })).toBe(2000);
  });

  it('flags answers below the reading time, not at or above it', () => {
    const question = { stem: chars(90), options: [chars(15), chars(15), chars(15), chars(15)] };
    expect(isTooFast(9_999, question)).toBe(true);
    expect(isTooFast(10_000, question)).toBe(false);
    expect(isTooFast(60_000, question)).toBe(false);
  });

  it('flags any answer under 1.5 s, however short the question', () => {
    const question = { stem: '对吗？', options: ['正确', '错误'] };
    expect(isTooFast(1_499, question)).toBe(true);
    expect(isTooFast(1_500, question)).toBe(false);
  });

  it.each([-1, NaN, Infinity])('flags an impossible time of %p (clock trouble) for review', (ms) => {
    expect(isTooFast(ms, { stem: '对吗？', options: ['正确', '错误'] })).toBe(true);
  });
});
