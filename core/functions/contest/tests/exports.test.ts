import { unzipSync } from 'fflate';
import { C } from '../../../collections';
import type { Harness } from '../../../../testing/harness';
import { sweepContestExports } from '../exports';
import { contestHarness, createCall, draftKey, essay, HUALONG, LVYIN, png, submitDrawing, U } from './kit';

describe('exports for 报送', () => {
  let h: Harness;
  let callId: string;
  let drawing: string;
  beforeEach(async () => {
    h = await contestHarness();
    callId = await createCall(h);
    drawing = await submitDrawing(h, U.student, callId, 1, {
      advisorOpenid: U.teacher,
      title: '我们的防疫日记',
    });
    const text = await h.ok(U.student, 'contest', 'save', {
      callId,
      draftKey: draftKey(),
      category: 'essay',
      group: 'primary',
      title: '一封信',
      body: essay(9),
    });
    await h.ok(U.student, 'contest', 'submit', { entryId: text.entryId, originality: true });
    for (const entryId of [drawing, text.entryId]) {
      await h.ok(U.schoolAdmin, 'contest', 'review', { entryId, round: 'school', decision: 'recommend' });
    }
  });

  it("an .xlsx of the school's recommended works: author, class, group, category, advisor, title, score, tier", async () => {
    const out = await h.ok(U.schoolAdmin, 'contest', 'exportList', {
      callId,
      level: 'school',
      unitId: LVYIN.schoolId,
    });
    expect(out.rows).toBe(2);
    expect(out.fileName).toMatch(/\.xlsx$/);
    const rows = await h.services.spreadsheet!.readRows(await h.download(out.url));
    expect(rows[0]).toEqual([
      '序号',
      '作者',
      '班级',
      '学校',
      '组别',
      '类别',
      '指导教师',
      '作品名称',
      '得分',
      '奖项',
      '状态',
    ]);
    const row = rows.find((r) => r[7] === '我们的防疫日记')!;
    expect(row.slice(1, 8)).toEqual([
      '王小雨',
      '小学三年级2班',
      '华龙区绿茵小学',
      '小学组',
      '绘画',
      '林晓梅',
      '我们的防疫日记',
    ]);
    expect(await h.store.count(C.exportFiles, {})).toBe(1);
  });

  it('a .zip of the works, one folder each with its pictures and a text file', async () => {
    const out = await h.ok(U.districtAdmin, 'contest', 'exportWorks', {
      callId,
      level: 'school',
      unitId: LVYIN.schoolId,
    });
    expect(out.works).toBe(2);
    const files = unzipSync(await h.download(out.url));
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(3);
    const picture = names.find((n) => n.endsWith('图片1.png'))!;
    expect(picture).toContain('王小雨_我们的防疫日记/');
    expect(files[picture]).toEqual(png(1));
    const info = new TextDecoder().decode(
      files[names.find((n) => n.includes('一封信') && n.endsWith('作品信息.txt'))!],
    );
    expect(info).toContain('作品名称：一封信');
    expect(info).toContain(essay(9).slice(0, 20));
  });

  it("only the school's and district's admins export; files are deleted after 24 hours", async () => {
    await h.rejects(
      U.teacher,
      'contest',
      'exportList',
      { callId, level: 'school', unitId: LVYIN.schoolId },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'exportList',
      { callId, level: 'district', unitId: HUALONG },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.schoolAdmin,
      'contest',
      'exportList',
      { callId, level: 'school', unitId: 'school-xinghe' },
      'PERMISSION_DENIED',
    );
    await h.rejects(
      U.districtAdmin,
      'contest',
      'exportList',
      { callId, level: 'district', unitId: HUALONG },
      'FAILED_PRECONDITION',
    );
    const out = await h.ok(U.schoolAdmin, 'contest', 'exportList', {
      callId,
      level: 'school',
      unitId: LVYIN.schoolId,
    });
    const fileId = `local://${out.url.split('/').pop()!.split('?')[0]}`;
    expect(await h.services.files.stat(fileId)).not.toBeNull();
    h.clock.advanceHours(23);
    expect(await sweepContestExports(h.services, h.clock.now())).toBe(0);
    h.clock.advanceHours(2);
    expect(await sweepContestExports(h.services, h.clock.now())).toBe(1);
    expect(await h.services.files.stat(fileId)).toBeNull();
    expect(await h.store.count(C.exportFiles, {})).toBe(0);
  });
});
