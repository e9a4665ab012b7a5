/** Shared setup for the contest handler tests: calls, pupils in several schools, real pictures, a flow helper. */
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { C } from '../../../collections';
import type { ClassDoc, RosterDoc, Stage, UserDoc } from '../../../model';
import { recountAll } from '../../../maintenance';
import type { ModerationResult, Moderator } from '../../../services';
import { bump, rollup } from '../../../stats';
import { createHarness, DEMO_USERS, type Harness } from '../../../../testing/harness';

export { DEMO_USERS };
export const U = DEMO_USERS;

/** The demo class (绿茵小学 三年级2班), its school and district; 王小雨 is its first pupil (under 14, consent given). */
export const LVYIN = { classId: 'class-lvyin-3-2', schoolId: 'school-lvyin', districtId: 'district-1' };
export const WANG_XIAOYU = 'class-lvyin-3-2-r1';
/** Demo district ids in PUYANG_DISTRICTS order: 华龙区, 濮阳县, 清丰县, 南乐县, 范县, 台前县, 市直. */
export const HUALONG = 'district-1';
export const PUYANG = 'district-2';
export const QINGFENG = 'district-3';

/** Call dates inside the harness campaign's implementation phase (2026-06-05 … 2026-08-14). */
export const OPENS = '2026-06-10';
export const CLOSES = '2026-07-10';
/** An instant in the evaluation phase (awards). */
export const EVALUATION = '2026-08-20T02:00:00.000Z';

/** A harness whose counters hold the roster sizes, with the demo teacher's name given (advisor lists). */
export async function contestHarness(): Promise<Harness> {
  const h = await createHarness();
  await recountAll(h.services, h.clock.now());
  await h.ok(U.teacher, 'contest', 'setMyName', { name: '林晓梅' });
  return h;
}

export const RUBRIC = {
  criteria: [
    {
      key: 'theme',
      title: '主题',
      weight: 40,
      bands: [
        { min: 0, max: 5, descriptor: '偏离主题' },
        { min: 6, max: 8, descriptor: '切合主题' },
        { min: 9, max: 10, descriptor: '主题鲜明深刻' },
      ],
    },
    {
      key: 'craft',
      title: '技法',
      weight: 60,
      bands: [
        { min: 0, max: 5, descriptor: '基础薄弱' },
        { min: 6, max: 8, descriptor: '技法熟练' },
        { min: 9, max: 10, descriptor: '技法出众' },
      ],
    },
  ],
};

export const TIERS = [
  { tier: 'first' as const, count: 1 },
  { tier: 'second' as const, count: 1 },
  { tier: 'third' as const, share: 0.25 },
];

/** A city works call: drawings (1–9 images) and essays (100–3000 characters), primary and junior groups. */
export function cityCall(extra: Record<string, unknown> = {}) {
  return {
    kind: 'works',
    level: 'city',
    title: '防控疫情，携手同进',
    intro: '征集抗疫主题漫画、童画、图画',
    categories: [
      { key: 'drawing', title: '绘画', format: 'images' },
      { key: 'essay', title: '征文', format: 'text', minChars: 100, maxChars: 3000 },
    ],
    groups: [
      {
        key: 'primary',
        title: '小学组',
        who: 'student',
        classes: [{ stage: 'primary', minGrade: 1, maxGrade: 6 }],
      },
      {
        key: 'junior',
        title: '初中组',
        who: 'student',
        classes: [{ stage: 'junior', minGrade: 1, maxGrade: 3 }],
      },
      {
        key: 'senior',
        title: '高中组',
        who: 'student',
        classes: [{ stage: 'senior', minGrade: 1, maxGrade: 3 }],
      },
      { key: 'family', title: '家庭组', who: 'family', classes: [] },
      { key: 'teacher', title: '教师组', who: 'teacher', classes: [] },
    ],
    opensOn: OPENS,
    closesOn: CLOSES,
    maxCoAuthors: 2,
    maxPerAuthor: 2,
    quotas: { school: 5, district: 3, overrides: [] },
    rubric: RUBRIC,
    tiers: TIERS,
    judgesPerEntry: 3,
    organisationAwards: 3,
    ...extra,
  };
}

/**
 * The same call run by the 华龙区 district: no judges, so its passed works show in galleries at once (a
 * judged city call shows nothing before its results are published).
 */
export function unjudgedCall(extra: Record<string, unknown> = {}) {
  return cityCall({ level: 'district', districtId: HUALONG, rubric: undefined, tiers: undefined, ...extra });
}

/** Create an unjudged (district) call as the district admin and answer its id. */
export function createUnjudgedCall(h: Harness, extra: Record<string, unknown> = {}) {
  return createCall(h, U.districtAdmin, unjudgedCall(extra));
}

/** Create a call as `by` and answer its id. */
export async function createCall(
  h: Harness,
  by: string = U.cityAdmin,
  input: Record<string, unknown> = cityCall(),
) {
  const call = await h.ok(by, 'contest', 'createCall', input);
  return call.callId;
}

/** A synthetic picture: smooth waves plus shapes, different for every seed (so hashes differ). */
export function raster(
  seed: number,
  width = 72,
  height = 54,
): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(width * height * 4);
  const a = 0.7 + ((seed * 7919) % 97) / 40;
  const b = 0.3 + ((seed * 104729) % 89) / 35;
  const cx = 0.2 + ((seed * 31) % 60) / 100;
  const cy = 0.2 + ((seed * 17) % 60) / 100;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) / width;
      const v = (y + 0.5) / height;
      let g =
        128 +
        80 * Math.sin(2 * Math.PI * (a * u + b * v + seed * 0.37)) +
        30 * Math.cos(2 * Math.PI * (b * u - a * v));
      if ((u - cx) ** 2 + (v - cy) ** 2 < 0.03) g = (seed * 53) % 2 ? 20 : 235;
      const i = (y * width + x) * 4;
      const c = Math.max(0, Math.min(255, Math.round(g)));
      data[i] = c;
      data[i + 1] = Math.max(0, Math.min(255, Math.round(c * 0.8 + 30)));
      data[i + 2] = 255 - c;
      data[i + 3] = 255;
    }
  }
  return { width, height, data };
}

/** PNG bytes of picture `seed`. */
export function png(seed: number): Uint8Array {
  const r = raster(seed);
  const img = new PNG({ width: r.width, height: r.height });
  img.data = Buffer.from(r.data);
  return new Uint8Array(
    PNG.sync.write(img, { colorType: 6, inputColorType: 6, inputHasAlpha: true, filterType: 1 }),
  );
}

/** The same picture `seed` re-encoded as a JPEG at another size (a near-duplicate of png(seed)). */
export function jpegCopy(seed: number): Uint8Array {
  const r = raster(seed, 96, 72);
  return new Uint8Array(encodeJpeg({ width: r.width, height: r.height, data: Buffer.from(r.data) }, 70).data);
}

/** Upload picture `seed` as `owner` (an entry image, or a video cover). */
export function uploadPicture(
  h: Harness,
  owner: string,
  seed: number,
  purpose: 'entryImage' | 'entryCover' = 'entryImage',
) {
  return h.upload(owner, purpose, png(seed), 'image/png');
}

/** An essay of about 200 characters, different for each seed (an xorshift over a small vocabulary). */
export function essay(seed: number): string {
  const words = Array.from(
    '网络文明安全同学家长老师防控疫情学习守护清朗空间正能量分享责任信息上课作业健康阅读诚信友善交流手机游戏时间规则朋友思考表达',
  );
  let out = '';
  let x = (seed * 2654435761) ^ 0x9e3779b9 || 1;
  while (out.length < 200) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += words[(x >>> 0) % words.length];
    if ((x >>> 0) % 11 === 0) out += '，';
  }
  return `${out}。`;
}

let draftCounter = 0;
/** A fresh client draft key. */
export const draftKey = () => `draft-${++draftCounter}-${Date.now()}`;

/** Save and submit a drawing as `openid` (extra fields go into save), answering the entry id. */
export async function submitDrawing(
  h: Harness,
  openid: string,
  callId: string,
  seed: number,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const img = await uploadPicture(h, openid, seed);
  const saved = await h.ok(openid, 'contest', 'save', {
    callId,
    draftKey: draftKey(),
    category: 'drawing',
    group: 'primary',
    title: `我的画 ${seed}`,
    images: [img],
    ...extra,
  });
  await h.ok(openid, 'contest', 'submit', { entryId: saved.entryId, originality: true });
  return saved.entryId;
}

/** A pupil seeded straight into the store (claimed and approved; `senior` pupils need no consent). */
export interface Pupil {
  openid: string;
  rosterId: string;
  name: string;
  classId: string;
  schoolId: string;
  districtId: string;
}

/** Seed a class of `n` approved pupils (senior by default: over 14) into a school, creating the school if needed. */
export async function seedClass(
  h: Harness,
  opts: {
    classId: string;
    schoolId: string;
    districtId: string;
    n: number;
    stage?: Stage;
    grade?: number;
    schoolName?: string;
  },
): Promise<Pupil[]> {
  const at = h.clock.now().toISOString();
  if (!(await h.store.get(C.schools, opts.schoolId))) {
    await h.store.insert(C.schools, {
      _id: opts.schoolId,
      districtId: opts.districtId,
      name: opts.schoolName ?? `测试学校${opts.schoolId}`,
      createdAt: at,
    });
  }
  await h.store.insert<ClassDoc>(C.classes, {
    _id: opts.classId,
    districtId: opts.districtId,
    schoolId: opts.schoolId,
    stage: opts.stage ?? 'senior',
    grade: opts.grade ?? 2,
    classNo: 1 + (opts.classId.length % 20),
    classCode: `T${opts.classId.slice(-5).toUpperCase()}`,
    teacherIds: [],
    createdAt: at,
  });
  const han = '安宁明晨思远嘉文浩宇子涵雨欣一诺梓轩佳怡';
  const out: Pupil[] = [];
  for (let i = 0; i < opts.n; i++) {
    const rosterId = `${opts.classId}-r${i}`;
    const openid = `${opts.classId}-p${i}`;
    const name = `赵${han[i % han.length]}${han[(i * 7 + opts.classId.length) % han.length]}`;
    await h.store.insert<RosterDoc>(C.roster, {
      _id: rosterId,
      classId: opts.classId,
      schoolId: opts.schoolId,
      districtId: opts.districtId,
      name,
      claimStatus: 'approved',
      claimedBy: openid,
      claimedAt: at,
      createdAt: at,
    });
    await h.store.insert<UserDoc>(C.users, {
      _id: openid,
      roles: [
        {
          role: 'student',
          districtId: opts.districtId,
          schoolId: opts.schoolId,
          classId: opts.classId,
          rosterId,
        },
      ],
      createdAt: at,
      updatedAt: at,
    });
    await bump(
      h.store,
      { classId: opts.classId, schoolId: opts.schoolId, districtId: opts.districtId },
      'roster',
      1,
      rosterId,
      h.clock.now(),
    );
    out.push({
      openid,
      rosterId,
      name,
      classId: opts.classId,
      schoolId: opts.schoolId,
      districtId: opts.districtId,
    });
  }
  return out;
}

/** Seed a user with the given role grants. */
export async function seedUser(h: Harness, openid: string, roles: UserDoc['roles']): Promise<string> {
  const at = h.clock.now().toISOString();
  await h.store.insert<UserDoc>(C.users, { _id: openid, roles, createdAt: at, updatedAt: at });
  return openid;
}

/** A school admin and a district admin for a seeded school. */
export async function seedAdmins(h: Harness, schoolId: string, districtId: string) {
  const schoolAdmin = await seedUser(h, `admin-${schoolId}`, [
    { role: 'school_admin', schoolId, districtId },
  ]);
  const districtAdmin = (await h.get(C.users, `dadmin-${districtId}`))
    ? `dadmin-${districtId}`
    : await seedUser(h, `dadmin-${districtId}`, [{ role: 'district_admin', districtId }]);
  return { schoolAdmin, districtAdmin };
}

/** Invite a judge (city admin) and redeem it; answers the judge's openid. */
export async function inviteJudge(
  h: Harness,
  openid: string,
  name: string,
  scope: { schoolId?: string; districtId?: string } = {},
) {
  const inv = await h.ok(U.cityAdmin, 'org', 'createInvite', { role: 'judge', name, ...scope });
  await h.ok(openid, 'identity', 'redeemInvite', { code: inv._id });
  return openid;
}

/** Roll up and read one counter total. */
export async function totals(h: Harness, id: string): Promise<Record<string, number>> {
  await rollup(h.store, h.clock.now());
  const doc = await h.store.get<{ _id: string; m: Record<string, number> }>(C.counters, id);
  return doc?.m ?? {};
}

/**
 * A moderator like WeChat's: text passes unless it contains 「违规」, pictures answer 'review' with a
 * trace id (mediaCheckAsync) and settle when the test pushes a verdict.
 */
export function asyncModerator(): Moderator & { traces: string[] } {
  const traces: string[] = [];
  return {
    traces,
    async checkText(text): Promise<ModerationResult> {
      return text.includes('违规')
        ? {
            verdict: 'reject',
            reason: '文字含有不适合发布的内容，请修改后再提交',
            provider: 'wechat-msgSecCheck',
          }
        : { verdict: 'pass', provider: 'wechat-msgSecCheck' };
    },
    async checkImage(): Promise<ModerationResult> {
      const traceId = `trace-${traces.length + 1}`;
      traces.push(traceId);
      return { verdict: 'review', reason: '照片正在检查', traceId, provider: 'wechat-mediaCheckAsync' };
    },
  };
}

export { storeCallsOf } from '../../../../testing/harness';
