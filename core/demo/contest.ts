/**
 * Demo contests: the calls the plan names, each at another stage, so the demo city shows a works
 * selection in progress (docs/demo.md):
 * - 「防控疫情，携手同进」公益作品征集 (漫画、童画、图画): closed, school and district rounds done, judged by
 *   the city's judges, awards published (成果展示, certificates, 优秀指导教师, 优秀组织奖);
 * - 网络安全主题征文征画: closed, every city-round work scored by three judges, results not yet published;
 * - 校园网络文化节 (摄影、漫画、短视频、书评、影评): open, entries coming in, schools reviewing, districts
 *   starting to recommend;
 * - 「线上教学新网红」故事专栏: teachers' and families' stories selected by the city, the column published;
 * - 优秀思政课: open, teachers' lesson plans submitted, one passed by its school.
 *
 * Everything goes through the real actions as the demo activity's fictional people (pupils who claimed
 * their names and whose guardians consented, their guardians, class teachers, district admins) plus five
 * fictional judges invited by the city admin. Pictures are generated (small PNGs), videos and lesson
 * plans are stand-in bytes. The epidemic call announces its awards as soon as judging ends
 * (`earlyResults`), so its published results can be seen today. 绿茵小学 and the demo identities of
 * docs/demo.md are left alone.
 */
import { PNG } from 'pngjs';
import { C } from '../collections';
import type { ClassDoc, ConsentDoc, RosterDoc, UserDoc } from '../model';
import type { FileInfo, Services } from '../services';
import { rollupClasses } from '../stats';
import { findAll } from '../store';
import { addDays, dayIn } from '../time';
import { checkDirectUpload, type UploadPurpose } from '../uploads';
import { demoUnit } from './activity';
import { DEMO_USERS } from './seed';
import { beijingMidnight, demoActor, HOUR } from './actor';

/** Titles of the seeded calls (docs/demo.md names them). */
export const DEMO_CONTEST_TITLES = {
  epidemic: '「防控疫情，携手同进」公益作品征集',
  security: '网络安全主题征文征画',
  festival: '校园网络文化节',
  stories: '「线上教学新网红」故事专栏',
  lessons: '优秀思政课',
} as const;

/** The fictional judges (openids demo-judge-1 … 5). */
export const DEMO_JUDGES = ['程思远', '苏雅琴', '韩立新', '顾文澜', '孟清和'];

/** Judge openids. */
export const demoJudge = (n: number) => `demo-judge-${n}`;

const SURNAMES = Array.from('陈林周吴郑孙马朱胡郭何高罗梁宋谢韩唐冯董程曹袁邓许傅沈曾彭吕');
const GIVEN = Array.from('晓春丽文永国红卫玉桂淑秀志海建平华军英梅峰芳霞燕清岩');

/** A fictional teacher's name for class teacher `k`. */
function teacherName(k: number): string {
  return `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}${GIVEN[(k * 11 + 3) % GIVEN.length]}`;
}

/** A small generated picture (PNG), different for every seed. */
export function demoPicture(seed: number): Uint8Array {
  const width = 96;
  const height = 72;
  const img = new PNG({ width, height });
  const a = 0.6 + demoUnit(seed, 1) * 2.4;
  const b = 0.3 + demoUnit(seed, 2) * 2.1;
  const hue = demoUnit(seed, 3);
  const cx = 0.2 + demoUnit(seed, 4) * 0.6;
  const cy = 0.2 + demoUnit(seed, 5) * 0.6;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      let g =
        128 +
        80 * Math.sin(2 * Math.PI * (a * u + b * v + hue)) +
        30 * Math.cos(2 * Math.PI * (b * u - a * v));
      if ((u - cx) ** 2 + (v - cy) ** 2 < 0.025) g = 235 - 200 * hue;
      const c = Math.max(0, Math.min(255, Math.round(g)));
      const i = (y * width + x) * 4;
      img.data[i] = Math.round(c * (0.5 + hue / 2));
      img.data[i + 1] = Math.round(c * 0.8 + 30 * hue);
      img.data[i + 2] = 255 - Math.round(c * hue);
      img.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(img, { colorType: 6, filterType: 1 }));
}

const PHRASES = [
  '网课开始的第一天，屏幕那头的老师比我们还紧张',
  '我学会了先核实再转发，不让谣言从我这里经过',
  '奶奶第一次用手机给我点赞，她说要做文明的网民',
  '清朗的网络空间需要我们每一个人守护',
  '陌生人发来的链接我不点，个人信息我不说',
  '疫情让我们分开，网络把我们连在一起',
  '我和爸爸约定每天用手机不超过一小时',
  '在网上留言之前，我会先想一想这句话会不会伤害别人',
  '白衣天使逆行的背影让我懂得了什么是责任',
  '学校的云端升旗仪式让我热泪盈眶',
  '我把防诈骗的知识讲给了外公外婆听',
  '好网民不信谣不传谣，用正能量点亮屏幕',
];

/** A fictional text of about `n` characters for seed `k`. */
function demoText(k: number, n = 320): string {
  let out = '';
  for (let i = 0; out.length < n; i++) out += `${PHRASES[Math.floor(demoUnit(k, i, 7) * PHRASES.length)]}。`;
  return out;
}

/** Fictional titles. */
const DRAWING_TITLES = [
  '守护',
  '口罩下的微笑',
  '云端课堂',
  '我们在一起',
  '春天会来',
  '致敬逆行者',
  '小手拉大手',
  '绿色上网',
];
const ESSAY_TITLES = [
  '我的网络安全日记',
  '点击之前想一想',
  '给爷爷的一封信',
  '信息保护从我做起',
  '不做“键盘侠”',
];
const FESTIVAL_TITLES = [
  '屏幕里的光',
  '书评：《小王子》',
  '影评：《我和我的祖国》',
  '校园一角',
  '我的网课vlog',
  '漫画：谣言止于智者',
];
const STORY_TITLES = ['直播间里的数学课', '凌晨一点的作业批改', '全家一起上网课', '给每个孩子打一个电话'];

/** A pupil the seed may use: approved claim, a guardian's live consent (all demo pupils are under 14). */
interface Pupil {
  openid: string;
  rosterId: string;
  name: string;
  classId: string;
  schoolId: string;
  districtId: string;
  stage: ClassDoc['stage'];
  grade: number;
  teacher: string;
  guardian: string | null;
  claimedAt: number;
}

/** How long the last seedDemoContests took (the demo test keeps it under 5 s). */
export const DEMO_CONTEST_TIMING = { ms: 0 };

/** Seed the demo contests (after seedDemoActivity). Throws on the first refused action. */
export async function seedDemoContests(services: Services, now: Date): Promise<void> {
  const started = Date.now();
  const files = services.files as Services['files'] & {
    saveAs?: (name: string, bytes: Uint8Array, type: string) => Promise<FileInfo>;
  };
  if (!files.saveAs) throw new Error('demo contests: local file storage needed');
  const { svc, act, clock } = demoActor(services, 'contests', beijingMidnight(now, 8) + 10 * HOUR, 30_000);
  const at = (daysAgo: number, hour: number) => {
    clock.t = beijingMidnight(now, daysAgo) + hour * HOUR;
  };
  const upload = async (owner: string, purpose: UploadPurpose, bytes: Uint8Array, type: string) => {
    const ticket = await act(owner, 'files', 'prepareUpload', {
      purpose,
      contentType: type,
      size: bytes.byteLength,
    });
    const name = await checkDirectUpload(svc, ticket.ticket, owner, type, bytes.byteLength, svc.now());
    return (await files.saveAs!(name, bytes, type)).fileId;
  };
  let draft = 0;
  const draftKey = () => `demo-contest-${++draft}`;

  // The people: pupils with a consent, their guardians, teachers (who give their names), district admins.
  const consents = await findAll<ConsentDoc>(services.store, C.consents, {});
  const consented = new Map(consents.filter((c) => !c.revokedAt).map((c) => [c.rosterId, c.parentOpenid]));
  const roster = await findAll<RosterDoc>(services.store, C.roster, { claimStatus: 'approved' });
  const classes = new Map((await findAll<ClassDoc>(services.store, C.classes, {})).map((c) => [c._id, c]));
  const pupils: Pupil[] = [];
  for (const r of roster) {
    const cls = classes.get(r.classId);
    if (!r.claimedBy?.startsWith('demo-pupil-') || !cls || !consented.has(r._id) || !cls.teacherIds.length)
      continue;
    pupils.push({
      openid: r.claimedBy,
      rosterId: r._id,
      name: r.name,
      classId: cls._id,
      schoolId: cls.schoolId,
      districtId: cls.districtId,
      stage: cls.stage,
      grade: cls.grade,
      teacher: cls.teacherIds[0],
      guardian: consented.get(r._id) ?? null,
      claimedAt: new Date(r.claimedAt ?? 0).getTime(),
    });
  }
  pupils.sort((a, b) => a.claimedAt - b.claimedAt || (a.rosterId < b.rosterId ? -1 : 1));
  if (pupils.length < 60)
    throw new Error(`demo contests: only ${pupils.length} pupils with consent (run seedDemoActivity first)`);
  const teachers = [...new Set(pupils.map((p) => p.teacher))].sort();
  at(8, 11);
  for (const [k, t] of teachers.entries()) await act(t, 'contest', 'setMyName', { name: teacherName(k) });
  const districtAdminOf = new Map<string, string>();
  for (const u of await findAll<UserDoc>(services.store, C.users, { 'roles.role': 'district_admin' })) {
    for (const g of u.roles)
      if (g.role === 'district_admin' && u._id.startsWith('demo-district-admin-'))
        districtAdminOf.set(g.districtId, u._id);
  }
  const city = DEMO_USERS.cityAdmin;

  // The city's judges.
  at(8, 14);
  for (const [i, name] of DEMO_JUDGES.entries()) {
    const inv = await act(city, 'org', 'createInvite', { role: 'judge', name });
    await act(demoJudge(i + 1), 'identity', 'redeemInvite', { code: inv._id });
  }

  const today = dayIn(now);
  const groupsStudent = [
    {
      key: 'primary-low',
      title: '小学低段',
      who: 'student' as const,
      classes: [{ stage: 'primary' as const, minGrade: 1, maxGrade: 3 }],
    },
    {
      key: 'primary-high',
      title: '小学高段',
      who: 'student' as const,
      classes: [{ stage: 'primary' as const, minGrade: 4, maxGrade: 6 }],
    },
    {
      key: 'junior',
      title: '初中组',
      who: 'student' as const,
      classes: [{ stage: 'junior' as const, minGrade: 1, maxGrade: 3 }],
    },
  ];
  const groupOf = (p: Pupil) =>
    p.stage === 'junior' ? 'junior' : p.grade <= 3 ? 'primary-low' : 'primary-high';
  const rubric = {
    criteria: [
      {
        key: 'theme',
        title: '主题立意',
        weight: 40,
        bands: [
          { min: 0, max: 5, descriptor: '主题不够明确' },
          { min: 6, max: 8, descriptor: '切合主题' },
          { min: 9, max: 10, descriptor: '主题鲜明、立意深刻' },
        ],
      },
      {
        key: 'craft',
        title: '表现技法',
        weight: 40,
        bands: [
          { min: 0, max: 5, descriptor: '表现较弱' },
          { min: 6, max: 8, descriptor: '表现熟练' },
          { min: 9, max: 10, descriptor: '表现出色' },
        ],
      },
      {
        key: 'idea',
        title: '创意',
        weight: 20,
        bands: [
          { min: 0, max: 5, descriptor: '常见构思' },
          { min: 6, max: 8, descriptor: '有新意' },
          { min: 9, max: 10, descriptor: '构思独特' },
        ],
      },
    ],
  };
  const tiers = [
    { tier: 'first' as const, share: 0.1 },
    { tier: 'second' as const, share: 0.2 },
    { tier: 'third' as const, share: 0.3 },
  ];
  const used = new Set<string>();
  /** Pupils not used yet, who had joined by `beforeMs`, spread over schools. */
  const pick = (n: number, beforeMs: number, filter: (p: Pupil) => boolean = () => true) => {
    const bySchool = new Map<string, Pupil[]>();
    for (const p of pupils) {
      if (used.has(p.rosterId) || p.claimedAt > beforeMs || !filter(p)) continue;
      bySchool.set(p.schoolId, [...(bySchool.get(p.schoolId) ?? []), p]);
    }
    const out: Pupil[] = [];
    for (let round = 0; out.length < n; round++) {
      let added = false;
      for (const list of bySchool.values()) {
        if (list[round] && out.length < n) {
          out.push(list[round]);
          used.add(list[round].rosterId);
          added = true;
        }
      }
      if (!added) break;
    }
    return out;
  };

  /** A pupil (or their guardian) submits a picture entry; answers the entry id. */
  let pictureSeed = 0;
  /** Submissions of the call being seeded start no earlier than its first day, 08:00. */
  let opensAt = 0;
  const opening = (daysAgo: number) => {
    opensAt = beijingMidnight(now, daysAgo) + 8 * HOUR;
  };
  const submitPictures = async (
    p: Pupil,
    callId: string,
    category: string,
    title: string,
    pictures = 1,
    byGuardian = false,
  ) => {
    const who = byGuardian && p.guardian ? p.guardian : p.openid;
    clock.t = Math.max(clock.t, p.claimedAt + 2 * HOUR, opensAt);
    const images = [];
    for (let i = 0; i < pictures; i++)
      images.push(await upload(who, 'entryImage', demoPicture(++pictureSeed), 'image/png'));
    const saved = await act(who, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      ...(who !== p.openid ? { rosterId: p.rosterId } : {}),
      category,
      group: groupOf(p),
      title,
      images,
      advisorOpenid: p.teacher,
    });
    await act(who, 'contest', 'submit', { entryId: saved.entryId, originality: true });
    return saved.entryId;
  };
  const submitText = async (p: Pupil, callId: string, category: string, title: string, k: number) => {
    clock.t = Math.max(clock.t, p.claimedAt + 3 * HOUR, opensAt);
    const saved = await act(p.openid, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category,
      group: groupOf(p),
      title,
      body: demoText(k),
      advisorOpenid: p.teacher,
    });
    await act(p.openid, 'contest', 'submit', { entryId: saved.entryId, originality: true });
    return saved.entryId;
  };

  /** School round by the district admin (the school's manager), district round likewise; answers what reached each. */
  type Sub = { entryId: string; p: Pupil; category: string };
  const schoolRound = async (subs: Sub[], perSchool: number, reject = 0) => {
    const up: Sub[] = [];
    const count = new Map<string, number>();
    for (const [i, s] of subs.entries()) {
      const admin = districtAdminOf.get(s.p.districtId)!;
      const key = `${s.p.schoolId}:${s.category}:${groupOf(s.p)}`;
      if (i < reject) {
        await act(admin, 'contest', 'review', {
          entryId: s.entryId,
          round: 'school',
          decision: 'return',
          comment: '请补充作品说明，写清楚想表达的内容',
        });
      } else if ((count.get(key) ?? 0) < perSchool) {
        await act(admin, 'contest', 'review', { entryId: s.entryId, round: 'school', decision: 'recommend' });
        count.set(key, (count.get(key) ?? 0) + 1);
        up.push(s);
      } else {
        await act(admin, 'contest', 'review', { entryId: s.entryId, round: 'school', decision: 'pass' });
      }
    }
    return up;
  };
  const districtRound = async (subs: Sub[], perDistrict: number) => {
    const up: Sub[] = [];
    const count = new Map<string, number>();
    for (const s of subs) {
      const admin = districtAdminOf.get(s.p.districtId)!;
      const key = `${s.p.districtId}:${s.category}:${groupOf(s.p)}`;
      if ((count.get(key) ?? 0) < perDistrict) {
        await act(admin, 'contest', 'review', {
          entryId: s.entryId,
          round: 'district',
          decision: 'recommend',
        });
        count.set(key, (count.get(key) ?? 0) + 1);
        up.push(s);
      } else {
        await act(admin, 'contest', 'review', { entryId: s.entryId, round: 'district', decision: 'pass' });
      }
    }
    return up;
  };
  /** Judges score every assigned sheet (marks from the judge's own leniency and the work's quality). */
  const judgeAll = async (callId: string) => {
    await act(city, 'contest', 'setJudges', {
      callId,
      judges: DEMO_JUDGES.map((_, i) => ({ openid: demoJudge(i + 1), categories: [] })),
    });
    await act(city, 'contest', 'assignJudges', { callId });
    for (let j = 1; j <= DEMO_JUDGES.length; j++) {
      const judge = demoJudge(j);
      const items = [];
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await act(judge, 'contest', 'judgeTasks', { callId, ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        cursor = page.next ?? undefined;
      }
      for (const [t, task] of items.entries()) {
        const quality = demoUnit(t, task.title.length, j) * 4;
        const mark = (c: number) =>
          Math.max(0, Math.min(10, Math.round(5 + quality - (j % 3) + demoUnit(j, t, c) * 2)));
        await act(judge, 'contest', 'score', {
          assignmentId: task.assignmentId,
          scores: { theme: mark(1), craft: mark(2), idea: mark(3) },
          comment: ['构图完整，主题鲜明', '色彩运用大胆', '立意可以再深入', '细节生动', '表达真挚'][t % 5],
        });
      }
    }
  };

  // 1. 「防控疫情，携手同进」: closed six days ago, judged, awards published yesterday.
  at(8, 15);
  const epidemic = (
    await act(city, 'contest', 'createCall', {
      kind: 'works',
      level: 'city',
      title: DEMO_CONTEST_TITLES.epidemic,
      intro:
        '面向全市中小学生和家庭征集抗疫主题漫画、童画、图画，学校遴选优秀作品在校内开办主题画展，市教育局评选表彰并集中展示。',
      categories: [
        { key: 'comic', title: '漫画', format: 'images', maxImages: 4 },
        { key: 'kids', title: '童画', format: 'images', maxImages: 2 },
        { key: 'painting', title: '图画', format: 'images', maxImages: 3 },
      ],
      groups: [...groupsStudent, { key: 'family', title: '家庭组', who: 'family', classes: [] }],
      opensOn: addDays(today, -7),
      closesOn: addDays(today, -6),
      maxCoAuthors: 1,
      maxPerAuthor: 1,
      quotas: { school: 2, district: 2, overrides: [] },
      rubric,
      tiers,
      judgesPerEntry: 3,
      organisationAwards: 5,
      // Announced as soon as judging ends (not at the November evaluation): the demo shows its results today.
      earlyResults: true,
    })
  ).callId;
  opening(7);
  const epidemicSubs: Sub[] = [];
  const early = beijingMidnight(now, 6) + 18 * HOUR;
  for (const [i, p] of pick(26, early - 3 * HOUR).entries()) {
    const category = ['comic', 'kids', 'painting'][i % 3];
    epidemicSubs.push({
      entryId: await submitPictures(
        p,
        epidemic,
        category,
        DRAWING_TITLES[i % DRAWING_TITLES.length],
        1 + (i % 2),
        i % 4 === 3,
      ),
      p,
      category,
    });
  }
  at(5, 10);
  const epidemicUp = await schoolRound(epidemicSubs, 2, 2);
  at(4, 10);
  await districtRound(epidemicUp, 2);
  at(3, 9);
  await judgeAll(epidemic);
  at(1, 10);
  await act(city, 'contest', 'publishAwards', { callId: epidemic, basis: 'normalised' });

  // 2. 网络安全主题征文征画: closed four days ago, every sheet scored, waiting for the city to publish.
  at(8, 16);
  const security = (
    await act(city, 'contest', 'createCall', {
      kind: 'works',
      level: 'city',
      title: DEMO_CONTEST_TITLES.security,
      intro:
        '结合国家网络安全宣传周，面向学生征集网络安全主题征文和绘画（防网络诈骗、保护个人信息、防沉迷）。',
      categories: [
        { key: 'essay', title: '征文', format: 'text', minChars: 200, maxChars: 1500 },
        { key: 'drawing', title: '绘画', format: 'images', maxImages: 2 },
      ],
      groups: groupsStudent,
      opensOn: addDays(today, -7),
      closesOn: addDays(today, -4),
      maxCoAuthors: 0,
      maxPerAuthor: 2,
      quotas: { school: 2, district: 2, overrides: [] },
      rubric,
      tiers,
      judgesPerEntry: 3,
      organisationAwards: 5,
    })
  ).callId;
  opening(7);
  const securitySubs: Sub[] = [];
  for (const [i, p] of pick(20, beijingMidnight(now, 4) + 12 * HOUR).entries()) {
    const category = i % 2 ? 'drawing' : 'essay';
    const entryId =
      category === 'essay'
        ? await submitText(p, security, 'essay', ESSAY_TITLES[i % ESSAY_TITLES.length], 100 + i)
        : await submitPictures(p, security, 'drawing', DRAWING_TITLES[(i + 3) % DRAWING_TITLES.length]);
    securitySubs.push({ entryId, p, category });
  }
  at(3, 14);
  const securityUp = await schoolRound(securitySubs, 2);
  at(2, 10);
  await districtRound(securityUp, 2);
  at(1, 15);
  await judgeAll(security);

  // 3. 校园网络文化节: open for three more weeks; schools reviewing, one district recommending.
  at(7, 9);
  const festival = (
    await act(city, 'contest', 'createCall', {
      kind: 'works',
      level: 'city',
      title: DEMO_CONTEST_TITLES.festival,
      intro: '以“弘扬网络正能量，争做校园好网民”为主题，通过摄影、漫画、短视频、书评、影评等形式踊跃投稿。',
      categories: [
        { key: 'photo', title: '摄影', format: 'images', maxImages: 3 },
        { key: 'comic', title: '漫画', format: 'images', maxImages: 6 },
        { key: 'video', title: '短视频', format: 'video', maxSeconds: 180, maxMB: 50 },
        { key: 'book', title: '书评', format: 'text', minChars: 200, maxChars: 1500 },
        { key: 'film', title: '影评', format: 'text', minChars: 200, maxChars: 1500 },
      ],
      groups: groupsStudent,
      opensOn: addDays(today, -6),
      closesOn: addDays(today, 20),
      maxCoAuthors: 2,
      maxPerAuthor: 2,
      quotas: { school: 3, district: 3, overrides: [] },
      rubric,
      tiers,
      judgesPerEntry: 3,
      organisationAwards: 5,
    })
  ).callId;
  opening(6);
  const festivalSubs: Sub[] = [];
  for (const [i, p] of pick(24, now.getTime() - 6 * HOUR).entries()) {
    const category = ['photo', 'comic', 'video', 'book', 'film'][i % 5];
    let entryId: string;
    if (category === 'book' || category === 'film') {
      entryId = await submitText(p, festival, category, FESTIVAL_TITLES[i % FESTIVAL_TITLES.length], 200 + i);
    } else if (category === 'video') {
      clock.t = Math.max(clock.t, p.claimedAt + 2 * HOUR, opensAt);
      const video = await upload(p.openid, 'entryVideo', new Uint8Array(4096).fill(i), 'video/mp4');
      const cover = await upload(p.openid, 'entryCover', demoPicture(++pictureSeed), 'image/png');
      const saved = await act(p.openid, 'contest', 'save', {
        callId: festival,
        draftKey: draftKey(),
        category,
        group: groupOf(p),
        title: FESTIVAL_TITLES[4],
        video: { fileId: video, seconds: 60 + i, coverFileId: cover },
      });
      await act(p.openid, 'contest', 'submit', { entryId: saved.entryId, originality: true });
      entryId = saved.entryId;
    } else {
      entryId = await submitPictures(
        p,
        festival,
        category,
        FESTIVAL_TITLES[i % FESTIVAL_TITLES.length],
        1 + (i % 3),
      );
    }
    festivalSubs.push({ entryId, p, category });
  }
  // Reviews today, after the last submission and before "now".
  clock.t = Math.min(Math.max(clock.t, now.getTime() - 2 * HOUR), now.getTime() - 20 * 60_000);
  const reviewedSchools = new Set(festivalSubs.map((s) => s.p.schoolId).slice(0, 6));
  const festivalUp = [];
  for (const s of festivalSubs.filter((x) => reviewedSchools.has(x.p.schoolId))) {
    const admin = districtAdminOf.get(s.p.districtId)!;
    if (s.category === 'video') {
      await act(admin, 'contest', 'review', {
        entryId: s.entryId,
        round: 'school',
        decision: 'recommend',
        mediaChecked: true,
      });
    } else {
      await act(admin, 'contest', 'review', { entryId: s.entryId, round: 'school', decision: 'recommend' });
    }
    festivalUp.push(s);
  }
  const firstDistrict = festivalUp[0]?.p.districtId;
  await districtRound(
    festivalUp.filter((s) => s.p.districtId === firstDistrict),
    1,
  );

  // 4. 「线上教学新网红」故事专栏: teachers' and families' stories, selected by the city, published.
  at(8, 17);
  const stories = (
    await act(city, 'contest', 'createCall', {
      kind: 'stories',
      level: 'city',
      title: DEMO_CONTEST_TITLES.stories,
      intro: '征集疫情期间团结抗疫、积极复学、线上教学的感人故事，择优在市教育局网站专栏宣传。',
      categories: [
        { key: 'story', title: '抗疫复学故事', format: 'text', minChars: 200, maxChars: 3000, maxImages: 3 },
      ],
      groups: [
        { key: 'teacher', title: '教师', who: 'teacher', classes: [] },
        { key: 'family', title: '家庭', who: 'family', classes: [] },
      ],
      opensOn: addDays(today, -7),
      closesOn: addDays(today, -3),
      maxCoAuthors: 1,
      maxPerAuthor: 1,
      quotas: { school: 2, district: 5, overrides: [] },
      judgesPerEntry: 3,
      organisationAwards: 0,
    })
  ).callId;
  const storySubs: Sub[] = [];
  const storyTellers = [...new Map(pupils.map((p) => [p.teacher, p])).values()]
    .filter((_, i) => i % 5 === 1)
    .slice(0, 5);
  for (const [i, p] of storyTellers.entries()) {
    at(6, 9 + i);
    const teacher = p.teacher;
    const t = await act(teacher, 'contest', 'save', {
      callId: stories,
      draftKey: draftKey(),
      authorType: 'teacher',
      category: 'story',
      group: 'teacher',
      title: STORY_TITLES[i % STORY_TITLES.length],
      body: demoText(300 + i, 420),
    });
    await act(teacher, 'contest', 'submit', { entryId: t.entryId, originality: true });
    storySubs.push({ entryId: t.entryId, p, category: 'story' });
  }
  at(4, 10);
  for (const s of storySubs) {
    const admin = districtAdminOf.get(s.p.districtId)!;
    await act(admin, 'contest', 'review', { entryId: s.entryId, round: 'school', decision: 'recommend' });
  }
  at(3, 10);
  for (const s of storySubs) {
    await act(districtAdminOf.get(s.p.districtId)!, 'contest', 'review', {
      entryId: s.entryId,
      round: 'district',
      decision: 'recommend',
    });
  }
  at(2, 10);
  for (const s of storySubs.slice(0, 4))
    await act(city, 'contest', 'review', { entryId: s.entryId, round: 'city', decision: 'recommend' });
  await act(city, 'contest', 'publishSelection', { callId: stories });

  // 5. 优秀思政课: open; teachers submit lesson plans, one school has passed one.
  at(3, 9);
  const lessons = (
    await act(city, 'contest', 'createCall', {
      kind: 'lessons',
      level: 'city',
      title: DEMO_CONTEST_TITLES.lessons,
      intro:
        '学校遴选优秀班会思政课，县区择优报送市教育局，在市教育局网站专栏展示。请上传教案（PDF 或 Word），可附课件和课堂录像。',
      categories: [{ key: 'lesson', title: '思政课', format: 'lesson', maxChars: 800 }],
      groups: [{ key: 'teacher', title: '教师', who: 'teacher', classes: [] }],
      opensOn: addDays(today, -2),
      closesOn: addDays(today, 40),
      maxCoAuthors: 2,
      maxPerAuthor: 1,
      quotas: { school: 1, district: 3, overrides: [] },
      judgesPerEntry: 3,
      organisationAwards: 0,
    })
  ).callId;
  const lessonTeachers = [...new Set(pupils.map((p) => p.teacher))].filter((_, i) => i % 7 === 2).slice(0, 3);
  for (const [i, teacher] of lessonTeachers.entries()) {
    at(1, 9 + i);
    const pdf = new TextEncoder().encode(`%PDF-1.4\n% 示例教案 ${i + 1}\n`);
    const plan = await upload(teacher, 'entryDocument', pdf, 'application/pdf');
    const saved = await act(teacher, 'contest', 'save', {
      callId: lessons,
      draftKey: draftKey(),
      authorType: 'teacher',
      category: 'lesson',
      group: 'teacher',
      title: ['争做中国好网民', '网络不是法外之地', '我的信息我做主'][i],
      body: '本课围绕《全国青少年网络文明公约》，通过情景讨论引导学生文明上网、理性表达。',
      lesson: { plan: { fileId: plan, name: `教案${i + 1}.pdf` } },
    });
    await act(teacher, 'contest', 'submit', { entryId: saved.entryId, originality: true });
    if (i === 0) {
      const school = pupils.find((p) => p.teacher === teacher)!;
      await act(districtAdminOf.get(school.districtId)!, 'contest', 'review', {
        entryId: saved.entryId,
        round: 'school',
        decision: 'pass',
        mediaChecked: true,
      });
    }
  }

  // Counters were bumped (dated in the past week) by every action: roll the touched classes up now so the
  // dashboards are exact at once (a watermarked tick would not look back that far).
  await rollupClasses(
    services.store,
    [...new Set(pupils.filter((p) => used.has(p.rosterId)).map((p) => p.classId))],
    now,
  );
  DEMO_CONTEST_TIMING.ms = Date.now() - started;
}
