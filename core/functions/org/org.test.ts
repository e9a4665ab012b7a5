import { C } from '../../collections';
import { CODE_ALPHABET } from '../../codes';
import { DEMO_CODES } from '../../demo/seed';
import type { ClassDoc, FamilyDoc, InviteDoc, RosterDoc, UserDoc } from '../../model';
import { createHarness, DEMO_USERS as U, long, type Harness } from '../../../testing/harness';
import { recountAll } from '../../maintenance';
import { rollup } from '../../stats';

const HUALONG = 'district-1';
const QINGFENG = 'district-3';
const LVYIN = 'school-lvyin';
const XINGHE = 'school-xinghe';
const QINGHE = 'school-qinghe';
/** Class A: 绿茵小学 三年级2班, the demo teacher's class. */
const CLASS_A = 'class-lvyin-3-2';
/** Class B: 星河中学 初一1班, no teacher. */
const CLASS_B = 'class-xinghe-7-1';
const R1 = `${CLASS_A}-r1`;
const R2 = `${CLASS_A}-r2`;
const R3 = `${CLASS_A}-r3`;
const B1 = `${CLASS_B}-r1`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.login(U.newcomer);
  await h.login(U.newParent);
});

const getClassDoc = (id: string) => h.get<ClassDoc>(C.classes, id);

describe('org.createDistrict / listDistricts', () => {
  it('the city admin adds a district; it is listed', async () => {
    const d = await h.ok(U.cityAdmin, 'org', 'createDistrict', { name: ' 开发区 ' });
    expect(d).toMatchObject({ name: '开发区', createdAt: h.clock.now().toISOString() });
    const list = await h.ok(U.cityAdmin, 'org', 'listDistricts', {});
    expect(list).toHaveLength(8);
    expect(list.find((x) => x._id === d._id)).toMatchObject({ name: '开发区', schoolCount: 0 });
    expect(list.find((x) => x._id === HUALONG)).toMatchObject({ name: '华龙区', schoolCount: 2 });
  });

  it('a district admin sees only their district; listing writes nothing', async () => {
    const list = await h.unchanged(() => h.ok(U.districtAdmin, 'org', 'listDistricts', {}));
    expect(list.map((d) => d.name)).toEqual(['华龙区']);
  });

  it('refuses a duplicate name without writing', async () => {
    const err = await h.rejects(U.cityAdmin, 'org', 'createDistrict', { name: ' 华龙区' }, 'ALREADY_EXISTS');
    expect(err.message).toContain('华龙区');
  });

  it('refuses other roles without writing', async () => {
    for (const who of [U.districtAdmin, U.schoolAdmin, U.teacher, U.student, U.newcomer]) {
      await h.rejects(who, 'org', 'createDistrict', { name: '开发区' }, 'PERMISSION_DENIED');
    }
    for (const who of [U.schoolAdmin, U.teacher, U.parent]) {
      await h.rejects(who, 'org', 'listDistricts', {}, 'PERMISSION_DENIED');
    }
    await h.rejects(null, 'org', 'createDistrict', { name: '开发区' }, 'UNAUTHENTICATED');
    await h.rejects(null, 'org', 'listDistricts', {}, 'UNAUTHENTICATED');
  });

  it.each([
    ['missing name', {}],
    ['name too short', { name: '区' }],
    ['oversized name', { name: long(21) }],
    ['name of the wrong type', { name: 42 }],
    ['unknown field', { name: '开发区', _id: 'district-9' }],
  ])('createDistrict refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.cityAdmin, 'org', 'createDistrict', input, 'INVALID_ARGUMENT');
  });

  it('listDistricts refuses unknown fields', async () => {
    await h.rejects(U.cityAdmin, 'org', 'listDistricts', { all: true }, 'INVALID_ARGUMENT');
  });
});

describe('org.createSchool / listSchools / getSchool', () => {
  it('a district admin adds a school to their district; it is listed and readable', async () => {
    h.clock.advanceHours(1);
    const sc = await h.ok(U.districtAdmin, 'org', 'createSchool', {
      districtId: HUALONG,
      name: '华龙区实验小学',
    });
    expect(sc).toMatchObject({ districtId: HUALONG, name: '华龙区实验小学' });
    const list = await h.ok(U.districtAdmin, 'org', 'listSchools', { districtId: HUALONG });
    expect(list.map((s) => s.name)).toEqual(['华龙区绿茵小学', '华龙区星河中学', '华龙区实验小学']);
    expect(list.find((s) => s._id === LVYIN)?.classCount).toBe(1);
    expect(list.find((s) => s._id === sc._id)?.classCount).toBe(0);
    const got = await h.ok(U.districtAdmin, 'org', 'getSchool', { schoolId: sc._id });
    expect(got).toMatchObject({ name: '华龙区实验小学', districtName: '华龙区' });
  });

  it('the city admin adds schools in any district', async () => {
    h.clock.advanceHours(1);
    await h.ok(U.cityAdmin, 'org', 'createSchool', { districtId: QINGFENG, name: '清丰县第二小学' });
    const list = await h.ok(U.cityAdmin, 'org', 'listSchools', { districtId: QINGFENG });
    expect(list.map((s) => s.name)).toEqual(['清丰县青禾小学', '清丰县第二小学']);
  });

  it('a school admin reads their own school only', async () => {
    const got = await h.unchanged(() => h.ok(U.schoolAdmin, 'org', 'getSchool', { schoolId: LVYIN }));
    expect(got).toMatchObject({ _id: LVYIN, districtName: '华龙区' });
    await h.rejects(U.schoolAdmin, 'org', 'getSchool', { schoolId: XINGHE }, 'PERMISSION_DENIED');
  });

  it('refuses another district’s scope without writing', async () => {
    await h.rejects(
      U.districtAdmin,
      'org',
      'createSchool',
      { districtId: QINGFENG, name: '清丰县第二小学' },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.districtAdmin, 'org', 'listSchools', { districtId: QINGFENG }, 'PERMISSION_DENIED');
    await h.rejects(U.districtAdmin, 'org', 'getSchool', { schoolId: QINGHE }, 'PERMISSION_DENIED');
  });

  it('refuses the wrong roles without writing', async () => {
    await h.rejects(
      U.schoolAdmin,
      'org',
      'createSchool',
      { districtId: HUALONG, name: '新学校' },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.schoolAdmin, 'org', 'listSchools', { districtId: HUALONG }, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'org', 'getSchool', { schoolId: LVYIN }, 'PERMISSION_DENIED');
    await h.rejects(U.parent, 'org', 'getSchool', { schoolId: LVYIN }, 'PERMISSION_DENIED');
    await h.rejects(null, 'org', 'getSchool', { schoolId: LVYIN }, 'UNAUTHENTICATED');
  });

  it('refuses duplicates and unknown ids without writing', async () => {
    await h.rejects(
      U.districtAdmin,
      'org',
      'createSchool',
      { districtId: HUALONG, name: '华龙区绿茵小学' },
      'ALREADY_EXISTS',
    );
    await h.rejects(
      U.cityAdmin,
      'org',
      'createSchool',
      { districtId: 'district-99', name: '新学校' },
      'NOT_FOUND',
    );
    await h.rejects(U.cityAdmin, 'org', 'listSchools', { districtId: 'district-99' }, 'NOT_FOUND');
    await h.rejects(U.cityAdmin, 'org', 'getSchool', { schoolId: 'school-none' }, 'NOT_FOUND');
  });

  it.each([
    ['missing name', { districtId: HUALONG }],
    ['missing districtId', { name: '新学校' }],
    ['name too short', { districtId: HUALONG, name: '校' }],
    ['oversized name', { districtId: HUALONG, name: long(41) }],
    ['oversized districtId', { districtId: long(65, 'd'), name: '新学校' }],
    ['districtId of the wrong type', { districtId: 1, name: '新学校' }],
    ['unknown field', { districtId: HUALONG, name: '新学校', classCount: 3 }],
  ])('createSchool refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.districtAdmin, 'org', 'createSchool', input, 'INVALID_ARGUMENT');
  });

  it.each([
    ['listSchools', 'missing districtId', {}],
    ['listSchools', 'unknown field', { districtId: HUALONG, page: 2 }],
    ['getSchool', 'missing schoolId', {}],
    ['getSchool', 'schoolId of the wrong type', { schoolId: { $ne: null } }],
    ['getSchool', 'oversized schoolId', { schoolId: long(65, 's') }],
  ] as const)('%s refuses bad input (%s) without writing', async (action, _label, input) => {
    await h.rejects(U.cityAdmin, 'org', action, input, 'INVALID_ARGUMENT');
  });
});

describe('org.createClass / listClasses / myClasses', () => {
  it('a school admin adds a class; it is listed with a working class code', async () => {
    const cls = await h.ok(U.schoolAdmin, 'org', 'createClass', {
      schoolId: LVYIN,
      stage: 'primary',
      grade: 1,
      classNo: 1,
    });
    expect(cls).toMatchObject({
      name: '小学一年级1班',
      districtId: HUALONG,
      schoolId: LVYIN,
      teacherIds: [],
    });
    expect(cls.classCode).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    const list = await h.ok(U.schoolAdmin, 'org', 'listClasses', { schoolId: LVYIN });
    expect(list.map((c) => c.name)).toEqual(['小学一年级1班', '小学三年级2班']);
    expect(list[0]).toMatchObject({ _id: cls._id, rosterCount: 0, claimedCount: 0 });
    expect(list[1]).toMatchObject({ _id: CLASS_A, rosterCount: 8, claimedCount: 1 });
    const found = await h.ok(U.newcomer, 'identity', 'lookupClass', { classCode: cls.classCode });
    expect(found.classId).toBe(cls._id);
  });

  it('district and city admins add classes to their schools', async () => {
    await h.ok(U.districtAdmin, 'org', 'createClass', {
      schoolId: XINGHE,
      stage: 'junior',
      grade: 3,
      classNo: 12,
    });
    await h.ok(U.cityAdmin, 'org', 'createClass', {
      schoolId: QINGHE,
      stage: 'primary',
      grade: 6,
      classNo: 50,
    });
    const list = await h.ok(U.districtAdmin, 'org', 'listClasses', { schoolId: XINGHE });
    expect(list.map((c) => c.name)).toEqual(['初中一年级1班', '初中三年级12班']);
  });

  it('refuses a duplicate class and a grade beyond the stage, without writing', async () => {
    const dup = await h.rejects(
      U.schoolAdmin,
      'org',
      'createClass',
      { schoolId: LVYIN, stage: 'primary', grade: 3, classNo: 2 },
      'ALREADY_EXISTS',
    );
    expect(dup.message).toContain('小学三年级2班');
    const grade = await h.rejects(
      U.districtAdmin,
      'org',
      'createClass',
      { schoolId: XINGHE, stage: 'junior', grade: 4, classNo: 1 },
      'INVALID_ARGUMENT',
    );
    expect(grade.message).toBe('初中最多 3 个年级');
  });

  it('refuses another school’s scope and the wrong roles without writing', async () => {
    const input = { schoolId: XINGHE, stage: 'junior', grade: 1, classNo: 2 };
    await h.rejects(U.schoolAdmin, 'org', 'createClass', input, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'org', 'createClass', { ...input, schoolId: LVYIN }, 'PERMISSION_DENIED');
    await h.rejects(U.student, 'org', 'createClass', { ...input, schoolId: LVYIN }, 'PERMISSION_DENIED');
    await h.rejects(U.schoolAdmin, 'org', 'listClasses', { schoolId: XINGHE }, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'org', 'listClasses', { schoolId: LVYIN }, 'PERMISSION_DENIED');
    await h.rejects(
      U.districtAdmin,
      'org',
      'listClasses',
      { schoolId: 'school-mingde' },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.cityAdmin, 'org', 'createClass', { ...input, schoolId: 'school-none' }, 'NOT_FOUND');
    await h.rejects(null, 'org', 'createClass', input, 'UNAUTHENTICATED');
  });

  it.each([
    ['grade 0', { grade: 0 }],
    ['grade 7', { grade: 7 }],
    ['grade not an integer', { grade: 1.5 }],
    ['grade as a string', { grade: '1' }],
    ['unknown stage', { stage: 'college' }],
    ['classNo 51', { classNo: 51 }],
    ['missing schoolId', { schoolId: undefined }],
    ['oversized schoolId', { schoolId: long(65, 's') }],
    ['unknown field', { classCode: 'AAAAAA' }],
  ])('createClass refuses bad input (%s) without writing', async (_label, patch) => {
    const input = { schoolId: LVYIN, stage: 'primary', grade: 1, classNo: 1, ...patch };
    await h.rejects(U.schoolAdmin, 'org', 'createClass', input, 'INVALID_ARGUMENT');
  });

  it('listClasses refuses bad input without writing', async () => {
    await h.rejects(U.schoolAdmin, 'org', 'listClasses', {}, 'INVALID_ARGUMENT');
    await h.rejects(U.schoolAdmin, 'org', 'listClasses', { schoolId: LVYIN, x: 1 }, 'INVALID_ARGUMENT');
  });

  it('myClasses lists the teacher’s classes and nothing else', async () => {
    const mine = await h.unchanged(() => h.ok(U.teacher, 'org', 'myClasses', {}));
    expect(mine.map((c) => [c._id, c.name])).toEqual([[CLASS_A, '小学三年级2班']]);
    expect(await h.ok(U.schoolAdmin, 'org', 'myClasses', {})).toEqual([]);
    await h.rejects(U.student, 'org', 'myClasses', {}, 'PERMISSION_DENIED');
    await h.rejects(U.cityAdmin, 'org', 'myClasses', {}, 'PERMISSION_DENIED');
    await h.rejects(null, 'org', 'myClasses', {}, 'UNAUTHENTICATED');
    await h.rejects(U.teacher, 'org', 'myClasses', { teacherId: U.teacher }, 'INVALID_ARGUMENT');
  });
});

describe('org.getClass', () => {
  it('shows the teacher their class: full roster, claims and parents', async () => {
    const cls = await h.unchanged(() => h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A }));
    expect(cls).toMatchObject({
      _id: CLASS_A,
      name: '小学三年级2班',
      classCode: DEMO_CODES.classCode,
      teacherCount: 1,
    });
    expect(cls.roster).toHaveLength(8);
    expect(cls.roster[0]).toEqual({
      _id: R1,
      name: '王小雨',
      studentNo: '030201',
      claimStatus: 'approved',
      claimedAt: h.clock.now().toISOString(),
      birthYear: 2017,
      under14: true,
      parents: [
        {
          familyId: `${U.parent}:${R1}`,
          relation: '母亲',
          status: 'active',
          confirmed: true,
          via: 'family_code',
        },
      ],
    });
    expect(cls.roster[1]).toMatchObject({ _id: R2, name: '李晨阳', claimStatus: 'unclaimed', parents: [] });
  });

  it('admins above the class read it too', async () => {
    for (const who of [U.schoolAdmin, U.districtAdmin, U.cityAdmin]) {
      expect((await h.ok(who, 'org', 'getClass', { classId: CLASS_A })).roster).toHaveLength(8);
    }
    expect((await h.ok(U.districtAdmin, 'org', 'getClass', { classId: CLASS_B })).roster).toHaveLength(6);
  });

  it('a teacher of class A reading class B is PERMISSION_DENIED, without writing', async () => {
    await h.rejects(U.teacher, 'org', 'getClass', { classId: CLASS_B }, 'PERMISSION_DENIED');
  });

  it('refuses other scopes and roles without writing', async () => {
    await h.rejects(U.schoolAdmin, 'org', 'getClass', { classId: CLASS_B }, 'PERMISSION_DENIED');
    await h.rejects(U.student, 'org', 'getClass', { classId: CLASS_A }, 'PERMISSION_DENIED');
    await h.rejects(U.parent, 'org', 'getClass', { classId: CLASS_A }, 'PERMISSION_DENIED');
    await h.rejects(U.newcomer, 'org', 'getClass', { classId: CLASS_A }, 'PERMISSION_DENIED');
    await h.rejects(null, 'org', 'getClass', { classId: CLASS_A }, 'UNAUTHENTICATED');
    await h.rejects(U.teacher, 'org', 'getClass', { classId: 'class-none' }, 'NOT_FOUND');
  });

  it.each([
    ['missing classId', {}],
    ['classId of the wrong type', { classId: 1 }],
    ['empty classId', { classId: '' }],
    ['oversized classId', { classId: long(65, 'c') }],
    ['unknown field', { classId: CLASS_A, withParents: true }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.teacher, 'org', 'getClass', input, 'INVALID_ARGUMENT');
  });
});

describe('org.regenerateClassCode', () => {
  it('issues a new code; the old one stops working', async () => {
    const { classCode } = await h.ok(U.teacher, 'org', 'regenerateClassCode', { classId: CLASS_A });
    expect(classCode).not.toBe(DEMO_CODES.classCode);
    expect((await getClassDoc(CLASS_A))?.classCode).toBe(classCode);
    await h.rejects(U.newcomer, 'identity', 'lookupClass', { classCode: DEMO_CODES.classCode }, 'NOT_FOUND');
    expect((await h.ok(U.newcomer, 'identity', 'lookupClass', { classCode })).classId).toBe(CLASS_A);
    expect(await h.get(C.meta, `classcode:${DEMO_CODES.classCode}`)).toBeNull();
  });

  it('refuses another class, the wrong roles and bad input without writing', async () => {
    await h.rejects(U.teacher, 'org', 'regenerateClassCode', { classId: CLASS_B }, 'PERMISSION_DENIED');
    await h.rejects(U.student, 'org', 'regenerateClassCode', { classId: CLASS_A }, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'org', 'regenerateClassCode', { classId: 'class-none' }, 'NOT_FOUND');
    await h.rejects(U.teacher, 'org', 'regenerateClassCode', {}, 'INVALID_ARGUMENT');
    await h.rejects(
      U.teacher,
      'org',
      'regenerateClassCode',
      { classId: CLASS_A, code: 'AAAAAA' },
      'INVALID_ARGUMENT',
    );
    await h.rejects(U.teacher, 'org', 'regenerateClassCode', { classId: long(65, 'c') }, 'INVALID_ARGUMENT');
  });
});

describe('org.addRoster', () => {
  it('adds pasted lines; the class shows them; repeats are skipped', async () => {
    h.clock.advanceHours(1);
    const out = await h.ok(U.teacher, 'org', 'addRoster', {
      classId: CLASS_A,
      text: '孙悟空\t030299\n\n 猪八戒 \r\n030298，沙和尚\n',
    });
    expect(out).toEqual({ added: 3, skipped: [] });
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    expect(cls.roster.slice(8).map((r) => [r.name, r.studentNo, r.claimStatus])).toEqual([
      ['孙悟空', '030299', 'unclaimed'],
      ['猪八戒', undefined, 'unclaimed'],
      ['沙和尚', '030298', 'unclaimed'],
    ]);
    const again = await h.unchanged(() =>
      h.ok(U.teacher, 'org', 'addRoster', { classId: CLASS_A, text: '孙悟空 030299\n猪八戒' }),
    );
    expect(again).toEqual({ added: 0, skipped: ['孙悟空', '猪八戒'] });
  });

  it('adds a list of entries', async () => {
    const out = await h.ok(U.schoolAdmin, 'org', 'addRoster', {
      classId: CLASS_A,
      entries: [{ name: '唐三藏', studentNo: 'T-01' }, { name: '白龙马' }],
    });
    expect(out.added).toBe(2);
    // The list reads the rolled-up counters (never the rosters): after the next rollup tick.
    await recountAll(h.services, h.clock.now());
    h.clock.advanceMs(1);
    await h.ok(U.teacher, 'org', 'addRoster', { classId: CLASS_A, text: '嫦娥' });
    await rollup(h.store, h.clock.now());
    expect((await h.ok(U.schoolAdmin, 'org', 'listClasses', { schoolId: LVYIN }))[0].rosterCount).toBe(11);
  });

  it('is all-or-nothing: one bad line adds nothing', async () => {
    const err = await h.rejects(
      U.teacher,
      'org',
      'addRoster',
      { classId: CLASS_A, text: '孙悟空\n猪八戒!\n沙和尚' },
      'INVALID_ARGUMENT',
    );
    expect(err.message).toContain('第 2 行');
  });

  it('refuses to grow a class past 80 students, without writing', async () => {
    const names = Array.from({ length: 73 }, (_, i) => ({ name: '学生', studentNo: `S${i}` }));
    const err = await h.rejects(
      U.teacher,
      'org',
      'addRoster',
      { classId: CLASS_A, entries: names },
      'INVALID_ARGUMENT',
    );
    expect(err.message).toContain('80');
    await h.ok(U.teacher, 'org', 'addRoster', { classId: CLASS_A, entries: names.slice(0, 72) });
  });

  it('refuses another class and the wrong roles without writing', async () => {
    await h.rejects(U.teacher, 'org', 'addRoster', { classId: CLASS_B, text: '孙悟空' }, 'PERMISSION_DENIED');
    await h.rejects(
      U.schoolAdmin,
      'org',
      'addRoster',
      { classId: CLASS_B, text: '孙悟空' },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.student, 'org', 'addRoster', { classId: CLASS_A, text: '孙悟空' }, 'PERMISSION_DENIED');
    await h.rejects(U.parent, 'org', 'addRoster', { classId: CLASS_A, text: '孙悟空' }, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'org', 'addRoster', { classId: 'class-none', text: '孙悟空' }, 'NOT_FOUND');
  });

  it.each([
    ['neither text nor entries', { classId: CLASS_A }],
    ['both text and entries', { classId: CLASS_A, text: '孙悟空', entries: [{ name: '猪八戒' }] }],
    ['empty text', { classId: CLASS_A, text: '' }],
    ['only blank lines', { classId: CLASS_A, text: '\n  \n' }],
    ['oversized text', { classId: CLASS_A, text: long(4001) }],
    ['text of the wrong type', { classId: CLASS_A, text: ['孙悟空'] }],
    ['too many entries', { classId: CLASS_A, entries: Array.from({ length: 81 }, () => ({ name: '学生' })) }],
    ['entry name oversized', { classId: CLASS_A, entries: [{ name: long(41) }] }],
    ['entry name over 20', { classId: CLASS_A, entries: [{ name: long(21) }] }],
    ['entry name missing', { classId: CLASS_A, entries: [{ studentNo: '1' }] }],
    ['entry studentNo invalid', { classId: CLASS_A, entries: [{ name: '孙悟空', studentNo: '01 02' }] }],
    [
      'entry with an unknown field',
      { classId: CLASS_A, entries: [{ name: '孙悟空', claimStatus: 'approved' }] },
    ],
    ['missing classId', { text: '孙悟空' }],
    ['unknown field', { classId: CLASS_A, text: '孙悟空', replace: true }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.teacher, 'org', 'addRoster', input, 'INVALID_ARGUMENT');
  });
});

describe('org.importRosterXlsx', () => {
  const saved: string[] = [];
  afterAll(async () => {
    for (const id of saved) await h.services.files.remove(id);
  });

  async function upload(rows: unknown[][]): Promise<string> {
    // The workbook is written by the same edge adapter the product uses (its first row is the header row).
    const cell = (v: unknown) =>
      v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
    const bytes = await h.services.spreadsheet!.write([
      {
        name: '名单',
        columns: (rows[0] ?? []).map((v) => ({ header: String(v ?? '') })),
        rows: rows.slice(1).map((r) => r.map(cell)),
      },
    ]);
    const fileId = await h.upload(U.teacher, 'rosterXlsx', bytes, XLSX);
    saved.push(fileId);
    return fileId;
  }

  it('imports a sheet with a 姓名/学号 header', async () => {
    h.clock.advanceHours(1);
    const fileId = await upload([
      ['学号', '姓名'],
      ['030290', '孙悟空'],
      [30291, '猪八戒'],
      ['', ''],
    ]);
    expect(await h.ok(U.teacher, 'org', 'importRosterXlsx', { classId: CLASS_A, fileId })).toEqual({
      added: 2,
      skipped: [],
    });
    // The file names a whole class: it is deleted once imported.
    expect(await h.services.files.stat(fileId)).toBeNull();
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    expect(cls.roster.slice(8).map((r) => [r.name, r.studentNo])).toEqual([
      ['孙悟空', '030290'],
      ['猪八戒', '30291'],
    ]);
  });

  it('imports a header with 姓名 and an unrelated column (no student number)', async () => {
    h.clock.advanceHours(1);
    const fileId = await upload([
      ['姓名', '性别'],
      ['孙悟空', '男'],
      ['嫦娥', '女'],
    ]);
    const out = await h.ok(U.teacher, 'org', 'importRosterXlsx', { classId: CLASS_A, fileId });
    expect(out.added).toBe(2);
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    expect(cls.roster.slice(8).map((r) => [r.name, r.studentNo])).toEqual([
      ['孙悟空', undefined],
      ['嫦娥', undefined],
    ]);
  });

  it('imports a sheet without header: names in A, numbers in B', async () => {
    const fileId = await upload([
      ['孙悟空', '01'],
      ['猪八戒', '02'],
    ]);
    expect((await h.ok(U.teacher, 'org', 'importRosterXlsx', { classId: CLASS_A, fileId })).added).toBe(2);
  });

  it('refuses missing and unreadable files without writing', async () => {
    const missing = await h.rejects(
      U.teacher,
      'org',
      'importRosterXlsx',
      { classId: CLASS_A, fileId: 'local://00000000-0000-0000-0000-000000000000.xlsx' },
      'PERMISSION_DENIED',
    );
    expect(missing.message).toContain('自己上传');
    const notWorkbook = await h.upload(
      U.teacher,
      'rosterXlsx',
      new TextEncoder().encode('not a workbook'),
      XLSX,
    );
    saved.push(notWorkbook);
    const bad = await h.rejects(
      U.teacher,
      'org',
      'importRosterXlsx',
      { classId: CLASS_A, fileId: notWorkbook },
      'INVALID_ARGUMENT',
    );
    expect(bad.message).toContain('Excel');
  });

  it('refuses a sheet with a bad row, without writing', async () => {
    const fileId = await upload([['姓名'], ['孙悟空'], ['猪八戒123!']]);
    await h.rejects(U.teacher, 'org', 'importRosterXlsx', { classId: CLASS_A, fileId }, 'INVALID_ARGUMENT');
  });

  it('refuses another class and the wrong roles without writing', async () => {
    const fileId = await upload([['孙悟空']]);
    await h.rejects(U.teacher, 'org', 'importRosterXlsx', { classId: CLASS_B, fileId }, 'PERMISSION_DENIED');
    await h.rejects(U.student, 'org', 'importRosterXlsx', { classId: CLASS_A, fileId }, 'PERMISSION_DENIED');
  });

  it.each([
    ['fileId not a file id', { classId: CLASS_A, fileId: 'https://example.com/a.xlsx' }],
    ['oversized fileId', { classId: CLASS_A, fileId: `local://${long(600, 'a')}` }],
    ['fileId of the wrong type', { classId: CLASS_A, fileId: 7 }],
    ['missing fileId', { classId: CLASS_A }],
    ['missing classId', { fileId: 'local://00000000-0000-0000-0000-000000000000.xlsx' }],
    ['unknown field', { classId: CLASS_A, fileId: 'local://x.xlsx', sheet: 2 }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.teacher, 'org', 'importRosterXlsx', input, 'INVALID_ARGUMENT');
  });
});

describe('org.removeRosterEntry', () => {
  it('removes an unclaimed entry', async () => {
    expect(await h.ok(U.teacher, 'org', 'removeRosterEntry', { rosterId: R3 })).toEqual({ removed: true });
    expect(await h.get(C.roster, R3)).toBeNull();
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    expect(cls.roster.map((r) => r._id)).not.toContain(R3);
  });

  it('refuses a claimed entry, another class, the wrong roles, unknown ids, without writing', async () => {
    await h.rejects(U.teacher, 'org', 'removeRosterEntry', { rosterId: R1 }, 'FAILED_PRECONDITION');
    await h.rejects(U.teacher, 'org', 'removeRosterEntry', { rosterId: B1 }, 'PERMISSION_DENIED');
    await h.rejects(U.schoolAdmin, 'org', 'removeRosterEntry', { rosterId: B1 }, 'PERMISSION_DENIED');
    await h.rejects(U.student, 'org', 'removeRosterEntry', { rosterId: R3 }, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'org', 'removeRosterEntry', { rosterId: 'nope' }, 'NOT_FOUND');
  });

  it.each([
    ['missing rosterId', {}],
    ['rosterId of the wrong type', { rosterId: 3 }],
    ['oversized rosterId', { rosterId: long(65, 'r') }],
    ['unknown field', { rosterId: R3, force: true }],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.teacher, 'org', 'removeRosterEntry', input, 'INVALID_ARGUMENT');
  });
});

describe('org.approveClaim / undoClaim', () => {
  beforeEach(async () => {
    await h.ok(U.newcomer, 'identity', 'claimRoster', {
      classCode: DEMO_CODES.classCode,
      rosterId: R2,
      confirmName: '李晨阳',
    });
  });

  it('the teacher approves a claim; the student sees it', async () => {
    expect(await h.ok(U.teacher, 'org', 'approveClaim', { rosterId: R2 })).toEqual({
      claimStatus: 'approved',
    });
    expect((await h.ok(U.newcomer, 'identity', 'me', {})).student?.claimStatus).toBe('approved');
    // Approving again changes nothing.
    await h.unchanged(() => h.ok(U.teacher, 'org', 'approveClaim', { rosterId: R2 }));
  });

  it('the teacher undoes a claim: entry free, student role gone, the family code dead', async () => {
    // The wrong claimer got through approval, made a family code, and then the teacher noticed.
    await h.ok(U.teacher, 'org', 'approveClaim', { rosterId: R2 });
    const { familyCode } = await h.ok(U.newcomer, 'identity', 'createFamilyCode', {});
    expect(await h.ok(U.teacher, 'org', 'undoClaim', { rosterId: R2 })).toEqual({ claimStatus: 'unclaimed' });
    const entry = await h.get<RosterDoc>(C.roster, R2);
    expect(entry?.claimStatus).toBe('unclaimed');
    expect(entry).not.toHaveProperty('claimedBy');
    expect((await h.get<UserDoc>(C.users, U.newcomer))?.roles).toEqual([]);
    expect((await h.ok(U.newcomer, 'identity', 'me', {})).student).toBeNull();
    // A wrong claimer's family code must not link a parent to the real child afterwards.
    await h.rejects(U.newParent, 'identity', 'linkChild', { familyCode, relation: '父亲' }, 'NOT_FOUND');
    // The real owner can now claim it.
    await h.ok(U.newParent, 'identity', 'claimRoster', {
      classCode: DEMO_CODES.classCode,
      rosterId: R2,
      confirmName: '李晨阳',
    });
  });

  it('refuses unclaimed entries without writing', async () => {
    await h.rejects(U.teacher, 'org', 'approveClaim', { rosterId: R3 }, 'FAILED_PRECONDITION');
    await h.rejects(U.teacher, 'org', 'undoClaim', { rosterId: R3 }, 'FAILED_PRECONDITION');
  });

  it('refuses another class and the wrong roles without writing', async () => {
    for (const action of ['approveClaim', 'undoClaim'] as const) {
      await h.rejects(U.teacher, 'org', action, { rosterId: B1 }, 'PERMISSION_DENIED');
      await h.rejects(U.newcomer, 'org', action, { rosterId: R2 }, 'PERMISSION_DENIED');
      await h.rejects(U.student, 'org', action, { rosterId: R2 }, 'PERMISSION_DENIED');
      await h.rejects(U.parent, 'org', action, { rosterId: R2 }, 'PERMISSION_DENIED');
      await h.rejects(null, 'org', action, { rosterId: R2 }, 'UNAUTHENTICATED');
      await h.rejects(U.teacher, 'org', action, { rosterId: 'nope' }, 'NOT_FOUND');
    }
  });

  it.each([
    ['approveClaim', 'missing rosterId', {}],
    ['approveClaim', 'rosterId of the wrong type', { rosterId: true }],
    ['approveClaim', 'unknown field', { rosterId: R2, claimStatus: 'approved' }],
    ['undoClaim', 'missing rosterId', {}],
    ['undoClaim', 'oversized rosterId', { rosterId: long(65, 'r') }],
    ['undoClaim', 'unknown field', { rosterId: R2, reason: 'x' }],
  ] as const)('%s refuses bad input (%s) without writing', async (action, _label, input) => {
    await h.rejects(U.teacher, 'org', action, input, 'INVALID_ARGUMENT');
  });
});

describe('org.confirmParentLink', () => {
  let familyId: string;
  beforeEach(async () => {
    ({ familyId } = await h.ok(U.newParent, 'identity', 'requestLink', {
      classCode: DEMO_CODES.classCode,
      rosterId: R3,
      relation: '父亲',
    }));
  });

  it('the teacher accepts: the link becomes active', async () => {
    expect(await h.ok(U.teacher, 'org', 'confirmParentLink', { familyId, accept: true })).toEqual({
      status: 'active',
    });
    expect((await h.get<FamilyDoc>(C.families, familyId))?.status).toBe('active');
    const cls = await h.ok(U.teacher, 'org', 'getClass', { classId: CLASS_A });
    expect(cls.roster.find((r) => r._id === R3)?.parents).toEqual([
      { familyId, relation: '父亲', status: 'active', confirmed: true, via: 'teacher' },
    ]);
  });

  it('the teacher rejects: the request is removed', async () => {
    expect(await h.ok(U.teacher, 'org', 'confirmParentLink', { familyId, accept: false })).toEqual({
      status: 'rejected',
    });
    expect(await h.get(C.families, familyId)).toBeNull();
    expect((await h.ok(U.newParent, 'identity', 'me', {})).children).toEqual([]);
  });

  it('refuses a teacher of another class, the wrong roles and unknown links, without writing', async () => {
    const other = await h.ok(U.newParent, 'identity', 'requestLink', {
      classCode: DEMO_CODES.secondClassCode,
      rosterId: B1,
      relation: '父亲',
    });
    await h.rejects(
      U.teacher,
      'org',
      'confirmParentLink',
      { familyId: other.familyId, accept: true },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.schoolAdmin,
      'org',
      'confirmParentLink',
      { familyId: other.familyId, accept: true },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.newParent, 'org', 'confirmParentLink', { familyId, accept: true }, 'PERMISSION_DENIED');
    await h.rejects(U.student, 'org', 'confirmParentLink', { familyId, accept: true }, 'PERMISSION_DENIED');
    await h.rejects(U.teacher, 'org', 'confirmParentLink', { familyId: 'nope', accept: true }, 'NOT_FOUND');
  });

  it.each([
    ['missing accept', () => ({ familyId })],
    ['accept as a string', () => ({ familyId, accept: 'yes' })],
    ['missing familyId', () => ({ accept: true })],
    ['oversized familyId', () => ({ familyId: long(65, 'f'), accept: true })],
    ['unknown field', () => ({ familyId, accept: true, status: 'active' })],
  ])('refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.teacher, 'org', 'confirmParentLink', input(), 'INVALID_ARGUMENT');
  });
});

describe('org.createInvite / listInvites / revokeInvite', () => {
  it('a school admin invites a teacher for a class; the invite is listed open', async () => {
    h.clock.advanceMs(1); // newer than the demo invite, so the list order is defined
    const inv = await h.ok(U.schoolAdmin, 'org', 'createInvite', {
      role: 'teacher',
      schoolId: LVYIN,
      classIds: [CLASS_A],
    });
    expect(inv).toMatchObject({
      role: 'teacher',
      districtId: HUALONG,
      schoolId: LVYIN,
      classIds: [CLASS_A],
      createdBy: U.schoolAdmin,
      usesLeft: 1,
      expiresAt: new Date(h.clock.now().getTime() + 7 * 24 * 3_600_000).toISOString(),
    });
    expect(inv._id).toMatch(new RegExp(`^[${CODE_ALPHABET}]{8}$`));
    h.clock.advanceMs(1);
    const list = await h.unchanged(() => h.ok(U.schoolAdmin, 'org', 'listInvites', {}));
    expect(list.map((i) => [i._id, i.state])).toEqual([
      [inv._id, 'open'],
      [DEMO_CODES.teacherInvite, 'open'],
    ]);
  });

  it('each level invites the level below', async () => {
    const d = await h.ok(U.cityAdmin, 'org', 'createInvite', {
      role: 'district_admin',
      districtId: QINGFENG,
    });
    expect(d).toMatchObject({ role: 'district_admin', districtId: QINGFENG });
    expect(d).not.toHaveProperty('schoolId');
    const s = await h.ok(U.districtAdmin, 'org', 'createInvite', { role: 'school_admin', schoolId: XINGHE });
    expect(s).toMatchObject({ role: 'school_admin', districtId: HUALONG, schoolId: XINGHE });
    const t = await h.ok(U.cityAdmin, 'org', 'createInvite', { role: 'teacher', schoolId: QINGHE });
    expect(t).toMatchObject({ role: 'teacher', schoolId: QINGHE, classIds: [] });
  });

  it('list states follow use, revocation and expiry', async () => {
    const used = await h.ok(U.schoolAdmin, 'org', 'createInvite', { role: 'teacher', schoolId: LVYIN });
    await h.ok(U.newcomer, 'identity', 'redeemInvite', { code: used._id });
    h.clock.advanceMs(1);
    const revoked = await h.ok(U.schoolAdmin, 'org', 'createInvite', { role: 'teacher', schoolId: LVYIN });
    expect(await h.ok(U.schoolAdmin, 'org', 'revokeInvite', { code: revoked._id.toLowerCase() })).toEqual({
      revoked: true,
    });
    expect((await h.get<InviteDoc>(C.invites, revoked._id))?.revoked).toBe(true);
    h.clock.advanceMs(1);
    const expiring = await h.ok(U.schoolAdmin, 'org', 'createInvite', { role: 'teacher', schoolId: LVYIN });
    h.clock.advanceDays(8);
    const states = Object.fromEntries(
      (await h.ok(U.schoolAdmin, 'org', 'listInvites', {})).map((i) => [i._id, i.state]),
    );
    expect(states).toEqual({
      [used._id]: 'used',
      [revoked._id]: 'revoked',
      [expiring._id]: 'expired',
      [DEMO_CODES.teacherInvite]: 'open',
    });
  });

  it('refuses invites beyond the caller’s scope, without writing', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [U.schoolAdmin, { role: 'school_admin', schoolId: LVYIN }, 'PERMISSION_DENIED'],
      [U.schoolAdmin, { role: 'teacher', schoolId: XINGHE }, 'PERMISSION_DENIED'],
      [U.schoolAdmin, { role: 'district_admin', districtId: HUALONG }, 'PERMISSION_DENIED'],
      [U.districtAdmin, { role: 'district_admin', districtId: HUALONG }, 'PERMISSION_DENIED'],
      [U.districtAdmin, { role: 'school_admin', schoolId: QINGHE }, 'PERMISSION_DENIED'],
      [U.districtAdmin, { role: 'teacher', schoolId: QINGHE }, 'PERMISSION_DENIED'],
      [U.teacher, { role: 'teacher', schoolId: LVYIN }, 'PERMISSION_DENIED'],
      [U.student, { role: 'teacher', schoolId: LVYIN }, 'PERMISSION_DENIED'],
      [U.schoolAdmin, { role: 'teacher', schoolId: LVYIN, classIds: [CLASS_B] }, 'INVALID_ARGUMENT'],
      [U.schoolAdmin, { role: 'teacher', schoolId: LVYIN, classIds: ['class-none'] }, 'INVALID_ARGUMENT'],
      [U.cityAdmin, { role: 'district_admin' }, 'INVALID_ARGUMENT'],
      [U.cityAdmin, { role: 'teacher', districtId: HUALONG }, 'INVALID_ARGUMENT'],
      [U.cityAdmin, { role: 'district_admin', districtId: 'district-99' }, 'NOT_FOUND'],
      [U.cityAdmin, { role: 'teacher', schoolId: 'school-none' }, 'NOT_FOUND'],
    ];
    for (const [who, input, code] of cases) {
      await h.rejects(who, 'org', 'createInvite', input, code as 'PERMISSION_DENIED');
    }
    await h.rejects(null, 'org', 'createInvite', { role: 'teacher', schoolId: LVYIN }, 'UNAUTHENTICATED');
  });

  it.each([
    ['missing role', { schoolId: LVYIN }],
    ['role city_admin', { role: 'city_admin' }],
    ['role student', { role: 'student', schoolId: LVYIN }],
    ['classIds not an array', { role: 'teacher', schoolId: LVYIN, classIds: CLASS_A }],
    ['too many classIds', { role: 'teacher', schoolId: LVYIN, classIds: Array(21).fill(CLASS_A) }],
    ['oversized schoolId', { role: 'teacher', schoolId: long(65, 's') }],
    ['unknown field', { role: 'teacher', schoolId: LVYIN, usesLeft: 100 }],
  ])('createInvite refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.schoolAdmin, 'org', 'createInvite', input, 'INVALID_ARGUMENT');
  });

  it('listInvites shows only the caller’s invites and refuses other roles', async () => {
    expect((await h.ok(U.districtAdmin, 'org', 'listInvites', {})).map((i) => i._id)).toEqual([
      DEMO_CODES.schoolAdminInvite,
    ]);
    expect(await h.ok(U.cityAdmin, 'org', 'listInvites', {})).toEqual([]);
    await h.rejects(U.teacher, 'org', 'listInvites', {}, 'PERMISSION_DENIED');
    await h.rejects(U.schoolAdmin, 'org', 'listInvites', { createdBy: U.districtAdmin }, 'INVALID_ARGUMENT');
  });

  it('revokeInvite refuses someone else’s invite, unknown codes and the wrong roles, without writing', async () => {
    await h.rejects(
      U.districtAdmin,
      'org',
      'revokeInvite',
      { code: DEMO_CODES.teacherInvite },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.cityAdmin,
      'org',
      'revokeInvite',
      { code: DEMO_CODES.teacherInvite },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.teacher,
      'org',
      'revokeInvite',
      { code: DEMO_CODES.teacherInvite },
      'PERMISSION_DENIED',
    );
    await h.rejects(U.schoolAdmin, 'org', 'revokeInvite', { code: 'NOSUCH99' }, 'NOT_FOUND');
  });

  it.each([
    ['missing code', {}],
    ['code of the wrong type', { code: 1 }],
    ['code too short', { code: 'AB' }],
    ['oversized code', { code: long(17, 'A') }],
    ['unknown field', { code: DEMO_CODES.teacherInvite, revoked: false }],
  ])('revokeInvite refuses bad input (%s) without writing', async (_label, input) => {
    await h.rejects(U.schoolAdmin, 'org', 'revokeInvite', input, 'INVALID_ARGUMENT');
  });
});
