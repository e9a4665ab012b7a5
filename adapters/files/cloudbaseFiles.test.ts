/**
 * The CloudBase file adapter's take-over of uploads (FileStorage.pin), against a stand-in for the
 * node-sdk's storage calls: the pinned file is uploaded by the server (so the client does not own it),
 * the client's upload is deleted, and a second pin of the same upload answers the same id.
 */
import type tcb from '@cloudbase/node-sdk';
import { createCloudbaseFiles } from './cloudbaseFiles';

type App = ReturnType<typeof tcb.init>;

function fakeStorage() {
  const files = new Map<string, Buffer>();
  const calls: string[] = [];
  const app = {
    async downloadFile({ fileID }: { fileID: string }) {
      calls.push(`download ${fileID}`);
      const bytes = files.get(fileID);
      if (!bytes) throw new Error('STORAGE_FILE_NONEXIST');
      return { fileContent: bytes };
    },
    async uploadFile({ cloudPath, fileContent }: { cloudPath: string; fileContent: Buffer }) {
      calls.push(`upload ${cloudPath}`);
      const fileID = `cloud://env-1.bucket/${cloudPath}`;
      files.set(fileID, fileContent);
      return { fileID };
    },
    async deleteFile({ fileList }: { fileList: string[] }) {
      calls.push(`delete ${fileList.join(',')}`);
      for (const id of fileList) files.delete(id);
      return { fileList: fileList.map((fileID) => ({ fileID, code: 'SUCCESS' })) };
    },
    async getTempFileURL({ fileList }: { fileList: string[] }) {
      return {
        fileList: fileList.map((id) => ({
          fileID: id,
          code: files.has(id) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST',
          tempFileURL: files.has(id) ? `https://tmp/${id}` : '',
        })),
      };
    },
  };
  return { app: app as unknown as App, files, calls };
}

const UPLOAD = 'cloud://env-1.bucket/u/AbCdEfGhIjKlMnOpQrStUv.png';
const PINNED = 'cloud://env-1.bucket/p/AbCdEfGhIjKlMnOpQrStUv.png';

test('pin re-uploads the client’s file as the server under p/ and deletes the upload', async () => {
  const { app, files, calls } = fakeStorage();
  files.set(UPLOAD, Buffer.from('drawing'));
  const storage = createCloudbaseFiles(app);
  expect(storage.pinnedId(UPLOAD)).toBe(PINNED);
  expect(await storage.pin(UPLOAD)).toBe(PINNED);
  expect(files.get(PINNED)?.toString()).toBe('drawing');
  expect(files.has(UPLOAD)).toBe(false);
  expect(calls).toEqual([`download ${UPLOAD}`, 'upload p/AbCdEfGhIjKlMnOpQrStUv.png', `delete ${UPLOAD}`]);
});

test('pinning again (a retried save) answers the pinned id; a pinned id maps to itself', async () => {
  const { app, files } = fakeStorage();
  files.set(UPLOAD, Buffer.from('drawing'));
  const storage = createCloudbaseFiles(app);
  await storage.pin(UPLOAD);
  expect(await storage.pin(UPLOAD)).toBe(PINNED);
  expect(await storage.pin(PINNED)).toBe(PINNED);
  expect(storage.pinnedId(PINNED)).toBe(PINNED);
});

test('an upload that is neither there nor pinned is an error, not a silent success', async () => {
  const { app } = fakeStorage();
  await expect(createCloudbaseFiles(app).pin(UPLOAD)).rejects.toThrow('STORAGE_FILE_NONEXIST');
});
