import { z } from 'zod';
import { ACTIVITIES } from '../../activities';
import { audit } from '../../audit';
import { C } from '../../collections';
import { invalid, notFound } from '../../errors';
import type { CampaignDoc, PhaseName } from '../../model';
import { PHASE_LABEL, phaseAt, phaseOrderProblem, PHASES, rangeLabel } from '../../phases';
import { actionPhaseKey, defineAction, loadCampaign } from '../../router';
import { DEFAULT_DATA_CONTROLLER } from '../../privacy';
import * as s from '../../schemas';

/** The campaign as the home page shows it: theme, current phase with dates, activities. */
export const getCampaign = defineAction({
  title: '活动信息',
  input: z.object({}).strict(),
  access: 'public',
  async handler({ services, now }) {
    const campaign = await loadCampaign(services);
    if (!campaign) throw notFound('活动尚未配置');
    const phase = phaseAt(campaign, now);
    return {
      title: campaign.title,
      theme: campaign.theme,
      year: campaign.year,
      cityName: campaign.cityName,
      dataController: campaign.dataController ?? DEFAULT_DATA_CONTROLLER,
      phase,
      phaseLabel: PHASE_LABEL[phase],
      phases: PHASES.map((p) => ({
        key: p,
        label: PHASE_LABEL[p],
        ...campaign.phases[p],
        rangeLabel: rangeLabel(campaign.phases[p]),
        current: p === phase,
      })),
      activities: ACTIVITIES.map((a) => ({
        ...a,
        openNow: (a.phases as string[]).includes(phase),
      })),
    };
  },
});

const range = z.object({ start: s.day, end: s.day }).strict();

/** City admin edits the campaign's title, theme and phase dates (validated to run in order). */
export const updateCampaign = defineAction({
  title: '修改活动设置',
  input: z
    .object({
      title: z.string().trim().min(2, '标题至少 2 个字').max(40, '标题最多 40 个字').optional(),
      theme: z.string().trim().min(2, '主题至少 2 个字').max(40, '主题最多 40 个字').optional(),
      phases: z.object({ launch: range, implementation: range, evaluation: range }).strict().optional(),
      /** Keyed "fn.action" (or "fn:action"); stored as "fn:action" since stores refuse dots in field names. */
      actionPhases: z
        .record(
          z
            .string()
            .max(64)
            .regex(/^[A-Za-z]\w*[.:][A-Za-z]\w*$/, '操作名应为「函数.操作」'),
          z.array(z.enum(['launch', 'implementation', 'evaluation'])).max(3),
        )
        .optional(),
      /** Who holds the children's data (shown in the guardian consent and the children's privacy rules). */
      dataController: z
        .object({
          name: z.string().trim().min(2, '请填写单位名称').max(40, '单位名称最多 40 个字'),
          contact: z.string().trim().min(2, '请填写联系方式').max(60, '联系方式最多 60 个字'),
          storage: z.string().trim().min(2, '请填写存储地点').max(40, '存储地点最多 40 个字'),
          retention: z.string().trim().min(2, '请填写保存期限').max(40, '保存期限最多 40 个字'),
        })
        .strict()
        .optional(),
    })
    .strict(),
  access: ['city_admin'],
  async handler({ services, openid, now }, input) {
    const campaign = await loadCampaign(services);
    if (!campaign) throw notFound('活动尚未配置');
    if (input.phases) {
      const problem = phaseOrderProblem(input.phases as Record<PhaseName, { start: string; end: string }>);
      if (problem) throw invalid(problem);
    }
    const patch: Partial<CampaignDoc> = { updatedAt: now.toISOString() };
    if (input.title) patch.title = input.title;
    if (input.theme) patch.theme = input.theme;
    if (input.phases) patch.phases = input.phases;
    if (input.dataController) patch.dataController = input.dataController;
    if (input.actionPhases) {
      patch.actionPhases = Object.fromEntries(
        Object.entries(input.actionPhases).map(([key, open]) => [actionPhaseKey(key), open]),
      );
    }
    await services.store.update(C.campaigns, 'current', { $set: patch });
    await audit(services, openid, 'campaign.update', 'current', { fields: Object.keys(input) });
    return { ...campaign, ...patch };
  },
});
