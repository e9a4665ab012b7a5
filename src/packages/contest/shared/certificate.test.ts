/**
 * The award certificate's words and line breaks: who it is for and what for (a work's award, 优秀指导教师,
 * 优秀组织奖), and wrapping that never starts a line with closing punctuation.
 */
import { certificateLines, wrapText } from './certificate';

/** A context where every character is 10 units wide. */
const ctx = { measureText: (t: string) => ({ width: Array.from(t).length * 10 }) as TextMetrics };

const base = {
  holder: '王小雨',
  entryTitle: '守护',
  categoryTitle: '漫画',
  groupTitle: '小学低段',
  callTitle: '「防控疫情，携手同进」公益作品征集',
  works: [] as string[],
  schoolName: '华龙区绿茵小学',
  awardName: '一等奖',
};

test('a work, an advisor and a school each get their own words', () => {
  expect(certificateLines({ ...base, kind: 'entry' })).toEqual({
    addressee: '王小雨：',
    body: '作品《守护》（漫画 · 小学低段）在「「防控疫情，携手同进」公益作品征集」中荣获',
    award: '一等奖',
  });
  expect(
    certificateLines({
      ...base,
      kind: 'advisor',
      holder: '李晓春',
      works: ['守护', '云端课堂'],
      awardName: '优秀指导教师',
    }),
  ).toEqual(expect.objectContaining({ addressee: '李晓春 老师：', award: '优秀指导教师' }));
  expect(
    certificateLines({
      ...base,
      kind: 'advisor',
      holder: '李晓春',
      works: ['守护', '云端课堂'],
      awardName: '优秀指导教师',
    }).body,
  ).toContain('《守护》《云端课堂》');
  expect(certificateLines({ ...base, kind: 'organisation', awardName: '优秀组织奖' }).addressee).toBe(
    '华龙区绿茵小学：',
  );
});

test('lines fit the width, closing punctuation stays on the line before, a cut ends with …', () => {
  expect(wrapText(ctx, '一二三四五六七八', 40)).toEqual(['一二三四', '五六七八']);
  expect(wrapText(ctx, '一二三四，五六', 40)).toEqual(['一二三四，', '五六']);
  expect(wrapText(ctx, '一二三四 · 五六', 40)).toEqual(['一二三四 · ', '五六']);
  expect(wrapText(ctx, '一二三四五六七八九十甲乙', 40, 2)).toEqual(['一二三四', '五六七…']);
});
