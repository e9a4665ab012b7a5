import { z } from 'zod';
import { C } from './collections';
import { AppError, denied, ErrorCode, invalid, precondition, type Envelope, toErrorEnvelope } from './errors';
import type { CampaignDoc, PhaseName, RoleName, UserDoc } from './model';
import { closedMessage, phaseAt } from './phases';
import type { Services } from './services';
import { withRequestCache } from './storeTools';

/** What a handler receives besides its input: who calls, their user record, and the services. */
export interface HandlerContext {
  openid: string;
  /** The caller's user document (created on first call for logged-in callers). */
  user: UserDoc;
  services: Services;
  now: Date;
}

/** Context of a public action (no login: Moments single-page mode, verification pages). */
export interface PublicContext {
  openid: string | null;
  services: Services;
  now: Date;
}

/** Who may call an action. Scope (which district, school, class) is checked in the handler. */
export type Access = 'public' | 'user' | RoleName[];

/** One action: its schema, who may call it, when it is open, and its handler. */
export interface ActionDef<S extends z.ZodTypeAny = z.ZodTypeAny, R = unknown> {
  /** Short Chinese name used in messages ("签名承诺"). */
  title: string;
  input: S;
  access: Access;
  /** Phases the action is open in (default: always). Campaign admins may override per action. */
  phases?: PhaseName[];
  handler: (ctx: HandlerContext & PublicContext, input: z.output<S>) => Promise<R>;
}

/** Identity helper so each action file gets full type inference. */
export function defineAction<S extends z.ZodTypeAny, R>(def: ActionDef<S, R>): ActionDef<S, R> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionMap = Record<string, ActionDef<any, any>>;

/** The raw call as it reaches a function: `{ action, ...input }`. */
export interface RawCall {
  openid: string | null;
  event: unknown;
}

const envelopeSchema = z.object({ action: z.string().min(1).max(64) }).passthrough();

/** Format zod issues as one readable message plus structured details. */
export function describeIssues(error: z.ZodError): { message: string; details: unknown } {
  const first = error.issues[0];
  const path = first?.path.join('.') || '输入';
  return {
    message: `参数 ${path} 无效：${first?.message ?? '格式不正确'}`,
    details: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  };
}

/** Parse input against a schema or throw INVALID_ARGUMENT. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const { message, details } = describeIssues(result.error);
    throw invalid(message, details);
  }
  return result.data;
}

/** Load the current campaign (single document 'current'). */
export async function loadCampaign(services: Services): Promise<CampaignDoc | null> {
  return services.store.get<CampaignDoc>(C.campaigns, 'current');
}

/**
 * Where an action's phase override lives in CampaignDoc.actionPhases: "fn:action", because document
 * stores (NeDB, CloudBase, Mongo) refuse dots in field names. `key` is "fn.action" or "fn:action".
 */
export function actionPhaseKey(key: string): string {
  return key.replace(/\./g, ':');
}

/** Throw FAILED_PRECONDITION when the action is closed in the current phase. */
export async function assertPhaseOpen(
  services: Services,
  key: string,
  def: ActionDef,
  now: Date,
): Promise<void> {
  if (!def.phases) return;
  const campaign = await loadCampaign(services);
  if (!campaign) throw precondition('活动尚未配置，请联系市级管理员');
  const open = campaign.actionPhases?.[actionPhaseKey(key)] ?? def.phases;
  const state = phaseAt(campaign, now);
  if (!(open as string[]).includes(state)) {
    throw precondition(closedMessage(def.title, open, campaign, state));
  }
}

/** Get the caller's user document, creating an empty one on first contact. */
export async function ensureUser(services: Services, openid: string, now: Date): Promise<UserDoc> {
  const existing = await services.store.get<UserDoc>(C.users, openid);
  if (existing) return existing;
  const fresh: UserDoc = {
    _id: openid,
    roles: [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  try {
    return await services.store.insert(C.users, fresh);
  } catch {
    const again = await services.store.get<UserDoc>(C.users, openid);
    if (again) return again;
    throw new AppError(ErrorCode.INTERNAL, '无法创建用户');
  }
}

/** True when the user holds any of the roles. */
export function hasAnyRole(user: UserDoc, roles: RoleName[]): boolean {
  return user.roles.some((g) => roles.includes(g.role));
}

/**
 * Run one call through a function's action map: validate the envelope and input, authenticate,
 * check role and phase, run the handler, and answer with an envelope. Never throws. The whole call
 * reads through one request cache, so the campaign, the caller and the units they touch are each read
 * once however many checks need them (core/storeTools.ts).
 */
export async function dispatch(
  functionName: string,
  actions: ActionMap,
  call: RawCall,
  base: Services,
): Promise<Envelope<unknown>> {
  const services: Services = { ...base, store: withRequestCache(base.store) };
  try {
    const head = envelopeSchema.safeParse(call.event);
    if (!head.success) throw invalid('请求缺少 action');
    const { action, ...rest } = head.data;
    const def = Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined;
    if (!def) throw invalid(`未知操作：${functionName}.${action}`);
    const input = parseInput(def.input, rest);
    const now = services.now();
    if (def.access === 'public') {
      await assertPhaseOpen(services, `${functionName}.${action}`, def, now);
      const data = await def.handler(
        { openid: call.openid, services, now } as HandlerContext & PublicContext,
        input,
      );
      return { ok: true, data };
    }
    if (!call.openid) throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
    const user =
      def.access === 'user'
        ? await ensureUser(services, call.openid, now)
        : await services.store.get<UserDoc>(C.users, call.openid);
    if (!user) throw denied();
    if (def.access !== 'user' && !hasAnyRole(user, def.access)) throw denied();
    await assertPhaseOpen(services, `${functionName}.${action}`, def, now);
    const data = await def.handler({ openid: call.openid, user, services, now }, input);
    return { ok: true, data };
  } catch (err) {
    if (!(err instanceof AppError)) console.error(`[${functionName}]`, err);
    return toErrorEnvelope(err);
  }
}
