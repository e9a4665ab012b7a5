import { C } from '../collections';
import { AppError, ErrorCode, invalid, precondition } from '../errors';
import type { ClassDoc, RosterDoc, UserDoc } from '../model';
import { className } from '../org';
import { studentGrantOf } from '../permissions';
import type { ModerationResult, Moderator, Services } from '../services';
import { DuplicateKeyError } from '../store';
import { dayIn } from '../time';

/**
 * The one gate every published text and image goes through (cards, letters, contest entries, quiz
 * questions): no moderator means no publishing; a provider failure is a retryable error, never a
 * silent pass; a rejection answers its reason. When a child writes words of self-harm, the answer is a
 * caring one (talk to a parent or teacher, 12355), and the class teacher is told to look after them.
 */

/** What a child who wrote words of self-harm is told instead of "please change it". */
export const CARE_MESSAGE =
  '如果你遇到难过的事，请马上告诉家人或老师，也可以拨打 12355 青少年服务台，那里有人愿意听你说。你的话没有发布。';

/** Reminder template of the care notice to the class teacher. */
export const CARE_TEMPLATE = 'care_notice';

/** The moderator, or FAILED_PRECONDITION: user content is never published unchecked. */
export function moderatorOf(services: Services, what = '内容'): Moderator {
  if (!services.moderator) throw precondition(`内容审核服务未配置，暂时不能发布${what}`);
  return services.moderator;
}

/** Run a moderation call; a provider failure becomes a retryable error rather than a silent pass. */
export async function moderate(run: () => Promise<ModerationResult>): Promise<ModerationResult> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error('[moderation] check failed', err);
    throw new AppError(ErrorCode.INTERNAL, '内容检查暂时不可用，请稍后再试');
  }
}

/**
 * Tell the writer's class teachers (once a day per pupil) that a pupil wrote something worrying, without
 * quoting it. Only pupils have a class; for anyone else nothing is sent.
 */
export async function noticeCare(services: Services, user: UserDoc | null, now: Date): Promise<void> {
  const g = studentGrantOf(user);
  if (!g) return;
  try {
    await services.store.insert(C.meta, { _id: `care:${dayIn(now)}:${g.rosterId}`, ref: g.rosterId });
  } catch (err) {
    if (err instanceof DuplicateKeyError) return;
    throw err;
  }
  const [cls, entry] = await Promise.all([
    services.store.get<ClassDoc>(C.classes, g.classId),
    services.store.get<RosterDoc>(C.roster, g.rosterId),
  ]);
  for (const teacher of cls?.teacherIds ?? []) {
    await services.notifier.remind(teacher, CARE_TEMPLATE, {
      thing1: '请关心一名学生',
      thing2: cls ? className(cls) : '',
      thing3: `${entry?.name ?? '一名学生'}写下了令人担心的话，请尽快关心`,
    });
  }
}

/**
 * Check a text that is about to be published; answers the verdict for pass and review (the caller keeps
 * a held text private). A rejection throws INVALID_ARGUMENT with the reason (details name the field);
 * for self-harm the reason is CARE_MESSAGE and the class teacher is told.
 */
export async function checkTextToPublish(
  services: Services,
  text: string,
  user: UserDoc,
  now: Date,
  field: string,
  fallbackReason: string,
): Promise<ModerationResult> {
  const moderator = moderatorOf(services);
  const result = await moderate(() => moderator.checkText(text, user._id));
  if (result.verdict !== 'reject') return result;
  if (result.category === 'selfharm') {
    await noticeCare(services, user, now);
    throw invalid(CARE_MESSAGE, { field, provider: result.provider, care: true });
  }
  throw invalid(result.reason ?? fallbackReason, { field, provider: result.provider });
}
