import { C } from '../../collections';
import { invalid } from '../../errors';
import type { UserDoc } from '../../model';
import { checkTextToPublish, moderate, moderatorOf } from '../../moderation/gate';
import { recordMediaCheck } from '../../moderation/mediaChecks';
import type { ModerationResult, Services } from '../../services';
import type { Check, EntryDoc, ImagePart } from './model';

/**
 * Content checks of entries, through the one moderation gate (core/moderation/gate.ts). Text (title,
 * body, caption) is checked when an entry is submitted or a submitted entry is edited: a rejection is
 * refused with its reason and stores nothing (words of self-harm get the gate's caring answer and the
 * class teacher is told). Pictures and a video's cover go to the image checker: WeChat answers later
 * (mediaCheckAsync, settled in lifecycle.ts when its push arrives; a later risky always wins), the
 * local checker holds every picture for a person. Videos and documents cannot be checked by a machine
 * at all: a school reviewer must watch or read them.
 */

/** What an author is told about a video or documents (no machine can check them). */
export const HUMAN_REVIEW_NOTE =
  '视频和文档要由学校老师看过并审核通过后才会公开，在此之前只有你和评审老师能看到。';

function checkOf(result: ModerationResult, at: string): Check {
  return {
    verdict: result.verdict,
    provider: result.provider,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.traceId ? { traceId: result.traceId } : {}),
    at,
  };
}

/** Check an entry's text (see the module comment); answers the check to store. */
export async function checkEntryText(
  services: Services,
  text: string,
  user: UserDoc,
  now: Date,
): Promise<Check> {
  const result = await checkTextToPublish(
    services,
    text,
    user,
    now,
    'body',
    '作品文字没有通过内容检查，请修改后再提交',
  );
  return checkOf(result, now.toISOString());
}

/** Check one picture (or cover). A synchronous rejection is refused; an async verdict is awaited. */
export async function checkEntryImage(
  services: Services,
  part: ImagePart,
  openid: string,
  what: string,
  at: string,
): Promise<Check> {
  const moderator = moderatorOf(services, '作品');
  const result = await moderate(() => moderator.checkImage(part.fileId, openid));
  if (result.verdict === 'reject') {
    throw invalid(result.reason ?? `${what}没有通过内容检查，请换一张`, {
      field: what,
      provider: result.provider,
    });
  }
  const check = checkOf(result, at);
  if (result.traceId && result.verdict === 'review') check.awaiting = true;
  return check;
}

/** Record the pending async checks of an entry's pictures (after the entry was stored). */
export async function recordEntryChecks(services: Services, entry: EntryDoc, now: Date): Promise<void> {
  const parts: [string, ImagePart][] = entry.images.map((p, i) => [`image:${i}`, p]);
  if (entry.video) parts.push(['cover', entry.video.cover]);
  for (const [part, img] of parts) {
    const trace = img.check?.awaiting ? img.check.traceId : undefined;
    if (!trace) continue;
    const existing = await services.store.get(C.mediaChecks, trace);
    if (existing) continue;
    await recordMediaCheck(
      services,
      { _id: trace, kind: 'entry', ref: entry._id, part, provider: img.check!.provider },
      now,
    );
  }
}

/** Forget an entry's async checks (it was deleted or withdrawn). */
export async function dropEntryChecks(services: Services, entryId: string): Promise<void> {
  await services.store.removeMany(C.mediaChecks, { kind: 'entry', ref: entryId });
}

/** Every picture part of an entry (images and the video's cover). */
export function pictureParts(entry: Pick<EntryDoc, 'images' | 'video'>): ImagePart[] {
  return [...entry.images, ...(entry.video ? [entry.video.cover] : [])];
}

/**
 * Whether the entry's content is cleared for the public: text passed (or a person approved what was
 * held), every picture passed (a held one only with a person's approval and no async verdict pending),
 * and a video or documents looked at by a school reviewer.
 */
export function isCleared(
  entry: Pick<EntryDoc, 'textCheck' | 'images' | 'video' | 'lesson' | 'humanReview'>,
): boolean {
  const human = !!entry.humanReview;
  const ok = (c: Check | undefined) =>
    !!c && (c.verdict === 'pass' || (c.verdict === 'review' && !c.awaiting && human));
  if (!ok(entry.textCheck)) return false;
  if (!pictureParts(entry).every((p) => ok(p.check))) return false;
  if ((entry.video || entry.lesson) && !human) return false;
  return true;
}

/** What is still waiting before the entry can be public (for authors and reviewers). */
export function pendingReasons(entry: EntryDoc): string[] {
  const out: string[] = [];
  const human = !!entry.humanReview;
  if (entry.textCheck?.verdict === 'review' && !human) out.push('文字需要老师审核');
  pictureParts(entry).forEach((p, i) => {
    const what = entry.video && i === entry.images.length ? '视频封面' : `第 ${i + 1} 张图片`;
    if (p.check?.verdict === 'reject') out.push(`${what}未通过内容检查`);
    else if (p.check?.awaiting) out.push(`${what}正在进行内容安全检查`);
    else if (p.check?.verdict === 'review' && !human) out.push(`${what}需要老师审核`);
  });
  if (entry.video && !human) out.push('视频需要学校老师观看后才能公开');
  if (entry.lesson && !human) out.push('课程文件需要学校老师审阅后才能公开');
  return out;
}

/** Whether a reviewer must confirm they watched / read parts no machine can check. */
export function needsHumanLook(entry: Pick<EntryDoc, 'video' | 'lesson' | 'textCheck' | 'images'>): boolean {
  if (entry.video || entry.lesson) return true;
  if (entry.textCheck?.verdict === 'review') return true;
  return pictureParts(entry).some((p) => p.check?.verdict === 'review' && !p.check.awaiting);
}
