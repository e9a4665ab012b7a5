import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type tcb from '@cloudbase/node-sdk';
import type { FileStorage } from '../../core/services';

type App = ReturnType<typeof tcb.init>;

/** Where an upload lives once the server took it over: `cloud://<env>.<bucket>/u/<name>` → `…/p/<name>`. */
function pinnedIdOf(fileId: string): string {
  return fileId.replace(/^(cloud:\/\/[^/]+)\/u\/([\w-]{22}\.[a-z0-9]{2,5})$/, '$1/p/$2');
}

/**
 * File storage on CloudBase cloud storage: ids are the cloud:// fileIDs the client got from
 * wx.cloud.uploadFile. `fileIdPrefix` (the STORAGE_FILE_ID_PREFIX setting, `cloud://<env>.<bucket>`)
 * lets retention delete files of upload tickets that were never used (their id never reached us).
 */
export function createCloudbaseFiles(app: App, fileIdPrefix?: string): FileStorage {
  return {
    idOfPath(path) {
      return fileIdPrefix ? `${fileIdPrefix.replace(/\/+$/, '')}/${path}` : null;
    },
    async stat(fileId) {
      const res = await app.getTempFileURL({ fileList: [fileId] });
      const item = res.fileList?.[0];
      if (!item || item.code !== 'SUCCESS' || !item.tempFileURL) return null;
      const head = await fetch(item.tempFileURL, { method: 'HEAD' });
      if (!head.ok) return null;
      return {
        fileId,
        size: Number(head.headers.get('content-length') ?? 0),
        contentType: head.headers.get('content-type') ?? 'application/octet-stream',
      };
    },
    async read(fileId) {
      const res = await app.downloadFile({ fileID: fileId });
      return new Uint8Array(res.fileContent as Buffer);
    },
    async url(fileId) {
      const res = await app.getTempFileURL({ fileList: [fileId] });
      return res.fileList?.[0]?.tempFileURL ?? '';
    },
    async put(cloudPath, data, contentType) {
      if (data instanceof Uint8Array) {
        const res = await app.uploadFile({ cloudPath, fileContent: Buffer.from(data) });
        return { fileId: res.fileID, size: data.byteLength, contentType };
      }
      // node-sdk uploads a Buffer or an fs.ReadStream: spool the stream to the function's /tmp, then
      // upload from the file, so a large export never sits in memory whole.
      const tmp = path.join(os.tmpdir(), `put-${randomUUID()}`);
      try {
        await pipeline(Readable.from(data), createWriteStream(tmp));
        const { size } = await fs.stat(tmp);
        const res = await app.uploadFile({ cloudPath, fileContent: createReadStream(tmp) });
        return { fileId: res.fileID, size, contentType };
      } finally {
        await fs.rm(tmp, { force: true });
      }
    },
    pinnedId: pinnedIdOf,
    async pin(fileId) {
      const pinned = pinnedIdOf(fileId);
      if (pinned === fileId) return pinned;
      // A copy (copyFile) would keep the uploader as the file's owner, who could then overwrite it:
      // download and upload again as the server, so the new file is the server's alone.
      let bytes: Buffer;
      try {
        bytes = (await app.downloadFile({ fileID: fileId })).fileContent as Buffer;
      } catch (err) {
        // Taken over already (a retried or concurrent accept): the pinned file is there.
        const res = await app.getTempFileURL({ fileList: [pinned] });
        if (res.fileList?.[0]?.code === 'SUCCESS') return pinned;
        throw err;
      }
      const res = await app.uploadFile({
        cloudPath: pinned.replace(/^cloud:\/\/[^/]+\//, ''),
        fileContent: bytes,
      });
      await app.deleteFile({ fileList: [fileId] });
      return res.fileID;
    },
    async remove(fileId) {
      await app.deleteFile({ fileList: [fileId] });
    },
  };
}
