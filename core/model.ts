import type { DataController } from './privacy';
import type { Doc } from './store';

/** Roles a person can hold; one person may hold several (a teacher who is also a parent). */
export type RoleName =
  'city_admin' | 'district_admin' | 'school_admin' | 'teacher' | 'student' | 'parent' | 'judge';

/** One role grant with the scope it applies to. */
export type RoleGrant =
  | { role: 'city_admin' }
  | { role: 'district_admin'; districtId: string }
  | { role: 'school_admin'; districtId: string; schoolId: string }
  | { role: 'teacher'; districtId: string; schoolId: string }
  | {
      role: 'student';
      districtId: string;
      schoolId: string;
      classId: string;
      rosterId: string;
    }
  | { role: 'parent' }
  /**
   * A judge of the city's contest calls (invited by the city admin). `name` is how the city sees them;
   * the school or district they belong to (if any) is recorded so they never judge its entries.
   */
  | { role: 'judge'; name: string; districtId?: string; schoolId?: string };

/** A person, keyed by their WeChat openid (local mode: a demo openid). */
export interface UserDoc extends Doc {
  roles: RoleGrant[];
  createdAt: string;
  updatedAt: string;
}

export interface DistrictDoc extends Doc {
  name: string;
  createdAt: string;
}

export interface SchoolDoc extends Doc {
  districtId: string;
  name: string;
  createdAt: string;
}

/** School stage; grades run 1–6 (小学), 1–3 (初中), 1–3 (高中). */
export type Stage = 'primary' | 'junior' | 'senior';

export interface ClassDoc extends Doc {
  districtId: string;
  schoolId: string;
  stage: Stage;
  grade: number;
  classNo: number;
  /** Six-character code students and parents type or scan to join. */
  classCode: string;
  teacherIds: string[];
  createdAt: string;
}

/** Claim state of a roster entry: unclaimed, claimed by a student (awaiting the teacher), or approved. */
export type ClaimStatus = 'unclaimed' | 'claimed' | 'approved';

/** One student on a class roster. Only the name and an optional student number are kept. */
export interface RosterDoc extends Doc {
  classId: string;
  schoolId: string;
  districtId: string;
  name: string;
  studentNo?: string;
  claimStatus: ClaimStatus;
  claimedBy?: string;
  claimedAt?: string;
  /** Birth year if the student gave it (only the year: the minimum that tells under-14). */
  birthYear?: number;
  createdAt: string;
}

export type InviteRole = 'district_admin' | 'school_admin' | 'teacher' | 'judge';

export interface InviteDoc extends Doc {
  role: InviteRole;
  /** The scope's district (a judge invite without an affiliation has none). */
  districtId?: string;
  /** Judge invites: the judge's name as the city admin typed it. */
  name?: string;
  schoolId?: string;
  classIds?: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usesLeft: number;
  revoked?: boolean;
}

/** A parent ↔ child link; active once the child's family code was used or the teacher confirmed. */
export interface FamilyDoc extends Doc {
  parentOpenid: string;
  rosterId: string;
  classId: string;
  schoolId: string;
  districtId: string;
  relation: string;
  status: 'pending' | 'active';
  via: 'family_code' | 'teacher';
  /** The class teacher confirmed the link: only then can this guardian consent for the child. */
  confirmed?: boolean;
  confirmedAt?: string;
  createdAt: string;
}

export interface FamilyCodeDoc extends Doc {
  rosterId: string;
  studentOpenid: string;
  expiresAt: string;
}

/** Guardian consent for an under-14 child: what was shown, when, by whom; revocable. */
export interface ConsentDoc extends Doc {
  rosterId: string;
  parentOpenid: string;
  wording: string;
  wordingVersion: string;
  grantedAt: string;
  revokedAt?: string;
}

export type PhaseName = 'launch' | 'implementation' | 'evaluation';

export interface DateRange {
  /** Inclusive start day, YYYY-MM-DD, Asia/Shanghai. */
  start: string;
  /** Inclusive end day, YYYY-MM-DD, Asia/Shanghai. */
  end: string;
}

export interface CampaignDoc extends Doc {
  title: string;
  theme: string;
  year: number;
  cityName: string;
  phases: Record<PhaseName, DateRange>;
  /** Per-action overrides of the phases an action is open in. */
  actionPhases?: Record<string, PhaseName[]>;
  /** Who holds the children's data (shown in the guardian consent and the children's privacy rules). */
  dataController?: DataController;
  updatedAt: string;
}

export interface AuditDoc extends Doc {
  actor: string;
  action: string;
  target: string;
  at: string;
  detail?: Record<string, unknown>;
}
