/**
 * Where the participation overview lives and which unit a caller opens first. Pure helpers, shared by the
 * class and unit pages (and their tests).
 */

/** The unit overview page (city, district, school): `?level=&id=`; without them, the caller's own unit. */
export const UNIT_PAGE = '/packages/overview/unit/index';
/** The class overview page: `?classId=` (and optionally `&missing=<activity>`). */
export const CLASS_PAGE = '/packages/overview/class/index';

export type UnitLevel = 'city' | 'district' | 'school';
export type ChildLevel = 'district' | 'school' | 'class';

/** What a unit's children are called. */
export const CHILD_NOUN: Record<ChildLevel, string> = { district: '县区', school: '学校', class: '班级' };

/** The unit overview of one unit (ranked by `sortBy` when given). */
export function unitUrl(level: UnitLevel, id?: string | null, sortBy?: string): string {
  const query = [`level=${level}`];
  if (id) query.push(`id=${encodeURIComponent(id)}`);
  if (sortBy) query.push(`sortBy=${encodeURIComponent(sortBy)}`);
  return `${UNIT_PAGE}?${query.join('&')}`;
}

/** The class overview of one class, optionally filtered to the pupils missing one activity. */
export function classUrl(classId: string, missing?: string): string {
  return `${CLASS_PAGE}?classId=${encodeURIComponent(classId)}${missing ? `&missing=${encodeURIComponent(missing)}` : ''}`;
}

/** A role grant as identity.me answers it (only the fields read here). */
export interface Grant {
  role: string;
  districtId?: string;
  schoolId?: string;
}

/**
 * The unit a caller's 「参与情况」 opens: the city for a city admin, their district for a district admin,
 * their school for a school admin or a teacher (the highest one when they hold several); null for
 * pupils and parents, who have no overview.
 */
export function entryUnit(roles: Grant[]): { level: UnitLevel; id?: string } | null {
  if (roles.some((g) => g.role === 'city_admin')) return { level: 'city' };
  const district = roles.find((g) => g.role === 'district_admin' && g.districtId);
  if (district) return { level: 'district', id: district.districtId };
  const school =
    roles.find((g) => g.role === 'school_admin' && g.schoolId) ??
    roles.find((g) => g.role === 'teacher' && g.schoolId);
  if (school) return { level: 'school', id: school.schoolId };
  return null;
}

/**
 * Whether the caller runs the unit shown (its admins and the admins above), rather than only viewing its
 * figures as a teacher of the school. The server decides; this only chooses which tools to offer.
 */
export function runsUnit(roles: Grant[], level: UnitLevel, id?: string | null): boolean {
  if (roles.some((g) => g.role === 'city_admin')) return true;
  if (level === 'city') return false;
  if (level === 'district') return roles.some((g) => g.role === 'district_admin' && g.districtId === id);
  // A school a district admin can open is one of their district's (the server refuses the others).
  return roles.some((g) => (g.role === 'school_admin' && g.schoolId === id) || g.role === 'district_admin');
}

/** "09:05" today, "6月15日 09:05" another day ('' when missing or invalid). */
export function updatedClock(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  const clock = `${p(d.getHours())}:${p(d.getMinutes())}`;
  const today =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return today ? clock : `${d.getMonth() + 1}月${d.getDate()}日 ${clock}`;
}

/** The percentage as the pages print it: 37.5% (one decimal at most), "—" without a roster. */
export function pct(rate: number, roster: number): string {
  return roster > 0 ? `${Math.round(rate * 10) / 10}%` : '—';
}
