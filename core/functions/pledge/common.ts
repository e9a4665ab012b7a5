import { precondition } from '../../errors';
import type { CampaignDoc, ClassDoc, PhaseName } from '../../model';
import { loadCampaign } from '../../router';
import type { Services } from '../../services';
import type { ClassUnit } from '../../stats';
import type { Doc } from '../../store';

/** Phases pledging is open in by default (a campaign admin may override per action key 'pledge.<action>'). */
export const PLEDGE_PHASES: PhaseName[] = ['launch', 'implementation'];

/** How a person signed: a hand-drawn stroke image, or (accessibility) their typed name. */
export type Signature = { method: 'drawn'; fileId: string } | { method: 'typed'; typedName: string };

/** Which initiative-letter version a pledge was made under, e.g. { key: 's:school-1@2' }. */
export interface TextRef {
  /** 'default', 'city', 'd:<districtId>' or 's:<schoolId>'. */
  scope: string;
  version: number;
}

/** One pledge per roster entry per campaign year: signed online by the student or recorded from paper. */
export interface PledgeDoc extends Doc, ClassUnit {
  year: number;
  rosterId: string;
  kind: 'online' | 'paper';
  /** Masked name ("张*明") kept for the certificate and the public verification page. */
  maskedName: string;
  schoolName: string;
  signedAt: string;
  text: TextRef;
  /** Online: who signed and how; the public verification code. */
  openid?: string;
  signature?: Signature;
  verifyCode?: string;
  /** The ceremony the student signed in (or joined after signing earlier). */
  ceremonyId?: string;
  /** Paper: who recorded it and the photo of the sheet. */
  recordedBy?: string;
  photoFileId?: string;
}

/** One parent's signature on a family pledge. */
export interface FamilySignature {
  openid: string;
  relation: string;
  signature: Signature;
  signedAt: string;
}

/** The family pledge 「文明上网 从我家做起」 of one child's family: one per child per year, any linked parent may add their signature. */
export interface FamilyPledgeDoc extends Doc, ClassUnit {
  year: number;
  rosterId: string;
  parents: FamilySignature[];
  /** openids of `parents`, for an atomic "add me unless I signed" update. */
  parentOpenids: string[];
  text: TextRef;
  firstSignedAt: string;
}

/** The scope a ceremony covers. */
export type CeremonyLevel = 'class' | 'grade' | 'school';

/** A timed flag-raising ceremony (升旗仪式宣誓); its _id is the short code students type or scan. */
export interface CeremonyDoc extends Doc {
  level: CeremonyLevel;
  title: string;
  districtId: string;
  schoolId: string;
  classId?: string;
  stage?: ClassDoc['stage'];
  grade?: number;
  startsAt: string;
  endsAt: string;
  /** Roster size of the scope when the ceremony was opened (the denominator on the big screen). */
  rosterSize: number;
  createdBy: string;
  createdAt: string;
  closedBy?: string;
}

/** Pledge id: deterministic, so a double tap or a retried request hits the same document. */
export function pledgeId(year: number, rosterId: string): string {
  return `${year}:${rosterId}`;
}

/** The organisational unit of a class. */
export function classUnitOf(cls: ClassDoc): ClassUnit {
  return { classId: cls._id, schoolId: cls.schoolId, districtId: cls.districtId };
}

/** The organisational unit of anything that carries one (a roster entry, a pledge). */
export function unitOf(x: ClassUnit): ClassUnit {
  return { classId: x.classId, schoolId: x.schoolId, districtId: x.districtId };
}

/** The current campaign, or FAILED_PRECONDITION. */
export async function mustCampaign(services: Services): Promise<CampaignDoc> {
  const campaign = await loadCampaign(services);
  if (!campaign) throw precondition('活动尚未配置，请联系市级管理员');
  return campaign;
}

/** Beijing calendar day (YYYY-MM-DD) of an ISO instant: China keeps UTC+8 all year, so no time-zone database is needed on the hot path. */
export function beijingDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Names compare equal ignoring spaces and middle dots ("王 小雨" = "王小雨"). */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[\s·•.]/g, '');
  return norm(a) === norm(b);
}
