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

/** Everything a handler may touch besides its input. Built once per process by an adapter. */
export interface Services {
  store: DocumentStore;
  files: FileStorage;
  notifier: Notifier;
  /** Content moderation (optional: features that publish user content require it). */
  moderator?: Moderator;
  /** Mini-program codes (WeChat only). */
  miniCode?: MiniCodeMaker;
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
