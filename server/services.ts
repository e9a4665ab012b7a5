import path from 'node:path';
import { createLocalFiles, type LocalFiles } from '../adapters/files/localFiles';
import { createSpreadsheet } from '../adapters/spreadsheet';
import { createZipper } from '../adapters/zip';
import { createNedbStore } from '../adapters/store/nedbStore';
import { ALL_COLLECTIONS, C } from '../core/collections';
import { randomId } from '../core/codes';
import { createLocalModerator } from '../core/moderation/local';
import type { Services } from '../core/services';
import type { DocumentStore } from '../core/store';

/** Local-mode services: NeDB under the data folder (or in memory), files on disk, reminders recorded. */
export interface LocalServices extends Services {
  files: LocalFiles;
}

/**
 * Local NeDB indexes, derived from the collection registry: the leading field of each declared index
 * (NeDB uses an index for equality on one field; the registry's compound indexes are for CloudBase).
 */
export const LOCAL_INDEXES: [string, string][] = [
  ...new Set(
    ALL_COLLECTIONS.flatMap((c) =>
      c.indexes
        .map((i) => Object.keys(i.fields)[0])
        .filter((f) => f && f !== '_id')
        .map((f) => `${c.name}\u0000${f}`),
    ),
  ),
].map((key) => key.split('\u0000') as [string, string]);

/** A NeDB store with the local indexes declared (index creation runs in the background). */
function createIndexedNedbStore(dir: string | null): DocumentStore {
  const store = createNedbStore(dir);
  for (const [collection, field] of LOCAL_INDEXES) {
    store.ensureIndex(collection, field).catch((err) => console.error(`index ${collection}.${field}`, err));
  }
  return store;
}

/** Build local services. `dataDir: null` keeps everything in memory (tests). */
export function createLocalServices(opts: {
  dataDir: string | null;
  filesDir?: string;
  /** Secret that signs file download URLs (unset: URLs are not signed, e.g. in handler tests). */
  urlSecret?: string;
  now?: () => Date;
  bootstrapCode?: string;
  publicBaseUrl?: string;
  store?: DocumentStore;
}): LocalServices {
  const store = opts.store ?? createIndexedNedbStore(opts.dataDir ? path.join(opts.dataDir, 'db') : null);
  const filesDir =
    opts.filesDir ??
    (opts.dataDir
      ? path.join(opts.dataDir, 'files')
      : path.join(require('node:os').tmpdir(), `cgn-files-${process.pid}`));
  const now = opts.now ?? (() => new Date());
  return {
    store,
    files: createLocalFiles(filesDir, '/api/files', opts.urlSecret),
    notifier: {
      async remind(openid, template, data) {
        await store.insert(C.reminders, {
          _id: randomId(),
          openid,
          template,
          data,
          channel: 'local-record',
          at: now().toISOString(),
        });
        return true;
      },
    },
    // Local content checks: the maintained word list for text; photos wait for a teacher.
    moderator: createLocalModerator(),
    spreadsheet: createSpreadsheet(),
    zipper: createZipper(),
    now,
    config: { bootstrapCode: opts.bootstrapCode, publicBaseUrl: opts.publicBaseUrl },
  };
}
