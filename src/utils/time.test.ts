/** One way of writing times across the app. */
import { clockLabel, dayLabel, fileStamp, timeLabel } from './time';

test("times in the viewer's zone, with the year only when it is not this year", () => {
  const now = new Date(2026, 5, 20);
  expect(timeLabel(new Date(2026, 5, 15, 9, 5).toISOString(), now)).toBe('6月15日 9:05');
  expect(timeLabel(new Date(2025, 11, 31, 23, 59).toISOString(), now)).toBe('2025年12月31日 23:59');
  expect(timeLabel(null)).toBe('');
  expect(timeLabel('not a time')).toBe('');
  expect(clockLabel(new Date(2026, 5, 15, 14, 30).toISOString())).toBe('14:30');
  expect(dayLabel('2026-06-15')).toBe('2026年6月15日');
  expect(fileStamp(new Date(2026, 5, 15, 9, 5))).toBe('20260615-0905');
});
