/** card.context: what the card pages show a person first (whom they can make cards for, their cards, walls, stats units). */
import { z } from 'zod';
import { C } from '../../collections';
import type { ClassDoc, SchoolDoc } from '../../model';
import { className } from '../../org';
import { NAMES_MAX, REPLY_MAX, SLOGAN_MAX } from '../../poster/templates';
import { isUnder14 } from '../../privacy';
import { defineAction } from '../../router';
import { isCityAdmin, studentGrantOf } from '../../permissions';
import { findAll } from '../../store';
import { yearIn } from '../../time';
import { hasGuardianConsent } from '../identity/family';
import { activeLinks, childUnit, membershipOf } from './access';
import { type CardDoc } from './model';

/** A card summary for lists. */
function summary(card: CardDoc) {
  return {
    cardId: card._id,
    templateId: card.templateId,
    slogan: card.slogan,
    names: card.names,
    status: card.status,
    reason: card.reason,
    replyStatus: card.reply?.check.verdict ?? null,
    className: card.className,
    schoolName: card.schoolName,
    createdAt: card.createdAt,
  };
}

/**
 * Everything the make page needs: for whom the caller can make cards, their family's cards, the card
 * walls they can open and, for teachers and admins, the units whose statistics and review queue they see.
 */
export const context = defineAction({
  title: '家庭卡片',
  input: z.object({}).strict(),
  access: 'user',
  async handler({ services, user, openid, now }) {
    const makers: {
      rosterId: string;
      childName: string;
      className: string;
      schoolName: string;
      as: 'parent' | 'child';
      ready: boolean;
      note?: string;
    }[] = [];
    for (const link of await activeLinks(services, openid)) {
      const unit = await childUnit(services, link.rosterId).catch(() => null);
      if (!unit) continue;
      makers.push({
        rosterId: unit.entry._id,
        childName: unit.entry.name,
        className: className(unit.cls),
        schoolName: unit.school.name,
        as: 'parent',
        ready: true,
      });
    }
    const student = studentGrantOf(user);
    if (student) {
      const unit = await childUnit(services, student.rosterId).catch(() => null);
      if (unit) {
        let note: string | undefined;
        if (unit.entry.claimStatus !== 'approved' || unit.entry.claimedBy !== openid)
          note = '老师确认你的名字后就可以制作卡片';
        else if (
          isUnder14(unit.entry, unit.cls, yearIn(now)) &&
          !(await hasGuardianConsent(services, unit.entry._id))
        ) {
          note = '你未满14周岁，需要爸爸妈妈（或其他监护人）先在「我的」页面点「去同意」';
        }
        makers.push({
          rosterId: unit.entry._id,
          childName: unit.entry.name,
          className: className(unit.cls),
          schoolName: unit.school.name,
          as: 'child',
          ready: !note,
          ...(note ? { note } : {}),
        });
      }
    }
    const m = await membershipOf(services, user);
    const rosterIds = [...m.rosterIds];
    const filter = rosterIds.length
      ? { $or: [{ contributors: openid }, { rosterId: { $in: rosterIds } }] }
      : { contributors: openid };
    const cards = await services.store.find<CardDoc>(C.cards, filter, { sort: { createdAt: -1 }, limit: 50 });

    const walls: { kind: 'class' | 'school'; id: string; name: string }[] = [];
    for (const classId of m.classIds) {
      const cls = await services.store.get<ClassDoc>(C.classes, classId);
      if (cls) walls.push({ kind: 'class', id: cls._id, name: className(cls) });
    }
    for (const schoolId of m.schoolIds) {
      const school = await services.store.get<SchoolDoc>(C.schools, schoolId);
      if (school) walls.push({ kind: 'school', id: school._id, name: school.name });
    }

    const statsUnits: { level: 'city' | 'district' | 'school' | 'class'; id: string; name: string }[] = [];
    if (isCityAdmin(user)) statsUnits.push({ level: 'city', id: 'city', name: '全市' });
    for (const g of user.roles) {
      if (g.role === 'district_admin') {
        const d = await services.store.get<{ _id: string; name: string }>(C.districts, g.districtId);
        statsUnits.push({ level: 'district', id: g.districtId, name: d?.name ?? '本县区' });
      }
      if (g.role === 'school_admin' || g.role === 'teacher') {
        const school = await services.store.get<SchoolDoc>(C.schools, g.schoolId);
        if (!statsUnits.some((u) => u.id === g.schoolId)) {
          statsUnits.push({ level: 'school', id: g.schoolId, name: school?.name ?? '本校' });
        }
      }
    }
    for (const cls of await findAll<ClassDoc>(services.store, C.classes, { teacherIds: openid })) {
      statsUnits.push({ level: 'class', id: cls._id, name: className(cls) });
    }
    return {
      makers,
      cards: cards.map(summary),
      walls,
      statsUnits,
      canReview: statsUnits.length > 0,
      limits: { slogan: SLOGAN_MAX, reply: REPLY_MAX, names: NAMES_MAX },
    };
  },
});
