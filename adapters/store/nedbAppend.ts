/**
 * NeDB persists each write with `fs.appendFile`: open, write, close — three thread-pool round trips per
 * insert, update or removal, inside the datastore's one-at-a-time queue. Each round trip ends only when
 * the event loop comes round to it, so under load (dozens of pupils signing at once, the loop busy with
 * their requests) a datastore completed about one write per loop turn: that queue, not the CPU, set the
 * local server's pace. This keeps one file descriptor per datastore file and appends each change with a
 * synchronous `write` of a few hundred bytes to the OS (the page cache: microseconds), so the queue moves
 * on at once. Same guarantee (the line is handed to the OS before the write is answered), same file
 * format. A compaction rewrites the file under a new inode (write a temp file, rename), so the descriptor
 * is closed before it and reopened on the next append.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
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

/** An open descriptor per file, reopened after compaction; `close` releases it (shutdown, tests). */
export interface AppendHandle {
  close(): Promise<void>;
}

/**
 * Make `ds` persist its changes through one long-lived append descriptor. Call after `loadDatabaseAsync`
 * (loading compacts the file first). Answers a handle to close when the store shuts down.
 */
export function appendThroughOpenHandle(ds: Datastore): AppendHandle {
  const persistence = (ds as unknown as { persistence: NedbPersistence }).persistence;
  if (persistence.inMemoryOnly) return { close: async () => undefined };
  let fd: number | null = null;
  const release = async () => {
    const current = fd;
    fd = null;
    if (current !== null) closeSync(current);
  };

  persistence.persistNewStateAsync = async (newDocs: unknown[]) => {
    let lines = '';
    for (const doc of newDocs) lines += `${model.serialize(doc)}\n`;
    if (!lines) return;
    fd ??= openSync(persistence.filename, 'a', 0o644);
    const bytes = Buffer.from(lines, 'utf8');
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
  };

  const rewrite = persistence.persistCachedDatabaseAsync.bind(persistence);
  persistence.persistCachedDatabaseAsync = async () => {
    // The rewrite replaces the file: appends through the old handle would land in the replaced inode.
    await release();
    await rewrite();
  };

  return { close: release };
}
