import Taro from '@tarojs/taro';
import { ApiError } from '../api/client';

/** Show a short success toast. */
export function toastOk(title: string): void {
  void Taro.showToast({ title, icon: 'success', duration: 1500 });
}

/** Show an error as a modal the user must acknowledge (toasts are too small for long Chinese messages). */
export function showError(err: unknown): void {
  const message = err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err);
  void Taro.showModal({ title: '没有成功', content: message, showCancel: false, confirmText: '知道了' });
}

/** Ask for confirmation; resolves true when the user confirms. */
export async function confirm(title: string, content: string): Promise<boolean> {
  const res = await Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' });
  return !!res.confirm;
}

/** Run an action with a loading mask; errors are shown and swallowed, the result returned or null. */
export async function withLoading<T>(title: string, fn: () => Promise<T>): Promise<T | null> {
  void Taro.showLoading({ title, mask: true });
  try {
    return await fn();
  } catch (err) {
    Taro.hideLoading();
    showError(err);
    return null;
  } finally {
    Taro.hideLoading();
  }
}
