import { z } from 'zod';
import { C } from './collections';
import { randomToken } from './codes';
import { denied, invalid } from './errors';
import type { Services } from './services';
import type { Doc } from './store';

/**
 * File ownership, one mechanism for CloudBase and local mode. A client never chooses where a file goes:
 * it asks `files.prepareUpload` for a ticket, which records the caller as owner and answers an
 * unguessable path (`u/<ticket>.<ext>`); the client uploads there (wx.cloud.uploadFile on WeChat, the
 * local server's /api/files elsewhere). A handler that receives a file id accepts it only through
 * `ownUpload`: the path must name a ticket the caller owns, for the right purpose, and the stored file
 * must have an allowed type and size. Files are deleted only through `deleteOwnUpload` (the owner's
 * own) or by retention (unused tickets after a day, rejected photos after 30 days).
 */

/** What an upload is for: each purpose has its allowed types and size. */
export const UPLOAD_PURPOSES = {
  signature: { title: '签名图片', types: ['image/png', 'image/jpeg'], maxBytes: 512 * 1024 },
  paperSheet: { title: '纸质承诺书照片', types: ['image/png', 'image/jpeg'], maxBytes: 20 * 1024 * 1024 },
  cardPhoto: { title: '照片', types: ['image/png', 'image/jpeg'], maxBytes: 10 * 1024 * 1024 },
  rosterXlsx: {
    title: '名单文件',
    types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    maxBytes: 2 * 1024 * 1024,
  },
  questionXlsx: {
    title: '题库文件',
    types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    maxBytes: 5 * 1024 * 1024,
  },
  entryImage: { title: '作品图片', types: ['image/png', 'image/jpeg'], maxBytes: 10 * 1024 * 1024 },
  entryVideo: { title: '短视频', types: ['video/mp4'], maxBytes: 100 * 1024 * 1024 },
  entryCover: { title: '视频封面', types: ['image/png', 'image/jpeg'], maxBytes: 5 * 1024 * 1024 },
  entryDocument: {
    title: '教案或课件',
    types: [
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 30 * 1024 * 1024,
  },
} as const satisfies Record<string, { title: string; types: readonly string[]; maxBytes: number }>;

/** An upload purpose. */
export type UploadPurpose = keyof typeof UPLOAD_PURPOSES;

/** File extension stored for each content type. */
export const EXTENSION_OF: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/** An unused ticket (nothing attached the file) is deleted with its file after this long. */
export const PENDING_UPLOAD_HOURS = 24;

/** Photos held back by moderation are deleted this long after the verdict. */
export const REJECTED_RETENTION_DAYS = 30;

/** An upload ticket and what became of it. `_id` is the ticket (unguessable, part of the path). */
export interface UploadDoc extends Doc {
  owner: string;
  purpose: UploadPurpose;
  contentType: string;
  /** Where the client uploads, relative to the storage root: `u/<ticket>.<ext>`. */
  path: string;
  /** The file id first used with this ticket (bound on first use). */
  fileId?: string;
  /** 'pending' until a handler used it; 'used' after. */
  status: 'pending' | 'used';
  /** What uses it, e.g. 'cards/abc' (informational; deletion goes through the owner). */
  usedBy?: string;
  createdAt: string;
  /** Pending tickets expire; a used file may get a deletion date (rejected photos). */
  expiresAt?: string;
}

/** Input of files.prepareUpload. */
export const prepareUploadInput = z
  .object({
    purpose: z.enum(Object.keys(UPLOAD_PURPOSES) as [UploadPurpose, ...UploadPurpose[]], {
      errorMap: () => ({ message: '不支持的文件用途' }),
    }),
    contentType: z.string().max(120),
    /** Size the client is about to upload (checked again on the stored file). */
    size: z.number().int().min(1, '文件是空的').optional(),
  })
  .strict();

/**
 * The ticket part of a file id: a client upload `cloud://<env>.<bucket>/u/<ticket>.<ext>` or
 * `local://<ticket>.<ext>`, or the same upload once the server took it over (`…/p/<ticket>.<ext>`,
 * `local://<ticket>-p.<ext>`; FileStorage.pin).
 */
export function ticketOf(fileId: string): string | null {
  const m = /^(?:cloud:\/\/[^/]+\/[up]\/([\w-]{22})|local:\/\/([\w-]{22})(?:-p)?)\.([a-z0-9]{2,5})$/.exec(
    fileId,
  );
  return m ? (m[1] ?? m[2]) : null;
}

/** Create a ticket for `owner` (files.prepareUpload). Answers where to upload. */
export async function prepareUpload(
  services: Services,
  owner: string,
  input: z.output<typeof prepareUploadInput>,
  now: Date,
): Promise<{ ticket: string; path: string; maxBytes: number }> {
  const rule = UPLOAD_PURPOSES[input.purpose];
  if (!(rule.types as readonly string[]).includes(input.contentType)) {
    throw invalid(`${rule.title}的文件类型不对（${input.contentType}）`);
  }
  if (input.size !== undefined && input.size > rule.maxBytes) throw invalid(tooLarge(rule));
  const ticket = randomToken();
  const doc: UploadDoc = {
    _id: ticket,
    owner,
    purpose: input.purpose,
    contentType: input.contentType,
    path: `u/${ticket}.${EXTENSION_OF[input.contentType]}`,
    status: 'pending',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + PENDING_UPLOAD_HOURS * 3_600_000).toISOString(),
  };
  await services.store.insert(C.uploads, doc);
  return { ticket, path: doc.path, maxBytes: rule.maxBytes };
}

/**
 * Check a direct upload against its ticket (the local server's /api/files; on CloudBase the storage
 * rule does this job): the caller owns the ticket, it is still pending (a retry of the same upload
 * replaces the file; a used ticket takes no new bytes), and type and size fit its purpose.
 * Answers the file name to store (`<ticket>.<ext>`).
 */
export async function checkDirectUpload(
  services: Services,
  ticket: string,
  openid: string,
  contentType: string,
  size: number,
  now: Date,
): Promise<string> {
  const doc = /^[\w-]{22}$/.test(ticket) ? await services.store.get<UploadDoc>(C.uploads, ticket) : null;
  if (!doc || doc.owner !== openid) throw denied('上传凭证无效，请重新选择文件');
  if (doc.status !== 'pending' || (doc.expiresAt && doc.expiresAt < now.toISOString())) {
    throw denied('上传凭证已用过或已过期，请重新选择文件');
  }
  const rule = UPLOAD_PURPOSES[doc.purpose];
  if (contentType !== doc.contentType) throw invalid(`${rule.title}的文件类型不对（${contentType}）`);
  if (size === 0) throw invalid(`${rule.title}是空的`);
  if (size > rule.maxBytes) throw invalid(tooLarge(rule));
  return doc.path.slice(2);
}

function tooLarge(rule: { title: string; maxBytes: number }): string {
  const mb = rule.maxBytes / 1024 / 1024;
  return `${rule.title}太大了（最大 ${mb >= 1 ? `${mb} MB` : `${Math.round(rule.maxBytes / 1024)} KB`}），请重新选择`;
}

/** An accepted upload: its ticket and the id its file has now (the client's, or the server's once pinned). */
export type AcceptedUpload = UploadDoc & { at: string };

/**
 * Accept a file id from a client: it must name a ticket `openid` owns, for one of `purposes`, and the
 * stored file must exist with an allowed type and size. The id may be the client's upload or the same
 * upload after the server took it over (a draft edited again). Answers the ticket and where the file is
 * now. Nothing is written here: `takeOver` pins the file, `markUsed` records the use once the caller's
 * own write succeeded.
 */
export async function ownUpload(
  services: Services,
  fileId: string,
  openid: string,
  purposes: UploadPurpose | UploadPurpose[],
): Promise<AcceptedUpload> {
  const allowed = Array.isArray(purposes) ? purposes : [purposes];
  const title = UPLOAD_PURPOSES[allowed[0]].title;
  const ticket = ticketOf(fileId);
  const doc = ticket ? await services.store.get<UploadDoc>(C.uploads, ticket) : null;
  if (!doc || doc.owner !== openid) throw denied(`只能使用自己上传的${title}，请重新上传`);
  if (!allowed.includes(doc.purpose)) throw invalid(`这个文件不是${title}，请重新上传`);
  const asUploaded = fileId.endsWith(`/${doc.path}`) || fileId === `local://${doc.path.slice(2)}`;
  const pinned = asUploaded ? services.files.pinnedId(fileId) : fileId;
  // A pinned id is accepted only as the pinned form of this very ticket's upload.
  if (!asUploaded && !(services.files.pinnedId(fileId) === fileId && ticketOf(fileId) === doc._id)) {
    throw denied(`只能使用自己上传的${title}，请重新上传`);
  }
  if (doc.fileId && doc.fileId !== pinned && doc.fileId !== fileId) {
    throw denied(`只能使用自己上传的${title}，请重新上传`);
  }
  const at = asUploaded && !(await services.files.stat(fileId)) ? pinned : fileId;
  const info = await services.files.stat(at);
  if (!info) throw invalid(`${title}没有上传成功，请重新上传`);
  const rule = UPLOAD_PURPOSES[doc.purpose];
  if (!(rule.types as readonly string[]).includes(info.contentType)) {
    throw invalid(`${title}的文件类型不对，请重新上传`);
  }
  if (info.size === 0) throw invalid(`${title}是空的，请重新上传`);
  if (info.size > rule.maxBytes) throw invalid(tooLarge(rule));
  return { ...doc, at };
}

/**
 * Take over an accepted upload before checking or showing it: the file moves where only the server
 * writes (FileStorage.pin), so what moderation and reviewers passed is what everyone sees later. Answers
 * the id to store. Idempotent; the ticket itself is not written (a refused call changes no record).
 */
export async function takeOver(services: Services, upload: AcceptedUpload): Promise<string> {
  return services.files.pin(upload.at);
}

/** Record that an accepted upload is now used by `usedBy` (binds the file id; clears the expiry). */
export async function markUsed(
  services: Services,
  upload: UploadDoc,
  fileId: string,
  usedBy: string,
): Promise<void> {
  await services.store.update(C.uploads, upload._id, {
    $set: { status: 'used', fileId, usedBy },
    $unset: { expiresAt: true },
  });
}

/** Schedule a used upload for deletion (e.g. a photo moderation rejected): kept `days` for appeals. */
export async function expireUpload(
  services: Services,
  fileId: string,
  now: Date,
  days: number,
): Promise<void> {
  const ticket = ticketOf(fileId);
  if (!ticket) return;
  await services.store.update(C.uploads, ticket, {
    $set: { expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString() },
  });
}

/**
 * Delete a file, but only when `openid` owns its ticket: a handler acting on someone's card, entry or
 * data can never delete another person's file, whatever id the record carries. Answers whether it did.
 */
export async function deleteOwnUpload(services: Services, fileId: string, openid: string): Promise<boolean> {
  const ticket = ticketOf(fileId);
  const doc = ticket ? await services.store.get<UploadDoc>(C.uploads, ticket) : null;
  if (!doc || doc.owner !== openid) return false;
  await services.files.remove(fileId);
  const pinned = services.files.pinnedId(fileId);
  if (pinned !== fileId) await services.files.remove(pinned);
  await services.store.remove(C.uploads, doc._id);
  return true;
}

/** Every upload ticket of a person (export lists them; deletion removes their files). */
export async function uploadsOf(services: Services, openid: string): Promise<UploadDoc[]> {
  const out: UploadDoc[] = [];
  for (let after = ''; ;) {
    const page = await services.store.find<UploadDoc>(
      C.uploads,
      { owner: openid, _id: { $gt: after } },
      { sort: { _id: 1 }, limit: 500 },
    );
    out.push(...page);
    if (page.length < 500) return out;
    after = page[page.length - 1]._id;
  }
}

/** Delete every file and ticket of a person (identity.deleteMyData). Answers how many files. */
export async function deleteUploadsOf(services: Services, openid: string): Promise<number> {
  const mine = await uploadsOf(services, openid);
  for (const doc of mine) {
    await removeFilesOf(services, doc);
    await services.store.remove(C.uploads, doc._id);
  }
  return mine.length;
}

/** The file id a pending ticket's file would have (local mode), for deleting files never attached. */
function fileIdOfPath(services: Services, doc: UploadDoc): string {
  return services.files.idOfPath?.(doc.path) ?? `local://${doc.path.slice(2)}`;
}

/** Delete a ticket's file wherever it is: its bound id, else as uploaded and as taken over. */
async function removeFilesOf(services: Services, doc: UploadDoc): Promise<void> {
  const uploaded = fileIdOfPath(services, doc);
  const ids = doc.fileId ? [doc.fileId] : [uploaded, services.files.pinnedId(uploaded)];
  for (const id of ids) await services.files.remove(id).catch(() => undefined);
}

/**
 * Retention sweep (the timer): delete expired tickets with their files, a bounded batch per call so a
 * tick stays short. Answers how many were removed.
 */
export async function sweepUploads(services: Services, now: Date, batch = 200): Promise<number> {
  const due = await services.store.find<UploadDoc>(
    C.uploads,
    { expiresAt: { $lt: now.toISOString() } },
    { sort: { expiresAt: 1 }, limit: batch },
  );
  for (const doc of due) {
    await removeFilesOf(services, doc);
    await services.store.remove(C.uploads, doc._id);
  }
  return due.length;
}
