/**
 * WeChat content security for production (weapp on CloudBase): text through `security.msgSecCheck`
 * v2, images through `security.mediaCheckAsync` (the verdict arrives later as a `wxa_media_check`
 * message-push event, handled by cloudfunctions/platformPush). Calls go through node-sdk's cloud-call
 * support (`app.callWxOpenApi`, the HTTPS path without host or access_token, as the notifier in
 * adapters/cloudbase.ts does); the function's config.json must list both APIs in permissions.openapi.
 */
import type tcb from '@cloudbase/node-sdk';
import type { MediaCheckResult } from '../../core/moderation/mediaChecks';
import { WECHAT_LABEL_REASON } from '../../core/functions/card/review';
import type { ModerationResult, Moderator } from '../../core/services';

type App = Pick<ReturnType<typeof tcb.init>, 'callWxOpenApi' | 'getTempFileURL'>;

/** Open API paths as callWxOpenApi names them. */
export const MSG_SEC_CHECK_API = '/wxa/msg_sec_check';
export const MEDIA_CHECK_ASYNC_API = '/wxa/media_check_async';

/** msgSecCheck / mediaCheckAsync scene: 1 资料, 2 评论, 3 论坛, 4 社交日志 (a family card is closest to 4). */
export const CARD_SCENE = 4;

/** How long the temp URL handed to mediaCheckAsync stays valid (WeChat fetches it within minutes). */
const MEDIA_URL_SECONDS = 3600;

interface WxResult {
  errcode?: number;
  errmsg?: string;
  trace_id?: string;
  result?: { suggest?: string; label?: number };
}

/** Call an open API and unwrap node-sdk's answer; platform or API errors throw. */
async function callApi(app: App, apiName: string, requestData: Record<string, unknown>): Promise<WxResult> {
  const res = (await app.callWxOpenApi({ apiName, requestData })) as {
    code?: string;
    message?: string;
    result?: unknown;
  };
  if (res.code) throw new Error(`${apiName} ${res.code}: ${res.message ?? ''}`);
  const result = (typeof res.result === 'string' ? JSON.parse(res.result) : res.result) as
    WxResult | undefined;
  if (!result || typeof result !== 'object') throw new Error(`${apiName}: empty answer`);
  if (result.errcode) throw new Error(`${apiName} errcode ${result.errcode}: ${result.errmsg ?? ''}`);
  return result;
}

/** A v2 suggestion ('pass' | 'review' | 'risky') and label as a moderation verdict. */
export function verdictOf(
  suggest: string | undefined,
  label: number | undefined,
  what: string,
): Pick<ModerationResult, 'verdict' | 'reason'> {
  if (suggest === 'pass') return { verdict: 'pass' };
  if (suggest === 'risky') {
    return {
      verdict: 'reject',
      reason: `${what}${WECHAT_LABEL_REASON[label ?? 21000] ?? '含有不适合发布的内容'}，请修改后再提交`,
    };
  }
  return { verdict: 'review', reason: `${what}需要老师再看一下，通过后就会公开` };
}

/** The WeChat moderator. `app` is the node-sdk app (`tcb.init(...)`). */
export function createWechatModerator(app: App, opts: { scene?: number } = {}): Moderator {
  const scene = opts.scene ?? CARD_SCENE;
  return {
    async checkText(text, openid) {
      const r = await callApi(app, MSG_SEC_CHECK_API, {
        content: text.slice(0, 2500),
        version: 2,
        scene,
        openid,
      });
      return {
        ...verdictOf(r.result?.suggest, r.result?.label, '文字'),
        traceId: r.trace_id,
        provider: 'wechat-msgSecCheck',
      };
    },
    async checkImage(fileId, openid) {
      const urls = await app.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: MEDIA_URL_SECONDS }] });
      const url = urls.fileList?.[0]?.tempFileURL;
      if (!url) throw new Error(`no temp URL for ${fileId}`);
      const r = await callApi(app, MEDIA_CHECK_ASYNC_API, {
        media_url: url,
        media_type: 2,
        version: 2,
        scene,
        openid,
      });
      if (!r.trace_id) throw new Error('mediaCheckAsync answered without trace_id');
      return {
        verdict: 'review',
        reason: '照片正在检查，通常几分钟内完成',
        traceId: r.trace_id,
        provider: 'wechat-mediaCheckAsync',
      };
    },
  };
}

/** The mini-program a push must be addressed to (the function's WX_APPID / WX_ORIGINAL_ID settings). */
export interface PushAudience {
  appid?: string;
  originalId?: string;
}

/**
 * Whether a message push is addressed to this mini-program: its `appid` must equal the configured
 * AppID and, when the original id (gh_…) is configured, its `ToUserName` must match it (or the AppID).
 * With no AppID configured nothing is accepted: a push the function cannot attribute is dropped.
 */
export function pushIsForUs(event: unknown, audience: PushAudience): boolean {
  if (!audience.appid || !event || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  if (e.appid !== audience.appid) return false;
  if (audience.originalId && e.ToUserName !== audience.originalId && e.ToUserName !== audience.appid)
    return false;
  return true;
}

/**
 * Read a `wxa_media_check` message-push event (as CloudBase hands it to the function configured for
 * message push): `{ MsgType: 'event', Event: 'wxa_media_check', trace_id, result: { suggest, label } }`.
 * Answers null for anything else.
 */
export function parseMediaCheckEvent(event: unknown): MediaCheckResult | null {
  if (!event || typeof event !== 'object') return null;
  const e = event as Record<string, unknown>;
  if (e.Event !== 'wxa_media_check' || typeof e.trace_id !== 'string') return null;
  const result = (e.result ?? {}) as { suggest?: unknown; label?: unknown };
  const suggest = typeof result.suggest === 'string' ? result.suggest : 'review';
  const label = typeof result.label === 'number' ? result.label : undefined;
  return { traceId: e.trace_id, suggest, ...(label !== undefined ? { label } : {}) };
}
