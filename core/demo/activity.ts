/**
 * Demo activity: a campaign in progress on top of the demo city (core/demo/seed.ts), so the
 * participation dashboards of the city, its districts and schools are not empty when a newcomer
 * opens the local product.
 *
 * Everything here goes through the real actions (router.dispatch over FUNCTIONS) as fictional users:
 * district admins redeem invites the city admin creates, create schools and classes and invite one
 * teacher per class; teachers add rosters and confirm claims; pupils claim their names and sign with
 * a typed name; guardians link with the family code, consent, sign the family pledge, make cards and
 * share them. Every rule, counter and audit record is therefore the real one, and any refused call
 * throws (a broken seed is loud). Every school and person is fictional; names are generated from
 * common surnames and invented given names. All choices are deterministic from indexes (ids and codes
 * come from node:crypto through the actions).
 *
 * The existing demo identities and classes (demo-student, demo-parent, demo-teacher, demo-newcomer,
 * demo-new-parent, class GREEN3 and STAR7A) are left exactly as seedDemo made them.
 */
import { PUYANG_DISTRICTS } from '../org';
import { SLOGAN_SUGGESTIONS, REPLY_SUGGESTIONS, TEMPLATE_IDS } from '../poster/templates';
import { isParentRelation, isUnder14, maskName, maskStudentNo } from '../privacy';
import type { Services } from '../services';
import { rollup } from '../stats';
import { yearIn } from '../time';
import { seedDemoContests } from './contest';
import { seedDemoQuizzes } from './quiz';
import { DEMO_ROSTER, DEMO_USERS } from './seed';
import type { Stage } from '../model';
import { beijingMidnight, demoActor, HOUR, type InputOf } from './actor';

/** One class to create: stage, grade, class number and roster size. */
interface ClassPlan {
  stage: Stage;
  grade: number;
  classNo: number;
  size: number;
}

/** One school with activity: an existing demo school (by id) or a new fictional one. */
interface SchoolPlan {
  district: string;
  name: string;
  /** Set for schools seedDemo already made (they have no activity yet). */
  existingId?: string;
  /** Share of pupils who join the app and claim their name. */
  joins: number;
  /** Share of linked guardians who sign the family pledge. */
  families: number;
  /** Share of linked families who make a card. */
  cards: number;
  classes: ClassPlan[];
}

const P = (stage: Stage, grade: number, classNo: number, size: number): ClassPlan => ({
  stage,
  grade,
  classNo,
  size,
});

/**
 * The fictional schools and how far each has got. Participation differs by school and district so the
 * rankings are not flat. 绿茵小学 (the e2e stories' school) and 星河中学's STAR7A class are not touched.
 */
export const DEMO_ACTIVITY_SCHOOLS: SchoolPlan[] = [
  {
    district: '华龙区',
    name: '华龙区星河中学',
    existingId: 'school-xinghe',
    joins: 0.8,
    families: 0.7,
    cards: 0.3,
    classes: [P('junior', 2, 1, 32), P('junior', 3, 2, 36)],
  },
  {
    district: '华龙区',
    name: '华龙区云帆小学',
    joins: 0.92,
    families: 0.85,
    cards: 0.5,
    classes: [P('primary', 4, 1, 34), P('primary', 5, 2, 30)],
  },
  {
    district: '华龙区',
    name: '华龙区松涛初级中学',
    joins: 0.55,
    families: 0.5,
    cards: 0.2,
    classes: [P('junior', 1, 3, 38)],
  },
  {
    district: '濮阳县',
    name: '濮阳县明德初级中学',
    existingId: 'school-mingde',
    joins: 0.6,
    families: 0.55,
    cards: 0.25,
    classes: [P('junior', 1, 2, 35), P('junior', 3, 1, 33)],
  },
  {
    district: '濮阳县',
    name: '濮阳县麦浪小学',
    joins: 0.45,
    families: 0.7,
    cards: 0.35,
    classes: [P('primary', 2, 1, 28), P('primary', 6, 1, 31)],
  },
  {
    district: '濮阳县',
    name: '濮阳县枣花小学',
    joins: 0.35,
    families: 0.6,
    cards: 0.3,
    classes: [P('primary', 3, 3, 26)],
  },
  {
    district: '清丰县',
    name: '清丰县青禾小学',
    existingId: 'school-qinghe',
    joins: 0.7,
    families: 0.8,
    cards: 0.45,
    classes: [P('primary', 3, 1, 30), P('primary', 5, 1, 29)],
  },
  {
    district: '清丰县',
    name: '清丰县柳笛小学',
    joins: 0.85,
    families: 0.9,
    cards: 0.55,
    classes: [P('primary', 4, 2, 27)],
  },
  {
    district: '清丰县',
    name: '清丰县晴川初级中学',
    joins: 0.5,
    families: 0.45,
    cards: 0.2,
    classes: [P('junior', 2, 2, 37), P('junior', 3, 3, 34)],
  },
  {
    district: '南乐县',
    name: '南乐县书韵小学',
    joins: 0.42,
    families: 0.65,
    cards: 0.4,
    classes: [P('primary', 1, 1, 24), P('primary', 4, 1, 30)],
  },
  {
    district: '南乐县',
    name: '南乐县星桥初级中学',
    joins: 0.3,
    families: 0.4,
    cards: 0.15,
    classes: [P('junior', 1, 1, 36)],
  },
  {
    district: '范县',
    name: '范县荷风小学',
    joins: 0.25,
    families: 0.5,
    cards: 0.3,
    classes: [P('primary', 3, 2, 25), P('primary', 6, 2, 32)],
  },
  {
    district: '范县',
    name: '范县澄波初级中学',
    joins: 0.38,
    families: 0.35,
    cards: 0.15,
    classes: [P('junior', 3, 1, 35)],
  },
  {
    district: '台前县',
    name: '台前县沙鸥小学',
    joins: 0.2,
    families: 0.45,
    cards: 0.25,
    classes: [P('primary', 2, 2, 22)],
  },
  {
    district: '台前县',
    name: '台前县晓帆初级中学',
    joins: 0.3,
    families: 0.3,
    cards: 0.1,
    classes: [P('junior', 2, 1, 33)],
  },
  {
    district: '市直',
    name: '濮阳市晨光实验学校',
    existingId: 'school-chenguang',
    joins: 0.75,
    families: 0.75,
    cards: 0.4,
    classes: [P('primary', 5, 1, 36), P('junior', 1, 1, 38), P('junior', 3, 1, 34)],
  },
  {
    district: '市直',
    name: '濮阳市云杉实验学校',
    joins: 0.65,
    families: 0.6,
    cards: 0.35,
    classes: [P('primary', 3, 1, 32), P('junior', 2, 3, 35)],
  },
];

/** Openids of the fictional people the activity adds (numbered from 1). */
export const DEMO_ACTIVITY_OPENIDS = {
  districtAdmin: (n: number) => `demo-district-admin-${n}`,
  teacher: (n: number) => `demo-teacher-${n}`,
  pupil: (n: number) => `demo-pupil-${n}`,
  guardian: (n: number) => `demo-guardian-${n}`,
};

const SURNAMES = Array.from(
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟段雷汤尹黎常武乔贺龚',
);
/** Invented given names: any first character with any second one. */
const GIVEN_FIRST = Array.from('子梓雨思可一诗语欣晨浩宇嘉明佳若沐安书睿亦景星乐心知依禾朗澄');
const GIVEN_SECOND = Array.from('涵萱桐然琪彤宁怡泽航瑶哲妍晴远诺希川萌悦恒霖岚舟溪柚朵屿苗');
/** Invented given names of the guardians (who type their own name when signing the family pledge). */
const ADULT_FIRST = Array.from('建秀志海春丽文永国晓红卫玉桂淑');
const ADULT_SECOND = Array.from('平华军英梅林峰芳霞兵燕勇清岩');
const RELATIONS = ['母亲', '父亲', '母亲', '祖父或祖母', '父亲', '外祖父或外祖母'] as const;
const CHANNELS = ['chat', 'moments', 'saved'] as const;

/** Names the demo already uses: never generated again, so searching a demo name finds one person. */
const RESERVED_NAMES = new Set([...DEMO_ROSTER, '周明哲', '吴佳怡', '郑浩然', '孙雅琪', '马俊熙', '朱心怡']);

/** A deterministic number in [0, 1) from a few integers (a small integer hash). */
export function demoUnit(...keys: number[]): number {
  let h = 0x2545f491;
  for (const k of keys) {
    h = Math.imul(h ^ (k | 0), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca77);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae3d);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const pick = <T>(list: readonly T[], u: number): T => list[Math.floor(u * list.length) % list.length];

/** `size` distinct invented pupil names for one class. */
export function demoPupilNames(classKey: number, size: number): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0, salt = 0; out.length < size; salt++) {
    const name =
      pick(SURNAMES, demoUnit(classKey, i, salt, 1)) +
      pick(GIVEN_FIRST, demoUnit(classKey, i, salt, 2)) +
      pick(GIVEN_SECOND, demoUnit(classKey, i, salt, 3));
    if (seen.has(name) || RESERVED_NAMES.has(name)) continue;
    seen.add(name);
    out.push(name);
    i++;
  }
  return out;
}

/** What one pupil and their family will do (decided up front from indexes). */
interface PupilPlan {
  n: number;
  order: number;
  school: SchoolPlan;
  classId: string;
  classCode: string;
  teacher: string;
  name: string;
  studentNo: string;
  birthYear?: number;
  under14: boolean;
  approved: boolean;
  guardian: boolean;
  relation: (typeof RELATIONS)[number];
  guardianName: string;
  signs: boolean;
  familySigns: boolean;
  card: 'none' | 'parent' | 'child';
  reply: boolean;
  /** The child also makes a card of their own (a family with two cards). */
  childCard: boolean;
  shares: number;
  key: number;
}

/**
 * Seed campaign activity into a city seedDemo made: more fictional schools across the districts,
 * classes with rosters, pupils who claimed their names, guardians, pledges, family pledges, cards and
 * shares, dated over the past week (the implementation phase), then the counters rolled up so every
 * dashboard is exact at once. Throws on the first refused action.
 */
export async function seedDemoActivity(services: Services, now: Date): Promise<void> {
  // The actions read the time from services.now: a clock of our own dates the activity over the
  // past week (setup eight days ago, then each pupil at a daytime hour of one of the last seven days).
  const { act, clock } = demoActor(services, 'activity', beijingMidnight(now, 8) + 9 * HOUR, 20_000);

  const year = yearIn(now);
  const city = DEMO_USERS.cityAdmin;
  const districts = await act(city, 'org', 'listDistricts', {});
  const districtId = (name: string) => {
    const d = districts.find((x) => x.name === name);
    if (!d) throw new Error(`demo activity: district ${name} is missing (run seedDemo first)`);
    return d._id;
  };

  // District admins: one per district with activity, invited by the city admin.
  const admins = new Map<string, string>();
  for (const name of [...new Set(DEMO_ACTIVITY_SCHOOLS.map((s) => s.district))]) {
    const openid = DEMO_ACTIVITY_OPENIDS.districtAdmin(PUYANG_DISTRICTS.indexOf(name) + 1);
    const invite = await act(city, 'org', 'createInvite', {
      role: 'district_admin',
      districtId: districtId(name),
    });
    await act(openid, 'identity', 'redeemInvite', { code: invite._id });
    admins.set(name, openid);
  }

  // Schools, classes (each with a teacher invited by the district admin) and rosters.
  const pupils: PupilPlan[] = [];
  let classKey = 0;
  for (const [si, school] of DEMO_ACTIVITY_SCHOOLS.entries()) {
    const admin = admins.get(school.district)!;
    const schoolId =
      school.existingId ??
      (
        await act(admin, 'org', 'createSchool', {
          districtId: districtId(school.district),
          name: school.name,
        })
      )._id;
    for (const plan of school.classes) {
      classKey++;
      const teacher = DEMO_ACTIVITY_OPENIDS.teacher(classKey);
      const cls = await act(admin, 'org', 'createClass', {
        schoolId,
        stage: plan.stage,
        grade: plan.grade,
        classNo: plan.classNo,
      });
      const invite = await act(admin, 'org', 'createInvite', {
        role: 'teacher',
        schoolId,
        classIds: [cls._id],
      });
      await act(teacher, 'identity', 'redeemInvite', { code: invite._id });
      const names = demoPupilNames(classKey, plan.size);
      const prefix = `${String(plan.grade).padStart(2, '0')}${String(plan.classNo).padStart(2, '0')}`;
      const entries = names.map((name, i) => ({
        name,
        studentNo: `${prefix}${String(i + 1).padStart(2, '0')}`,
      }));
      await act(teacher, 'org', 'addRoster', { classId: cls._id, entries });
      for (const [i, entry] of entries.entries()) {
        const u = (salt: number) => demoUnit(classKey, i, salt);
        if (u(10) >= school.joins) continue;
        // Typical age for the grade; for about a third the teacher records the birth year.
        const age = (plan.stage === 'primary' ? 6 : 12) + plan.grade - 1 + (u(11) < 0.5 ? 1 : 0);
        const birthYear = u(12) < 0.35 ? year - age : undefined;
        const under14 = isUnder14({ birthYear }, plan, year);
        const approved = u(17) < 0.88;
        // A pupil shows a family code only after the teacher approved their claim.
        const guardian = approved && (under14 ? u(13) < 0.9 : u(13) < 0.55);
        // Only a pupil whose claim the teacher approved can sign online.
        const signs = approved && (!under14 || guardian) && u(14) < 0.9;
        const familySigns = guardian && u(15) < school.families;
        const cardRoll = guardian && u(16) < school.cards;
        const card = !cardRoll ? 'none' : u(18) < 0.3 && approved ? 'child' : 'parent';
        const surname = Array.from(entry.name)[0];
        pupils.push({
          n: 0,
          order: demoUnit(si, classKey, i, 99),
          school,
          classId: cls._id,
          classCode: cls.classCode,
          teacher,
          name: entry.name,
          studentNo: entry.studentNo,
          birthYear,
          under14,
          approved,
          guardian,
          relation: pick(RELATIONS, u(19)),
          guardianName: surname + pick(ADULT_FIRST, u(20)) + pick(ADULT_SECOND, u(21)),
          signs,
          familySigns,
          card,
          reply: card === 'parent' && approved && u(22) < 0.4,
          childCard: card === 'parent' && approved && u(24) < 0.2,
          shares: card === 'none' ? 0 : Math.floor(u(23) * 4),
          key: classKey * 1000 + i,
        });
      }
    }
  }
  pupils.forEach((p, i) => (p.n = i + 1));

  // Pupils join over the last seven days, each at a daytime hour (08:00–21:00 Beijing), in a mixed order.
  const queue = [...pupils]
    .sort((a, b) => a.order - b.order)
    .map((p, k) => {
      const daysAgo = 7 - Math.floor((k * 7) / pupils.length);
      const hour = Math.floor(demoUnit(p.key, 30) * 13 * HOUR);
      return { p, at: beijingMidnight(now, daysAgo) + 8 * HOUR + hour };
    })
    .sort((a, b) => a.at - b.at);
  const letters = new Map<string, string>();
  for (const { p, at } of queue) {
    clock.t = Math.max(clock.t, at);
    const pupil = DEMO_ACTIVITY_OPENIDS.pupil(p.n);
    const parent = DEMO_ACTIVITY_OPENIDS.guardian(p.n);

    const cls = await act(pupil, 'identity', 'lookupClass', { classCode: p.classCode });
    const mine = cls.roster.find(
      (r) =>
        r.maskedName === maskName(p.name) && r.studentNoHint === maskStudentNo(p.studentNo) && !r.claimed,
    );
    if (!mine) throw new Error(`demo activity: ${p.classCode} has no unclaimed entry for pupil ${p.n}`);
    await act(pupil, 'identity', 'claimRoster', {
      classCode: p.classCode,
      rosterId: mine.rosterId,
      confirmName: p.name,
    });
    if (p.approved) await act(p.teacher, 'org', 'approveClaim', { rosterId: mine.rosterId });
    if (p.birthYear) {
      await act(p.teacher, 'org', 'setBirthYear', { rosterId: mine.rosterId, birthYear: p.birthYear });
    }

    if (p.guardian) {
      const { familyCode } = await act(pupil, 'identity', 'createFamilyCode', {});
      const link = await act(parent, 'identity', 'linkChild', { familyCode, relation: p.relation });
      // The class teacher confirms the link before the guardian can consent for the child.
      await act(p.teacher, 'org', 'confirmParentLink', { familyId: link.familyId, accept: true });
      if (p.under14) {
        const { version } = await act(parent, 'identity', 'consentText', {});
        // The guardian agrees to exactly the wording version shown (the action refuses any other);
        // a grandparent states they are the child's legal guardian.
        type Version = InputOf<'identity', 'giveConsent'>['version'];
        await act(parent, 'identity', 'giveConsent', {
          rosterId: mine.rosterId,
          version: version as Version,
          ...(isParentRelation(p.relation) ? {} : { legalGuardian: true as const }),
        });
      }
    }

    if (p.signs) {
      let textKey = letters.get(p.classId);
      if (!textKey) {
        textKey = (await act(pupil, 'pledge', 'getText', {})).letter.key;
        letters.set(p.classId, textKey);
      }
      await act(pupil, 'pledge', 'sign', {
        promise: true,
        textKey,
        signature: { method: 'typed', typedName: p.name },
      });
    }
    if (p.familySigns) {
      await act(parent, 'pledge', 'signFamily', {
        rosterIds: [mine.rosterId],
        promise: true,
        signature: { method: 'typed', typedName: p.guardianName },
      });
    }

    const makeCard = async (maker: string, salt: number) => {
      const made = await act(maker, 'card', 'create', {
        templateId: pick(TEMPLATE_IDS, demoUnit(p.key, 40, salt)),
        slogan: pick(SLOGAN_SUGGESTIONS, demoUnit(p.key, 41, salt)),
        ...(maker === parent ? { rosterId: mine.rosterId } : {}),
      });
      if (made.status !== 'approved') {
        throw new Error(`demo activity: card of pupil ${p.n} is ${made.status} (${made.reason ?? ''})`);
      }
      return made;
    };
    if (p.card !== 'none') {
      const maker = p.card === 'child' ? pupil : parent;
      const made = await makeCard(maker, 0);
      if (p.reply) {
        await act(pupil, 'card', 'reply', {
          cardId: made.cardId,
          text: pick(REPLY_SUGGESTIONS, demoUnit(p.key, 42)),
        });
      }
      for (let s = 0; s < p.shares; s++) {
        await act(maker, 'card', 'recordShare', {
          cardId: made.cardId,
          channel: pick(CHANNELS, demoUnit(p.key, 43, s)),
          eventId: `demo-share-${p.n}-${s + 1}`,
        });
      }
      if (p.childCard) await makeCard(pupil, 1);
    }
  }

  // The counters were bumped by every action; sum them into class, school, district and city totals.
  await rollup(services.store, now);
  await seedDemoQuizzes(services, now);
  await seedDemoContests(services, now);
}
