/**
 * Activity reminders by WeChat subscribe message (weapp). The server sends them with the template in
 * SUBSCRIBE_TEMPLATE_REMIND (adapters/cloudbase.ts); WeChat delivers one message per acceptance, and
 * only `wx.requestSubscribeMessage` called from a tap can ask for it. The build bakes the same id into
 * SUBSCRIBE_TEMPLATE (TARO_APP_SUBSCRIBE_TEMPLATE). H5 local mode records reminders and never asks.
 */
import Taro from '@tarojs/taro';
import { isLocalMode } from '../api/client';
import { showError, toastOk } from './feedback';

/** The reminder template id baked into this build ('' = none). Read at call time (tests set it). */
export function remindTemplate(): string {
  return typeof SUBSCRIBE_TEMPLATE === 'string' ? SUBSCRIBE_TEMPLATE.trim() : '';
}

/** Whether to offer 「接收活动提醒」: weapp with a template configured. */
export function canSubscribe(): boolean {
  return !isLocalMode && remindTemplate() !== '';
}

/** What the user answered: WeChat's per-template answer, 'off' (subscribe messages switched off) or 'failed'. */
export type RemindOutcome = 'accept' | 'reject' | 'ban' | 'filter' | 'off' | 'failed';

/**
 * Ask to receive one activity reminder and show the outcome. Call it straight from a tap handler: WeChat
 * refuses the request outside a tap (so nothing may be awaited before it).
 */
export async function requestRemind(): Promise<RemindOutcome> {
  const tmplId = remindTemplate();
  let answer: string | undefined;
  try {
    const res = await Taro.requestSubscribeMessage({
      tmplIds: [tmplId],
    } as Taro.requestSubscribeMessage.Option);
    answer = (res as unknown as Record<string, string>)[tmplId];
  } catch (err) {
    const e = (err ?? {}) as { errCode?: number; errMsg?: string };
    // 20004: the user switched subscribe messages off for this mini-program (设置 → 订阅消息).
    if (e.errCode === 20004 || /main switch/i.test(e.errMsg ?? '')) {
      const ask = await Taro.showModal({
        title: '订阅消息已关闭',
        content:
          '你关闭了本小程序的订阅消息。要接收活动提醒，请在设置页打开「订阅消息」，再回来点「接收活动提醒」。',
        confirmText: '去设置',
        cancelText: '不用了',
      });
      if (ask.confirm) await Taro.openSetting({ withSubscriptions: true });
      return 'off';
    }
    showError(new Error('没有开启活动提醒，请稍后再试'));
    return 'failed';
  }
  if (answer === 'accept') {
    toastOk('已开启提醒');
    return 'accept';
  }
  if (answer === 'reject') {
    void Taro.showModal({
      title: '没有开启提醒',
      content: '你没有同意接收活动提醒。以后想收到提醒，可以再点「接收活动提醒」。',
      showCancel: false,
      confirmText: '知道了',
    });
    return 'reject';
  }
  void Taro.showModal({
    title: '暂时无法开启提醒',
    content: '活动提醒暂时不可用，请稍后再试。',
    showCancel: false,
    confirmText: '知道了',
  });
  return answer === 'ban' ? 'ban' : 'filter';
}
