import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { randomId } from '../../codes';
import { conflict, denied, exhausted, invalid, precondition } from '../../errors';
import type { ClassDoc } from '../../model';
import { className } from '../../org';
import { TEMPLATE_IDS, NAMES_MAX, REPLY_MAX, SLOGAN_MAX } from '../../poster/templates';
import { maskName } from '../../privacy';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import { managesClass } from '../../permissions';
import { mustGet } from '../../store';
import { checkTextToPublish } from '../../moderation/gate';
import { recordMediaCheck } from '../../moderation/mediaChecks';
import { deleteOwnUpload, markUsed, ownUpload, takeOver } from '../../uploads';
import {
  assertChildMayWrite,
  childUnit,
  isGuardianOf,
  isStudentOf,
  relationTo,
  resolveMaker,
} from './access';
import { CARD_CHECKS, charCount, moderate, moderatorOf, partCheck, type CardDoc } from './model';
import { settleCard, uncount } from './settle';

/** Most cards one child's family may make (a guard against floods, far above real use). */
export const MAX_CARDS_PER_CHILD = 20;

/** Phases in which cards are made (the plan's launch and implementation stages). */
const MAKING_PHASES: ('launch' | 'implementation')[] = ['launch', 'implementation'];

/** Free text of a card: control characters dropped, at most one blank line, length in characters. */
export const cardText = (max: number, what: string) =>
  z
    .string()
    .max(max * 8, `${what}太长`)
    .transform((v) =>
      v
        .split('')
        .filter((ch) => ch === '\n' || (ch >= ' ' && ch !== '\u007f' && ch !== '\u200b'))
        .join('')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    )
    .refine((v) => v.length > 0, `${what}不能为空`)
    .refine((v) => charCount(v) <= max, `${what}最多 ${max} 个字`);

const phases = MAKING_PHASES;

/**
 * Make a card: the slogan and names are checked before anything is stored (a rejected text is
 * refused with its reason and leaves no trace); a photo may be held for review, keeping the card
 * private until it passes. Names are stored masked.
 */
export const create = defineAction({
  title: '制作家庭卡片',
  input: z
    .object({
      templateId: z.enum(TEMPLATE_IDS, { errorMap: () => ({ message: '请选择一个卡片模板' }) }),
      slogan: cardText(SLOGAN_MAX, '口号或承诺'),
      names: z.array(s.personName).max(NAMES_MAX, `最多写 ${NAMES_MAX} 位家庭成员`).default([]),
      photoFileId: s.fileId.optional(),
      /** Which child (parents with several children); students leave it out. */
      rosterId: s.id.optional(),
    })
    .strict(),
  access: 'user',
  phases,
  async handler({ services, user, openid, now }, input) {
    const moderator = moderatorOf(services, '卡片');
    const { role, unit } = await resolveMaker(services, user, input.rosterId, now);
    const made = await services.store.count(C.cards, { rosterId: unit.entry._id });
    if (made >= MAX_CARDS_PER_CHILD) throw exhausted(`每个孩子的家庭卡片最多 ${MAX_CARDS_PER_CHILD} 张`);
    const upload = input.photoFileId
      ? await ownUpload(services, input.photoFileId, openid, 'cardPhoto')
      : null;

    const text = [input.slogan, ...input.names].join('\n');
    const textResult = await checkTextToPublish(
      services,
      text,
      user,
      now,
      'slogan',
      '卡片文字没有通过内容检查，请修改后再提交',
    );
    const at = now.toISOString();
    let photo: CardDoc['photo'];
    if (upload) {
      // The server's own copy from here on: what the check passes is what the card shows.
      const fileId = await takeOver(services, upload);
      const imageResult = await moderate(() => moderator.checkImage(fileId, openid));
      if (imageResult.verdict === 'reject') {
        throw invalid(imageResult.reason ?? '照片没有通过内容检查，请换一张', {
          field: 'photo',
          provider: imageResult.provider,
        });
      }
      photo = { fileId, check: partCheck(imageResult, at) };
    }
    const card: CardDoc = {
      _id: randomId(),
      templateId: input.templateId,
      slogan: input.slogan,
      names: input.names.map(maskName),
      textCheck: partCheck(textResult, at),
      ...(photo ? { photo } : {}),
      starterRole: role,
      authorOpenid: openid,
      contributors: [openid],
      rosterId: unit.entry._id,
      classId: unit.cls._id,
      schoolId: unit.school._id,
      districtId: unit.cls.districtId,
      schoolName: unit.school.name,
      className: className(unit.cls),
      status: 'pending',
      counted: false,
      coCreated: false,
      createdAt: at,
      updatedAt: at,
    };
    await services.store.insert(C.cards, card);
    if (upload && photo) await markUsed(services, upload, photo.fileId, `cards/${card._id}`);
    if (photo?.check.traceId) {
      await recordMediaCheck(
        services,
        {
          _id: photo.check.traceId,
          kind: 'card',
          ref: card._id,
          part: 'photo',
          provider: photo.check.provider,
        },
        now,
      );
    }
    const settled = await settleCard(services, card._id, now);
    await audit(services, openid, 'card.create', card._id, { status: settled?.status });
    return { cardId: card._id, status: settled!.status, reason: settled!.reason ?? null };
  },
});

/**
 * The other family member adds their line: the child to a parent's card (on their own phone, or on
 * the parent's phone with sameDevice), or a parent to a child's card. Checked like the slogan.
 */
export const reply = defineAction({
  title: '为家庭卡片写一句',
  input: z
    .object({
      cardId: s.id,
      text: cardText(REPLY_MAX, '这句话'),
      /** Written on the card author's phone (the child sits next to the parent). */
      sameDevice: z.boolean().default(false),
    })
    .strict(),
  access: 'user',
  phases,
  async handler({ services, user, openid, now }, input) {
    moderatorOf(services, '卡片');
    const card = await mustGet<CardDoc>(services.store, C.cards, input.cardId, '卡片');
    const rel = await relationTo(services, card, openid);
    if (!rel.isFamily) throw denied('只有这张卡片的家人可以在上面写字');
    if (input.sameDevice && !rel.isAuthor) throw denied('只有卡片的制作人可以让家人在自己的手机上写');
    if (!input.sameDevice) {
      const other =
        rel.replyRole === 'child'
          ? isStudentOf(user, card.rosterId)
          : await isGuardianOf(services, openid, card.rosterId);
      if (!other || rel.isAuthor) {
        throw denied(rel.replyRole === 'child' ? '这一句要由孩子来写' : '这一句要由家长来写');
      }
    }
    if (card.status === 'rejected') throw precondition('这张卡片没有通过审核，不能再添加内容');
    if (card.reply?.check.verdict === 'pass') throw conflict('这张卡片已经写过这一句了');
    if (rel.replyRole === 'child')
      await assertChildMayWrite(services, openid, await childUnit(services, card.rosterId), now);

    const result = await checkTextToPublish(
      services,
      input.text,
      user,
      now,
      'text',
      '这句话没有通过内容检查，请修改后再提交',
    );
    const at = now.toISOString();
    await services.store.update(C.cards, card._id, {
      $set: {
        reply: {
          role: rel.replyRole,
          text: input.text,
          by: openid,
          sameDevice: input.sameDevice,
          check: partCheck(result, at),
          at,
        },
        updatedAt: at,
      },
      $addToSet: { contributors: openid },
    });
    const settled = await settleCard(services, card._id, now);
    await audit(services, openid, 'card.reply', card._id, { verdict: result.verdict });
    return { cardId: card._id, replyStatus: result.verdict, status: settled!.status };
  },
});

/** The author deletes their card: it leaves every count and its photo is deleted. */
export const remove = defineAction({
  title: '删除家庭卡片',
  input: z.object({ cardId: s.id }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }, { cardId }) {
    const card = await mustGet<CardDoc>(services.store, C.cards, cardId, '卡片');
    const cls = await services.store.get<ClassDoc>(C.classes, card.classId);
    if (card.authorOpenid !== openid && !(cls && managesClass(user, cls)))
      throw denied('只有卡片的制作人可以删除');
    await uncount(services, card, now);
    await services.store.remove(C.cards, cardId);
    await services.store.removeMany(CARD_CHECKS, { kind: 'card', ref: cardId });
    // Only the photo's own uploader's file is ever deleted (a teacher removing a card deletes nothing of theirs).
    if (card.photo) await deleteOwnUpload(services, card.photo.fileId, card.authorOpenid);
    await audit(services, openid, 'card.remove', cardId);
    return { removed: true };
  },
});
