import { addDays, dayIn, hourIn, shortDate, yearIn } from './time';

describe('Beijing time', () => {
  it('turns the day, the year and the hour at Beijing midnight, not UTC midnight', () => {
    const beforeMidnight = new Date('2026-12-31T15:59:59.999Z'); // 23:59:59 in Beijing
    const atMidnight = new Date('2026-12-31T16:00:00.000Z'); // 00:00 on 1 January in Beijing
    expect([dayIn(beforeMidnight), yearIn(beforeMidnight), hourIn(beforeMidnight)]).toEqual([
      '2026-12-31',
      2026,
      23,
    ]);
    expect([dayIn(atMidnight), yearIn(atMidnight), hourIn(atMidnight)]).toEqual(['2027-01-01', 2027, 0]);
  });

  it('agrees with the time-zone database for every hour of a year (no DST in China)', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      const parts = Object.fromEntries(fmt.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
      const now = new Date(t);
      expect([dayIn(now), yearIn(now), hourIn(now)]).toEqual([
        `${parts.year}-${parts.month}-${parts.day}`,
        Number(parts.year),
        Number(parts.hour),
      ]);
    }
  });

  it('formats and adds calendar days', () => {
    expect(shortDate('2026-05-01')).toBe('5月1日');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
