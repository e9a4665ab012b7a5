import dayjs from 'dayjs';

/** The campaign's time zone: every day boundary is Beijing time (Asia/Shanghai). */

/** Beijing time is UTC+8 all year (no DST since 1991): day, year and hour are plain arithmetic. */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The instant shifted so its UTC fields read as Beijing wall-clock time. */
function beijingWall(now: Date): Date {
  return new Date(now.getTime() + BEIJING_OFFSET_MS);
}

/** The calendar day (YYYY-MM-DD) of an instant in Beijing time (runs on every phase check: no tz database). */
export function dayIn(now: Date): string {
  return beijingWall(now).toISOString().slice(0, 10);
}

/** The calendar year of an instant in Beijing time. */
export function yearIn(now: Date): number {
  return beijingWall(now).getUTCFullYear();
}

/** The hour (0–23) of an instant in Beijing time. */
export function hourIn(now: Date): number {
  return beijingWall(now).getUTCHours();
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
