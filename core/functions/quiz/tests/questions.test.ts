import { C } from '../../../collections';
import { QUESTION_BANK } from '../../../quiz/bank';
import { IMPORT_COLUMNS } from '../../../quiz/engine';
import type { Harness } from '../../../../testing/harness';
import { templateRow } from '../import';
import type { QuestionDoc } from '../model';
import {
  DEMO_DISTRICT,
  DEMO_SCHOOL,
  DEMO_USERS,
  lawSettings,
  quizHarness,
  STUDENT,
  storedAttempt,
} from './kit';

const SCHOOL_ADMIN = DEMO_USERS.schoolAdmin;

/** A valid question of the school's own bank. */
const question = (over: Record<string, unknown> = {}) => ({
  type: 'single',
  stem: '绿茵小学的电脑室里，下课离开前应该怎样做？',
  options: ['退出自己的账号', '让电脑一直登录着', '把密码写在显示器上'],
  answer: [0],
  explanation: '离开公用电脑前退出账号，别人就不能用你的身份上网。',
  source: '病毒与钓鱼网站 · 学校信息技术课安全守则',
  topics: ['个人信息保护'],
  stages: ['primary'],
  difficulty: 1,
  ...over,
});

/** An .xlsx of rows (header first) uploaded by `owner` for a question import. */
async function xlsx(h: Harness, owner: string, rows: string[][]): Promise<string> {
  const bytes = await h.services.spreadsheet!.write([
    { name: '题目', columns: rows[0].map((header) => ({ header })), rows: rows.slice(1) },
  ]);
  return h.upload(owner, 'questionXlsx', bytes);
}

describe('quiz question banks', () => {
  it('lists the built-in bank to any admin, filtered, with answers', async () => {
    const h = await quizHarness();
    const all = await h.ok(SCHOOL_ADMIN, 'quiz', 'bankList', { source: 'builtin' });
    expect(all.total).toBe(QUESTION_BANK.length);
    expect(all.items).toHaveLength(20);
    const fraud = await h.ok(SCHOOL_ADMIN, 'quiz', 'bankList', {
      source: 'builtin',
      topic: '防诈骗',
      stage: 'primary',
      limit: 50,
    });
    expect(fraud.items.every((q) => q.topics.includes('防诈骗') && q.stages.includes('primary'))).toBe(true);
    expect(fraud.items[0]).toHaveProperty('answer');
    await h.rejects(DEMO_USERS.teacher, 'quiz', 'bankList', { source: 'builtin' }, 'PERMISSION_DENIED');
    await h.rejects(STUDENT, 'quiz', 'bankList', { source: 'builtin' }, 'PERMISSION_DENIED');
  });

  it('adds, edits (new version) and archives a school’s own question; scope and moderation', async () => {
    const h = await quizHarness();
    const added = await h.ok(SCHOOL_ADMIN, 'quiz', 'saveQuestion', {
      level: 'school',
      id: DEMO_SCHOOL,
      question: question(),
    });
    const edited = await h.ok(SCHOOL_ADMIN, 'quiz', 'saveQuestion', {
      level: 'school',
      id: DEMO_SCHOOL,
      questionId: added.questionId,
      question: question({
        options: ['退出自己的账号', '让电脑一直登录着', '把密码写在显示器上', '关掉显示器就行'],
      }),
    });
    expect(edited.version).toBe(2);
    const old = await h.get<QuestionDoc>(C.quizQuestions, added.questionId);
    expect(old).toMatchObject({ status: 'replaced', replacedBy: edited.questionId });
    const list = await h.ok(SCHOOL_ADMIN, 'quiz', 'bankList', {
      source: 'custom',
      level: 'school',
      id: DEMO_SCHOOL,
    });
    expect(list.items.map((q) => q.questionId)).toEqual([edited.questionId]);
    expect(list.items[0]).toMatchObject({ canEdit: true, version: 2 });
    // Editing the retired version again is a conflict.
    await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'saveQuestion',
      { level: 'school', id: DEMO_SCHOOL, questionId: added.questionId, question: question() },
      'ALREADY_EXISTS',
    );
    // Other units: a school admin cannot write the district's bank or read another school's.
    await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'saveQuestion',
      { level: 'district', id: DEMO_DISTRICT, question: question() },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'bankList',
      { source: 'custom', level: 'school', id: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
    // …but may read the city's and the district's (to compose with them).
    await h.ok(SCHOOL_ADMIN, 'quiz', 'bankList', { source: 'custom', level: 'district', id: DEMO_DISTRICT });
    // Refused text, malformed questions: nothing stored.
    await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'saveQuestion',
      { level: 'school', id: DEMO_SCHOOL, question: question({ explanation: '不会的加我QQ 12345678 问' }) },
      'INVALID_ARGUMENT',
    );
    for (const bad of [
      question({ answer: [3] }),
      question({ type: 'multiple', answer: [0] }),
      question({ type: 'truefalse', options: ['对', '错'] }),
      question({ topics: ['不存在'] }),
      question({ stages: [] }),
      question({ options: ['甲', '甲', '乙'] }),
    ]) {
      await h.rejects(
        SCHOOL_ADMIN,
        'quiz',
        'saveQuestion',
        { level: 'school', id: DEMO_SCHOOL, question: bad },
        'INVALID_ARGUMENT',
      );
    }
    await h.ok(SCHOOL_ADMIN, 'quiz', 'archiveQuestion', { questionId: edited.questionId });
    expect(
      (await h.ok(SCHOOL_ADMIN, 'quiz', 'bankList', { source: 'custom', level: 'school', id: DEMO_SCHOOL }))
        .total,
    ).toBe(0);
    await h.rejects(
      DEMO_USERS.teacher,
      'quiz',
      'archiveQuestion',
      { questionId: edited.questionId },
      'PERMISSION_DENIED',
    );
  });

  it('draws a school’s own questions into its quiz; an attempt keeps the version it drew', async () => {
    const h = await quizHarness();
    const ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await h.ok(SCHOOL_ADMIN, 'quiz', 'saveQuestion', {
            level: 'school',
            id: DEMO_SCHOOL,
            question: question({ stem: `第${i + 1}题：离开学校电脑室前，应该怎样做？` }),
          })
        ).questionId,
      );
    }
    const { quizId } = await h.ok(SCHOOL_ADMIN, 'quiz', 'createQuiz', {
      level: 'school',
      id: DEMO_SCHOOL,
      settings: lawSettings({
        audience: { stages: ['primary'], parents: false },
        draw: { count: 5, topics: [], builtin: false, custom: true },
      }),
    });
    const started = await h.ok(STUDENT, 'quiz', 'start', { quizId });
    const a = await storedAttempt(h, started.attemptId);
    expect(a.items.map((i) => i.q).sort()).toEqual([...ids].sort());
    // The admin fixes a question while the pupil answers: the pupil is scored on what they were shown.
    const target = a.items[0];
    await h.ok(SCHOOL_ADMIN, 'quiz', 'saveQuestion', {
      level: 'school',
      id: DEMO_SCHOOL,
      questionId: target.q,
      question: question({ stem: '改过的题：离开电脑室前应该怎样做？', answer: [1] }),
    });
    h.clock.advanceMs(30_000);
    const right = target.o.indexOf(0);
    await h.ok(STUDENT, 'quiz', 'saveAnswers', {
      attemptId: a._id,
      answers: [{ index: 0, picked: [right] }],
    });
    const done = await h.ok(STUDENT, 'quiz', 'submit', { attemptId: a._id });
    expect(done.review![0]).toMatchObject({ correct: true, stem: started.questions[0].stem });
    expect(done.review![0].stem).not.toContain('改过的题');
  });
});

describe('quiz.importQuestions', () => {
  const header = [...IMPORT_COLUMNS];
  const good = (stem: string) => [
    '单选',
    stem,
    '不点，告诉家长',
    '马上点开看看',
    '转发给同学',
    '',
    '',
    '',
    'A',
    '陌生链接可能是钓鱼网站，不要点开。',
    '病毒与钓鱼网站 · 国家反诈中心提示',
    '病毒与钓鱼网站、小学、易',
  ];

  it('imports every row of a valid file and deletes the file', async () => {
    const h = await quizHarness();
    const fileId = await xlsx(h, SCHOOL_ADMIN, [
      header,
      good('收到陌生人发来的链接，应该怎么办？'),
      good('短信里有“中奖”链接，应该怎么办？'),
    ]);
    const res = await h.ok(SCHOOL_ADMIN, 'quiz', 'importQuestions', {
      level: 'school',
      id: DEMO_SCHOOL,
      fileId,
    });
    expect(res).toEqual({ imported: 2 });
    const stored = await h.store.find<QuestionDoc>(C.quizQuestions, { ownerKey: `s:${DEMO_SCHOOL}` });
    expect(stored.map((q) => q.importRow).sort()).toEqual([2, 3]);
    expect(stored[0]).toMatchObject({ type: 'single', answer: [0], stages: ['primary'], difficulty: 1 });
    expect(await h.services.files.stat(fileId)).toBeNull();
    // The same stems again: refused as duplicates, nothing imported.
    const again = await xlsx(h, SCHOOL_ADMIN, [header, good('收到陌生人发来的链接，应该怎么办？')]);
    const err = await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'importQuestions',
      { level: 'school', id: DEMO_SCHOOL, fileId: again },
      'INVALID_ARGUMENT',
    );
    expect((err.details as { errors: { message: string }[] }).errors[0].message).toContain('已经有');
  });

  it('imports nothing when one row is bad, and reports each bad row and column', async () => {
    const h = await quizHarness();
    const badAnswer = good('陌生人要你的验证码，应该怎么办？');
    badAnswer[8] = 'G';
    const noTags = good('有人在游戏里说送皮肤，要你扫码，应该怎么办？');
    noTags[11] = '';
    const refused = good('看到网上有人说“加我微信 13812345678 领奖”，应该怎么办？');
    const fileId = await xlsx(h, SCHOOL_ADMIN, [
      header,
      good('收到陌生人发来的链接，应该怎么办？'),
      badAnswer,
      noTags,
      refused,
    ]);
    const err = await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'importQuestions',
      { level: 'school', id: DEMO_SCHOOL, fileId },
      'INVALID_ARGUMENT',
    );
    const errors = (err.details as { errors: { row: number; column?: string; message: string }[] }).errors;
    expect(errors.map((e) => [e.row, e.column])).toEqual(
      expect.arrayContaining([
        [3, '答案'],
        [4, '标签'],
      ]),
    );
    expect(err.message).toContain('没有导入任何题目');
    expect(await h.store.count(C.quizQuestions, {})).toBe(0);
    // The file stays (the admin may fix and retry); another admin cannot use it.
    expect(await h.services.files.stat(fileId)).not.toBeNull();
    await h.rejects(
      DEMO_USERS.cityAdmin,
      'quiz',
      'importQuestions',
      { level: 'city', fileId },
      'PERMISSION_DENIED',
    );
  });

  it('names the moderated row, and refuses a file that is not a spreadsheet', async () => {
    const h = await quizHarness();
    const refused = good('看到网上有人说“加我微信 13812345678 领奖”，应该怎么办？');
    const fileId = await xlsx(h, SCHOOL_ADMIN, [header, good('收到陌生人发来的链接，应该怎么办？'), refused]);
    const err = await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'importQuestions',
      { level: 'school', id: DEMO_SCHOOL, fileId },
      'INVALID_ARGUMENT',
    );
    expect((err.details as { errors: { row: number }[] }).errors.map((e) => e.row)).toEqual([3]);
    const junk = await h.upload(SCHOOL_ADMIN, 'questionXlsx', new Uint8Array(100).fill(1));
    await h.rejects(
      SCHOOL_ADMIN,
      'quiz',
      'importQuestions',
      { level: 'school', id: DEMO_SCHOOL, fileId: junk },
      'INVALID_ARGUMENT',
    );
  });

  it('offers a template whose example rows import as they are', async () => {
    const h = await quizHarness();
    const t = await h.ok(SCHOOL_ADMIN, 'quiz', 'importTemplate', {});
    const bytes = await h.download(t.url);
    const rows = await h.services.spreadsheet!.readRows(bytes);
    expect(rows[0]).toEqual([...IMPORT_COLUMNS]);
    expect(rows).toHaveLength(4);
    const fileId = await h.upload(SCHOOL_ADMIN, 'questionXlsx', bytes);
    expect(
      await h.ok(SCHOOL_ADMIN, 'quiz', 'importQuestions', { level: 'school', id: DEMO_SCHOOL, fileId }),
    ).toEqual({ imported: 3 });
    expect(templateRow(QUESTION_BANK.find((q) => q.type === 'truefalse')!)[8]).toMatch(/^[对错]$/);
  });
});
