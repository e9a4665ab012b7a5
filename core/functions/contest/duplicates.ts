import {
  estimateJaccard,
  exactJaccard,
  hammingHex,
  hashWordProbes,
  hashWords,
  imageDHash,
  NEAR_IMAGE_DISTANCE,
  NEAR_TEXT_SIMILARITY,
  textFingerprint,
} from '../../contest/algo';
import type { Services } from '../../services';
import type { Doc } from '../../store';
import { COL, type DuplicateFlag, type EntryDoc, type ImagePart } from './model';
import { pictureParts } from './moderation';

/**
 * Near-duplicates across every entry of the same call in the city, found when an entry is submitted and
 * flagged to reviewers (never refused: a reviewer decides). Pictures by 64-bit dHash: each stored
 * picture leaves its four 16-bit words as keys (one record per entry, a multikey index); a new picture
 * looks up its 68 probe keys (each word and its one-bit neighbours) in one query, which finds every
 * stored picture within Hamming distance 7, then confirms each candidate's distance from the hashes in
 * its record. Texts by MinHash: 32 LSH band keys each, looked up in the same query; a candidate is
 * dismissed by the signature in its record, and only one whose estimate comes near the threshold is read
 * and confirmed by the exact shingle Jaccard. Keys are prefixed by the call, so the lookup is by key
 * equality: its cost depends on how many works look alike, not on how many the call holds.
 */

/** Texts shorter than this (after normalising) are not compared: titles alone say little. */
export const MIN_TEXT_FOR_DUPLICATES = 40;

/** Most candidate entries one lookup reads and confirms (a flood of identical works is flagged by the first ones). */
const MAX_CANDIDATES = 60;

/**
 * One entry's lookup record: its keys (a multikey index), its picture hashes and its text's MinHash
 * signature, so a candidate is confirmed (or dismissed) without reading its entry.
 */
interface PrintDoc extends Doc {
  callId: string;
  keys: string[];
  hashes: string[];
  /** MinHash signature of the text ('' when the entry has no comparable text). */
  sig: string;
}

/** Estimated similarity from which a text candidate is read and compared exactly (the estimate's error is ≤ 0.045). */
const ESTIMATE_FLOOR = NEAR_TEXT_SIMILARITY - 0.15;

/** The text an entry is compared by: its body (stories, essays, reviews, lesson summaries). */
function comparableText(entry: Pick<EntryDoc, 'body'>): string {
  return entry.body ?? '';
}

/** Compute missing picture hashes (read from storage once, kept on the entry's parts). */
export async function hashPictures(
  services: Services,
  entry: Pick<EntryDoc, 'images' | 'video'>,
): Promise<void> {
  for (const part of pictureParts(entry)) {
    if (part.hash) continue;
    try {
      part.hash = imageDHash(await services.files.read(part.fileId));
    } catch (err) {
      // A picture the decoder cannot read is still an upload of the right type: no hash, no flag.
      console.warn('[contest] no dHash for a picture', (err as Error).message);
    }
  }
}

/** What was found for one submission. */
export interface DuplicateReport {
  flags: DuplicateFlag[];
  /** Store calls the lookup made (the bench reports it per submission). */
  lookups: number;
  /** Candidate records the lookup read. */
  candidates: number;
}

/**
 * Index an entry's fingerprints and find its near-duplicates in the call. Answers the flags for this
 * entry and adds a flag pointing back to each match. Called at submission (and at an edit of a
 * submitted entry): the entry's record is replaced.
 */
export async function checkDuplicates(
  services: Services,
  entry: EntryDoc,
  now: Date,
): Promise<DuplicateReport> {
  const { store } = services;
  let lookups = 0;
  const text = comparableText(entry);
  const fp = text.length >= MIN_TEXT_FOR_DUPLICATES ? textFingerprint(text) : null;
  const signature = fp?.signature || null;
  const hashes = pictureParts(entry).flatMap((p: ImagePart) => (p.hash ? [p.hash] : []));
  const probes = new Set<string>();
  for (const h of hashes) for (const k of hashWordProbes(h)) probes.add(`${entry.callId}|${k}`);
  const bandKeys = signature ? fp!.bandKeys.map((b) => `${entry.callId}|${b}`) : [];
  for (const b of bandKeys) probes.add(b);

  const found = probes.size
    ? await store.find<PrintDoc>(COL.prints, { keys: { $in: [...probes] } }, { limit: MAX_CANDIDATES + 1 })
    : [];
  if (probes.size) lookups++;
  const candidates = found.filter((c) => c._id !== entry._id).slice(0, MAX_CANDIDATES);

  const imageHits = new Map<string, number>();
  const textCandidates = new Set<string>();
  const myBands = new Set(bandKeys);
  for (const c of candidates) {
    let best = 64;
    for (const h of hashes) for (const o of c.hashes) best = Math.min(best, hammingHex(h, o));
    if (best <= NEAR_IMAGE_DISTANCE) imageHits.set(c._id, best);
    else if (
      signature &&
      c.sig &&
      c.keys.some((k) => myBands.has(k)) &&
      estimateJaccard(signature, c.sig) >= ESTIMATE_FLOOR
    ) {
      textCandidates.add(c._id);
    }
  }
  const others = [...new Set([...imageHits.keys(), ...textCandidates])];
  const matched = others.length
    ? await store.find<EntryDoc>(COL.entries, { _id: { $in: others } }, { limit: others.length })
    : [];
  if (others.length) lookups++;

  const at = now.toISOString();
  const flags: DuplicateFlag[] = [];
  const back: { other: EntryDoc; flag: DuplicateFlag }[] = [];
  for (const other of matched) {
    if (other.status === 'draft' || other.status === 'withdrawn') continue;
    let kind: 'image' | 'text' | null = null;
    let score = 0;
    if (imageHits.has(other._id)) {
      kind = 'image';
      score = imageHits.get(other._id)!;
    } else if (textCandidates.has(other._id)) {
      const j = exactJaccard(text, comparableText(other));
      if (j >= NEAR_TEXT_SIMILARITY) {
        kind = 'text';
        score = Math.round(j * 100) / 100;
      }
    }
    if (!kind) continue;
    const sameSchool = other.schoolId === entry.schoolId;
    flags.push({
      entryId: other._id,
      kind,
      score,
      sameSchool,
      title: other.title,
      schoolName: other.schoolName,
      at,
    });
    back.push({
      other,
      flag: {
        entryId: entry._id,
        kind,
        score,
        sameSchool,
        title: entry.title,
        schoolName: entry.schoolName,
        at,
      },
    });
  }

  // Replace this entry's record, then point each match back at it (its reviewers see the flag too).
  const keys = [...hashes.flatMap((h) => hashWords(h).map((w) => `${entry.callId}|${w}`)), ...bandKeys];
  await store.remove(COL.prints, entry._id);
  if (keys.length) {
    await store.insert<PrintDoc>(COL.prints, {
      _id: entry._id,
      callId: entry.callId,
      keys: [...new Set(keys)],
      hashes,
      sig: signature ?? '',
    });
  }
  for (const { other, flag } of back) {
    const kept = (other.flags ?? []).filter((f) => f.entryId !== entry._id);
    await store.update(COL.entries, other._id, { $set: { flags: [...kept, flag] } });
  }
  return { flags, lookups, candidates: candidates.length };
}

/** Forget an entry's fingerprints (withdrawn or deleted) and the flags pointing at it. */
export async function dropDuplicates(services: Services, entry: EntryDoc): Promise<void> {
  await services.store.remove(COL.prints, entry._id);
  const others = entry.flags?.map((f) => f.entryId) ?? [];
  if (!others.length) return;
  const docs = await services.store.find<EntryDoc>(
    COL.entries,
    { _id: { $in: others } },
    { limit: others.length },
  );
  for (const other of docs) {
    const kept = (other.flags ?? []).filter((f) => f.entryId !== entry._id);
    if (kept.length !== (other.flags ?? []).length) {
      await services.store.update(COL.entries, other._id, { $set: { flags: kept } });
    }
  }
}
