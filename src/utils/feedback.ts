import Taro from '@tarojs/taro';

/** Show a short success toast. */
export function toastOk(title: string): void {
  void Taro.showToast({ title, icon: 'success', duration: 1500 });
}

/** Chinese names of input fields, for the server's "参数 <field> 无效：…" messages. */
const FIELD_LABEL: Record<string, string> = {
  classCode: '班级码',
  code: '邀请码',
  familyCode: '家庭码',
  confirmName: '姓名',
  name: '名称',
  relation: '关系',
  birthYear: '出生年份',
  title: '活动名称',
  theme: '活动主题',
  text: '名单',
};

/**
 * The message of an error as a user should read it. The server names the field in code ("参数 classCode
 * 无效：代码太短"); show its Chinese name instead ("班级码：代码太短"), or only the reason when that already
 * says which field. Anything else is shown as it is.
 */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const m = /^参数 ([\w.]+) 无效：(.*)$/s.exec(message);
  if (!m) return message;
  const label = FIELD_LABEL[m[1].split('.')[0]];
  return label && !m[2].startsWith(label) ? `${label}：${m[2]}` : m[2];
}

/** Show an error as a modal the user must acknowledge (toasts are too small for long Chinese messages). */
export function showError(err: unknown): void {
  void Taro.showModal({
    title: '没有成功',
    content: errorText(err),
    showCancel: false,
    confirmText: '知道了',
  });
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
