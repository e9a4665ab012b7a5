import { C } from '../collections';
import type {
  CampaignDoc,
  ClassDoc,
  ConsentDoc,
  DistrictDoc,
  FamilyCodeDoc,
  FamilyDoc,
  InviteDoc,
  RosterDoc,
  SchoolDoc,
  Stage,
  UserDoc,
} from '../model';
import { PUYANG_DISTRICTS } from '../org';
import { demoPhases } from '../phases';
import { CONSENT_VERSION, CONSENT_WORDING } from '../privacy';
import { recount } from '../stats';
import type { DocumentStore } from '../store';
import { dayIn, hoursFrom, yearIn } from '../time';

/** Demo identities (openids) a newcomer can pick on the local login page. All names are fictional. */
export const DEMO_USERS = {
  cityAdmin: 'demo-city-admin',
  districtAdmin: 'demo-district-admin',
  schoolAdmin: 'demo-school-admin',
  teacher: 'demo-teacher',
  student: 'demo-student',
  parent: 'demo-parent',
  newcomer: 'demo-newcomer',
  newParent: 'demo-new-parent',
} as const;

/** Fixed demo codes so docs/demo.md can name them. */
export const DEMO_CODES = {
  classCode: 'GREEN3',
  secondClassCode: 'STAR7A',
  teacherInvite: 'TEACHER8',
  schoolAdminInvite: 'SCHOOL88',
  familyCode: '246810',
} as const;

/** Fictional pupils of the demo class 绿茵小学 三年级2班. */
export const DEMO_ROSTER = ['王小雨', '李晨阳', '张子涵', '刘思远', '陈可欣', '杨一诺', '赵梓轩', '黄雨桐'];
const SECOND_ROSTER = ['周明哲', '吴佳怡', '郑浩然', '孙雅琪', '马俊熙', '朱心怡'];

/** Labels shown next to each demo identity on the login page. */
export const DEMO_LABELS: Record<string, string> = {
  [DEMO_USERS.cityAdmin]: '市教育局管理员',
  [DEMO_USERS.districtAdmin]: '华龙区教育局管理员',
  [DEMO_USERS.schoolAdmin]: '绿茵小学管理员',
  [DEMO_USERS.teacher]: '三年级2班 班主任',
  [DEMO_USERS.student]: '学生 王小雨（三年级2班）',
  [DEMO_USERS.parent]: '王小雨的家长',
  [DEMO_USERS.newcomer]: '新同学（尚未加入班级）',
  [DEMO_USERS.newParent]: '新家长（尚未关联孩子）',
};

/** Whether the store has never been seeded (no campaign document). */
export async function isEmpty(store: DocumentStore): Promise<boolean> {
  return (await store.get(C.campaigns, 'current')) === null;
}

/**
 * Seed a small demo city: the campaign dated so today is in its implementation phase, every district
 * of 濮阳市, a few fictional schools and classes, and one identity per role.
 */
export async function seedDemo(store: DocumentStore, now: Date): Promise<void> {
  const at = now.toISOString();
  const today = dayIn(now);
  const campaign: CampaignDoc = {
    _id: 'current',
    title: '争做濮阳好网民',
    theme: '校园好网民，弘扬正能量',
    year: yearIn(now),
    cityName: '濮阳市',
    phases: demoPhases(today),
    updatedAt: at,
  };
  await store.insert(C.campaigns, campaign);

  const districtIds: Record<string, string> = {};
  for (const [i, name] of PUYANG_DISTRICTS.entries()) {
    const _id = `district-${i + 1}`;
    districtIds[name] = _id;
    // Creation times one millisecond apart keep the plan's district order in every list.
    await store.insert<DistrictDoc>(C.districts, {
      _id,
      name,
      createdAt: new Date(now.getTime() + i).toISOString(),
    });
    await store.insert(C.meta, { _id: `district:${name}`, ref: _id });
  }
  const schools: { _id: string; district: string; name: string }[] = [
    { _id: 'school-lvyin', district: '华龙区', name: '华龙区绿茵小学' },
    { _id: 'school-xinghe', district: '华龙区', name: '华龙区星河中学' },
    { _id: 'school-qinghe', district: '清丰县', name: '清丰县青禾小学' },
    { _id: 'school-mingde', district: '濮阳县', name: '濮阳县明德初级中学' },
    { _id: 'school-chenguang', district: '市直', name: '濮阳市晨光实验学校' },
  ];
  for (const s of schools) {
    const districtId = districtIds[s.district];
    await store.insert<SchoolDoc>(C.schools, { _id: s._id, districtId, name: s.name, createdAt: at });
    await store.insert(C.meta, { _id: `school:${districtId}:${s.name}`, ref: s._id });
  }

  const hualong = districtIds['华龙区'];
  const addClass = async (
    _id: string,
    schoolId: string,
    stage: Stage,
    grade: number,
    classNo: number,
    classCode: string,
    teacherIds: string[],
    names: string[],
  ) => {
    await store.insert<ClassDoc>(C.classes, {
      _id,
      districtId: hualong,
      schoolId,
      stage,
      grade,
      classNo,
      classCode,
      teacherIds,
      createdAt: at,
    });
    await store.insert(C.meta, { _id: `class:${schoolId}:${stage}:${grade}:${classNo}`, ref: _id });
    await store.insert(C.meta, { _id: `classcode:${classCode}`, ref: _id });
    for (const [i, name] of names.entries()) {
      await store.insert<RosterDoc>(C.roster, {
        _id: `${_id}-r${i + 1}`,
        classId: _id,
        schoolId,
        districtId: hualong,
        name,
        studentNo: `${String(grade).padStart(2, '0')}${String(classNo).padStart(2, '0')}${String(i + 1).padStart(2, '0')}`,
        claimStatus: 'unclaimed',
        createdAt: new Date(now.getTime() + i).toISOString(),
      });
    }
  };
  await addClass(
    'class-lvyin-3-2',
    'school-lvyin',
    'primary',
    3,
    2,
    DEMO_CODES.classCode,
    [DEMO_USERS.teacher],
    DEMO_ROSTER,
  );
  await addClass(
    'class-xinghe-7-1',
    'school-xinghe',
    'junior',
    1,
    1,
    DEMO_CODES.secondClassCode,
    [],
    SECOND_ROSTER,
  );

  const users: UserDoc[] = [
    { _id: DEMO_USERS.cityAdmin, roles: [{ role: 'city_admin' }], createdAt: at, updatedAt: at },
    {
      _id: DEMO_USERS.districtAdmin,
      roles: [{ role: 'district_admin', districtId: hualong }],
      createdAt: at,
      updatedAt: at,
    },
    {
      _id: DEMO_USERS.schoolAdmin,
      roles: [{ role: 'school_admin', districtId: hualong, schoolId: 'school-lvyin' }],
      createdAt: at,
      updatedAt: at,
    },
    {
      _id: DEMO_USERS.teacher,
      roles: [{ role: 'teacher', districtId: hualong, schoolId: 'school-lvyin' }],
      createdAt: at,
      updatedAt: at,
    },
    {
      _id: DEMO_USERS.student,
      roles: [
        {
          role: 'student',
          districtId: hualong,
          schoolId: 'school-lvyin',
          classId: 'class-lvyin-3-2',
          rosterId: 'class-lvyin-3-2-r1',
        },
      ],
      createdAt: at,
      updatedAt: at,
    },
    { _id: DEMO_USERS.parent, roles: [{ role: 'parent' }], createdAt: at, updatedAt: at },
  ];
  for (const u of users) await store.insert(C.users, u);
  await store.update(C.roster, 'class-lvyin-3-2-r1', {
    $set: {
      claimStatus: 'approved',
      claimedBy: DEMO_USERS.student,
      claimedAt: at,
      birthYear: yearIn(now) - 9,
    },
  });
  await store.insert<FamilyDoc>(C.families, {
    _id: `${DEMO_USERS.parent}:class-lvyin-3-2-r1`,
    parentOpenid: DEMO_USERS.parent,
    rosterId: 'class-lvyin-3-2-r1',
    classId: 'class-lvyin-3-2',
    schoolId: 'school-lvyin',
    districtId: hualong,
    relation: '母亲',
    status: 'active',
    via: 'family_code',
    confirmed: true,
    confirmedAt: at,
    createdAt: at,
  });
  await store.insert<ConsentDoc>(C.consents, {
    _id: 'consent-demo-1',
    rosterId: 'class-lvyin-3-2-r1',
    parentOpenid: DEMO_USERS.parent,
    wording: CONSENT_WORDING,
    wordingVersion: CONSENT_VERSION,
    grantedAt: at,
  });
  const inAYear = hoursFrom(now, 24 * 365);
  await store.insert<FamilyCodeDoc>(C.familyCodes, {
    _id: DEMO_CODES.familyCode,
    rosterId: 'class-lvyin-3-2-r1',
    studentOpenid: DEMO_USERS.student,
    expiresAt: inAYear,
  });
  const invite = (code: string, role: InviteDoc['role'], createdBy: string): InviteDoc => ({
    _id: code,
    role,
    districtId: hualong,
    schoolId: 'school-lvyin',
    createdBy,
    createdAt: at,
    expiresAt: inAYear,
    usesLeft: 1000,
  });
  await store.insert(C.invites, {
    ...invite(DEMO_CODES.teacherInvite, 'teacher', DEMO_USERS.schoolAdmin),
    classIds: ['class-lvyin-3-2'],
  });
  await store.insert(
    C.invites,
    invite(DEMO_CODES.schoolAdminInvite, 'school_admin', DEMO_USERS.districtAdmin),
  );
  // Counters start exact: count the seeded rosters into class, school, district and city totals.
  const classes = await store.find<ClassDoc>(C.classes, {});
  await recount(
    store,
    classes.map((c) => ({ classId: c._id, schoolId: c.schoolId, districtId: c.districtId })),
    now,
  );
}
