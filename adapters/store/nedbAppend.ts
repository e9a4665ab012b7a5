/**
 * NeDB persists each write with `fs.appendFile`: open, write, close — three thread-pool round trips per
 * insert, update or removal, inside the datastore's one-at-a-time queue. With dozens of pupils signing at
 * once that queue, not the CPU, set the local server's pace. This keeps one append handle per datastore
 * file instead: one `write` per persisted change, with the same guarantee (the line is handed to the OS
 * before the write is answered) and the same file format. A compaction rewrites the file under a new inode
 * (write a temp file, rename), so the handle is closed before it and reopened on the next append.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type Datastore from '@seald-io/nedb';

// NeDB's own line format (dates as {$$date}, key checks); the package has no "exports" map.
const model = require('@seald-io/nedb/lib/model.js') as { serialize(doc: unknown): string };

/** The internals of NeDB's Persistence this module replaces (stable across @seald-io/nedb 4.x). */
interface NedbPersistence {
  filename: string;
  inMemoryOnly: boolean;
  persistNewStateAsync(newDocs: unknown[]): Promise<void>;
  persistCachedDatabaseAsync(): Promise<void>;
}

/** An open append handle per file, reopened after compaction; `close` releases it (shutdown, tests). */
export interface AppendHandle {
  close(): Promise<void>;
}

/**
 * Make `ds` persist its changes through one long-lived append handle. Call after `loadDatabaseAsync`
 * (loading compacts the file first). Answers a handle to close when the store shuts down.
 */
export function appendThroughOpenHandle(ds: Datastore): AppendHandle {
  const persistence = (ds as unknown as { persistence: NedbPersistence }).persistence;
  if (persistence.inMemoryOnly) return { close: async () => undefined };
  let handle: Promise<FileHandle> | null = null;
  const release = async () => {
    const current = handle;
    handle = null;
    if (current) await (await current.catch(() => null))?.close();
  };

  persistence.persistNewStateAsync = async (newDocs: unknown[]) => {
    let lines = '';
    for (const doc of newDocs) lines += `${model.serialize(doc)}\n`;
    if (!lines) return;
    handle ??= open(persistence.filename, 'a', 0o644);
    const fh = await handle.catch((err: unknown) => {
      handle = null;
      throw err;
    });
    const bytes = Buffer.from(lines, 'utf8');
    for (let done = 0; done < bytes.length;) {
      done += (await fh.write(bytes, done, bytes.length - done, null)).bytesWritten;
    }
  };

  const rewrite = persistence.persistCachedDatabaseAsync.bind(persistence);
  persistence.persistCachedDatabaseAsync = async () => {
    // The rewrite replaces the file: appends through the old handle would land in the replaced inode.
    await release();
    await rewrite();
  };

  return { close: release };
}
