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

/** Open another admin page. */
export function go(url: string): void {
  void Taro.navigateTo({ url });
}

/** Tell the user what to fill in first (a modal: toasts are too small for older readers). */
export function hint(content: string): void {
  void Taro.showModal({ title: '提示', content, showCancel: false, confirmText: '知道了' });
}
