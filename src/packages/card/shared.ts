import Taro from '@tarojs/taro';
import { call, isLocalMode } from '../../api/client';
import { TEMPLATES, type TemplateId } from '../../../core/poster/templates';
import { newEventId } from '../../utils/ids';

/** The page path of a card (no leading slash), as the server and shares use it. */
export const VIEW_PAGE = 'packages/card/view/index';

/** CSS background of a template (picker thumbnails and wall tiles). */
export function templateBackground(id: string): string {
  const t = TEMPLATES[id as TemplateId] ?? TEMPLATES.qinglang;
  return `linear-gradient(180deg, ${t.background[0]} 0%, ${t.background[1]} 55%, ${t.background[2]} 100%)`;
}

/** Plain-Chinese label and tag class of a card status. */
export function statusLabel(status: string): { text: string; className: string } {
  if (status === 'approved') return { text: '已公开', className: 'tag tag-green' };
  if (status === 'pending') return { text: '审核中', className: 'tag tag-gray' };
  return { text: '未通过', className: 'tag' };
}

/** The H5 URL of a card page on this server (local mode). */
export function localCardUrl(cardId: string): string {
  const { origin, pathname } = window.location;
  return `${origin}${pathname}#/${VIEW_PAGE}?id=${encodeURIComponent(cardId)}`;
}

/** Count one share (chat, Moments, saved) for an approved card; failures are ignored (never block sharing). */
export function recordShare(cardId: string, channel: 'chat' | 'moments' | 'saved'): void {
  void newEventId()
    .then((eventId) => call('card', 'recordShare', { cardId, channel, eventId }))
    .catch(() => undefined);
}

/** Whether this page was opened from Moments in single-page mode (no login, no navigation). */
export function isSinglePageMode(): boolean {
  if (isLocalMode) return false;
  try {
    return Taro.getLaunchOptionsSync().scene === 1154;
  } catch {
    return false;
  }
}
