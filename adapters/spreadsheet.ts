import ExcelJS from 'exceljs';
import type { SheetData, Spreadsheet } from '../core/services';

/**
 * The .xlsx edge (exceljs): reads a worksheet into rows of text and writes workbooks from plain
 * rows. Handlers see only `Services.spreadsheet`; local mode and CloudBase wire this same adapter.
 */

/** A cell as the text a person typed: rich text joined, links by their text, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((r) => r.text).join('');
    if ('text' in value && value.text !== undefined) return cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in value) return null;
  }
  return String(value);
}

/** The exceljs-backed spreadsheet adapter. */
export function createSpreadsheet(): Spreadsheet {
  return {
    async readRows(bytes, maxRows = 5000, name) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const sheet = name === undefined ? wb.worksheets[0] : wb.getWorksheet(name);
      if (!sheet) return [];
      const rows: (string | null)[][] = [];
      const last = Math.min(sheet.rowCount, maxRows);
      for (let r = 1; r <= last; r++) {
        const row = sheet.getRow(r);
        const cells: (string | null)[] = [];
        for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
        while (cells.length && (cells[cells.length - 1] ?? '').trim() === '') cells.pop();
        rows.push(cells);
      }
      return rows;
    },
    async write(sheets: SheetData[]) {
      const wb = new ExcelJS.Workbook();
      wb.creator = '校园好网民';
      for (const data of sheets) {
        const ws = wb.addWorksheet(data.name.slice(0, 31));
        ws.columns = data.columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 12 }));
        for (const row of data.rows) ws.addRow(row.map((v) => (v === null ? '' : v)));
        ws.getRow(1).font = { bold: true };
      }
      return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    },
  };
}
