import ExcelJS from 'exceljs';
import { cellText, createSpreadsheet } from './spreadsheet';

describe('spreadsheet adapter', () => {
  const sheet = createSpreadsheet();

  it('writes sheets and reads them back by position or by name', async () => {
    const bytes = await sheet.write([
      { name: '汇总', columns: [{ header: '班级' }, { header: '人数' }], rows: [['三年级2班', 8]] },
      { name: '学生名单', columns: [{ header: '姓名' }], rows: [['王小雨'], [null], ['李晨阳']] },
    ]);
    expect(await sheet.readRows(bytes)).toEqual([
      ['班级', '人数'],
      ['三年级2班', '8'],
    ]);
    expect(await sheet.readRows(bytes, undefined, '学生名单')).toEqual([
      ['姓名'],
      ['王小雨'],
      [],
      ['李晨阳'],
    ]);
    expect(await sheet.readRows(bytes, 2, '学生名单')).toEqual([['姓名'], ['王小雨']]);
    expect(await sheet.readRows(bytes, undefined, '没有这张表')).toEqual([]);
  });

  it('refuses bytes that are not a workbook', async () => {
    await expect(sheet.readRows(new TextEncoder().encode('not a workbook'))).rejects.toThrow();
  });

  it('reads cells as the text a person typed', () => {
    expect(cellText(null)).toBeNull();
    expect(cellText(12)).toBe('12');
    expect(cellText({ richText: [{ text: '王' }, { text: '小雨' }] } as ExcelJS.CellValue)).toBe('王小雨');
    expect(cellText({ formula: 'A1', result: 3 } as ExcelJS.CellValue)).toBe('3');
    expect(cellText({ text: '链接', hyperlink: 'https://example.org' } as ExcelJS.CellValue)).toBe('链接');
  });
});
