import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { denied, invalid, precondition } from '../../errors';
import type { ClassDoc, RoleName, UserDoc } from '../../model';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { classFor, managesSchool, schoolFor } from '../../permissions';
import type { Services } from '../../services';
import { type Filter, mustGet } from '../../store';
import { registerMediaCheckKind } from '../../moderation/mediaChecks';
import { expireUpload, REJECTED_RETENTION_DAYS } from '../../uploads';
import { type CardDoc, type PartCheck } from './model';
import { settleCard } from './settle';

/** Roles that review cards held for a person to look at (teachers for their classes, admins above). */
export const REVIEWERS: RoleName[] = ['teacher', 'school_admin', 'district_admin', 'city_admin'];

/** Reasons a reviewer can pick (or write their own). */
export const REJECT_REASONS = [
  '照片里有不适合公开的内容',
  '照片能看清孩子的面部或住址等隐私信息',
  '文字不文明或与活动无关',
];

/** WeChat content labels (msgSecCheck / mediaCheckAsync v2) as reasons a family understands. */
export const WECHAT_LABEL_REASON: Record<number, string> = {
  10001: '含有广告内容',
  20001: '含有不适合发布的时政内容',
  20002: '含有色情内容',
  20003: '含有辱骂内容',
  20006: '含有违法犯罪内容',
  20008: '含有欺诈内容',
  20012: '含有低俗内容',
  20013: '可能涉及版权问题',
  21000: '含有不适合发布的内容',
};

/** A reviewer's scope over a card's class. */
async function assertReviews(services: Services, user: UserDoc, card: CardDoc): Promise<void> {
  await classFor(services.store, user, card.classId).catch(() => {
    throw denied('只能审核自己班级或学校的卡片');
  });
}

/** Cards one page of the review queue shows. */
export const REVIEW_PAGE = 20;

/**
 * Cards waiting for a person (held photos or texts, held lines) in one class, or in a school: a school's
 * managers see all of it, its teachers their own classes. One page at a time, oldest first, paged by
 * (createdAt, _id) with `cursor`: a request reads the page it shows, never the whole queue.
 */
export const reviewQueue = defineAction({
  title: '待审核卡片',
  input: z
    .object({ classId: s.id.optional(), schoolId: s.id.optional(), cursor: z.string().max(120).optional() })
    .strict()
    .refine((v) => !!v.classId !== !!v.schoolId, '请指定一个班级或一所学校'),
  access: REVIEWERS,
  async handler({ services, user }, input) {
    let unit: Filter;
    if (input.classId) {
      const cls = await classFor(services.store, user, input.classId);
      unit = { classId: cls._id };
    } else {
      const school = await schoolFor(services.store, user, input.schoolId!, 'view');
      if (managesSchool(user, school)) unit = { schoolId: school._id };
      else {
        const mine = await services.store.find<ClassDoc>(
          C.classes,
          { schoolId: school._id, teacherIds: user._id },
          { limit: 100 },
        );
        unit = { classId: { $in: mine.map((c) => c._id) } };
      }
    }
    const [at, id] = input.cursor ? input.cursor.split('|') : ['', ''];
    const cards = await services.store.find<CardDoc>(
      C.cards,
      {
        ...unit,
        $and: [
          { $or: [{ status: 'pending' }, { 'reply.check.verdict': 'review' }] },
          { $or: [{ createdAt: { $gt: at } }, { createdAt: at, _id: { $gt: id ?? '' } }] },
        ],
      },
      { sort: { createdAt: 1, _id: 1 }, limit: REVIEW_PAGE + 1 },
    );
    const page = cards.slice(0, REVIEW_PAGE);
    const items = await Promise.all(
      page.map(async (card) => ({
        cardId: card._id,
        templateId: card.templateId,
        slogan: card.slogan,
        names: card.names,
        className: card.className,
        status: card.status,
        reason: card.reason ?? null,
        textVerdict: card.textCheck.verdict,
        photo: card.photo
          ? {
              url: await services.files.url(card.photo.fileId),
              verdict: card.photo.check.verdict,
              reason: card.photo.check.reason ?? null,
            }
          : null,
        reply: card.reply
          ? { role: card.reply.role, text: card.reply.text, verdict: card.reply.check.verdict }
          : null,
        createdAt: card.createdAt,
      })),
    );
    const last = page[page.length - 1];
    return {
      items,
      reasons: REJECT_REASONS,
      nextCursor: cards.length > REVIEW_PAGE && last ? `${last.createdAt}|${last._id}` : null,
    };
  },
});

/**
 * A teacher or admin decides on what was held: `card` approves every held part of the card or
 * rejects (takes down) the whole card with a reason; `reply` decides on the added line.
 */
export const review = defineAction({
  title: '审核家庭卡片',
  input: z
    .object({
      cardId: s.id,
      part: z.enum(['card', 'reply']),
      decision: z.enum(['approve', 'reject']),
      reason: z.string().trim().min(2, '请写明原因').max(60, '原因最多 60 个字').optional(),
    })
    .strict(),
  access: REVIEWERS,
  async handler({ services, user, openid, now }, input) {
    const card = await mustGet<CardDoc>(services.store, C.cards, input.cardId, '卡片');
    await assertReviews(services, user, card);
    if (input.decision === 'reject' && !input.reason) throw invalid('请写明不通过的原因，家长会看到它');
    const at = now.toISOString();
    const decided = (prev: PartCheck): PartCheck => ({
      ...prev,
      verdict: input.decision === 'approve' ? 'pass' : 'reject',
      provider: `manual:${openid}`,
      ...(input.reason ? { reason: input.reason } : {}),
      at,
    });
    if (input.part === 'reply') {
      if (!card.reply) throw precondition('这张卡片还没有家人写的话');
      await services.store.update(C.cards, card._id, {
        $set: { 'reply.check': decided(card.reply.check), updatedAt: at },
      });
    } else if (input.decision === 'approve') {
      const set: Record<string, unknown> = { updatedAt: at };
      if (card.textCheck.verdict === 'review') set.textCheck = decided(card.textCheck);
      if (card.photo?.check.verdict === 'review') set['photo.check'] = decided(card.photo.check);
      if (card.manual?.verdict === 'reject') throw precondition('这张卡片已被下架');
      await services.store.update(C.cards, card._id, { $set: set });
    } else {
      await services.store.update(C.cards, card._id, {
        $set: {
          manual: { verdict: 'reject', provider: `manual:${openid}`, reason: input.reason, at, by: openid },
          updatedAt: at,
        },
      });
    }
    const settled = await settleCard(services, card._id, now);
    await audit(services, openid, 'card.review', card._id, { part: input.part, decision: input.decision });
    return { cardId: card._id, status: settled!.status, replyStatus: settled!.reply?.check.verdict ?? null };
  },
});

/**
 * Apply an async photo verdict to its card: pass publishes (if the rest passed), reject takes the photo
 * down with a reason and schedules the file's deletion, review leaves it for a teacher.
 */
registerMediaCheckKind('card', async (services, check, verdict, label, now) => {
  const card = await services.store.get<CardDoc>(C.cards, check.ref);
  if (!card?.photo || card.photo.check.traceId !== check._id) return;
  const at = now.toISOString();
  const reason =
    verdict === 'reject'
      ? `照片${WECHAT_LABEL_REASON[label ?? 21000] ?? '含有不适合发布的内容'}，请换一张照片重新制作`
      : verdict === 'review'
        ? '照片需要老师再看一下，通过后就会公开'
        : undefined;
  await services.store.update(C.cards, card._id, {
    $set: {
      'photo.check': { ...card.photo.check, verdict, at, ...(reason ? { reason } : {}) },
      updatedAt: at,
    },
  });
  if (verdict === 'reject') await expireUpload(services, card.photo.fileId, now, REJECTED_RETENTION_DAYS);
  await settleCard(services, card._id, now);
});
