/**
 * How the app writes times and days, in the viewer's own time zone. One place, so every page says
 * "6月15日 10:05" the same way.
 */

function valid(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "10:05" ('' when missing or invalid). */
export function clockLabel(iso: string | null | undefined): string {
  const d = valid(iso);
  return d ? `${d.getHours()}:${String(d.getMinutes()).padStart(2, '0')}` : '';
}

/**
 * "6月15日 10:05", with the year in front when it is not this year ("2025年6月15日 10:05"); '' when
 * missing or invalid. For expiry times, signing times and update times.
 */
export function timeLabel(iso: string | null | undefined, now = new Date()): string {
  const d = valid(iso);
  if (!d) return '';
  const year = d.getFullYear() === now.getFullYear() ? '' : `${d.getFullYear()}年`;
  return `${year}${d.getMonth() + 1}月${d.getDate()}日 ${clockLabel(iso)}`;
}

/** "2026年6月15日" from a YYYY-MM-DD day (the server's Beijing day of a pledge or certificate). */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A time as part of a file name ("20260615-1005"), local time. */
export function fileStamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}
