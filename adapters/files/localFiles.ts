import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FileInfo, FileStorage } from '../../core/services';

/** Types an upload may have, with the extension stored on disk. */
export const UPLOAD_TYPES: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/** Types of files the server itself writes (exports): never accepted as uploads. */
export const SERVER_FILE_TYPES: Record<string, string> = {
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/zip': 'zip',
};

/** Largest upload accepted in local mode (each upload purpose has its own, smaller or equal, limit). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/**
 * Local file storage: files under `<dir>/<name>` with a `.json` sidecar; ids are `local://<name>`, where
 * the name is an upload ticket plus extension (core/uploads.ts), so a file id names its owner's ticket.
 */
export interface LocalFiles extends FileStorage {
  /** Store (or replace, on a retried upload) the file of an upload ticket: `name` is `<ticket>.<ext>`. */
  saveAs(name: string, bytes: Uint8Array, contentType: string): Promise<FileInfo>;
  /** Absolute path of a stored file, or null if the id is malformed. */
  pathOf(fileId: string): string | null;
  /** Whether a download's `sig` matches the file name (always true when URLs are not signed). */
  verifySignature(name: string, sig: string | undefined): boolean;
}

const NAME_RE = /^[\w-]{22}(?:-p)?\.[a-z0-9]{2,5}$/;
const ID_RE = /^local:\/\/([\w-]{22}(?:-p)?\.[a-z0-9]{2,5})$/;
/** A client upload's name (`<ticket>.<ext>`): the pinned form (`<ticket>-p.<ext>`) is the server's alone. */
const UPLOAD_NAME_RE = /^[\w-]{22}\.[a-z0-9]{2,5}$/;
/** The id a local upload has once the server took it over (see FileStorage.pin). */
const pinnedIdOf = (fileId: string) => fileId.replace(/^(local:\/\/[\w-]{22})\.([a-z0-9]{2,5})$/, '$1-p.$2');

/**
 * Create local file storage rooted at `dir`; `baseUrl` prefixes the URLs handed to clients. With a
 * `urlSecret`, every URL carries an HMAC of the file name, so only someone a handler gave the URL to
 * (like CloudBase's temporary URLs) can download a child's signature or a family photo.
 */
export function createLocalFiles(dir: string, baseUrl = '/api/files', urlSecret?: string): LocalFiles {
  const ready = fs.mkdir(dir, { recursive: true });
  const sign = (name: string) =>
    createHmac('sha256', urlSecret ?? '')
      .update(name)
      .digest('base64url')
      .slice(0, 32);
  const pathOf = (fileId: string) => {
    const m = ID_RE.exec(fileId);
    return m ? path.join(dir, m[1]) : null;
  };
  return {
    pathOf,
    idOfPath(p) {
      const name = p.replace(/^u\//, '');
      return NAME_RE.test(name) ? `local://${name}` : null;
    },
    async saveAs(name, bytes, contentType) {
      await ready;
      if (!UPLOAD_NAME_RE.test(name) || !UPLOAD_TYPES[contentType])
        throw new Error(`bad upload ${name} ${contentType}`);
      const info: FileInfo = { fileId: `local://${name}`, size: bytes.byteLength, contentType };
      // Write to a temporary name first: a reader never sees half a file, a retry replaces it whole.
      const tmp = path.join(dir, `.${name}.${randomUUID()}`);
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, path.join(dir, name));
      await fs.writeFile(path.join(dir, `${name}.json`), JSON.stringify(info));
      return info;
    },
    async put(p, data, contentType) {
      await ready;
      // The local store is flat: a server file's name is its path's last part, a token plus extension.
      const name = p.split('/').pop() ?? '';
      if (!NAME_RE.test(name) || !SERVER_FILE_TYPES[contentType]) {
        throw new Error(`bad server file ${p} ${contentType}`);
      }
      const tmp = path.join(dir, `.${name}.${randomUUID()}`);
      let size = 0;
      if (data instanceof Uint8Array) {
        await fs.writeFile(tmp, data);
        size = data.byteLength;
      } else {
        const out = await fs.open(tmp, 'w');
        try {
          for await (const chunk of data) {
            await out.write(chunk);
            size += chunk.byteLength;
          }
        } finally {
          await out.close();
        }
      }
      await fs.rename(tmp, path.join(dir, name));
      const info: FileInfo = { fileId: `local://${name}`, size, contentType };
      await fs.writeFile(path.join(dir, `${name}.json`), JSON.stringify(info));
      return info;
    },
    async stat(fileId) {
      const p = pathOf(fileId);
      if (!p) return null;
      try {
        return JSON.parse(await fs.readFile(`${p}.json`, 'utf8')) as FileInfo;
      } catch {
        return null;
      }
    },
    async read(fileId) {
      const p = pathOf(fileId);
      if (!p) throw new Error('bad file id');
      return new Uint8Array(await fs.readFile(p));
    },
    async url(fileId) {
      const m = ID_RE.exec(fileId);
      if (!m) return '';
      return urlSecret ? `${baseUrl}/${m[1]}?sig=${sign(m[1])}` : `${baseUrl}/${m[1]}`;
    },
    verifySignature(name, sig) {
      if (!urlSecret) return true;
      if (!sig) return false;
      const want = Buffer.from(sign(name));
      const got = Buffer.from(sig);
      return got.length === want.length && timingSafeEqual(got, want);
    },
    pinnedId: pinnedIdOf,
    async pin(fileId) {
      await ready;
      const pinned = pinnedIdOf(fileId);
      const from = pathOf(fileId);
      const to = pathOf(pinned);
      if (!from || !to) throw new Error(`bad file id ${fileId}`);
      if (pinned === fileId) return pinned;
      // Locally only the server writes files (tickets are single-use); the move keeps ids alike in both modes.
      try {
        await fs.rename(`${from}.json`, `${to}.json`);
        await fs.rename(from, to);
        const info = JSON.parse(await fs.readFile(`${to}.json`, 'utf8')) as FileInfo;
        await fs.writeFile(`${to}.json`, JSON.stringify({ ...info, fileId: pinned }));
      } catch (err) {
        // Moved already (a retried or concurrent accept): the pinned file is there.
        if (!(await fs.stat(to).catch(() => null))) throw err;
      }
      return pinned;
    },
    async remove(fileId) {
      const p = pathOf(fileId);
      if (!p) return;
      await fs.rm(p, { force: true });
      await fs.rm(`${p}.json`, { force: true });
    },
  };
}
