import { maskName } from '../../privacy';
import type { Services } from '../../services';
import { pendingReasons, needsHumanLook, pictureParts, HUMAN_REVIEW_NOTE } from './moderation';
import { onShow } from './showcase';
import {
  APPROVED_AT,
  authorLabel,
  categoryOf,
  EDITABLE,
  groupOf,
  statusLabel,
  TIER_LABEL,
  WORK_PAGE,
  type CallDoc,
  type Check,
  type EntryDoc,
  type ImagePart,
} from './model';

/**
 * What each kind of viewer gets of an entry. Authors and their families see everything of their own
 * work with its state; reviewers see the work with the author's name, class, advisor and flags;
 * judges see the work only (no author, school, district, advisor — tested); the public sees approved
 * works with masked names.
 */

/** A picture's state for its author. */
function pictureState(check: Check | undefined): 'draft' | 'pass' | 'checking' | 'review' | 'reject' {
  if (!check) return 'draft';
  if (check.verdict === 'pass') return 'pass';
  if (check.verdict === 'reject') return 'reject';
  return check.awaiting ? 'checking' : 'review';
}

async function pictureView(services: Services, p: ImagePart) {
  return {
    fileId: p.fileId,
    url: await services.files.url(p.fileId),
    state: pictureState(p.check),
    reason: p.check?.verdict === 'reject' ? (p.check.reason ?? null) : null,
  };
}

/**
 * The work itself (what any viewer allowed to see it gets), with URLs. Unless `onlyCleared` (the public),
 * file ids come too, so an author editing a draft keeps the files they do not replace (a file id is
 * accepted back only from the person who uploaded it).
 */
export async function contentView(services: Services, entry: EntryDoc, onlyCleared: boolean) {
  const ids = (fileId: string) => (onlyCleared ? {} : { fileId });
  const visible = (p: ImagePart) =>
    !onlyCleared || p.check?.verdict === 'pass' || p.check?.verdict === 'review';
  const images = await Promise.all(entry.images.filter(visible).map((p) => pictureView(services, p)));
  return {
    title: entry.title,
    body: entry.body,
    images: onlyCleared ? images.map(({ url }) => ({ url })) : images,
    video: entry.video
      ? {
          ...ids(entry.video.fileId),
          url: await services.files.url(entry.video.fileId),
          seconds: entry.video.seconds,
          bytes: entry.video.bytes,
          cover: onlyCleared
            ? { url: await services.files.url(entry.video.cover.fileId) }
            : await pictureView(services, entry.video.cover),
        }
      : null,
    lesson: entry.lesson
      ? {
          plan: {
            ...ids(entry.lesson.plan.fileId),
            name: entry.lesson.plan.name,
            url: await services.files.url(entry.lesson.plan.fileId),
            contentType: entry.lesson.plan.contentType,
          },
          slides: entry.lesson.slides
            ? {
                ...ids(entry.lesson.slides.fileId),
                name: entry.lesson.slides.name,
                url: await services.files.url(entry.lesson.slides.fileId),
                contentType: entry.lesson.slides.contentType,
              }
            : null,
          recording: entry.lesson.recording
            ? {
                ...ids(entry.lesson.recording.fileId),
                url: await services.files.url(entry.lesson.recording.fileId),
                seconds: entry.lesson.recording.seconds,
              }
            : null,
        }
      : null,
  };
}

/** Titles of the entry's category and group in its call. */
export function labelsOf(call: CallDoc, entry: Pick<EntryDoc, 'category' | 'group'>) {
  return {
    categoryTitle: categoryOf(call, entry.category)?.title ?? entry.category,
    groupTitle: groupOf(call, entry.group)?.title ?? entry.group,
  };
}

/**
 * Whether an entry is public anywhere now: approved at some level and cleared, and its call on show (a
 * judged call's works only once its results are published: `onShow`). One rule for the galleries, the
 * work page and what authors and reviewers are told.
 */
export function isPublic(call: Pick<CallDoc, 'kind' | 'level' | 'results'>, entry: EntryDoc): boolean {
  return entry.cleared && APPROVED_AT.school.includes(entry.status) && onShow(call);
}

/** An entry as its submitter, its pupil authors and their guardians see it. */
export async function ownerView(
  services: Services,
  call: CallDoc,
  entry: EntryDoc,
  canEdit: boolean,
  mayWithdraw = canEdit,
) {
  const editable = canEdit && EDITABLE.includes(entry.status);
  return {
    entryId: entry._id,
    callId: call._id,
    callTitle: call.title,
    category: entry.category,
    group: entry.group,
    ...labelsOf(call, entry),
    format: entry.format,
    authorType: entry.authorType,
    authors: entry.authors.map((a) => a.name),
    authorLabel: authorLabel(entry, (n) => n),
    rosterId: entry.rosterIds[0] ?? null,
    coAuthorRosterIds: entry.rosterIds.slice(1),
    coAuthorOpenids: entry.authorType === 'teacher' ? entry.authors.slice(1).map((a) => a.openid!) : [],
    advisor: entry.advisor ? { openid: entry.advisor.openid, name: entry.advisor.name } : null,
    ...(await contentView(services, entry, false)),
    status: entry.status,
    statusLabel: statusLabel(call, entry.status),
    note: entry.note ?? null,
    /** What still stands between the work and the public (checks, a teacher's look). */
    pending: entry.status === 'draft' ? [] : pendingReasons(entry),
    humanReviewNote: entry.video || entry.lesson ? HUMAN_REVIEW_NOTE : null,
    public: isPublic(call, entry),
    workPath: isPublic(call, entry) ? `${WORK_PAGE}?id=${entry._id}` : null,
    award:
      entry.award?.tier && call.results?.state === 'published'
        ? {
            tier: entry.award.tier,
            tierLabel: TIER_LABEL[entry.award.tier],
            certificateId: entry.award.certificateId ?? null,
          }
        : null,
    originalityPromised: !!entry.originality,
    canEdit: editable,
    canSubmit: canEdit && (entry.status === 'draft' || entry.status === 'returned'),
    canWithdraw: mayWithdraw && EDITABLE.includes(entry.status),
    canDelete: canEdit && ['draft', 'withdrawn', 'rejected'].includes(entry.status),
    submittedAt: entry.submittedAt ?? null,
    updatedAt: entry.updatedAt,
  };
}

/** An entry as a reviewer of its round sees it: names, class, advisor, flags, what needs a look. */
export async function reviewerView(services: Services, call: CallDoc, entry: EntryDoc) {
  return {
    entryId: entry._id,
    category: entry.category,
    group: entry.group,
    ...labelsOf(call, entry),
    format: entry.format,
    authorType: entry.authorType,
    authorLabel: authorLabel(entry, (n) => n),
    className: entry.className ?? null,
    schoolName: entry.schoolName,
    districtName: entry.districtName,
    advisor: entry.advisor?.name ?? null,
    ...(await contentView(services, entry, false)),
    status: entry.status,
    statusLabel: statusLabel(call, entry.status),
    decisions: Object.fromEntries(
      Object.entries(entry.decisions).map(([round, d]) => [
        round,
        { decision: d.decision, at: d.at, comment: d.comment ?? null },
      ]),
    ),
    note: entry.note ?? null,
    flags: entry.flags,
    pending: pendingReasons(entry),
    /** The reviewer must confirm they watched the video / read the documents before passing. */
    needsHumanLook: needsHumanLook(entry) && !entry.humanReview,
    hasVideoOrDocuments: !!(entry.video || entry.lesson),
    public: isPublic(call, entry),
    score: entry.award ? { raw: entry.award.raw, normalised: entry.award.normalised } : null,
    tier: entry.award?.tier ?? null,
    submittedAt: entry.submittedAt ?? null,
  };
}

/**
 * What a judge sees of an entry: the work and its category and group, nothing that names a person or
 * a place (no author, school, district, class, advisor, ids of any of them). Pictures are shown by
 * their temporary URLs, which carry only an upload ticket.
 */
export async function blindView(services: Services, call: CallDoc, entry: EntryDoc) {
  const content = await contentView(services, entry, true);
  return {
    ...labelsOf(call, entry),
    category: entry.category,
    group: entry.group,
    format: entry.format,
    title: content.title,
    body: content.body,
    images: content.images.map((i) => ({ url: i.url })),
    video: content.video
      ? { url: content.video.url, seconds: content.video.seconds, cover: { url: content.video.cover.url } }
      : null,
    lesson: content.lesson
      ? {
          plan: { url: content.lesson.plan.url, contentType: content.lesson.plan.contentType },
          slides: content.lesson.slides
            ? { url: content.lesson.slides.url, contentType: content.lesson.slides.contentType }
            : null,
          recording: content.lesson.recording,
        }
      : null,
  };
}

/** The public page of a work: masked names, approved parts only. */
export async function publicView(services: Services, call: CallDoc, entry: EntryDoc) {
  const content = await contentView(services, entry, true);
  return {
    entryId: entry._id,
    callId: call._id,
    callTitle: call.title,
    kind: call.kind,
    category: entry.category,
    group: entry.group,
    ...labelsOf(call, entry),
    format: entry.format,
    ...content,
    // Lesson file names may name a teacher: the public column shows the files under neutral names.
    lesson: content.lesson
      ? {
          plan: { name: '教案', url: content.lesson.plan.url, contentType: content.lesson.plan.contentType },
          slides: content.lesson.slides
            ? { name: '课件', url: content.lesson.slides.url, contentType: content.lesson.slides.contentType }
            : null,
          recording: content.lesson.recording,
        }
      : null,
    authorLabel: authorLabel(entry, maskName),
    authorType: entry.authorType,
    advisor: entry.advisor ? maskName(entry.advisor.name) : null,
    schoolName: entry.schoolName,
    tier: call.results?.state === 'published' && entry.award?.tier ? TIER_LABEL[entry.award.tier] : null,
    selected: call.results?.state === 'published' && entry.shown.some((s) => s.startsWith('f:')),
    path: `${WORK_PAGE}?id=${entry._id}`,
  };
}

/** The first picture of an entry (for tiles and reviewer lists). */
export function thumbOf(entry: EntryDoc): string | null {
  return pictureParts(entry)[0]?.fileId ?? null;
}
