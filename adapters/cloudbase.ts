/**
 * The CloudBase runtime glue shared by every cloud function: one SDK instance per function process
 * (created lazily on the first call and reused while the instance stays warm), the Services built
 * on it, caller identity read from the platform context, and `makeMain(name)` which turns an entry
 * of FUNCTIONS into a cloud function `main`.
 */
import tcb from '@cloudbase/node-sdk';
import { C } from '../core/collections';
import { randomId } from '../core/codes';
import { FUNCTIONS } from '../core/functions';
import { toErrorEnvelope, type Envelope } from '../core/errors';
import { dispatch } from '../core/router';
import type { MiniCodeMaker, Moderator, Notifier, Services } from '../core/services';
import type { DocumentStore } from '../core/store';
import { createCloudbaseFiles } from './files/cloudbaseFiles';
import { createWechatModerator } from './moderation/wechat';
import { createSpreadsheet } from './spreadsheet';
import { createZipper } from './zip';
import { createMiniCodeMaker } from './wechat/miniCode';
import { createCloudbaseStore } from './store/cloudbaseStore';

/** A node-sdk app (`tcb.init(...)`). */
export type CloudbaseApp = ReturnType<typeof tcb.init>;

/** The cloud function names: every key of FUNCTIONS (adding a function there is the only edit). */
export type FunctionName = keyof typeof FUNCTIONS;

/** The deployment settings a function reads from its environment variables. */
export interface CloudbaseEnv {
  /** CITY_BOOTSTRAP_CODE: lets the first person become city admin; unset disables bootstrap. */
  CITY_BOOTSTRAP_CODE?: string;
  /** PUBLIC_BASE_URL: base URL of the H5 pages that QR codes point at. */
  PUBLIC_BASE_URL?: string;
  /** SUBSCRIBE_TEMPLATE_REMIND: subscribe-message template id; unset records reminders instead. */
  SUBSCRIBE_TEMPLATE_REMIND?: string;
  /** STORAGE_FILE_ID_PREFIX: `cloud://<env>.<bucket>`, so retention can delete files of unused upload tickets. */
  STORAGE_FILE_ID_PREFIX?: string;
  /** MINIPROGRAM_ENV_VERSION: which version mini-program codes open: 'release' (default), 'trial', 'develop'. */
  MINIPROGRAM_ENV_VERSION?: string;
  /** WX_APPID / WX_ORIGINAL_ID: the mini-program platform pushes must be addressed to (platformPush). */
  WX_APPID?: string;
  WX_ORIGINAL_ID?: string;
  /** SUBSCRIBE_MINIPROGRAM_STATE: 'formal' (default), 'trial' or 'developer'. */
  SUBSCRIBE_MINIPROGRAM_STATE?: string;
  /** Anything else in the environment is ignored. */
  [name: string]: string | undefined;
}

/**
 * The WeChat server API that sends a subscribe message, as `callWxOpenApi` names it: the HTTPS path
 * without host or access_token (the SDK's own tests use the same form, e.g. '/inner/svrkitclientcall').
 * The function's config.json must list `subscribeMessage.send` in permissions.openapi.
 */
export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send';

/** Page a reminder opens when tapped. */
const REMIND_PAGE = 'pages/index/index';

/** WeChat limits `thing` values to 20 characters; longer values make the whole send fail. */
const MAX_TEMPLATE_VALUE = 20;

/**
 * A setting's value, or undefined when empty or an unresolved cloudbaserc template such as
 * "{{env.CITY_BOOTSTRAP_CODE}}" (deployed literally, it would be a publicly known bootstrap code).
 */
export function settingValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed || /^\{\{.*\}\}$/.test(trimmed)) return undefined;
  return trimmed;
}

/**
 * Reminders: a WeChat subscribe message through the SDK's cloud-call support when a template id is
 * configured, otherwise a record in the `reminders` collection (as local mode does). A failed send
 * is recorded too (channel 'wx-failed' with the error), so nothing is lost silently.
 */
export function createCloudbaseNotifier(
  app: Pick<CloudbaseApp, 'callWxOpenApi'>,
  store: DocumentStore,
  env: CloudbaseEnv,
  now: () => Date,
): Notifier {
  const templateId = settingValue(env.SUBSCRIBE_TEMPLATE_REMIND);
  const record = async (
    openid: string,
    template: string,
    data: Record<string, string>,
    channel: string,
    error?: string,
  ) => {
    await store.insert(C.reminders, {
      _id: randomId(),
      openid,
      template,
      data,
      channel,
      ...(error ? { error } : {}),
      at: now().toISOString(),
    });
  };
  return {
    async remind(openid, template, data) {
      if (!templateId) {
        await record(openid, template, data, 'local-record');
        return true;
      }
      const requestData = {
        touser: openid,
        template_id: templateId,
        page: REMIND_PAGE,
        miniprogram_state: settingValue(env.SUBSCRIBE_MINIPROGRAM_STATE) ?? 'formal',
        lang: 'zh_CN',
        data: Object.fromEntries(
          Object.entries(data).map(([key, value]) => [
            key,
            { value: String(value).slice(0, MAX_TEMPLATE_VALUE) },
          ]),
        ),
      };
      let error: string | undefined;
      try {
        const res = (await app.callWxOpenApi({ apiName: SUBSCRIBE_SEND_API, requestData })) as {
          code?: string;
          message?: string;
          result?: { errcode?: number; errmsg?: string } | string;
        };
        // The SDK answers platform errors as { code, message } instead of throwing.
        if (res.code) throw new Error(`${res.code}: ${res.message ?? ''}`);
        const result = typeof res.result === 'object' && res.result ? res.result : {};
        if (result.errcode) throw new Error(`errcode ${result.errcode}: ${result.errmsg ?? ''}`);
      } catch (err) {
        error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        console.error('[notifier] subscribe message failed', error);
      }
      await record(openid, template, data, error ? 'wx-failed' : 'wx-subscribe', error);
      return !error;
    },
  };
}

/** Services on an existing SDK app: store, files, notifier, clock and env config. */
export function createCloudbaseServices(
  app: CloudbaseApp,
  env: CloudbaseEnv = process.env,
  opts: {
    now?: () => Date;
    db?: ReturnType<CloudbaseApp['database']>;
    /** Content moderation (default: WeChat msgSecCheck + mediaCheckAsync through this app). */
    moderator?: Moderator;
    /** Mini-program codes (default: wxacode.getUnlimited through this app). */
    miniCode?: MiniCodeMaker;
  } = {},
): Services {
  const now = opts.now ?? (() => new Date());
  const store = createCloudbaseStore(opts.db ?? app.database());
  return {
    store,
    files: createCloudbaseFiles(app, settingValue(env.STORAGE_FILE_ID_PREFIX)),
    notifier: createCloudbaseNotifier(app, store, env, now),
    // Every function publishes through the same checks (issue: letters were published unchecked).
    moderator: opts.moderator ?? createWechatModerator(app),
    miniCode:
      opts.miniCode ?? createMiniCodeMaker(app, settingValue(env.MINIPROGRAM_ENV_VERSION) ?? 'release'),
    spreadsheet: createSpreadsheet(),
    zipper: createZipper(),
    now,
    config: {
      bootstrapCode: settingValue(env.CITY_BOOTSTRAP_CODE),
      publicBaseUrl: settingValue(env.PUBLIC_BASE_URL),
    },
  };
}

let cachedApp: CloudbaseApp | null = null;
let cachedServices: Services | null = null;

/** The process-wide SDK app, bound to the environment the function runs in. */
export function getCloudbaseApp(): CloudbaseApp {
  if (!cachedApp) cachedApp = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV });
  return cachedApp;
}

/** The process-wide Services (built on first use, then reused by every call to this instance). */
export function getCloudbaseServices(): Services {
  if (!cachedServices) cachedServices = createCloudbaseServices(getCloudbaseApp());
  return cachedServices;
}

/** Tests: replace the process-wide Services (null resets to lazy production initialisation). */
export function setCloudbaseServicesForTest(services: Services | null): void {
  cachedServices = services;
  if (!services) cachedApp = null;
}

/**
 * The caller's openid from the platform context (WX_OPENID, set by WeChat for calls from the
 * mini-program). Null for timer triggers, Moments single-page mode and unparsable contexts.
 * Identity never comes from the event.
 */
export function openidFrom(context: unknown): string | null {
  if (!context || typeof context !== 'object') return null;
  try {
    const openid = tcb.getCloudbaseContext(
      context as Parameters<typeof tcb.getCloudbaseContext>[0],
    ).WX_OPENID;
    return typeof openid === 'string' && openid !== '' ? openid : null;
  } catch {
    return null;
  }
}

/**
 * Keys the platform injects into the event of a wx.cloud.callFunction call. They are not input:
 * drop them before the strict schemas see the event (identity is read from the context instead).
 */
const PLATFORM_EVENT_KEYS = ['userInfo'];

function stripPlatformKeys(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  const copy: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  for (const key of PLATFORM_EVENT_KEYS) delete copy[key];
  return copy;
}

/** A cloud function's `main(event, context)` routing into FUNCTIONS[name]; always resolves to an envelope. */
export function makeMain(
  name: FunctionName,
): (event: unknown, context: unknown) => Promise<Envelope<unknown>> {
  return async (event, context) => {
    let services: Services;
    try {
      services = getCloudbaseServices();
    } catch (err) {
      console.error(`[${name}] CloudBase init failed`, err);
      return toErrorEnvelope(err);
    }
    return dispatch(
      name,
      FUNCTIONS[name],
      { openid: openidFrom(context), event: stripPlatformKeys(event) },
      services,
    );
  };
}
