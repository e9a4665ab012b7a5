import { C } from '../../../collections';
import { settleMediaPush } from '../../../moderation/mediaChecks';
import type { Harness } from '../../../../testing/harness';
import type { JudgingDoc } from '../judging';
import type { EntryDoc } from '../model';
import {
  contestHarness,
  createCall,
  EVALUATION,
  HUALONG,
  inviteJudge,
  LVYIN,
  PUYANG,
  QINGFENG,
  seedClass,
  submitDrawing,
  U,
  WANG_XIAOYU,
} from './kit';

/** Carry an entry through the school and district rounds (the city admin may act in both). */
async function toCityRound(h: Harness, entryId: string) {
  await h.ok(U.cityAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'recommend' });
  await h.ok(U.cityAdmin, 'contest', 'review', { entryId, round: 'district', decision: 'recommend' });
}

/** A call with `perSchool` city-round entries from each of four schools in three districts. */
async function cityRound(h: Harness, perSchool = 1) {
  const callId = await createCall(h);
  const entries: string[] = [];
  const wang = await submitDrawing(h, U.student, callId, 1, { advisorOpenid: U.teacher });
  await toCityRound(h, wang);
  entries.push(wang);
  const schools = [
    { classId: 'c-xh', schoolId: 'school-xinghe', districtId: HUALONG },
    { classId: 'c-qh', schoolId: 'school-qinghe', districtId: QINGFENG },
    { classId: 'c-md', schoolId: 'school-mingde', districtId: PUYANG },
  ];
  let seed = 10;
  for (const s of schools) {
    const pupils = await seedClass(h, { ...s, n: perSchool });
    for (const p of pupils) {
      const id = await submitDrawing(h, p.openid, callId, seed++, { group: 'senior' });
      await toCityRound(h, id);
      entries.push(id);
    }
  }
  return { callId, entries, wang };
}

const judgingOf = (h: Harness, callId: string) =>
  h.store.find<JudgingDoc>(C.contestJudging, { callId }, { limit: 1000 });

describe('judges: invitation, panel, assignment with recusal', () => {
  it('the city invites judges through the invite mechanism; only the city can', async () => {
    const h = await contestHarness();
    await h.rejects(
      U.districtAdmin,
      'org',
      'createInvite',
      { role: 'judge', name: '周评委' },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.cityAdmin, 'org', 'createInvite', { role: 'judge' }, 'INVALID_ARGUMENT');
    await inviteJudge(h, 'judge-zhou', '周评委', { schoolId: 'school-qinghe' });
    const me = await h.ok('judge-zhou', 'identity', 'me', {});
    expect(me.roles).toEqual([
      expect.objectContaining({
        role: 'judge',
        name: '周评委',
        schoolId: 'school-qinghe',
        districtId: QINGFENG,
      }),
    ]);
  });

  it('each entry gets 3 judges, balanced, never from its own school or district, never its advisor', async () => {
    const h = await contestHarness();
    const { callId, entries, wang } = await cityRound(h, 2);
    const judges = [
      await inviteJudge(h, 'j-qingfeng', '清丰评委', { districtId: QINGFENG }),
      await inviteJudge(h, 'j-free-1', '评委甲'),
      await inviteJudge(h, 'j-free-2', '评委乙'),
      await inviteJudge(h, 'j-free-3', '评委丙'),
      await inviteJudge(h, 'j-free-4', '评委丁'),
    ];
    // The demo teacher (who advised 王小雨's work and teaches at 绿茵小学) is a judge too.
    const teacherInvite = await h.ok(U.cityAdmin, 'org', 'createInvite', { role: 'judge', name: '林晓梅' });
    await h.ok(U.teacher, 'identity', 'redeemInvite', { code: teacherInvite._id });
    await h.rejects(
      U.cityAdmin,
      'contest',
      'setJudges',
      { callId, judges: [{ openid: U.student }] },
      'INVALID_ARGUMENT',
    );
    await h.ok(U.cityAdmin, 'contest', 'setJudges', {
      callId,
      judges: [...judges, U.teacher].map((openid) => ({ openid })),
    });
    await h.rejects(U.districtAdmin, 'contest', 'assignJudges', { callId }, 'PERMISSION_DENIED');
    const out = await h.ok(U.cityAdmin, 'contest', 'assignJudges', { callId });
    expect(out.shortfalls).toBe(0);
    const docs = await judgingOf(h, callId);
    const byEntry = new Map<string, string[]>();
    for (const d of docs) byEntry.set(d.entryId, [...(byEntry.get(d.entryId) ?? []), d.judgeId]);
    for (const id of entries) expect(byEntry.get(id)).toHaveLength(3);
    const entryDocs = await h.store.find<EntryDoc>(
      C.contestEntries,
      { _id: { $in: entries } },
      { limit: 50 },
    );
    for (const d of docs) {
      const e = entryDocs.find((x) => x._id === d.entryId)!;
      if (d.judgeId === 'j-qingfeng') expect(e.districtId).not.toBe(QINGFENG);
      if (d.judgeId === U.teacher) expect(e.schoolId).not.toBe(LVYIN.schoolId);
    }
    expect(byEntry.get(wang)).not.toContain(U.teacher);
    const loads = out.load.map((l) => l.load);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    // Running it again assigns nothing new.
    expect((await h.ok(U.cityAdmin, 'contest', 'assignJudges', { callId })).added).toBe(0);
    const board = await h.ok(U.cityAdmin, 'contest', 'judgingBoard', { callId });
    expect(board.entries).toBe(entries.length);
    expect(board.entriesShortOfJudges).toBe(0);
    expect(board.panel.map((p) => p.name).sort()).toEqual(
      ['林晓梅', '清丰评委', '评委丁', '评委丙', '评委乙', '评委甲'].sort(),
    );
  });

  it('judges work blind: no author, school, district, class or advisor (or their ids) in any judge answer', async () => {
    const h = await contestHarness();
    const { callId, wang } = await cityRound(h, 1);
    const judges = [
      await inviteJudge(h, 'j1', '评委一'),
      await inviteJudge(h, 'j2', '评委二'),
      await inviteJudge(h, 'j3', '评委三'),
    ];
    await h.ok(U.cityAdmin, 'contest', 'setJudges', { callId, judges: judges.map((openid) => ({ openid })) });
    await h.ok(U.cityAdmin, 'contest', 'assignJudges', { callId });
    const wangDoc = (await h.get<EntryDoc>(C.contestEntries, wang))!;
    const secrets = [
      '王小雨',
      '王*雨',
      WANG_XIAOYU,
      U.student,
      LVYIN.schoolId,
      '绿茵',
      LVYIN.classId,
      '三年级',
      HUALONG,
      '华龙区',
      U.teacher,
      '林晓梅',
      wang,
      wangDoc.createdBy,
      'school-xinghe',
      '星河',
      'school-qinghe',
      '青禾',
      QINGFENG,
      '清丰',
      'school-mingde',
      '明德',
      PUYANG,
      '濮阳县',
    ];
    for (const judge of judges) {
      const answers: unknown[] = [];
      answers.push(await h.ok(judge, 'contest', 'judgeTasks', {}));
      const tasks = await h.ok(judge, 'contest', 'judgeTasks', { callId });
      answers.push(tasks);
      for (const t of tasks.items)
        answers.push(await h.ok(judge, 'contest', 'judgeEntry', { assignmentId: t.assignmentId }));
      const json = JSON.stringify(answers);
      for (const secret of secrets)
        expect({ judge, secret, found: json.includes(secret) }).toEqual({ judge, secret, found: false });
      expect(tasks.items.length).toBe(4);
    }
    // Judges see nothing of other calls or others' assignments.
    const doc = (await judgingOf(h, callId)).find((d) => d.judgeId !== 'j1')!;
    await h.rejects('j1', 'contest', 'judgeEntry', { assignmentId: doc._id }, 'NOT_FOUND');
    await h.rejects(U.student, 'contest', 'judgeTasks', { callId }, 'PERMISSION_DENIED');
  });

  it('scores per criterion within the bands, with a comment; progress per judge; reassign moves the unscored', async () => {
    const h = await contestHarness();
    const { callId } = await cityRound(h, 1);
    const judges = [
      await inviteJudge(h, 'j1', '评委一'),
      await inviteJudge(h, 'j2', '评委二'),
      await inviteJudge(h, 'j3', '评委三'),
      await inviteJudge(h, 'j4', '评委四'),
    ];
    await h.ok(U.cityAdmin, 'contest', 'setJudges', { callId, judges: judges.map((openid) => ({ openid })) });
    await h.ok(U.cityAdmin, 'contest', 'assignJudges', { callId });
    const tasks = await h.ok('j1', 'contest', 'judgeTasks', { callId });
    const first = tasks.items[0].assignmentId;
    await h.rejects(
      'j1',
      'contest',
      'score',
      { assignmentId: first, scores: { theme: 11, craft: 5 } },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      'j1',
      'contest',
      'score',
      { assignmentId: first, scores: { theme: 5 } },
      'INVALID_ARGUMENT',
    );
    await h.rejects(
      'j1',
      'contest',
      'score',
      { assignmentId: first, scores: { theme: 5, craft: 5, extra: 1 } },
      'INVALID_ARGUMENT',
    );
    const scored = await h.ok('j1', 'contest', 'score', {
      assignmentId: first,
      scores: { theme: 9, craft: 7 },
      comment: '构图饱满',
    });
    expect(scored.total).toBeCloseTo(40 * 0.9 + 60 * 0.7);
    expect(scored.bands).toEqual([
      { key: 'theme', band: '主题鲜明深刻' },
      { key: 'craft', band: '技法熟练' },
    ]);
    const again = await h.ok('j1', 'contest', 'judgeEntry', { assignmentId: first });
    expect(again.sheet).toEqual({ scores: { theme: 9, craft: 7 }, comment: '构图饱满', total: scored.total });
    const board = await h.ok(U.cityAdmin, 'contest', 'judgingBoard', { callId });
    const j1 = board.panel.find((p) => p.openid === 'j1')!;
    expect(j1.scored).toBe(1);
    const moved = await h.ok(U.cityAdmin, 'contest', 'reassignJudge', { callId, judgeOpenid: 'j1' });
    expect(moved.moved).toBe(j1.assigned - 1);
    const left = (await judgingOf(h, callId)).filter((d) => d.judgeId === 'j1');
    expect(left.map((d) => d._id)).toEqual([first]);
    for (const id of new Set((await judgingOf(h, callId)).map((d) => d.entryId))) {
      expect((await judgingOf(h, callId)).filter((d) => d.entryId === id)).toHaveLength(3);
    }
    await h.rejects(
      U.cityAdmin,
      'contest',
      'setJudges',
      { callId, judges: [{ openid: 'j2' }, { openid: 'j3' }, { openid: 'j4' }] },
      'FAILED_PRECONDITION',
    );
  });
});

describe('results: raw and normalised, ties, awards, certificates, corrections', () => {
  /** Four entries, three judges who each score all four: a lenient, a harsh and a middle judge. */
  async function scored(h: Harness) {
    const { callId, entries, wang } = await cityRound(h, 1);
    const judges = [
      await inviteJudge(h, 'j-lenient', '宽松评委'),
      await inviteJudge(h, 'j-harsh', '严格评委'),
      await inviteJudge(h, 'j-middle', '居中评委'),
    ];
    await h.ok(U.cityAdmin, 'contest', 'setJudges', { callId, judges: judges.map((openid) => ({ openid })) });
    await h.ok(U.cityAdmin, 'contest', 'assignJudges', { callId });
    // totals = 4·theme + 6·craft; giving theme = craft = k makes the total 10·k.
    const plan: Record<string, number[]> = {
      'j-lenient': [10, 9, 8, 7],
      'j-harsh': [5, 4, 3, 6],
      'j-middle': [8, 7, 9, 6],
    };
    const docs = await judgingOf(h, callId);
    for (const [judge, ks] of Object.entries(plan)) {
      for (const [i, entryId] of entries.entries()) {
        const d = docs.find((x) => x.judgeId === judge && x.entryId === entryId)!;
        await h.ok(judge, 'contest', 'score', {
          assignmentId: d._id,
          scores: { theme: ks[i], craft: ks[i] },
          comment: '',
        });
      }
    }
    return { callId, entries, wang, plan };
  }

  it('shows raw and z-normalised scores side by side (checked by hand), and ties', async () => {
    const h = await contestHarness();
    const { callId, entries, plan } = await scored(h);
    const r = await h.ok(U.cityAdmin, 'contest', 'results', { callId, basis: 'raw' });
    // By hand: population mean and sd per judge, z per sheet, entry z = mean, mapped to overall mean + z·sd.
    const totals = Object.values(plan).map((ks) => ks.map((k) => 10 * k));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    const all = totals.flat();
    for (const [i, entryId] of entries.entries()) {
      const row = r.rows.find((x) => x.entryId === entryId)!;
      const raw = mean(totals.map((t) => t[i]));
      const z = mean(totals.map((t) => (t[i] - mean(t)) / sd(t)));
      expect(row.raw).toBeCloseTo(raw, 2);
      expect(row.normalised).toBeCloseTo(mean(all) + z * sd(all), 2);
      expect(row.sheets).toHaveLength(3);
    }
    // Entries 2 and 3 tie on raw (66.67) and on normalised: ties are shown, never hidden.
    const e2 = r.rows.find((x) => x.entryId === entries[1])!;
    const e3 = r.rows.find((x) => x.entryId === entries[2])!;
    expect(e2.raw).toBe(e3.raw);
    expect(e2.tiedRaw && e3.tiedRaw).toBe(true);
    expect(e2.rankRaw).toBe(e3.rankRaw);
    expect(e2.tiedNormalised && e3.tiedNormalised).toBe(true);
    expect(e2.tier).toBe(e3.tier);
    expect(r.judges.find((j) => j.name === '严格评委')!.mean).toBe(45);
    expect(r.incomplete).toBe(0);
  });

  it('publishes awards in the evaluation phase, locks the results, and certificates verify with masked names', async () => {
    const h = await contestHarness();
    const { callId, wang, entries } = await scored(h);
    await h.rejects(
      U.cityAdmin,
      'contest',
      'publishAwards',
      { callId, basis: 'normalised' },
      'FAILED_PRECONDITION',
    ); // implementation phase
    h.clock.set(EVALUATION);
    await h.rejects(
      U.districtAdmin,
      'contest',
      'publishAwards',
      { callId, basis: 'normalised' },
      'PERMISSION_DENIED',
    );
    const out = await h.ok(U.cityAdmin, 'contest', 'publishAwards', { callId, basis: 'normalised' });
    expect(out.awarded).toBeGreaterThanOrEqual(3);
    await h.rejects(U.cityAdmin, 'contest', 'publishAwards', { callId, basis: 'raw' }, 'FAILED_PRECONDITION');
    // Locked: judges cannot rescore, reviewers cannot move entries out.
    const doc = (await judgingOf(h, callId))[0];
    await h.rejects(
      doc.judgeId,
      'contest',
      'score',
      { assignmentId: doc._id, scores: { theme: 1, craft: 1 } },
      'FAILED_PRECONDITION',
    );
    await h.rejects(
      U.cityAdmin,
      'contest',
      'review',
      { entryId: wang, round: 'city', decision: 'reject', reason: '重复' },
      'FAILED_PRECONDITION',
    );
    // 王小雨's work won the first prize (it leads on both bases).
    const mine = await h.ok(U.student, 'contest', 'myCertificates', {});
    expect(mine.items).toHaveLength(1);
    const cert = mine.items[0];
    expect(cert).toMatchObject({
      awardName: '一等奖',
      holder: '王小雨',
      callTitle: '防控疫情，携手同进',
      entryTitle: '我的画 1',
    });
    expect(cert.verifyQr.path).toContain(cert.verifyCode);
    expect((await h.ok(U.parent, 'contest', 'myCertificates', {})).items.map((c) => c.certificateId)).toEqual(
      [cert.certificateId],
    );
    await h.rejects(U.teacher, 'contest', 'certificate', { certificateId: cert.certificateId }, 'NOT_FOUND');
    const publicView = await h.ok(null, 'pledge', 'verify', { code: cert.verifyCode });
    expect(publicView).toMatchObject({
      kind: 'award',
      maskedName: '王*雨',
      salutation: '同学',
      schoolName: '华龙区绿茵小学',
    });
    expect(JSON.stringify(publicView)).not.toContain('王小雨');
    // 优秀指导教师 for the advisor, 优秀组织奖 for the school.
    const advisor = await h.ok(U.teacher, 'contest', 'myCertificates', {});
    expect(advisor.items.map((c) => c.awardName)).toEqual(['优秀指导教师']);
    expect(advisor.items[0].works).toEqual(['我的画 1']);
    expect((await h.ok(null, 'pledge', 'verify', { code: advisor.items[0].verifyCode })).salutation).toBe(
      '老师',
    );
    const school = await h.ok(U.schoolAdmin, 'contest', 'myCertificates', {});
    const organisation = school.items.find((c) => c.awardName === '优秀组织奖')!;
    expect(await h.ok(null, 'pledge', 'verify', { code: organisation.verifyCode })).toMatchObject({
      maskedName: '华龙区绿茵小学',
      salutation: '',
    });
    // The results gallery lists awarded works, tiers first; the city gallery lists the whole round.
    const results = await h.ok(null, 'contest', 'gallery', { callId, level: 'results' });
    expect(results.items[0]).toMatchObject({ entryId: wang, tierLabel: '一等奖', author: '王*雨' });
    expect(results.items.length).toBe(out.awarded);
    const city = await h.ok(null, 'contest', 'gallery', { callId, level: 'city' });
    expect(city.items.map((i) => i.entryId).sort()).toEqual([...entries].sort());
  });

  it('a change after publishing is an audited correction: the old certificate stops verifying, a new one is issued', async () => {
    const h = await contestHarness();
    const { callId, wang } = await scored(h);
    h.clock.set(EVALUATION);
    await h.rejects(
      U.cityAdmin,
      'contest',
      'correctAward',
      { entryId: wang, tier: 'second', reason: '核对后调整' },
      'FAILED_PRECONDITION',
    );
    await h.ok(U.cityAdmin, 'contest', 'publishAwards', { callId, basis: 'raw' });
    const before = (await h.ok(U.student, 'contest', 'myCertificates', {})).items[0];
    await h.rejects(
      U.cityAdmin,
      'contest',
      'correctAward',
      { entryId: wang, tier: 'second' },
      'INVALID_ARGUMENT',
    );
    const fixed = await h.ok(U.cityAdmin, 'contest', 'correctAward', {
      entryId: wang,
      tier: 'second',
      reason: '核对评分后调整',
    });
    expect(fixed.tier).toBe('second');
    await h.rejects(null, 'pledge', 'verify', { code: before.verifyCode }, 'NOT_FOUND');
    const after = (await h.ok(U.student, 'contest', 'myCertificates', {})).items;
    expect(after.map((c) => c.awardName)).toEqual(['二等奖']);
    expect((await h.ok(null, 'pledge', 'verify', { code: after[0].verifyCode })).title).toContain('二等奖');
    const audit = await h.store.find<{ _id: string; action: string; detail?: Record<string, unknown> }>(
      C.audit,
      { target: wang, action: 'contest.correctAward' },
      { limit: 5 },
    );
    expect(audit[0].detail).toMatchObject({ from: 'first', to: 'second', reason: '核对评分后调整' });
    const results = await h.ok(null, 'contest', 'gallery', { callId, level: 'results' });
    expect(results.items.find((i) => i.entryId === wang)!.tierLabel).toBe('二等奖');
  });

  it('a picture WeChat finds risky after publishing takes the work down and revokes its certificate', async () => {
    const h = await contestHarness();
    const { callId, wang } = await scored(h);
    h.clock.set(EVALUATION);
    await h.ok(U.cityAdmin, 'contest', 'publishAwards', { callId, basis: 'raw' });
    const cert = (await h.ok(U.student, 'contest', 'myCertificates', {})).items[0];
    // As if the picture's async check had passed earlier (trace recorded), then a risky verdict arrives.
    const e = (await h.get<EntryDoc>(C.contestEntries, wang))!;
    const at = h.clock.now().toISOString();
    await h.store.update(C.contestEntries, wang, {
      $set: {
        'images.0.check': { verdict: 'pass', provider: 'wechat-mediaCheckAsync', traceId: 't-late', at },
      },
    });
    await h.store.insert(C.mediaChecks, {
      _id: 't-late',
      kind: 'entry',
      ref: wang,
      part: 'image:0',
      provider: 'wechat-mediaCheckAsync',
      createdAt: at,
      settledAt: at,
      suggest: 'pass',
    });
    expect(e.images).toHaveLength(1);
    expect(
      await settleMediaPush(h.services, { traceId: 't-late', suggest: 'risky', label: 20002 }, h.clock.now()),
    ).toBe(true);
    expect((await h.get<EntryDoc>(C.contestEntries, wang))!.status).toBe('rejected');
    await h.rejects(null, 'pledge', 'verify', { code: cert.verifyCode }, 'NOT_FOUND');
    expect((await h.ok(U.student, 'contest', 'myCertificates', {})).items).toEqual([]);
    const results = await h.ok(null, 'contest', 'gallery', { callId, level: 'results' });
    expect(results.items.map((i) => i.entryId)).not.toContain(wang);
  });

  it('a call created with earlyResults publishes its awards as soon as judging is done (implementation phase)', async () => {
    const h = await contestHarness();
    const { callId } = await scored(h);
    await h.ok(U.cityAdmin, 'contest', 'updateCall', { callId, earlyResults: true });
    expect(
      (await h.ok(U.cityAdmin, 'contest', 'publishAwards', { callId, basis: 'raw' })).awarded,
    ).toBeGreaterThan(0);
  });

  it('publishing needs every sheet scored', async () => {
    const h = await contestHarness();
    const { callId } = await cityRound(h, 1);
    const judges = [
      await inviteJudge(h, 'j1', '评委一'),
      await inviteJudge(h, 'j2', '评委二'),
      await inviteJudge(h, 'j3', '评委三'),
    ];
    await h.ok(U.cityAdmin, 'contest', 'setJudges', { callId, judges: judges.map((openid) => ({ openid })) });
    await h.ok(U.cityAdmin, 'contest', 'assignJudges', { callId });
    h.clock.set(EVALUATION);
    const err = await h.rejects(
      U.cityAdmin,
      'contest',
      'publishAwards',
      { callId, basis: 'raw' },
      'FAILED_PRECONDITION',
    );
    expect(err.message).toContain('12 份评分表');
  });
});
