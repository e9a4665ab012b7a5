import { C } from '../../../collections';
import type { CallDoc } from '../model';
import {
  cityCall,
  CLOSES,
  contestHarness,
  createCall,
  EVALUATION,
  HUALONG,
  OPENS,
  QINGFENG,
  submitDrawing,
  U,
} from './kit';

describe('calls', () => {
  it('city, district and school admins create calls at their own level only', async () => {
    const h = await contestHarness();
    const city = await h.ok(U.cityAdmin, 'contest', 'createCall', cityCall());
    expect(city).toMatchObject({
      level: 'city',
      unitName: '全市',
      judged: true,
      window: 'open',
      rounds: ['school', 'district', 'city'],
    });
    await h.rejects(U.districtAdmin, 'contest', 'createCall', cityCall(), 'PERMISSION_DENIED');
    const district = cityCall({
      level: 'district',
      districtId: HUALONG,
      rubric: undefined,
      tiers: undefined,
    });
    expect((await h.ok(U.districtAdmin, 'contest', 'createCall', district)).rounds).toEqual([
      'school',
      'district',
    ]);
    await h.rejects(
      U.districtAdmin,
      'contest',
      'createCall',
      { ...district, districtId: QINGFENG },
      'PERMISSION_DENIED',
    );
    const school = cityCall({
      level: 'school',
      schoolId: 'school-lvyin',
      rubric: undefined,
      tiers: undefined,
    });
    expect((await h.ok(U.schoolAdmin, 'contest', 'createCall', school)).unitName).toBe('华龙区绿茵小学');
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'createCall',
      { ...school, schoolId: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.teacher, 'contest', 'createCall', school, 'PERMISSION_DENIED');
    await h.rejects(
      U.cityAdmin,
      'contest',
      'createCall',
      { ...school, level: 'district' },
      'INVALID_ARGUMENT',
    );
  });

  it('validates the whole definition: dates in the implementation phase, keys, limits, rubric and tiers of judged calls', async () => {
    const h = await contestHarness();
    const bad = async (extra: Record<string, unknown>, text: string) => {
      const err = await h.rejects(U.cityAdmin, 'contest', 'createCall', cityCall(extra), 'INVALID_ARGUMENT');
      expect(err.message).toContain(text);
    };
    await bad({ closesOn: '2026-09-30' }, '活动实施阶段');
    await bad({ opensOn: CLOSES, closesOn: OPENS }, '截止日期早于开始日期');
    await bad(
      {
        categories: [
          { key: 'a', title: 'A', format: 'images' },
          { key: 'a', title: 'B', format: 'text' },
        ],
      },
      '标识「a」重复',
    );
    await bad(
      { categories: [{ key: 'a', title: 'A', format: 'text', minChars: 500, maxChars: 100 }] },
      '最少字数大于最多字数',
    );
    await bad(
      {
        groups: [
          {
            key: 'g',
            title: '低段',
            who: 'student',
            classes: [{ stage: 'junior', minGrade: 1, maxGrade: 5 }],
          },
        ],
      },
      '年级范围不对',
    );
    await bad({ rubric: undefined }, '评分标准');
    await bad({ tiers: undefined }, '奖项');
    await bad(
      {
        rubric: {
          criteria: [{ key: 'x', title: 'X', weight: 90, bands: [{ min: 0, max: 10, descriptor: '全部' }] }],
        },
      },
      '权重之和须为 100',
    );
    await bad(
      { quotas: { school: 3, district: 2, overrides: [{ category: 'nope', group: 'primary', school: 1 }] } },
      '推荐名额的例外',
    );
    await h.rejects(
      U.cityAdmin,
      'contest',
      'createCall',
      cityCall({ judgesPerEntry: 2 }),
      'INVALID_ARGUMENT',
    );
    await h.rejects(U.cityAdmin, 'contest', 'createCall', { ...cityCall(), unknown: 1 }, 'INVALID_ARGUMENT');
    await h.rejects(
      U.cityAdmin,
      'contest',
      'createCall',
      cityCall({ tiers: [{ tier: 'first', count: 1, share: 0.1 }] }),
      'INVALID_ARGUMENT',
    );
  });

  it('updates: texts and dates any time before results; categories only before any entry', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    expect((await h.ok(U.cityAdmin, 'contest', 'updateCall', { callId, intro: '新的说明' })).intro).toBe(
      '新的说明',
    );
    await h.rejects(U.districtAdmin, 'contest', 'updateCall', { callId, intro: 'x' }, 'PERMISSION_DENIED');
    await submitDrawing(h, U.student, callId, 1);
    await h.rejects(
      U.cityAdmin,
      'contest',
      'updateCall',
      { callId, categories: [{ key: 'photo', title: '摄影', format: 'images' }] },
      'FAILED_PRECONDITION',
    );
    const q = await h.ok(U.cityAdmin, 'contest', 'updateCall', {
      callId,
      quotas: { school: 2, district: 1, overrides: [{ category: 'drawing', group: 'primary', school: 4 }] },
    });
    expect(q.title).toBe('防控疫情，携手同进');
    expect((await h.get<CallDoc>(C.contestCalls, callId))!.quotas.overrides).toHaveLength(1);
    h.clock.set(EVALUATION);
    await h.rejects(U.cityAdmin, 'contest', 'updateCall', { callId, intro: '太晚了' }, 'FAILED_PRECONDITION');
  });

  it('the home page: calls for the pupil, rounds for reviewers, organised calls, the name teachers still owe', async () => {
    const h = await contestHarness();
    const callId = await createCall(h);
    await submitDrawing(h, U.student, callId, 1);
    // A call for teachers only is offered to teachers, never to pupils or their parents.
    const teachersOnly = await createCall(
      h,
      U.cityAdmin,
      cityCall({
        title: '教师征文',
        groups: [{ key: 'teacher', title: '教师组', who: 'teacher', classes: [] }],
      }),
    );
    const pupil = await h.ok(U.student, 'contest', 'home', {});
    expect(pupil.calls.map((c) => c.callId)).toEqual([callId]);
    expect(pupil.calls[0].myEntries).toBe(1);
    expect(pupil.calls[0].asAuthor).toEqual(['student']);
    const parent = await h.ok(U.parent, 'contest', 'home', {});
    expect(parent.calls.map((c) => [c.callId, c.asAuthor])).toEqual([[callId, ['student', 'family']]]);
    const teacher = await h.ok(U.teacher, 'contest', 'home', {});
    expect(teacher.calls.map((c) => [c.callId, c.asAuthor]).sort()).toEqual(
      [
        [callId, ['teacher']],
        [teachersOnly, ['teacher']],
      ].sort(),
    );
    expect(pupil.review).toEqual([]);
    const admin = await h.ok(U.schoolAdmin, 'contest', 'home', {});
    expect(admin.review.find((r) => r.callId === callId)).toEqual(
      expect.objectContaining({ callId, round: 'school', unitId: 'school-lvyin', pending: 1 }),
    );
    expect(admin.profile.needsName).toBe(true);
    const district = await h.ok(U.districtAdmin, 'contest', 'home', {});
    expect(district.review.find((r) => r.callId === callId)).toEqual(
      expect.objectContaining({ round: 'district', unitId: HUALONG, pending: 0 }),
    );
    expect(district.profile).toEqual({ name: null, needsName: false });
    const city = await h.ok(U.cityAdmin, 'contest', 'home', {});
    // Only a school's staff are asked for the name pupils pick an advisor by.
    expect(city.profile.needsName).toBe(false);
    expect(city.organise.map((c) => c.callId).sort()).toEqual([callId, teachersOnly].sort());
    expect(city.organise.every((c) => c.unitId === null)).toBe(true);
    expect((await h.ok(U.teacher, 'contest', 'home', {})).profile).toEqual({
      name: '林晓梅',
      needsName: false,
    });
    const form = await h.ok(U.parent, 'contest', 'entryForm', { callId });
    expect(form.options.map((o) => [o.authorType, o.who])).toEqual([
      ['student', '为孩子 王小雨 提交'],
      ['family', '王小雨的家庭'],
    ]);
    // Its organisers read their own settings back for the editor; nobody else does.
    expect((await h.ok(U.cityAdmin, 'contest', 'callInfo', { callId })).settings).toMatchObject({
      quotas: { school: 5, district: 3 },
      judgesPerEntry: 3,
      organisationAwards: 3,
    });
    expect((await h.ok(U.schoolAdmin, 'contest', 'callInfo', { callId })).settings).toBeNull();
    expect((await h.ok(null, 'contest', 'callInfo', { callId })).settings).toBeNull();
    // A call is public to read (the announcement), its panel and people are not in it.
    const pub = await h.ok(null, 'contest', 'exhibitions', {});
    expect(pub.items.find((c) => c.callId === callId)).toMatchObject({ title: '防控疫情，携手同进' });
  });
});
