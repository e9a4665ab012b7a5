/**
 * 导出 .xlsx of a class or a school through `overview.exportXlsx { level, id } → { fileName, url, rows }`:
 * the server writes the workbook to storage and answers a temporary download URL (src/utils/files.ts
 * `deliverExport` hands it to the user).
 */
import { call } from '../../../api/client';
import { deliverExport } from '../../../utils/files';
import { showError, withLoading } from '../../../utils/feedback';

/** Export a class's or a school's overview as .xlsx; errors are shown, never thrown. */
export async function exportOverview(level: 'class' | 'school', id: string): Promise<void> {
  const res = await withLoading('正在导出', () =>
    call('overview', 'exportXlsx', { level, id }, { timeoutMs: 60_000 }),
  );
  if (!res) return;
  try {
    await deliverExport(res);
  } catch (err) {
    showError(err);
  }
}
