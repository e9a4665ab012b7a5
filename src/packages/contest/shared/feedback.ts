import Taro from '@tarojs/taro';
import { ApiError } from '../../../api/client';
import { showError } from '../../../utils/feedback';

/** Open a page of the app. */
export function go(url: string): void {
  void Taro.navigateTo({ url });
}

/** Whether an error is the moderation gate's caring answer to words of self-harm (details.care). */
export function isCare(err: unknown): boolean {
  return (
    err instanceof ApiError &&
    !!err.details &&
    typeof err.details === 'object' &&
    (err.details as { care?: unknown }).care === true
  );
}

/**
 * Show why saving or submitting failed. The caring answer (details.care) is shown as it is, gently: a
 * calm title and one button, never 「没有成功」.
 */
export function showSaveError(err: unknown): void {
  if (isCare(err)) {
    void Taro.showModal({
      title: '我们想对你说',
      content: (err as ApiError).message,
      showCancel: false,
      confirmText: '好的',
    });
    return;
  }
  showError(err);
}

/** Run an action under a loading mask; errors go through showSaveError. Answers the result or null. */
export async function withMask<T>(title: string, fn: () => Promise<T>): Promise<T | null> {
  void Taro.showLoading({ title, mask: true });
  try {
    const out = await fn();
    Taro.hideLoading();
    return out;
  } catch (err) {
    Taro.hideLoading();
    showSaveError(err);
    return null;
  }
}
