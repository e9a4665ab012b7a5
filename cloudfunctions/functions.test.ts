/**
 * The deployed entry points, end to end: each `cloudfunctions/<name>/index.ts` main is called the way
 * CloudBase calls it — `(event, context)` with the caller in the context's environment — and runs
 * through the real router, the real node-sdk and the CloudBase store driver, with only the SDK's
 * request class swapped for the in-memory fake (adapters/store/fakeCloudbase.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import {
  createCloudbaseNotifier,
  createCloudbaseServices,
  getCloudbaseApp,
  makeMain,
  openidFrom,
  setCloudbaseServicesForTest,
  settingValue,
  SUBSCRIBE_SEND_API,
} from '../adapters/cloudbase';
import { createFakeCloudbase, type FakeCloudbase } from '../adapters/store/fakeCloudbase';
import { C } from '../core/collections';
import { DEMO_USERS, seedDemo } from '../core/demo/seed';
import type { Envelope } from '../core/errors';
import { FUNCTIONS } from '../core/functions';
import type { Services } from '../core/services';
import { planFunctions } from '../scripts/build-functions';

type Main = (event: unknown, context: unknown) => Promise<Envelope<unknown>>;

const NOW = new Date('2025-05-20T02:00:00Z');
const planned = planFunctions(__dirname);
const names = planned.map((f) => f.name);

/** The function's deployed main: its folder's index.ts, or the entry the build generates for it. */
function loadMain(name: string): Main {
  if (!planned.find((f) => f.name === name)?.hasFolder) return makeMain(name as keyof typeof FUNCTIONS);
  return (require(path.join(__dirname, name, 'index.ts')) as { main: Main }).main;
}

/** An SCF context as CloudBase passes it (new architecture: `environment` is a JSON string). */
function contextFor(openid?: string): Record<string, unknown> {
  const environment: Record<string, string> = { TCB_ENV: 'test-env', TRIGGER_SRC: 'tcb' };
  if (openid) {
    environment.WX_OPENID = openid;
    environment.WX_APPID = 'wx-test-app';
  }
  return {
    request_id: 'req-1',
    function_name: 'test',
    function_version: '$LATEST',
    namespace: 'test-env',
    memory_limit_in_mb: 256,
    time_limit_in_ms: 10_000,
    environment: JSON.stringify(environment),
  };
}

let fake: FakeCloudbase;
let services: Services;

beforeEach(async () => {
  fake = createFakeCloudbase();
  // A real SDK app for files/notifier (never called here); the database is the fake-backed one.
  const app = tcb.init({ env: 'test-env', secretId: 'x', secretKey: 'y' });
  services = createCloudbaseServices(app, {}, { db: fake.db, now: () => NOW });
  setCloudbaseServicesForTest(services);
  await seedDemo(services.store, NOW);
  fake.requests.length = 0;
});

afterAll(() => setCloudbaseServicesForTest(null));

function ok<T = Record<string, unknown>>(res: Envelope<unknown>): T {
  if (!res.ok) throw new Error(`expected ok, got ${res.error.code}: ${res.error.message}`);
  return res.data as T;
}

function errorCode(res: Envelope<unknown>): string | undefined {
  return res.ok ? undefined : res.error.code;
}

describe('cloud function folders', () => {
  it('builds every FUNCTIONS entry and every folder with an index.ts exporting main', () => {
    expect(names).toEqual(expect.arrayContaining(Object.keys(FUNCTIONS)));
    // One folder per cloud function (entry + config.json with its cloud-call permissions).
    expect(planned.filter((f) => f.hasFolder).map((f) => f.name)).toEqual(names);
    for (const name of names) expect(fs.existsSync(path.join(__dirname, name, 'config.json'))).toBe(true);
    for (const name of names) expect(typeof loadMain(name)).toBe('function');
  });

  // Timer-triggered functions (no action envelope) are tested beside their own code.
  it.each(names.filter((n) => n in FUNCTIONS))(
    '%s: unknown or missing action → INVALID_ARGUMENT envelope naming the function',
    async (name) => {
      const main = loadMain(name);
      const unknown = await main({ action: 'noSuchAction' }, contextFor('o-any'));
      expect(unknown).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: `未知操作：${name}.noSuchAction`,
        }),
      });
      expect(errorCode(await main({}, contextFor('o-any')))).toBe('INVALID_ARGUMENT');
      expect(errorCode(await main(null, contextFor('o-any')))).toBe('INVALID_ARGUMENT');
      // Inherited keys are not actions.
      expect(errorCode(await main({ action: 'constructor' }, contextFor('o-any')))).toBe('INVALID_ARGUMENT');
    },
  );
});

describe('identity comes from the context, never the event', () => {
  const identity = () => loadMain('identity');
  const campaign = () => loadMain('campaign');

  it('identity.me answers for the context openid, through the real SDK', async () => {
    const me = ok<{ roles: { role: string; schoolName?: string }[] }>(
      await identity()({ action: 'me' }, contextFor(DEMO_USERS.teacher)),
    );
    expect(me.roles.map((r) => r.role)).toContain('teacher');
    expect(me.roles.find((r) => r.role === 'teacher')?.schoolName).toBe('华龙区绿茵小学');
    const actions = new Set(fake.requests.map((r) => r.action));
    expect(actions.has('database.getDocument')).toBe(true);
    // The user lookup was by the context's openid.
    expect(fake.requests.some((r) => JSON.stringify(r.query).includes(DEMO_USERS.teacher))).toBe(true);
  });

  it('ignores the platform-injected event.userInfo (wx.cloud.callFunction adds it)', async () => {
    const event = { action: 'me', userInfo: { appId: 'wx-test-app', openId: DEMO_USERS.cityAdmin } };
    const me = ok<{ roles: { role: string }[] }>(await identity()(event, contextFor('o-newcomer-ctx')));
    expect(me.roles).toEqual([]);
    // The call created the context's user, not the one named in the event.
    expect(fake.collections.get(C.users)?.has('o-newcomer-ctx')).toBe(true);
    const cityAdmin = await services.store.get<{ _id: string; roles: unknown[] }>(
      C.users,
      DEMO_USERS.cityAdmin,
    );
    expect(cityAdmin?.roles).toHaveLength(1);
  });

  it('rejects an event that carries an openid field (strict schemas), creating no user', async () => {
    const res = await identity()({ action: 'me', openid: DEMO_USERS.cityAdmin }, contextFor('o-x'));
    expect(errorCode(res)).toBe('INVALID_ARGUMENT');
    expect(fake.collections.get(C.users)?.has('o-x')).toBe(false);
  });

  it('without WX_OPENID (timer trigger, Moments single-page mode) a user action is UNAUTHENTICATED', async () => {
    const event = { action: 'me', userInfo: { appId: 'wx-test-app', openId: DEMO_USERS.teacher } };
    expect(errorCode(await identity()(event, contextFor()))).toBe('UNAUTHENTICATED');
    expect(errorCode(await identity()({ action: 'me' }, undefined))).toBe('UNAUTHENTICATED');
    expect(errorCode(await identity()({ action: 'me' }, { environment: 'not json' }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('a privileged action is decided by the context: same event, different callers', async () => {
    const event = { action: 'update', theme: '清朗校园，从我做起' };
    expect(errorCode(await campaign()(event, contextFor(DEMO_USERS.teacher)))).toBe('PERMISSION_DENIED');
    expect(
      errorCode(
        await campaign()(
          { ...event, userInfo: { openId: DEMO_USERS.cityAdmin } },
          contextFor(DEMO_USERS.teacher),
        ),
      ),
    ).toBe('PERMISSION_DENIED');
    const updated = ok<{ theme: string }>(await campaign()(event, contextFor(DEMO_USERS.cityAdmin)));
    expect(updated.theme).toBe('清朗校园，从我做起');
    const stored = fake.collections.get(C.campaigns)?.get('current');
    expect(stored?.theme).toBe('清朗校园，从我做起');
  });

  it('a public action works without any caller', async () => {
    const data = ok<{ title: string; phase: string }>(await campaign()({ action: 'get' }, contextFor()));
    expect(data.title).toBe('争做濮阳好网民');
    expect(data.phase).toBe('implementation');
    expect(fake.requests.map((r) => r.action)).toContain('database.getDocument');
  });
});

describe('openidFrom', () => {
  it('reads WX_OPENID from both context formats and returns null otherwise', () => {
    expect(openidFrom(contextFor('o-1'))).toBe('o-1');
    expect(openidFrom({ environ: 'WX_OPENID=o-2;TCB_ENV=test-env' })).toBe('o-2');
    expect(openidFrom(contextFor())).toBeNull();
    expect(openidFrom({ environment: JSON.stringify({ WX_OPENID: '' }) })).toBeNull();
    expect(openidFrom({})).toBeNull();
    expect(openidFrom(null)).toBeNull();
    expect(openidFrom('WX_OPENID=o-3')).toBeNull();
  });
});

describe('CloudBase services', () => {
  it('binds the process-wide app to the current environment, once', () => {
    const app = getCloudbaseApp();
    // `config` is set by the SDK but missing from its typings.
    expect((app as unknown as { config: { envName: unknown } }).config.envName).toBe(tcb.SYMBOL_CURRENT_ENV);
    expect(getCloudbaseApp()).toBe(app);
  });

  it('reads settings from the environment, treating unresolved templates as unset', () => {
    const app = tcb.init({ env: 'test-env', secretId: 'x', secretKey: 'y' });
    const built = createCloudbaseServices(
      app,
      { CITY_BOOTSTRAP_CODE: ' CITY-2025 ', PUBLIC_BASE_URL: '{{env.PUBLIC_BASE_URL}}' },
      { db: fake.db },
    );
    expect(built.config).toEqual({ bootstrapCode: 'CITY-2025', publicBaseUrl: undefined });
    expect(settingValue('{{env.CITY_BOOTSTRAP_CODE}}')).toBeUndefined();
    expect(settingValue('   ')).toBeUndefined();
  });

  it('without a template id, reminders are recorded in the reminders collection', async () => {
    const callWxOpenApi = jest.fn();
    const notifier = createCloudbaseNotifier({ callWxOpenApi }, services.store, {}, () => NOW);
    await expect(notifier.remind('o-1', 'pledge', { thing1: '签名承诺' })).resolves.toBe(true);
    expect(callWxOpenApi).not.toHaveBeenCalled();
    const rows = [...(fake.collections.get(C.reminders)?.values() ?? [])];
    expect(rows).toEqual([
      expect.objectContaining({ openid: 'o-1', template: 'pledge', channel: 'local-record' }),
    ]);
  });

  it('with a template id, sends a subscribe message and records the outcome', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const callWxOpenApi = jest
      .fn()
      .mockResolvedValueOnce({ result: { errcode: 0, errmsg: 'ok' }, requestId: 'r1' })
      .mockResolvedValueOnce({ result: { errcode: 43101, errmsg: 'user refuse to accept the msg' } });
    const notifier = createCloudbaseNotifier(
      { callWxOpenApi },
      services.store,
      { SUBSCRIBE_TEMPLATE_REMIND: 'tmpl-1' },
      () => NOW,
    );
    await expect(
      notifier.remind('o-1', 'pledge', { thing1: '一二三四五六七八九十一二三四五六七八九十超长' }),
    ).resolves.toBe(true);
    expect(callWxOpenApi).toHaveBeenCalledWith({
      apiName: SUBSCRIBE_SEND_API,
      requestData: expect.objectContaining({
        touser: 'o-1',
        template_id: 'tmpl-1',
        data: { thing1: { value: '一二三四五六七八九十一二三四五六七八九十' } },
      }),
    });
    await expect(notifier.remind('o-2', 'pledge', { thing1: 'x' })).resolves.toBe(false);
    const channels = [...(fake.collections.get(C.reminders)?.values() ?? [])].map((r) => [
      r.openid,
      r.channel,
    ]);
    expect(channels).toEqual(
      expect.arrayContaining([
        ['o-1', 'wx-subscribe'],
        ['o-2', 'wx-failed'],
      ]),
    );
    expect(logged).toHaveBeenCalledWith(
      '[notifier] subscribe message failed',
      expect.stringContaining('43101'),
    );
    logged.mockRestore();
  });
});
