import { C } from './collections';
import { conflict } from './errors';
import { DuplicateKeyError, type DocumentStore } from './store';

/**
 * Reserve a unique key (e.g. "class:<school>:<stage>:<grade>:<no>") by inserting it into the meta
 * collection: the store's unique _id makes concurrent creators race safely. Throws ALREADY_EXISTS.
 */
export async function claimUnique(
  store: DocumentStore,
  key: string,
  ref: string,
  message: string,
): Promise<void> {
  try {
    await store.insert(C.meta, { _id: key, ref });
  } catch (err) {
    if (err instanceof DuplicateKeyError) throw conflict(message);
    throw err;
  }
}

/** Release a unique key (when the thing it guarded is deleted or the create failed later). */
export async function releaseUnique(store: DocumentStore, key: string): Promise<void> {
  await store.remove(C.meta, key);
}

/** Look up what a unique key points at. */
export async function lookupUnique(store: DocumentStore, key: string): Promise<string | null> {
  const doc = await store.get<{ _id: string; ref: string }>(C.meta, key);
  return doc ? doc.ref : null;
}
