import { C } from './collections';
import { randomToken } from './codes';
import type { Services } from './services';
import type { Doc } from './store';

/**
 * Files the server writes for one person (exports of a class, a school, a call's recommended works):
 * written to storage (never returned through a function's response, which has a size limit), answered
 * with a temporary URL, and deleted with their record after EXPORT_HOURS by the timer.
 */

/** Export files live this long. */
export const EXPORT_HOURS = 24;

/** Content types of the files the server writes. */
export const EXPORT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
} as const;

/** One export file as recorded. */
export interface ExportDoc extends Doc {
  fileId: string;
  kind: keyof typeof EXPORT_TYPES;
  /** What it exports ('class:<id>', 'school:<id>', 'call:<id>'). */
  ref: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
}

/** Write an export file for `openid` and answer its temporary URL. */
export async function storeExport(
  services: Services,
  openid: string,
  kind: keyof typeof EXPORT_TYPES,
  ref: string,
  data: Uint8Array | AsyncIterable<Uint8Array>,
  now: Date,
): Promise<{ url: string; bytes: number; expiresAt: string }> {
  const token = randomToken();
  const info = await services.files.put(`exports/${token}.${kind}`, data, EXPORT_TYPES[kind]);
  const expiresAt = new Date(now.getTime() + EXPORT_HOURS * 3_600_000).toISOString();
  const doc: ExportDoc = {
    _id: token,
    fileId: info.fileId,
    kind,
    ref,
    createdBy: openid,
    createdAt: now.toISOString(),
    expiresAt,
  };
  await services.store.insert(C.exportFiles, doc);
  return { url: await services.files.url(info.fileId), bytes: info.size, expiresAt };
}

/** Delete expired export files and their records (a bounded batch; the timer runs it). */
export async function sweepExports(services: Services, now: Date, batch = 50): Promise<number> {
  const due = await services.store.find<ExportDoc>(
    C.exportFiles,
    { expiresAt: { $lt: now.toISOString() } },
    { sort: { expiresAt: 1 }, limit: batch },
  );
  for (const doc of due) {
    await services.files.remove(doc.fileId).catch(() => undefined);
    await services.store.remove(C.exportFiles, doc._id);
  }
  return due.length;
}
