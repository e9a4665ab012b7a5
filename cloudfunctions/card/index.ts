import { getCloudbaseApp, getCloudbaseServices, openidFrom } from '../../adapters/cloudbase';
import { createWechatModerator, parseMediaCheckEvent } from '../../adapters/moderation/wechat';
import { toErrorEnvelope, type Envelope } from '../../core/errors';
import { FUNCTIONS } from '../../core/functions';
import { settleMediaCheck, type CardServices } from '../../core/functions/card';
import { dispatch } from '../../core/router';
import { createMiniCodeMaker } from './miniCode';

/**
 * Cloud function card: themed family cards (make, co-create, view, share counts, walls, review,
 * statistics). Besides the `{ action }` calls from the mini-program it receives WeChat's
 * `wxa_media_check` message-push event (configure message push → this function for that event):
 * the async photo verdict settles the card it belongs to. Such an event carries no caller openid;
 * one sent by a user through callFunction has one and is routed as an ordinary (invalid) call.
 */
export async function main(event: unknown, context: unknown): Promise<Envelope<unknown> | string> {
  let services: CardServices;
  try {
    const base = getCloudbaseServices();
    const app = getCloudbaseApp();
    services = {
      ...base,
      moderator: base.moderator ?? createWechatModerator(app),
      cardPlatform: { miniCode: createMiniCodeMaker(app, process.env.MINIPROGRAM_ENV_VERSION || 'release') },
    };
  } catch (err) {
    console.error('[card] CloudBase init failed', err);
    return toErrorEnvelope(err);
  }
  const openid = openidFrom(context);
  const media = openid ? null : parseMediaCheckEvent(event);
  if (media) {
    try {
      await settleMediaCheck(services, media, services.now());
    } catch (err) {
      console.error('[card] media check settle failed', err);
    }
    return 'success';
  }
  const input =
    event && typeof event === 'object' && !Array.isArray(event)
      ? Object.fromEntries(Object.entries(event as Record<string, unknown>).filter(([k]) => k !== 'userInfo'))
      : event;
  return dispatch('card', FUNCTIONS.card, { openid, event: input }, services);
}
