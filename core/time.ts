import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The campaign's time zone: every day boundary is Beijing time. */
export const CAMPAIGN_TZ = 'Asia/Shanghai';

/** The calendar day (YYYY-MM-DD) of an instant in Beijing time. */
export function dayIn(now: Date): string {
  // Asia/Shanghai is UTC+8 all year (no DST); this runs on every phase check, so skip the tz database.
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The calendar year of an instant in Beijing time. */
export function yearIn(now: Date): number {
  return dayjs(now).tz(CAMPAIGN_TZ).year();
}

/** Human date "5月1日" for messages. */
export function shortDate(day: string): string {
  const d = dayjs(day);
  return `${d.month() + 1}月${d.date()}日`;
}

/** Add days to a YYYY-MM-DD day. */
export function addDays(day: string, n: number): string {
  return dayjs(day).add(n, 'day').format('YYYY-MM-DD');
}

/** ISO instant n hours from now (for expiries). */
export function hoursFrom(now: Date, n: number): string {
  return new Date(now.getTime() + n * 3600_000).toISOString();
}

export { dayjs };
