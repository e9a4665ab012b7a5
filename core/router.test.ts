import { z } from 'zod';
import { C } from './collections';
import { AppError, ErrorCode, invalid, toErrorEnvelope } from './errors';
import { FUNCTIONS } from './functions';
import type { CampaignDoc } from './model';
import { actionPhaseKey, type ActionMap, defineAction, describeIssues, dispatch, parseInput } from './router';
import { createHarness, DEMO_USERS as U, expectError, type Harness } from '../testing/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});

/** A small action map exercising every branch of dispatch. */
function testActions() {
  const seen = jest.fn();
  const actions = {
    echo: defineAction({
      title: '回声',
      input: z.object({ text: z.string().trim().max(10) }).strict(),
      access: 'user',
      async handler({ openid, user }, input) {
        seen(openid, user._id, input);
        return { text: input.text, openid };
      },
    }),
    open: defineAction({
      title: '公开',
      input: z.object({}).strict(),
      access: 'public',
      async handler({ openid }) {
        return { openid };
      },
    }),
    adminOnly: defineAction({
      title: '管理',
      input: z.object({}).strict(),
      access: ['city_admin', 'district_admin'],
      async handler() {
        seen('adminOnly');
        return 'done';
      },
    }),
    sign: defineAction({
      title: '签名承诺',
      input: z.object({}).strict(),
      access: 'user',
      phases: ['launch'],
      async handler() {
        seen('sign');
        return 'signed';
      },
    }),
    publicPhased: defineAction({
      title: '公开报名',
      input: z.object({}).strict(),
      access: 'public',
      phases: ['evaluation'],
      async handler() {
        return 'ok';
      },
    }),
    crash: defineAction({
      title: '崩溃',
      input: z.object({}).strict(),
      access: 'user',
      async handler() {
        throw new Error('ECONNREFUSED 10.0.0.7:27017 password=hunter2');
      },
    }),
    crashOdd: defineAction({
      title: '崩溃',
      input: z.object({}).strict(),
      access: 'public',
      async handler() {
        throw 'a bare string with /srv/secret/path';
      },
    }),
    domainError: defineAction({
      title: '业务错误',
      input: z.object({}).strict(),
      access: 'public',
      async handler() {
        throw new AppError(ErrorCode.RESOURCE_EXHAUSTED, '今天的次数用完了', { limit: 3 });
      },
    }),
  } satisfies ActionMap;
  return { actions, seen };
}

const run = (openid: string | null, event: unknown, actions: ActionMap = testActions().actions) =>
  h.unchanged(() => dispatch('test', actions, { openid, event }, h.services));

describe('dispatch: envelope', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'me'],
    ['a number', 42],
    ['an array', [{ action: 'me' }]],
    ['an object without action', { text: 'hi' }],
    ['an empty action', { action: '' }],
    ['a non-string action', { action: 1 }],
    ['an oversized action', { action: 'a'.repeat(65) }],
  ])('refuses %s as INVALID_ARGUMENT without writing', async (_label, event) => {
    const err = expectError(await run(U.student, event), 'INVALID_ARGUMENT');
    expect(err.message).toBe('请求缺少 action');
  });

  it.each(['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses the unknown action %s without writing',
    async (action) => {
      const err = expectError(await run(U.student, { action }), 'INVALID_ARGUMENT');
      expect(err.message).toBe(`未知操作：test.${action}`);
    },
  );

  it('refuses unknown actions of every registered function', async () => {
    for (const fn of Object.keys(FUNCTIONS)) {
      const env = await h.unchanged(() => h.raw(U.cityAdmin, fn, { action: 'noSuchAction' }));
      expect(expectError(env, 'INVALID_ARGUMENT').message).toBe(`未知操作：${fn}.noSuchAction`);
    }
  });

  it('validates input after the action: path, message and details', async () => {
    const err = expectError(
      await run(U.student, { action: 'echo', text: 'x'.repeat(11) }),
      'INVALID_ARGUMENT',
    );
    expect(err.message).toMatch(/^参数 text 无效：/);
    expect(err.details).toEqual([{ path: 'text', message: expect.any(String) }]);
    const extra = expectError(
      await run(U.student, { action: 'echo', text: 'x', more: 1 }),
      'INVALID_ARGUMENT',
    );
    expect(extra.message).toMatch(/^参数 输入 无效：/);
    expectError(await run(U.student, { action: 'echo', text: 5 }), 'INVALID_ARGUMENT');
    expectError(await run(U.student, { action: 'echo' }), 'INVALID_ARGUMENT');
  });

  it('hands the handler the parsed input (without action) and the caller', async () => {
    const { actions, seen } = testActions();
    const env = await dispatch(
      'test',
      actions,
      { openid: U.student, event: { action: 'echo', text: ' hi ' } },
      h.services,
    );
    expect(env).toEqual({ ok: true, data: { text: 'hi', openid: U.student } });
    expect(seen).toHaveBeenCalledWith(U.student, U.student, { text: 'hi' });
  });
});

describe('dispatch: authentication and roles', () => {
  it('refuses anonymous callers of non-public actions without writing or running the handler', async () => {
    const { actions, seen } = testActions();
    expectError(await run(null, { action: 'echo', text: 'x' }, actions), 'UNAUTHENTICATED');
    expectError(await run(null, { action: 'adminOnly' }, actions), 'UNAUTHENTICATED');
    expectError(await run(null, { action: 'sign' }, actions), 'UNAUTHENTICATED');
    expect(seen).not.toHaveBeenCalled();
  });

  it('serves public actions to anonymous callers', async () => {
    expect(await run(null, { action: 'open' })).toEqual({ ok: true, data: { openid: null } });
    expect(await run(U.parent, { action: 'open' })).toEqual({ ok: true, data: { openid: U.parent } });
  });

  it('creates the user on first contact with a "user" action', async () => {
    const env = await dispatch(
      'test',
      testActions().actions,
      { openid: 'brand-new', event: { action: 'echo', text: 'a' } },
      h.services,
    );
    expect(env.ok).toBe(true);
    expect(await h.get(C.users, 'brand-new')).toMatchObject({ _id: 'brand-new', roles: [] });
  });

  it('refuses the wrong role without writing or running the handler', async () => {
    const { actions, seen } = testActions();
    for (const who of [U.schoolAdmin, U.teacher, U.student, U.parent]) {
      expectError(await run(who, { action: 'adminOnly' }, actions), 'PERMISSION_DENIED');
    }
    // An unknown caller gets no user document from a role-gated action.
    expectError(await run('stranger', { action: 'adminOnly' }, actions), 'PERMISSION_DENIED');
    expect(await h.get(C.users, 'stranger')).toBeNull();
    expect(seen).not.toHaveBeenCalled();
    expect(await run(U.districtAdmin, { action: 'adminOnly' }, actions)).toEqual({ ok: true, data: 'done' });
  });

  it('every role-gated registered action refuses a stranger without writing', async () => {
    for (const [fn, actions] of Object.entries(FUNCTIONS) as [string, ActionMap][]) {
      for (const [action, def] of Object.entries(actions)) {
        if (def.access === 'public' || def.access === 'user') continue;
        // Valid input is not needed: a stranger with an empty input is refused by schema or role.
        const env = await h.unchanged(() => h.raw('stranger', fn, { action }));
        expect(env.ok).toBe(false);
        expect(['INVALID_ARGUMENT', 'PERMISSION_DENIED']).toContain(env.ok ? '' : env.error.code);
      }
    }
    expect(await h.get(C.users, 'stranger')).toBeNull();
  });
});

describe('dispatch: phases', () => {
  it('refuses an action outside its phases with FAILED_PRECONDITION and a clear message', async () => {
    const { actions, seen } = testActions();
    const campaign = (await h.get<CampaignDoc>(C.campaigns, 'current'))!;
    const err = expectError(await run(U.student, { action: 'sign' }, actions), 'FAILED_PRECONDITION');
    const launch = campaign.phases.launch;
    const md = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
    expect(err.message).toBe(
      `「签名承诺」只在活动启动阶段（${md(launch.start)}–${md(launch.end)}）开放，当前是活动实施阶段`,
    );
    expect(seen).not.toHaveBeenCalled();
    const pub = expectError(await run(null, { action: 'publicPhased' }, actions), 'FAILED_PRECONDITION');
    expect(pub.message).toContain('「公开报名」只在评估总结及成果展示阶段');
  });

  it('says when the campaign has not started or is over', async () => {
    const { actions } = testActions();
    h.clock.advanceDays(-100);
    expect(
      expectError(await run(U.student, { action: 'sign' }, actions), 'FAILED_PRECONDITION').message,
    ).toMatch(/，尚未开始$/);
    h.clock.advanceDays(300);
    expect(
      expectError(await run(U.student, { action: 'sign' }, actions), 'FAILED_PRECONDITION').message,
    ).toMatch(/，活动已结束$/);
  });

  it('opens the action in its phase', async () => {
    h.clock.advanceDays(-20);
    expect(await run(U.student, { action: 'sign' })).toEqual({ ok: true, data: 'signed' });
  });

  it('honours the city admin’s per-action override', async () => {
    await h.ok(U.cityAdmin, 'campaign', 'update', { actionPhases: { 'test.sign': ['implementation'] } });
    expect(await run(U.student, { action: 'sign' })).toEqual({ ok: true, data: 'signed' });
    await h.ok(U.cityAdmin, 'campaign', 'update', { actionPhases: { 'test.sign': [] } });
    expectError(await run(U.student, { action: 'sign' }), 'FAILED_PRECONDITION');
    expect(actionPhaseKey('test.sign')).toBe('test:sign');
  });

  it('refuses phased actions while no campaign is configured', async () => {
    const empty = await createHarness({ demo: false });
    const env = await empty.unchanged(() =>
      dispatch(
        'test',
        testActions().actions,
        { openid: 'someone', event: { action: 'publicPhased' } },
        empty.services,
      ),
    );
    expect(expectError(env, 'FAILED_PRECONDITION').message).toBe('活动尚未配置，请联系市级管理员');
  });
});

describe('dispatch: errors', () => {
  let errorLog: jest.SpyInstance;
  beforeEach(() => {
    errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errorLog.mockRestore());

  it('turns unexpected errors into INTERNAL without leaking internals, and logs them', async () => {
    for (const action of ['crash', 'crashOdd']) {
      const env = await run(U.student, { action });
      const err = expectError(env, 'INTERNAL');
      expect(err).toEqual({ code: 'INTERNAL', message: '服务器内部错误，请稍后再试' });
      const text = JSON.stringify(env);
      for (const secret of ['ECONNREFUSED', 'hunter2', '27017', '/srv/secret', 'Error']) {
        expect(text).not.toContain(secret);
      }
    }
    expect(errorLog).toHaveBeenCalledTimes(2);
    expect(String(errorLog.mock.calls[0][0])).toBe('[test]');
  });

  it('passes domain errors through with their code, message and details, without logging', async () => {
    const env = await run(null, { action: 'domainError' });
    expect(env).toEqual({
      ok: false,
      error: { code: 'RESOURCE_EXHAUSTED', message: '今天的次数用完了', details: { limit: 3 } },
    });
    expect(errorLog).not.toHaveBeenCalled();
  });

  it('never throws, whatever the services do', async () => {
    const broken = {
      ...h.services,
      now: () => {
        throw new Error('clock broke');
      },
    };
    const env = await dispatch(
      'test',
      testActions().actions,
      { openid: U.student, event: { action: 'open' } },
      broken,
    );
    expectError(env, 'INTERNAL');
  });
});

describe('helpers', () => {
  it('parseInput throws INVALID_ARGUMENT with readable issues', () => {
    const schema = z.object({ a: z.object({ b: z.number() }) }).strict();
    expect(parseInput(schema, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    try {
      parseInput(schema, { a: { b: 'x' } });
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(ErrorCode.INVALID_ARGUMENT);
      expect((err as AppError).message).toMatch(/^参数 a\.b 无效：/);
    }
    const issues = describeIssues(schema.safeParse({}).error!);
    expect(issues.message).toMatch(/^参数 a 无效：/);
  });

  it('toErrorEnvelope keeps AppError details only when present', () => {
    expect(toErrorEnvelope(invalid('坏了'))).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '坏了' },
    });
    expect(toErrorEnvelope(new TypeError('x'))).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' },
    });
  });
});

describe('every registered action', () => {
  it('refuses an unknown extra field without writing', async () => {
    for (const [fn, actions] of Object.entries(FUNCTIONS) as [string, ActionMap][]) {
      for (const action of Object.keys(actions)) {
        const env = await h.unchanged(() => h.raw(U.cityAdmin, fn, { action, zzUnknownField: 1 }));
        if (env.ok || env.error.code !== 'INVALID_ARGUMENT') {
          throw new Error(`${fn}.${action} accepted an unknown field: ${JSON.stringify(env)}`);
        }
      }
    }
  });

  it('caps every string field: a 10 000-character value it would otherwise accept is refused', () => {
    // Short samples of the shapes fields accept; each is then grown to 10 000 characters.
    const samples = ['x', '1', 'A', '李', 'local://a'];
    const grow = (sample: string) => sample + sample.slice(-1).repeat(10_000);
    const unbounded: string[] = [];
    for (const [fn, actions] of Object.entries(FUNCTIONS) as [string, ActionMap][]) {
      for (const [action, def] of Object.entries(actions)) {
        const shape =
          def.input instanceof z.ZodObject ? (def.input.shape as Record<string, z.ZodTypeAny>) : {};
        for (const [field, schema] of Object.entries(shape)) {
          for (const sample of samples) {
            if (schema.safeParse(sample).success && schema.safeParse(grow(sample)).success) {
              unbounded.push(`${fn}.${action}.${field}`);
            }
          }
        }
      }
    }
    expect(unbounded).toEqual([]);
  });
});
