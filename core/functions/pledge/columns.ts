import { C } from '../../collections';
import { registerActivityColumn } from '../../participation';
import { findAll } from '../../store';
import type { FamilyPledgeDoc, PledgeDoc } from './common';
import { METRIC } from './metrics';

/** The pledge columns of the participation overview: the pupil's own pledge, and the family pledge. */
registerActivityColumn({
  key: 'pledge',
  title: '承诺',
  order: 10,
  async pupils(services, cls) {
    // Same source as the pledge metrics (core/functions/pledge/metrics.ts), so rows and rates agree.
    const pledges = await findAll<PledgeDoc>(services.store, C.pledges, { classId: cls._id });
    return new Map(
      pledges.map((p) => [
        p.rosterId,
        {
          state: 'done' as const,
          label: p.kind === 'online' ? (p.ceremonyId ? '仪式签名' : '手机签名') : '纸质签名',
        },
      ]),
    );
  },
  done: (m) => (m[METRIC.online] ?? 0) + (m[METRIC.paper] ?? 0),
  reminder: { title: '文明上网 签名承诺', action: '请打开小程序，读完公约后签名' },
  remindIn: ['launch', 'implementation'],
});

registerActivityColumn({
  key: 'familyPledge',
  title: '家庭承诺',
  order: 20,
  async pupils(services, cls) {
    const docs = await findAll<FamilyPledgeDoc>(services.store, C.familyPledges, { classId: cls._id });
    return new Map(
      docs.map((f) => [f.rosterId, { state: 'done' as const, label: `家长已签（${f.parents.length}）` }]),
    );
  },
  done: (m) => m[METRIC.family] ?? 0,
  reminder: { title: '家庭承诺', action: '请家长在小程序里签「文明上网 从我家做起」' },
  remindIn: ['launch', 'implementation'],
});
