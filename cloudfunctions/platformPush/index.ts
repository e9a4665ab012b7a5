import { getCloudbaseServices, openidFrom, settingValue } from '../../adapters/cloudbase';
import { parseMediaCheckEvent, pushIsForUs } from '../../adapters/moderation/wechat';
import '../../core/functions';
import { settleMediaPush } from '../../core/moderation/mediaChecks';

/** What the function answers: WeChat expects 'success' for a handled push. */
export type PushAnswer = 'success' | { ok: false; error: { code: string; message: string } };

/**
 * Cloud function platformPush: WeChat's message pushes (today `wxa_media_check`, the async verdict of
 * an image check). The app never calls it: its security rule is `{"invoke": false}` (docs/deploy.md),
 * and a call that carries a caller openid (any client call) is refused here as well. A push must be
 * addressed to this mini-program (WX_APPID, and WX_ORIGINAL_ID when set); pushes carry no signature,
 * so the verdict rules in core/moderation/mediaChecks.ts keep a forged pass from outliving a real
 * `risky`. Importing core/functions registers every feature's settler.
 */
export async function main(event: unknown, context: unknown): Promise<PushAnswer> {
  if (openidFrom(context)) {
    return { ok: false, error: { code: 'PERMISSION_DENIED', message: '此函数只接收平台推送' } };
  }
  const audience = {
    appid: settingValue(process.env.WX_APPID),
    originalId: settingValue(process.env.WX_ORIGINAL_ID),
  };
  if (!pushIsForUs(event, audience)) {
    console.warn('[platformPush] dropped a push not addressed to this mini-program');
    return 'success';
  }
  const media = parseMediaCheckEvent(event);
  if (!media) return 'success';
  try {
    const services = getCloudbaseServices();
    await settleMediaPush(services, media, services.now());
  } catch (err) {
    console.error('[platformPush] settle failed', err);
  }
  return 'success';
}
