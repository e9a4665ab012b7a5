import { precondition } from './errors';
import type { DocumentStore } from './store';

/** Metadata of a stored upload. */
export interface FileInfo {
  fileId: string;
  size: number;
  contentType: string;
}

/**
 * File storage seen by handlers: local mode keeps files under the data folder, CloudBase uses
 * cloud storage. Ids are opaque strings the client got from its upload.
 */
export interface FileStorage {
  /** Size and type of a file, or null when no such file exists. */
  stat(fileId: string): Promise<FileInfo | null>;
  /** The bytes of a file (for server-side parsing such as roster .xlsx). */
  read(fileId: string): Promise<Uint8Array>;
  /** A URL the client can display. */
  url(fileId: string): Promise<string>;
  /** Delete a file; missing files are ignored. */
  remove(fileId: string): Promise<void>;
  /** The file id a path under the storage root has (null when the adapter cannot tell). */
  idOfPath(path: string): string | null;
  /**
   * Write a file the server made (an export) at `path` under the storage root, from bytes or a stream
   * of chunks (written as they come, never held whole); answers its id. Clients never name paths here.
   */
  put(path: string, data: Uint8Array | AsyncIterable<Uint8Array>, contentType: string): Promise<FileInfo>;
  /**
   * The id an upload has once the server took it over (`pin`): a pure mapping of a client upload's id
   * (an id already taken over maps to itself).
   */
  pinnedId(fileId: string): string;
  /**
   * Take over a client's upload once a handler accepts it: move it where only the server writes, so the
   * bytes checked now are the bytes shown later (on CloudBase a client may overwrite its own uploads).
   * Idempotent: answers `pinnedId(fileId)` whether it moved the file now or before.
   */
  pin(fileId: string): Promise<string>;
}

/** Outgoing notices (reminders): WeChat subscribe messages in production, recorded locally. */
export interface Notifier {
  /** Send (or record) a reminder to one openid; returns whether it was delivered. */
  remind(openid: string, template: string, data: Record<string, string>): Promise<boolean>;
}

/** Verdict of a content check: pass (visible), review (kept private until a later pass), reject (with reason). */
export interface ModerationResult {
  verdict: 'pass' | 'review' | 'reject';
  /** User-facing reason when rejected or held. */
  reason?: string;
  /** Provider trace id (WeChat mediaCheckAsync) to match an async result. */
  traceId?: string;
  /** Which checker decided ('local-words', 'wechat-msgSecCheck', …). */
  provider: string;
  /** The kind of problem when known ('selfharm' gets a caring answer, core/moderation/gate.ts). */
  category?: string;
}

/** Content checks run on the server before anyone else can see user content. */
export interface Moderator {
  /** Check text written by `openid`. */
  checkText(text: string, openid: string): Promise<ModerationResult>;
  /** Check an uploaded image; may answer 'review' and settle later (WeChat mediaCheckAsync). */
  checkImage(fileId: string, openid: string): Promise<ModerationResult>;
}

/**
 * Makes the mini-program code (wxacode) of a page with a scene and answers the stored image's file id.
 * Only on WeChat; elsewhere QR codes carry the H5 page URL.
 */
export type MiniCodeMaker = (page: string, scene: string) => Promise<string>;

/** One sheet of a workbook to write: a name, column headers with widths, and rows of plain values. */
export interface SheetData {
  name: string;
  columns: { header: string; width?: number }[];
  rows: (string | number | null)[][];
}

/**
 * Spreadsheets at the edge (.xlsx bytes ⇄ plain rows), so handlers never parse a file format themselves.
 * Local mode and CloudBase wire the same adapter (adapters/spreadsheet.ts).
 */
export interface Spreadsheet {
  /**
   * A worksheet (the first, or the one named `sheet`) as rows of text cells: `rows[i]` is spreadsheet
   * row i + 1, blank rows kept as empty arrays, an empty cell is null; no such sheet answers []. Throws on
   * bytes that are not a readable .xlsx.
   */
  readRows(bytes: Uint8Array, maxRows?: number, sheet?: string): Promise<(string | null)[][]>;
  /** A workbook of `sheets` as .xlsx bytes. */
  write(sheets: SheetData[]): Promise<Uint8Array>;
}

/** One file of a zip archive: its path inside the archive and how to read it when its turn comes. */
export interface ZipSource {
  name: string;
  read: () => Promise<Uint8Array>;
  /** Deflate it (text, documents); false stores it as is (JPEG, PNG, MP4 are compressed already). */
  compress: boolean;
}

/** Zip writing at the edge (adapters/zip.ts): files go in one at a time and chunks come out as they are ready. */
export interface Zipper {
  zip(files: AsyncIterable<ZipSource> | Iterable<ZipSource>): AsyncIterable<Uint8Array>;
}

/** Everything a handler may touch besides its input. Built once per process by an adapter. */
export interface Services {
  store: DocumentStore;
  files: FileStorage;
  notifier: Notifier;
  /** Content moderation (optional: features that publish user content require it). */
  moderator?: Moderator;
  /** Mini-program codes (WeChat only). */
  miniCode?: MiniCodeMaker;
  /** .xlsx reading and writing (optional: imports and exports refuse without it). */
  spreadsheet?: Spreadsheet;
  /** .zip writing (optional: exports of works refuse without it). */
  zipper?: Zipper;
  /** The current instant; tests pin it. */
  now: () => Date;
  /** Deployment settings read from the environment by the adapter. */
  config: {
    /** Code that lets the first person become city admin (empty: bootstrap disabled). */
    bootstrapCode?: string;
    /** Public base URL for links in QR codes (H5 pages). */
    publicBaseUrl?: string;
  };
}

/** The spreadsheet service, or FAILED_PRECONDITION when the deployment has none (imports and exports). */
export function spreadsheetOf(services: Services): Spreadsheet {
  if (!services.spreadsheet) throw precondition('表格服务未配置，暂时不能导入或导出 Excel');
  return services.spreadsheet;
}
