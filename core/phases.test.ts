import type { CampaignDoc, DateRange, PhaseName } from './model';
import {
  closedMessage,
  defaultPhases,
  demoPhases,
  PHASE_LABEL,
  phaseAt,
  phaseOrderProblem,
  PHASES,
  rangeLabel,
} from './phases';

const plan = { phases: defaultPhases(2026) };
/** An instant at Beijing local time (UTC+8). */
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('defaultPhases / demoPhases', () => {
  it('runs the plan’s calendar: May, June–October, November', () => {
    expect(defaultPhases(2026)).toEqual({
      launch: { start: '2026-05-01', end: '2026-05-31' },
      implementation: { start: '2026-06-01', end: '2026-10-31' },
      evaluation: { start: '2026-11-01', end: '2026-11-30' },
    });
    expect(phaseOrderProblem(defaultPhases(2026))).toBeNull();
  });

  it('puts “today” inside the implementation phase of the demo campaign', () => {
    const phases = demoPhases('2026-03-01');
    expect(phaseOrderProblem(phases)).toBeNull();
    expect(phases.implementation.start <= '2026-03-01' && '2026-03-01' <= phases.implementation.end).toBe(
      true,
    );
    expect(phases.launch).toEqual({ start: '2026-01-20', end: '2026-02-18' });
    expect(phaseAt({ phases }, beijing('2026-03-01T09:00:00'))).toBe('implementation');
  });
});

describe('phaseAt', () => {
  it.each([
    ['2026-04-30T23:59:59', 'before'],
    ['2026-05-01T00:00:00', 'launch'],
    ['2026-05-31T23:59:59', 'launch'],
    ['2026-06-01T00:00:00', 'implementation'],
    ['2026-10-31T12:00:00', 'implementation'],
    ['2026-11-01T00:00:00', 'evaluation'],
    ['2026-11-30T23:59:59', 'evaluation'],
    ['2026-12-01T00:00:00', 'after'],
  ])('at %s Beijing time is %s', (local, phase) => {
    expect(phaseAt(plan, beijing(local))).toBe(phase);
  });

  it('counts days in Beijing time, not UTC', () => {
    // 2026-05-31 16:30 UTC is already 1 June in Beijing.
    expect(phaseAt(plan, new Date('2026-05-31T16:30:00Z'))).toBe('implementation');
    expect(phaseAt(plan, new Date('2026-05-31T15:59:59Z'))).toBe('launch');
  });

  it('treats a gap between phases as still the phase that ended', () => {
    const gapped = {
      phases: {
        launch: { start: '2026-05-01', end: '2026-05-10' },
        implementation: { start: '2026-06-01', end: '2026-06-30' },
        evaluation: { start: '2026-08-01', end: '2026-08-31' },
      },
    };
    expect(phaseAt(gapped, beijing('2026-05-20T12:00:00'))).toBe('launch');
    expect(phaseAt(gapped, beijing('2026-07-15T12:00:00'))).toBe('implementation');
  });
});

describe('phaseOrderProblem', () => {
  const base = defaultPhases(2026);
  const with_ = (p: PhaseName, r: DateRange) => ({ ...base, [p]: r });

  it('accepts single-day phases back to back', () => {
    expect(
      phaseOrderProblem({
        launch: { start: '2026-05-01', end: '2026-05-01' },
        implementation: { start: '2026-05-02', end: '2026-05-02' },
        evaluation: { start: '2026-05-03', end: '2026-05-03' },
      }),
    ).toBeNull();
  });

  it('names a phase that ends before it starts', () => {
    expect(phaseOrderProblem(with_('launch', { start: '2026-05-31', end: '2026-05-01' }))).toBe(
      '活动启动阶段的开始日期晚于结束日期',
    );
  });

  it('names phases that overlap or run out of order', () => {
    expect(phaseOrderProblem(with_('implementation', { start: '2026-05-31', end: '2026-10-31' }))).toBe(
      '活动实施阶段必须在活动启动阶段结束之后开始',
    );
    expect(phaseOrderProblem(with_('evaluation', { start: '2026-04-01', end: '2026-04-30' }))).toBe(
      '评估总结及成果展示阶段必须在活动实施阶段结束之后开始',
    );
  });
});

describe('labels and messages', () => {
  it('labels every phase and state', () => {
    expect(PHASES).toEqual(['launch', 'implementation', 'evaluation']);
    expect(Object.keys(PHASE_LABEL).sort()).toEqual([
      'after',
      'before',
      'evaluation',
      'implementation',
      'launch',
    ]);
  });

  it('formats a range as Chinese month/day', () => {
    expect(rangeLabel({ start: '2026-06-01', end: '2026-10-31' })).toBe('6月1日–10月31日');
  });

  it('says when an action is open and where we are now', () => {
    const campaign: Pick<CampaignDoc, 'phases'> = plan;
    expect(closedMessage('签名承诺', ['launch', 'implementation'], campaign, 'evaluation')).toBe(
      '「签名承诺」只在活动启动阶段（5月1日–5月31日）、活动实施阶段（6月1日–10月31日）开放，当前是评估总结及成果展示阶段',
    );
    expect(closedMessage('作品征集', ['implementation'], campaign, 'before')).toBe(
      '「作品征集」只在活动实施阶段（6月1日–10月31日）开放，尚未开始',
    );
    expect(closedMessage('作品征集', ['implementation'], campaign, 'after')).toBe(
      '「作品征集」只在活动实施阶段（6月1日–10月31日）开放，活动已结束',
    );
  });
});
