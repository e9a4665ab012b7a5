import Taro from '@tarojs/taro';
import { showError } from '../../../utils/feedback';

/** Copy text to the clipboard; the platform shows its own "已复制" toast. */
export async function copyText(text: string): Promise<void> {
  try {
    await Taro.setClipboardData({ data: text });
  } catch (err) {
    showError(err);
  }
}

/** "5月20日 14:30" (with the year when not this year) in the viewer's local time, for expiry dates. */
export function shortDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const mm = String(d.getMinutes()).padStart(2, '0');
  const year = d.getFullYear() === new Date().getFullYear() ? '' : `${d.getFullYear()}年`;
  return `${year}${d.getMonth() + 1}月${d.getDate()}日 ${d.getHours()}:${mm}`;
}

/** Open another admin page. */
export function go(url: string): void {
  void Taro.navigateTo({ url });
}

/** Tell the user what to fill in first (a modal: toasts are too small for older readers). */
export function hint(content: string): void {
  void Taro.showModal({ title: '提示', content, showCancel: false, confirmText: '知道了' });
}
