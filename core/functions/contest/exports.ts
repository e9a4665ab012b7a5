import { z } from 'zod';
import { audit } from '../../audit';
import { precondition } from '../../errors';
import type { DistrictDoc, SchoolDoc } from '../../model';
import { districtFor, schoolFor } from '../../permissions';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services, ZipSource } from '../../services';
import { findAll, type Filter } from '../../store';
import { dayIn } from '../../time';
import { loadCall } from './lifecycle';
import {
  authorLabel,
  COL,
  districtRoundOf,
  statusLabel,
  TIER_LABEL,
  type CallDoc,
  type EntryDoc,
  type EntryStatus,
} from './model';
import { safeFileName } from './schemas';
import { storeExport, sweepExports } from '../../exportFiles';
import { labelsOf } from './views';

/**
 * Exports for the 报送 the plan asks for: an .xlsx of a school's or district's recommended works (author,
 * class, group, category, advisor, title, score, tier) and a .zip of the works themselves. Both are
 * written to storage by the server (the zip streamed: each work's files are read when their turn comes)
 * and answered with a temporary URL; the file and its record are deleted after EXPORT_HOURS by the
 * timer (core/exportFiles.ts).
 */

/** Most works one export takes (a district's recommendations; larger sets are split by category). */
export const MAX_EXPORT_ENTRIES = 2000;

/** What a school or a district reports up: the works it recommended (and how far they got). */
const REPORTED: Record<'school' | 'district', EntryStatus[]> = {
  school: ['school_recommended', 'district_passed', 'district_recommended', 'city_selected'],
  district: ['district_recommended', 'city_selected'],
};

const input = z
  .object({
    callId: s.id,
    level: z.enum(['school', 'district']),
    unitId: s.id,
    category: s.id.optional(),
  })
  .strict();

/** The recommended works of a unit the caller manages (school admins, district admins, the city). */
async function reported(
  services: Services,
  user: Parameters<typeof schoolFor>[1],
  q: z.output<typeof input>,
) {
  const call = await loadCall(services, q.callId);
  let unit: SchoolDoc | DistrictDoc;
  let filter: Filter;
  if (q.level === 'school') {
    unit = await schoolFor(services.store, user, q.unitId, 'manage');
    filter = { schoolId: unit._id, callId: call._id, status: { $in: REPORTED[q.level] } };
  } else {
    unit = await districtFor(services.store, user, q.unitId, 'manage');
    filter = { ...districtRoundOf(call._id, unit._id), status: { $in: REPORTED[q.level] } };
  }
  if (q.category) filter.category = q.category;
  const entries = await findAll<EntryDoc>(services.store, COL.entries, filter, { order: 1 });
  if (!entries.length) throw precondition('还没有推荐的作品可以导出');
  if (entries.length > MAX_EXPORT_ENTRIES)
    throw precondition(`作品太多（${entries.length} 件），请按类别分别导出`);
  entries.sort(
    (a, b) =>
      a.category.localeCompare(b.category) ||
      a.group.localeCompare(b.group) ||
      a.order.localeCompare(b.order),
  );
  return { call, unit, entries };
}

/** Delete expired export files (kept for callers of the contest module; the timer runs sweepExports). */
export const sweepContestExports = sweepExports;

/** Store an export file of a call and answer its temporary URL. */
async function store(
  services: Services,
  call: CallDoc,
  openid: string,
  kind: 'xlsx' | 'zip',
  data: Uint8Array | AsyncIterable<Uint8Array>,
  now: Date,
) {
  return storeExport(services, openid, kind, `call:${call._id}`, data, now);
}

/** Score and tier cells (published results only). */
function scoreCells(call: CallDoc, e: EntryDoc): [number | null, string] {
  if (call.results?.state !== 'published' || !e.award) return [null, ''];
  const score = e.award.basis === 'raw' ? e.award.raw : e.award.normalised;
  return [score, e.award.tier ? TIER_LABEL[e.award.tier] : ''];
}

/** The .xlsx of a school's or a district's recommended works (报送表). */
export const exportList = defineAction({
  title: '导出推荐作品表',
  input,
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, openid, now }, q) {
    if (!services.spreadsheet) throw precondition('表格导出暂不可用');
    const { call, unit, entries } = await reported(services, user, q);
    const rows = entries.map((e, i) => {
      const labels = labelsOf(call, e);
      const [score, tier] = scoreCells(call, e);
      return [
        i + 1,
        authorLabel(e, (n) => n),
        e.authorType === 'teacher' ? '教师' : (e.className ?? ''),
        e.schoolName,
        labels.groupTitle,
        labels.categoryTitle,
        e.advisor?.name ?? '',
        e.title,
        score,
        tier,
        statusLabel(call, e.status),
      ];
    });
    const bytes = await services.spreadsheet.write([
      {
        name: '推荐作品',
        columns: [
          { header: '序号', width: 6 },
          { header: '作者', width: 18 },
          { header: '班级', width: 14 },
          { header: '学校', width: 20 },
          { header: '组别', width: 10 },
          { header: '类别', width: 10 },
          { header: '指导教师', width: 10 },
          { header: '作品名称', width: 24 },
          { header: '得分', width: 8 },
          { header: '奖项', width: 8 },
          { header: '状态', width: 16 },
        ],
        rows,
      },
    ]);
    const out = await store(services, call, openid, 'xlsx', bytes, now);
    await audit(services, openid, 'contest.exportList', call._id, {
      level: q.level,
      unitId: unit._id,
      rows: rows.length,
    });
    return { ...out, rows: rows.length, fileName: `${call.title}-${unit.name}-推荐作品-${dayIn(now)}.xlsx` };
  },
});

/** A file name safe in every archive tool (40 characters). */
const safe = (name: string) => safeFileName(name, 40);

/** A stored file's extension (file ids end in ".<ext>": core/uploads.ts names every upload so). */
function extOf(fileId: string): string {
  const m = /\.([a-z0-9]{2,5})$/.exec(fileId);
  return m ? m[1] : 'bin';
}

/** The files of one work inside the archive: a folder per work with its pictures, video, documents and text. */
function* filesOfWork(services: Services, call: CallDoc, e: EntryDoc, n: number): Generator<ZipSource> {
  const labels = labelsOf(call, e);
  const folder = `${String(n).padStart(3, '0')}_${safe(labels.categoryTitle)}_${safe(authorLabel(e, (x) => x))}_${safe(e.title)}`;
  const file = (name: string, fileId: string, compress = false): ZipSource => ({
    name: `${folder}/${name}`,
    compress,
    read: async () => services.files.read(fileId),
  });
  const info = [
    `作品名称：${e.title}`,
    `作者：${authorLabel(e, (x) => x)}`,
    `学校：${e.schoolName}${e.className ? ` ${e.className}` : ''}`,
    `组别：${labels.groupTitle}`,
    `类别：${labels.categoryTitle}`,
    `指导教师：${e.advisor?.name ?? '无'}`,
    '',
    e.body,
  ].join('\n');
  yield { name: `${folder}/作品信息.txt`, compress: true, read: async () => new TextEncoder().encode(info) };
  for (const [i, p] of e.images.entries()) yield file(`图片${i + 1}.${extOf(p.fileId)}`, p.fileId);
  if (e.video) {
    yield file('视频.mp4', e.video.fileId);
    yield file(`封面.${extOf(e.video.cover.fileId)}`, e.video.cover.fileId);
  }
  if (e.lesson) {
    yield file(`教案-${safe(e.lesson.plan.name)}`, e.lesson.plan.fileId, true);
    if (e.lesson.slides) yield file(`课件-${safe(e.lesson.slides.name)}`, e.lesson.slides.fileId, true);
    if (e.lesson.recording) yield file('课堂录像.mp4', e.lesson.recording.fileId);
  }
}

/**
 * The .zip of a school's or district's recommended works: one folder per work (pictures, video and
 * cover, lesson files, and a text file with the work's details and text), streamed into storage.
 */
export const exportWorks = defineAction({
  title: '导出作品压缩包',
  input,
  access: ['city_admin', 'district_admin', 'school_admin'],
  async handler({ services, user, openid, now }, q) {
    if (!services.zipper) throw precondition('压缩包导出暂不可用');
    const { call, unit, entries } = await reported(services, user, q);
    const files = entries.flatMap((e, i) => [...filesOfWork(services, call, e, i + 1)]);
    const out = await store(services, call, openid, 'zip', services.zipper.zip(files), now);
    await audit(services, openid, 'contest.exportWorks', call._id, {
      level: q.level,
      unitId: unit._id,
      works: entries.length,
    });
    return { ...out, works: entries.length, fileName: `${call.title}-${unit.name}-作品-${dayIn(now)}.zip` };
  },
});
