import { createHash } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../audit';
import { C } from '../../collections';
import { denied, exhausted, invalid, notFound, precondition } from '../../errors';
import type { RosterDoc, SchoolDoc, UserDoc } from '../../model';
import { className } from '../../org';
import { CONFIRMED_LINK, isCityAdmin, managesDistrict, reviewsSchoolRound } from '../../permissions';
import { maskName } from '../../privacy';
import { defineAction, type HandlerContext } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { DuplicateKeyError, findAll, mustGet } from '../../store';
import { dayIn } from '../../time';
import {
  deleteOwnUpload,
  markUsed,
  ownUpload,
  takeOver,
  UPLOAD_PURPOSES,
  type UploadDoc,
  type UploadPurpose,
} from '../../uploads';
import { assertGroup, relationToEntry, resolveAuthor, submitOptions, type AuthorContext } from './authors';
import { namedReviewers, namedTeachersOf, publicCall } from './calls';
import { checkDuplicates, dropDuplicates, hashPictures } from './duplicates';
import {
  draftPlaces,
  givePlace,
  loadCall,
  loadEntry,
  revokeCertificate,
  settleEntry,
  takePlace,
  transition,
} from './lifecycle';
import {
  checkEntryImage,
  checkEntryText,
  dropEntryChecks,
  HUMAN_REVIEW_NOTE,
  recordEntryChecks,
} from './moderation';
import {
  categoryOf,
  COL,
  EDITABLE,
  SUBMIT_PHASES,
  windowOf,
  type CallDoc,
  type CategorySpec,
  type EntryDoc,
  type ImagePart,
} from './model';
import { docFile, entryBody, entryTitle } from './schemas';
import { dropShowcase } from './showcase';
import { ownerView, reviewerView } from './views';

/** The originality promise (原创承诺) every submission carries. */
export const ORIGINALITY_TEXT =
  '我承诺：本作品由作者本人（或本组作者）独立创作，没有抄袭、代写，没有使用他人享有著作权的图片、文字和音乐；如有不实，愿意取消参评资格。';

/** Advice shown on the form: judging is blind, so works carry no names. */
export const NO_NAMES_NOTE = '作品正文、图片和文件里请不要写作者姓名、学校和班级，评审时看不到作者信息。';

/** The content fields of an entry as the form sends them. */
const contentInput = {
  category: s.id,
  group: s.id,
  title: entryTitle,
  body: entryBody.default(''),
  images: z.array(s.fileId).max(9, '最多 9 张图片').default([]),
  video: z
    .object({
      fileId: s.fileId,
      /** chooseMedia's duration. */
      seconds: z.number().min(0).max(36000),
      /** chooseMedia's thumbTempFilePath, uploaded as an entryCover. */
      coverFileId: s.fileId,
    })
    .strict()
    .optional(),
  lesson: z
    .object({
      plan: docFile,
      slides: docFile.optional(),
      recording: z
        .object({ fileId: s.fileId, seconds: z.number().min(0).max(36000) })
        .strict()
        .optional(),
    })
    .strict()
    .optional(),
  advisorOpenid: s.id.optional(),
  coAuthorRosterIds: z.array(s.id).max(5).default([]),
  coAuthorOpenids: z.array(s.id).max(5).default([]),
};

const authorInput = {
  authorType: z.enum(['student', 'teacher', 'family']).default('student'),
  /** A parent names the child; a pupil leaves it out. */
  rosterId: s.id.optional(),
  /** A teacher at several schools names one. */
  schoolId: s.id.optional(),
};

type ContentInput = z.output<z.ZodObject<typeof contentInput>>;

const chars = (t: string) => Array.from(t).length;

/** Files of the content checked for ownership and purpose; answers the parts and the uploads to mark used. */
async function acceptFiles(
  services: Services,
  openid: string,
  category: CategorySpec,
  input: ContentInput,
  strict: boolean,
): Promise<{ parts: Pick<EntryDoc, 'images' | 'video' | 'lesson'>; uploads: [UploadDoc, string][] }> {
  const uploads: [UploadDoc, string][] = [];
  // Each accepted file becomes the server's own (takeOver) before anything checks it: what moderation,
  // reviewers and judges pass is what galleries and certificates show.
  const own = async (fileId: string, purpose: UploadPurpose) => {
    const doc = await ownUpload(services, fileId, openid, purpose);
    const id = await takeOver(services, doc);
    uploads.push([doc, id]);
    return { doc, id };
  };
  const sizeOf = async (fileId: string) => (await services.files.stat(fileId))?.size ?? 0;
  const images: ImagePart[] = [];
  const ids = [...new Set(input.images)];
  if (ids.length > category.maxImages) {
    throw invalid(
      category.maxImages
        ? `「${category.title}」最多 ${category.maxImages} 张图片`
        : `「${category.title}」不需要上传图片`,
    );
  }
  if (strict && ids.length < category.minImages)
    throw invalid(`「${category.title}」至少需要 ${category.minImages} 张图片`);
  for (const id of ids) images.push({ fileId: (await own(id, 'entryImage')).id });
  let video: EntryDoc['video'];
  if (input.video) {
    if (category.format !== 'video') throw invalid(`「${category.title}」不需要上传视频`);
    const clip = (await own(input.video.fileId, 'entryVideo')).id;
    const cover = (await own(input.video.coverFileId, 'entryCover')).id;
    const bytes = await sizeOf(clip);
    if (input.video.seconds > category.maxSeconds)
      throw invalid(
        `视频最长 ${Math.floor(category.maxSeconds / 60)} 分 ${category.maxSeconds % 60} 秒，请剪短后再上传`,
      );
    if (bytes > category.maxMB * 1024 * 1024) throw invalid(`视频最大 ${category.maxMB} MB，请压缩后再上传`);
    video = { fileId: clip, seconds: input.video.seconds, bytes, cover: { fileId: cover } };
  } else if (strict && category.format === 'video') {
    throw invalid('请上传视频，并选好封面');
  }
  let lesson: EntryDoc['lesson'];
  if (input.lesson) {
    if (category.format !== 'lesson') throw invalid(`「${category.title}」不需要上传课程材料`);
    const doc = async (f: { fileId: string; name: string }, types: string[], what: string) => {
      const { doc: up, id } = await own(f.fileId, 'entryDocument');
      if (!types.includes(up.contentType))
        throw invalid(
          `${what}的格式不对，请上传 ${what === '教案' ? 'PDF 或 Word（.docx）' : 'PPT（.pptx）或 PDF'} 文件`,
        );
      return { fileId: id, name: f.name, contentType: up.contentType, bytes: await sizeOf(id) };
    };
    const [pdf, docx, pptx] = UPLOAD_PURPOSES.entryDocument.types;
    lesson = { plan: await doc(input.lesson.plan, [pdf, docx], '教案') };
    if (input.lesson.slides) lesson.slides = await doc(input.lesson.slides, [pptx, pdf], '课件');
    if (input.lesson.recording) {
      const recording = (await own(input.lesson.recording.fileId, 'entryVideo')).id;
      const bytes = await sizeOf(recording);
      if (input.lesson.recording.seconds > category.maxSeconds)
        throw invalid(`课堂录像最长 ${Math.round(category.maxSeconds / 60)} 分钟`);
      if (bytes > category.maxMB * 1024 * 1024) throw invalid(`课堂录像最大 ${category.maxMB} MB`);
      lesson.recording = { fileId: recording, seconds: input.lesson.recording.seconds, bytes };
    }
  } else if (strict && category.format === 'lesson') {
    throw invalid('请上传教案（PDF 或 Word 文件）');
  }
  return { parts: { images, ...(video ? { video } : {}), ...(lesson ? { lesson } : {}) }, uploads };
}

/** The body's length against the category (the minimum only when submitting). */
function checkBody(category: CategorySpec, body: string, strict: boolean): void {
  const n = chars(body);
  if (n > category.maxChars) {
    throw invalid(
      category.maxChars
        ? `「${category.title}」正文最多 ${category.maxChars} 字（现在 ${n} 字）`
        : `「${category.title}」不需要填写正文`,
    );
  }
  if (strict && n < category.minChars)
    throw invalid(`「${category.title}」正文至少 ${category.minChars} 字（现在 ${n} 字）`);
}

/** The advisor: one of the school's teachers who gave their name (never an author). */
async function advisorOf(
  services: Services,
  ctx: AuthorContext,
  openid: string | undefined,
): Promise<EntryDoc['advisor']> {
  if (!openid) return undefined;
  if (ctx.authors.some((a) => a.openid === openid)) throw invalid('指导教师不能是作者本人');
  const teacher = (await namedTeachersOf(services, ctx.school._id)).find((t) => t.openid === openid);
  if (!teacher) throw invalid('指导教师只能从本校填写了姓名的老师中选择');
  return teacher;
}

/** The id of a new draft: the same for a retried save of the same draft key (no duplicates on a bad connection). */
export function draftIdOf(openid: string, draftKey: string): string {
  return createHash('sha256').update(`${openid}\u0000${draftKey}`).digest('hex').slice(0, 24);
}

/**
 * Everything a submission must pass, applied to `entry` (in memory): the strict format checks, the text
 * and picture checks (a rejection refuses with its reason), picture hashes and the near-duplicate
 * lookup (flags for the reviewers). Answers the fields to store with the submission.
 */
async function prepareSubmission(
  services: Services,
  call: CallDoc,
  entry: EntryDoc,
  user: UserDoc,
  now: Date,
) {
  const openid = user._id;
  const category = categoryOf(call, entry.category)!;
  checkBody(category, entry.body, true);
  if (entry.images.length < category.minImages)
    throw invalid(`「${category.title}」至少需要 ${category.minImages} 张图片`);
  if (category.format === 'video' && !entry.video) throw invalid('请上传视频，并选好封面');
  if (category.format === 'lesson' && !entry.lesson) throw invalid('请上传教案（PDF 或 Word 文件）');
  const at = now.toISOString();
  const textCheck = await checkEntryText(
    services,
    [entry.title, entry.body].filter(Boolean).join('\n'),
    user,
    now,
  );
  for (const [i, p] of entry.images.entries()) {
    if (!p.check) p.check = await checkEntryImage(services, p, openid, `第 ${i + 1} 张图片`, at);
  }
  if (entry.video && !entry.video.cover.check) {
    entry.video.cover.check = await checkEntryImage(services, entry.video.cover, openid, '视频封面', at);
  }
  await hashPictures(services, entry);
  const { flags } = await checkDuplicates(services, { ...entry, textCheck }, now);
  return {
    textCheck,
    images: entry.images,
    ...(entry.video ? { video: entry.video } : {}),
    flags,
    originality: { promisedAt: at },
    submittedAt: at,
    order: entry.order || `${at}|${entry._id}`,
  };
}

/** Keep the checks and hashes of parts that did not change (an edit re-checks only what is new). */
function carryChecks(prev: EntryDoc | null, parts: Pick<EntryDoc, 'images' | 'video' | 'lesson'>): void {
  if (!prev) return;
  const known = new Map(
    [...prev.images, ...(prev.video ? [prev.video.cover] : [])].map((p) => [p.fileId, p]),
  );
  for (const p of parts.images) Object.assign(p, { ...known.get(p.fileId), fileId: p.fileId });
  if (parts.video)
    Object.assign(parts.video.cover, {
      ...known.get(parts.video.cover.fileId),
      fileId: parts.video.cover.fileId,
    });
}

/** Files the previous version used and the new one does not (deleted after the save). */
function droppedFiles(prev: EntryDoc | null, next: Pick<EntryDoc, 'images' | 'video' | 'lesson'>): string[] {
  if (!prev) return [];
  const ids = (e: Pick<EntryDoc, 'images' | 'video' | 'lesson'>) =>
    [
      ...e.images.map((p) => p.fileId),
      e.video?.fileId,
      e.video?.cover.fileId,
      e.lesson?.plan.fileId,
      e.lesson?.slides?.fileId,
      e.lesson?.recording?.fileId,
    ].filter((x): x is string => !!x);
  const keep = new Set(ids(next));
  return ids(prev).filter((id) => !keep.has(id));
}

/** Every file an entry uses. */
export function filesOf(entry: Pick<EntryDoc, 'images' | 'video' | 'lesson'>): string[] {
  return droppedFiles(entry as EntryDoc, { images: [] });
}

/**
 * Everything the entry form needs in one call: the call's rules, the ways the caller may submit (as a
 * pupil, for a child, as a family, as a teacher) each with its groups and the pre-filled one, the
 * school's advisors, the classmates who may co-author (masked names), upload limits, the notes to show,
 * and the entry being edited.
 */
export const entryForm = defineAction({
  title: '投稿',
  input: z.object({ callId: s.id, entryId: s.id.optional() }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }, input) {
    const call = await loadCall(services, input.callId);
    let entry: Awaited<ReturnType<typeof ownerView>> | null = null;
    if (input.entryId) {
      const doc = await loadEntry(services, input.entryId);
      if (doc.callId !== call._id || doc.createdBy !== openid) throw notFound('作品不存在');
      entry = await ownerView(services, call, doc, true);
    }
    const options = await submitOptions(services, user, call, now);
    const schools = [...new Set(options.filter((o) => o.ready).map((o) => o.schoolId))];
    const advisors: Record<string, { openid: string; name: string }[]> = {};
    for (const id of schools)
      advisors[id] = (await namedTeachersOf(services, id)).filter((t) => t.openid !== openid);
    const classmates: Record<string, { rosterId: string; maskedName: string }[]> = {};
    for (const o of options) {
      if (!o.ready || !o.rosterId || o.authorType !== 'student' || !call.maxCoAuthors) continue;
      const child = await services.store.get<RosterDoc>(C.roster, o.rosterId);
      if (!child) continue;
      const roster = await findAll<RosterDoc>(services.store, C.roster, { classId: child.classId });
      classmates[o.rosterId] = roster
        .filter((r) => r._id !== child._id)
        .map((r) => ({ rosterId: r._id, maskedName: maskName(r.name) }));
    }
    const mine = await services.store.count(COL.entries, {
      createdBy: openid,
      callId: call._id,
      status: { $nin: ['draft', 'withdrawn'] },
    });
    return {
      call: publicCall(call, dayIn(now)),
      entry,
      options,
      advisors,
      classmates,
      submittedByMe: mine,
      uploads: {
        image: { purpose: 'entryImage' as const, ...UPLOAD_PURPOSES.entryImage },
        video: { purpose: 'entryVideo' as const, ...UPLOAD_PURPOSES.entryVideo },
        cover: { purpose: 'entryCover' as const, ...UPLOAD_PURPOSES.entryCover },
        document: { purpose: 'entryDocument' as const, ...UPLOAD_PURPOSES.entryDocument },
      },
      notes: { originality: ORIGINALITY_TEXT, noNames: NO_NAMES_NOTE, humanReview: HUMAN_REVIEW_NOTE },
    };
  },
});

/** The call must be taking entries today (a returned entry may be resubmitted after the close). */
function assertWindow(call: CallDoc, now: Date, returned = false): void {
  const w = windowOf(call, dayIn(now));
  if (w === 'upcoming') throw precondition(`征集将于 ${call.opensOn} 开始`);
  if (w === 'closed' && !returned) throw precondition(`征集已于 ${call.closesOn} 截止`);
}

/**
 * Save an entry: create a draft (a retried save with the same draftKey answers the same draft), edit a
 * draft or a returned entry, or edit a submitted entry before the school reviews it (then every check
 * runs again, as at submission). Files must be the caller's own uploads of the right purpose; files
 * the new version no longer uses are deleted. A lead author keeps at most 5 drafts in a call: a new one
 * takes a draft place atomically (RESOURCE_EXHAUSTED 「草稿最多 5 件…」 when none is left, also under
 * parallel saves); submitting, withdrawing or deleting a draft gives its place back.
 */
export const save = defineAction({
  title: '保存作品',
  input: z
    .object({
      callId: s.id,
      entryId: s.id.optional(),
      draftKey: z
        .string()
        .regex(/^[\w-]{8,40}$/, '草稿标识无效')
        .optional(),
      ...authorInput,
      ...contentInput,
    })
    .strict()
    .refine((v) => !!v.entryId || !!v.draftKey, '新作品需要草稿标识 draftKey'),
  access: 'user',
  phases: SUBMIT_PHASES,
  async handler({ services, user, openid, now }, input) {
    const call = await loadCall(services, input.callId);
    let prev: EntryDoc | null = null;
    if (input.entryId) {
      prev = await loadEntry(services, input.entryId);
      if (prev.callId !== call._id || prev.createdBy !== openid) throw notFound('作品不存在');
      if (!EDITABLE.includes(prev.status)) throw precondition('学校已经审核了这件作品，不能再修改');
    } else {
      const existing = await services.store.get<EntryDoc>(COL.entries, draftIdOf(openid, input.draftKey!));
      if (existing && existing.callId === call._id) prev = existing;
    }
    assertWindow(call, now, prev?.status === 'returned');
    const category = categoryOf(call, input.category);
    if (!category) throw invalid('请选择作品类别');
    const ctx = await resolveAuthor(
      services,
      user,
      call,
      prev
        ? {
            authorType: prev.authorType,
            rosterId: prev.rosterIds[0],
            schoolId: prev.schoolId,
            coAuthorRosterIds: input.coAuthorRosterIds,
            coAuthorOpenids: input.coAuthorOpenids,
          }
        : input,
      now,
    );
    assertGroup(call, ctx, input.group);
    checkBody(category, input.body, prev?.status === 'submitted');
    const { parts, uploads } = await acceptFiles(
      services,
      openid,
      category,
      input,
      prev?.status === 'submitted',
    );
    carryChecks(prev, parts);
    const advisor = await advisorOf(services, ctx, input.advisorOpenid);
    // A new draft takes one of the lead author's draft places (an atomic counter, not a count of drafts:
    // parallel saves cannot all see a free place); given back if the draft is not stored after all.
    const draftPlace = prev ? null : await takePlace(services, draftPlaces(call._id, ctx.lead));
    const at = now.toISOString();
    const fields = {
      category: category.key,
      group: input.group,
      format: category.format,
      title: input.title,
      body: input.body,
      ...parts,
      authorType: ctx.authorType,
      authors: ctx.authors,
      rosterIds: ctx.rosterIds,
      lead: ctx.lead,
      ...(advisor ? { advisor } : {}),
      updatedAt: at,
    };
    const unset = [
      ...(advisor ? [] : ['advisor']),
      ...(parts.video ? [] : ['video']),
      ...(parts.lesson ? [] : ['lesson']),
    ];
    let entry: EntryDoc;
    if (!prev) {
      entry = {
        _id: draftIdOf(openid, input.draftKey!),
        callId: call._id,
        callLevel: call.level,
        kind: call.kind,
        ...fields,
        createdBy: openid,
        draftKey: input.draftKey!,
        ...(ctx.cls ? { classId: ctx.cls._id, className: className(ctx.cls) } : {}),
        schoolId: ctx.school._id,
        schoolName: ctx.school.name,
        districtId: ctx.district._id,
        districtName: ctx.district.name,
        status: 'draft',
        decisions: {},
        flags: [],
        cleared: false,
        counted: false,
        recommended: false,
        awarded: false,
        shown: [],
        order: '',
        dkey: draftIdOf(openid, input.draftKey!),
        ckey: draftIdOf(openid, input.draftKey!),
        createdAt: at,
      };
      try {
        await services.store.insert(COL.entries, entry);
      } catch (err) {
        if (draftPlace) await givePlace(services, draftPlace);
        if (!(err instanceof DuplicateKeyError)) throw err;
        throw precondition('这份草稿刚刚保存过，请刷新后再改');
      }
      await audit(services, openid, 'contest.createEntry', entry._id, { callId: call._id });
    } else {
      entry = { ...prev, ...fields } as EntryDoc;
      for (const k of unset) delete (entry as unknown as Record<string, unknown>)[k];
      let set: Record<string, unknown> = fields;
      if (prev.status === 'submitted') {
        // An edit before the school's review is checked like a new submission (the old checks are void).
        for (const p of entry.images) if (!prev.images.some((q) => q.fileId === p.fileId)) delete p.check;
        set = { ...fields, ...(await prepareSubmission(services, call, entry, user, now)) };
        unset.push('humanReview');
      }
      const changed = await services.store.updateMany(
        COL.entries,
        { _id: prev._id, status: prev.status },
        {
          $set: set,
          ...(unset.length ? { $unset: Object.fromEntries(unset.map((k) => [k, true as const])) } : {}),
        },
      );
      if (changed !== 1) throw precondition('学校刚刚审核了这件作品，不能再修改');
      await audit(services, openid, 'contest.editEntry', prev._id, { status: prev.status });
    }
    for (const [doc, fileId] of uploads) await markUsed(services, doc, fileId, `contest/${entry._id}`);
    for (const fileId of droppedFiles(prev, parts)) await deleteOwnUpload(services, fileId, openid);
    const fresh = (await settleEntry(services, entry._id, now, call))!;
    if (fresh.status === 'submitted') await recordEntryChecks(services, fresh, now);
    return ownerView(services, call, fresh, true);
  },
});

/**
 * Submit a draft (or resubmit a returned entry) with the originality promise. Runs the strict format
 * checks, the content checks (a rejected text or picture is refused with its reason and nothing
 * changes), the picture hashes and the near-duplicate lookup; then the school reviews it.
 */
export const submit = defineAction({
  title: '提交作品',
  input: z
    .object({
      entryId: s.id,
      originality: z.literal(true, { errorMap: () => ({ message: '请先阅读并勾选原创承诺' }) }),
    })
    .strict(),
  access: 'user',
  phases: SUBMIT_PHASES,
  async handler({ services, user, openid, now }, input) {
    const entry = await loadEntry(services, input.entryId);
    if (entry.createdBy !== openid) throw notFound('作品不存在');
    if (entry.status !== 'draft' && entry.status !== 'returned') {
      throw precondition(entry.status === 'submitted' ? '这件作品已经提交了' : '这件作品现在不能提交');
    }
    const call = await loadCall(services, entry.callId);
    assertWindow(call, now, entry.status === 'returned');
    // The author side is checked again: a claim undone or a consent withdrawn since the draft stops it.
    await resolveAuthor(
      services,
      user,
      call,
      {
        authorType: entry.authorType,
        rosterId: entry.rosterIds[0],
        schoolId: entry.schoolId,
        coAuthorRosterIds: entry.rosterIds.slice(1),
        coAuthorOpenids: entry.authorType === 'teacher' ? entry.authors.slice(1).map((a) => a.openid!) : [],
      },
      now,
    );
    // A quick refusal before the content checks run; the place itself is taken atomically by
    // `transition` (parallel submits of one author cannot pass maxPerAuthor) and given back when the
    // entry is withdrawn or deleted.
    if (entry.status === 'draft') {
      const mine = await services.store.count(COL.entries, {
        lead: entry.lead,
        callId: call._id,
        status: { $nin: ['draft', 'withdrawn'] },
      });
      if (mine >= call.maxPerAuthor)
        throw exhausted(`每位作者在这个活动中最多提交 ${call.maxPerAuthor} 件作品`);
    }
    const work = structuredClone(entry);
    if (entry.status === 'returned') for (const p of work.images) delete p.check;
    if (entry.status === 'returned' && work.video) delete work.video.cover.check;
    const set = await prepareSubmission(services, call, work, user, now);
    let fresh: EntryDoc;
    try {
      fresh = await transition(services, call, entry, 'submitted', set, openid, 'contest.submit', now, [
        'note',
        'humanReview',
      ]);
    } catch (err) {
      await dropDuplicates(services, entry);
      throw err;
    }
    await recordEntryChecks(services, fresh, now);
    return ownerView(services, call, fresh, true);
  },
});

/**
 * Withdraw an entry before the school reviews it: its submitter, or a pupil author's guardian (a parent
 * can withdraw their child's entry). It leaves the counts, the duplicate index and any pending check.
 */
export const withdraw = defineAction({
  title: '撤回作品',
  input: z.object({ entryId: s.id }).strict(),
  access: 'user',
  phases: SUBMIT_PHASES,
  async handler({ services, user, openid, now }, { entryId }) {
    const entry = await loadEntry(services, entryId);
    const rel = await relationToEntry(services, user, entry);
    if (!rel.isSubmitter && !rel.isFamily) throw notFound('作品不存在');
    if (!rel.mayWithdraw) throw denied('只有提交人、作者本人和作者的家长可以撤回作品');
    if (!EDITABLE.includes(entry.status))
      throw precondition('学校已经审核了这件作品，不能再撤回；如需撤下请联系学校');
    const call = await loadCall(services, entry.callId);
    const fresh = await transition(services, call, entry, 'withdrawn', {}, openid, 'contest.withdraw', now);
    await dropDuplicates(services, entry);
    await dropEntryChecks(services, entry._id);
    return ownerView(services, call, fresh, rel.isSubmitter, rel.mayWithdraw);
  },
});

/** Delete an entry and its files for good (a draft, a withdrawn or a rejected entry; its submitter only). */
export const remove = defineAction({
  title: '删除作品',
  input: z.object({ entryId: s.id }).strict(),
  access: 'user',
  async handler({ services, user, openid, now }, { entryId }) {
    const entry = await loadEntry(services, entryId);
    // The submitter, while their claim or confirmed link to the child still holds (relationToEntry).
    if (!(await relationToEntry(services, user, entry)).isSubmitter) throw notFound('作品不存在');
    if (!['draft', 'withdrawn', 'rejected'].includes(entry.status)) {
      throw precondition('提交后的作品要先撤回才能删除');
    }
    await deleteEntry(services, entry, openid, now);
    return { removed: true };
  },
});

/**
 * Remove an entry with everything hanging on it, keeping counters, quotas and the author's places exact:
 * anything not yet withdrawn is withdrawn first (a conditional status change that gives its places back
 * exactly once, even if the author submits the same draft meanwhile).
 */
export async function deleteEntry(
  services: Services,
  entry: EntryDoc,
  actor: string,
  now: Date,
): Promise<void> {
  let current = entry;
  if (current.award?.certificateId)
    await revokeCertificate(services, current.award.certificateId, '作品已删除', now);
  if (
    current.status !== 'withdrawn' ||
    current.counted ||
    current.recommended ||
    current.awarded ||
    current.shown.length
  ) {
    const call = await loadCall(services, entry.callId);
    current = await transition(services, call, entry, 'withdrawn', {}, actor, 'contest.remove', now);
  }
  await dropShowcase(services, current);
  await dropDuplicates(services, current);
  await dropEntryChecks(services, current._id);
  // A city-round work leaves its judges' lists (and their progress counts) with it.
  await services.store.removeMany(COL.judging, { entryId: current._id });
  for (const like of await findAll<{ _id: string }>(services.store, COL.likes, { entryId: current._id })) {
    await services.store.remove(COL.likes, like._id);
  }
  await services.store.removeMany(COL.counts, { _id: { $in: likeShardIds(current._id) } });
  await services.store.remove(COL.entries, current._id);
  for (const fileId of filesOf(current)) await deleteOwnUpload(services, fileId, current.createdBy);
  await audit(services, actor, 'contest.deleteEntry', current._id);
}

/** The like-counter shards of an entry. */
export function likeShardIds(entryId: string): string[] {
  return [0, 1, 2, 3].map((n) => `like:${entryId}:${n}`);
}

/**
 * The caller's own entries and their children's (newest first), each with its state, what it waits for,
 * notes from reviewers and any award: 「我的作品」.
 */
export const myEntries = defineAction({
  title: '我的作品',
  input: z.object({ callId: s.id.optional() }).strict(),
  access: 'user',
  async handler({ services, user, openid }, input) {
    const rosterIds = new Set<string>();
    for (const g of user.roles) if (g.role === 'student') rosterIds.add(g.rosterId);
    for (const f of await findAll<{ _id: string; rosterId: string }>(services.store, C.families, {
      parentOpenid: openid,
      ...CONFIRMED_LINK,
    })) {
      rosterIds.add(f.rosterId);
    }
    const docs = await entriesOfPerson(services, openid, [...rosterIds], input.callId);
    const calls = new Map<string, CallDoc>();
    const items = [];
    for (const doc of docs) {
      if (doc.createdBy !== openid && doc.status === 'draft') continue;
      const rel = await relationToEntry(services, user, doc);
      if (!rel.isSubmitter && !rel.isFamily && !rel.isTeacherAuthor) continue;
      let call = calls.get(doc.callId);
      if (!call) {
        call = await loadCall(services, doc.callId);
        calls.set(call._id, call);
      }
      items.push({
        ...(await ownerView(services, call, doc, rel.isSubmitter, rel.mayWithdraw)),
        mine: rel.isSubmitter,
      });
    }
    return { items };
  },
});

/**
 * A person's entries and their children's, newest first (two indexed queries rather than an $or, which
 * the local store would answer by scanning every entry).
 */
export async function entriesOfPerson(
  services: Services,
  openid: string,
  rosterIds: string[],
  callId?: string,
): Promise<EntryDoc[]> {
  const call = callId ? { callId } : {};
  const opts = { sort: { updatedAt: -1 as const }, limit: 100 };
  const own = await services.store.find<EntryDoc>(COL.entries, { createdBy: openid, ...call }, opts);
  const kids = rosterIds.length
    ? await services.store.find<EntryDoc>(COL.entries, { rosterIds: { $in: rosterIds }, ...call }, opts)
    : [];
  const all = new Map([...own, ...kids].map((e) => [e._id, e]));
  return [...all.values()]
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
    .slice(0, 100);
}

/** Whether the caller reviews this entry in its current round or organises its call. */
async function reviewsEntry(
  services: Services,
  user: HandlerContext['user'],
  call: CallDoc,
  entry: EntryDoc,
): Promise<boolean> {
  if (isCityAdmin(user)) return true;
  if (managesDistrict(user, entry.districtId)) return true;
  const school = await mustGet<SchoolDoc>(services.store, C.schools, entry.schoolId, '学校');
  return reviewsSchoolRound(user, school, await namedReviewers(services, call._id, entry.schoolId));
}

/**
 * One entry in full for whoever may see it so: its submitter and family (their view with state and
 * notes), or a reviewer of its school, district or the city (with names, class, advisor and flags).
 * Anyone else gets NOT_FOUND (the public uses `work`).
 */
export const entry = defineAction({
  title: '作品详情',
  input: z.object({ entryId: s.id }).strict(),
  access: 'user',
  async handler({ services, user }, { entryId }) {
    const doc = await loadEntry(services, entryId);
    const call = await loadCall(services, doc.callId);
    const rel = await relationToEntry(services, user, doc);
    if (rel.isSubmitter || ((rel.isFamily || rel.isTeacherAuthor) && doc.status !== 'draft')) {
      return {
        as: 'author' as const,
        author: await ownerView(services, call, doc, rel.isSubmitter, rel.mayWithdraw),
        review: null,
      };
    }
    if (doc.status !== 'draft' && (await reviewsEntry(services, user, call, doc))) {
      return { as: 'reviewer' as const, author: null, review: await reviewerView(services, call, doc) };
    }
    throw notFound('作品不存在');
  },
});
