import { C } from '../../collections';
import { registerActivityColumn } from '../../participation';
import { findAll } from '../../store';
import { CARD_METRICS, type CardDoc } from './model';

/** The family-card column of the participation overview: approved cards about each pupil. */
registerActivityColumn({
  key: 'card',
  title: '卡片',
  order: 30,
  async pupils(services, cls) {
    const cards = await findAll<CardDoc>(services.store, C.cards, { classId: cls._id, counted: true });
    const per = new Map<string, number>();
    for (const c of cards) per.set(c.rosterId, (per.get(c.rosterId) ?? 0) + 1);
    return new Map([...per].map(([rosterId, n]) => [rosterId, { state: 'done' as const, label: `${n} 张` }]));
  },
  done: (m) => m[CARD_METRICS.families] ?? 0,
  reminder: { title: '家庭主题卡片', action: '和孩子一起做一张「文明上网」卡片' },
  remindIn: ['launch', 'implementation'],
});
