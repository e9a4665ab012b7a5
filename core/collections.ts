/**
 * The one registry of collections. Everything that needs the list reads it from here: the handlers
 * (through `C`), CloudBase deployment (`scripts/deploy.mjs` creates each collection, sets its access
 * rule and its indexes), the local NeDB indexes (`server/services.ts`), the docs (`docs/api.md`) and
 * the test harness (snapshots cover every registered collection; the CloudBase fake refuses any other).
 * A collection written anywhere must be declared here first: CloudBase does not create collections on
 * write, so an undeclared one fails in production the first time it is used.
 */

/** One secondary index: fields in order with their direction. */
export interface IndexSpec {
  fields: Record<string, 1 | -1>;
  unique?: boolean;
}

/** Whether (and how) a collection's documents name a person: export and deletion must cover them. */
export type PersonalData =
  /** Holds no personal data (organisation units, counters, settings). */
  | 'none'
  /** Documents belong to one person, found by the listed fields (export + delete). */
  | 'own'
  /** Mentions people (e.g. as actor); deletion anonymises or removes those mentions. */
  | 'mentions';

/** A collection as deployed. */
export interface CollectionSpec {
  /** Collection name on CloudBase and in the local store. */
  name: string;
  /** What one document is (docs). */
  holds: string;
  /** Secondary indexes for the queries the handlers run (CloudBase 索引管理; locally NeDB indexes). */
  indexes: IndexSpec[];
  /** Personal data in it, and the openid fields that find a person's documents. */
  personal: PersonalData;
  personFields?: string[];
  /** How long documents are kept, when not for the whole campaign (docs/security.md). */
  retention?: string;
}

/**
 * Client access rule of every collection: 仅管理端可读写 (`ADMINONLY`, i.e. `{"read": false, "write": false}`).
 * The mini-program never reads or writes the database directly; every call goes through a function
 * that checks the caller's role and scope.
 */
export const COLLECTION_ACCESS = 'ADMINONLY';

const idx = (fields: Record<string, 1 | -1>, unique = false): IndexSpec =>
  unique ? { fields, unique } : { fields };

/** Every collection, keyed by the constant handlers use. */
export const COLLECTIONS = {
  users: {
    name: 'users',
    holds: 'a person by openid: their role grants',
    indexes: [idx({ 'roles.role': 1 }), idx({ 'roles.schoolId': 1 })],
    personal: 'own',
    personFields: ['_id'],
  },
  districts: { name: 'districts', holds: 'a 县区 (or 市直)', indexes: [], personal: 'none' },
  schools: {
    name: 'schools',
    holds: 'a school of a district',
    indexes: [idx({ districtId: 1, name: 1 })],
    personal: 'none',
  },
  classes: {
    name: 'classes',
    holds: 'a class with its teachers and join code',
    indexes: [
      idx({ schoolId: 1, stage: 1, grade: 1, classNo: 1 }),
      idx({ districtId: 1 }),
      idx({ teacherIds: 1 }),
    ],
    personal: 'mentions',
    personFields: ['teacherIds'],
  },
  roster: {
    name: 'roster',
    holds: 'a pupil on a class roster (name, optional student number and birth year) and its claim',
    indexes: [idx({ classId: 1, _id: 1 }), idx({ schoolId: 1 }), idx({ claimedBy: 1 })],
    // The entry is the school's: deleting a person releases their claim, never the entry.
    personal: 'mentions',
    personFields: ['claimedBy'],
  },
  invites: {
    name: 'invites',
    holds: 'a one-person invite code for an admin, teacher or judge',
    indexes: [idx({ createdBy: 1, createdAt: -1 })],
    personal: 'mentions',
    personFields: ['createdBy', 'usedBy'],
  },
  families: {
    name: 'families',
    holds: 'a parent ↔ child link (pending until the class teacher confirms)',
    indexes: [idx({ parentOpenid: 1 }), idx({ rosterId: 1, status: 1 }), idx({ classId: 1, status: 1 })],
    personal: 'own',
    personFields: ['parentOpenid'],
  },
  familyCodes: {
    name: 'family_codes',
    holds: 'a short-lived family code a pupil shows a parent',
    indexes: [idx({ studentOpenid: 1 }), idx({ rosterId: 1 })],
    personal: 'own',
    personFields: ['studentOpenid'],
    retention: '48 hours (expired codes are removed by the timer)',
  },
  consents: {
    name: 'consents',
    holds: 'a guardian consent for an under-14 child: wording, version, when; revocable',
    indexes: [idx({ rosterId: 1, parentOpenid: 1 }), idx({ parentOpenid: 1 })],
    personal: 'own',
    personFields: ['parentOpenid'],
  },
  campaigns: {
    name: 'campaigns',
    holds: "the campaign ('current'): title, phases, per-action phase overrides",
    indexes: [],
    personal: 'none',
  },
  audit: {
    name: 'audit_log',
    holds: 'who changed what and when (claims, paper pledges, reviews, awards)',
    indexes: [idx({ target: 1, at: -1 }), idx({ actor: 1 })],
    personal: 'mentions',
    personFields: ['actor'],
    retention: '2 years (AUDIT_RETENTION_DAYS), then removed by the timer',
  },
  counters: {
    name: 'counters',
    holds: 'participation counters: class shards and rolled-up class/school/district/city totals',
    indexes: [
      idx({ level: 1, updatedAt: 1 }),
      idx({ level: 1, schoolId: 1 }),
      idx({ level: 1, districtId: 1 }),
    ],
    personal: 'none',
  },
  pledges: {
    name: 'pledges',
    holds: "a pupil's civility pledge (online or paper) for one campaign year",
    indexes: [idx({ classId: 1, kind: 1 }), idx({ schoolId: 1, kind: 1, signedAt: 1 }), idx({ openid: 1 })],
    personal: 'own',
    personFields: ['openid'],
  },
  pledgeTexts: {
    name: 'pledge_texts',
    holds: 'an initiative letter published by a city, district or school admin',
    indexes: [],
    personal: 'mentions',
    personFields: ['publishedBy'],
  },
  familyPledges: {
    name: 'family_pledges',
    holds: "a child's family pledge with each parent's signature",
    indexes: [idx({ classId: 1 }), idx({ parentOpenids: 1 })],
    personal: 'own',
    personFields: ['parentOpenids'],
  },
  ceremonies: {
    name: 'ceremonies',
    holds: 'a timed flag-raising pledge ceremony (its _id is the code)',
    indexes: [idx({ schoolId: 1, startsAt: -1 })],
    personal: 'mentions',
    personFields: ['createdBy', 'closedBy'],
  },
  reminders: {
    name: 'reminders',
    holds: 'a reminder sent (or recorded) to one person',
    indexes: [idx({ openid: 1 })],
    personal: 'own',
    personFields: ['openid'],
    retention: '30 days, then removed by the timer',
  },
  cards: {
    name: 'cards',
    holds: 'a themed family card (names stored masked)',
    indexes: [
      idx({ classId: 1, counted: 1, createdAt: -1 }),
      idx({ schoolId: 1, counted: 1, createdAt: -1 }),
      idx({ rosterId: 1 }),
      idx({ contributors: 1 }),
      idx({ status: 1, schoolId: 1, createdAt: 1 }),
    ],
    personal: 'own',
    personFields: ['authorOpenid', 'contributors'],
  },
  mediaChecks: {
    name: 'media_checks',
    holds: "an async image check (WeChat mediaCheckAsync) of a card photo or an entry's image, by trace id",
    indexes: [idx({ kind: 1, ref: 1 })],
    personal: 'none',
    retention: 'removed with what it checked',
  },
  cardFamilies: {
    name: 'card_families',
    holds: 'a child with at least one approved card (the families metric)',
    indexes: [idx({ classId: 1 })],
    personal: 'none',
  },
  shares: {
    name: 'share_events',
    holds: 'one counted share of a card (chat, Moments or saved)',
    indexes: [
      idx({ cardId: 1, openid: 1, channel: 1, day: 1 }),
      idx({ classId: 1, channel: 1 }),
      idx({ openid: 1 }),
    ],
    // A share stays counted when its sharer deletes their data: the openid is anonymised.
    personal: 'mentions',
    personFields: ['openid'],
  },
  uploads: {
    name: 'uploads',
    holds: 'an upload ticket and its owner: the only way a file id is accepted from a client',
    indexes: [idx({ owner: 1, createdAt: -1 }), idx({ status: 1, expiresAt: 1 })],
    personal: 'own',
    personFields: ['owner'],
    retention: 'unused uploads: 24 hours; rejected photos: 30 days; the rest with what uses them',
  },
  meta: {
    name: 'meta',
    holds: 'unique keys (names, codes), cursors and leases',
    indexes: [],
    personal: 'none',
  },
  rateLimits: {
    name: 'rate_limits',
    holds: 'attempt counters per account, per code and overall (throttling guesses)',
    indexes: [idx({ expiresAt: 1 }), idx({ subject: 1 })],
    personal: 'own',
    personFields: ['subject'],
    retention: 'until the window ends (removed by the timer)',
  },
  quizQuestions: {
    name: 'quiz_questions',
    holds: "an admin's own quiz question (city, district or school bank); edits make a new version",
    indexes: [idx({ ownerKey: 1, status: 1, createdAt: -1 }), idx({ createdBy: 1 })],
    personal: 'mentions',
    personFields: ['createdBy'],
  },
  quizzes: {
    name: 'quizzes',
    holds: 'a knowledge quiz of a city, district or school: audience, draw, time limit, window, pass mark',
    indexes: [idx({ unitKey: 1, createdAt: -1 })],
    personal: 'mentions',
    personFields: ['createdBy'],
  },
  quizAttempts: {
    name: 'quiz_attempts',
    holds: 'one attempt at a quiz: the drawn questions, option orders, saved answers, score',
    // Leading fields are selective (a taker, a class, a person): the local store indexes only the leading one.
    indexes: [
      idx({ takerKey: 1, quizId: 1, n: 1 }),
      idx({ classId: 1, status: 1 }),
      idx({ status: 1, deadline: 1 }),
      idx({ openid: 1 }),
      idx({ quizId: 1, status: 1 }),
    ],
    personal: 'own',
    personFields: ['openid'],
    retention: "with the campaign's data (deleted within a year after the campaign ends)",
  },
  quizResults: {
    name: 'quiz_results',
    holds: "a pupil's (or a family's) standing in one quiz: attempts, best score, pass, certificate code",
    indexes: [
      idx({ classId: 1, quizId: 1 }),
      idx({ quizId: 1, role: 1 }),
      idx({ rosterId: 1 }),
      idx({ openids: 1 }),
    ],
    personal: 'own',
    personFields: ['openids'],
    retention: "with the campaign's data (deleted within a year after the campaign ends)",
  },
  quizPupils: {
    name: 'quiz_pupils',
    holds: 'a pupil who finished at least one quiz (the quizTakers / quizPassed metrics)',
    indexes: [idx({ classId: 1, passed: 1 })],
    personal: 'none',
  },
  quizCounters: {
    name: 'quiz_counters',
    holds:
      "per-quiz sharded counters of each class, school, district and the city (takers, passes, score sums); each unit's top list",
    // uk = quiz + level + unit, pk = quiz + level + parent unit: a ranking reads exactly its rows' shards.
    indexes: [idx({ pk: 1 }), idx({ uk: 1 }), idx({ quizId: 1, level: 1 })],
    personal: 'none',
  },
  contestCalls: {
    name: 'contest_calls',
    holds:
      'a contest call (征集活动): kind, unit, categories and formats, groups, dates, quotas, rubric, tiers, judges, results',
    indexes: [
      idx({ level: 1, opensOn: -1 }),
      idx({ districtId: 1 }),
      idx({ schoolId: 1 }),
      idx({ 'judges.openid': 1 }),
    ],
    personal: 'mentions',
    personFields: ['createdBy'],
  },
  contestEntries: {
    name: 'contest_entries',
    holds:
      'a contest entry: its parts and checks, authors (full names), advisor, status in the rounds, flags, award',
    // Leading fields are selective (a school, a round key, a person, a class): no index bucket holds a
    // whole call (core/functions/contest/model.ts roundKeys).
    indexes: [
      idx({ schoolId: 1, callId: 1, status: 1, order: 1 }),
      idx({ dkey: 1, status: 1, order: 1 }),
      idx({ ckey: 1, status: 1, order: 1 }),
      idx({ createdBy: 1, callId: 1, status: 1 }),
      idx({ lead: 1, callId: 1, status: 1 }),
      idx({ rosterIds: 1 }),
      idx({ classId: 1, counted: 1 }),
    ],
    personal: 'own',
    personFields: ['createdBy'],
    retention: 'the campaign year; rejected media files 30 days after the verdict',
  },
  contestAuthors: {
    name: 'contest_authors',
    holds: 'a pupil with at least one counted entry (the authors metric; _id = rosterId)',
    indexes: [idx({ classId: 1 })],
    personal: 'none',
  },
  contestPrints: {
    name: 'contest_prints',
    holds:
      "an entry's near-duplicate lookup keys (dHash words, MinHash bands, prefixed by call) and picture hashes",
    indexes: [idx({ keys: 1 })],
    personal: 'none',
    retention: 'removed with the entry, or when it is withdrawn',
  },
  contestReviewers: {
    name: 'contest_reviewers',
    holds: "the teachers a school admin named to review a call's school round (_id = callId:schoolId)",
    indexes: [idx({ callId: 1 })],
    personal: 'mentions',
    personFields: ['teachers', 'updatedBy'],
  },
  contestJudging: {
    name: 'contest_judging',
    holds: 'one judge assigned one city-round entry, and their score sheet (scores per criterion, comment)',
    indexes: [idx({ judgeId: 1, callId: 1 }), idx({ callId: 1, entryId: 1 }), idx({ entryId: 1 })],
    personal: 'mentions',
    personFields: ['judgeId'],
  },
  contestAwards: {
    name: 'contest_awards',
    holds: 'an award certificate (work tier, 优秀指导教师, 优秀组织奖): full names, verify code',
    indexes: [idx({ callId: 1, kind: 1 }), idx({ openids: 1 }), idx({ rosterIds: 1 }), idx({ schoolId: 1 })],
    personal: 'mentions',
    personFields: ['openids'],
  },
  contestShowcase: {
    name: 'contest_showcase',
    holds:
      'a gallery item: a public work in one gallery scope, in pages of fixed buckets (masked names only)',
    indexes: [idx({ bucket: 1 }), idx({ entryId: 1 })],
    personal: 'none',
  },
  contestCounts: {
    name: 'contest_counts',
    holds:
      'contest counters: recommendation quotas, authors’ entry and draft places, like shards, per-school entry tallies, gallery heads',
    indexes: [],
    personal: 'none',
  },
  contestLikes: {
    name: 'contest_likes',
    holds: 'one like of one work by one person (_id = entryId:openid)',
    indexes: [idx({ openid: 1 }), idx({ entryId: 1 })],
    personal: 'own',
    personFields: ['openid'],
  },
  contestProfiles: {
    name: 'contest_profiles',
    holds: "a teacher's or judge's name as they gave it (advisor lists, teacher authors, certificates)",
    indexes: [],
    personal: 'own',
    personFields: ['_id'],
  },
  exportFiles: {
    name: 'export_files',
    holds:
      'an export file (.xlsx of a class or school, .xlsx and .zip of recommended works) written for one person',
    indexes: [idx({ expiresAt: 1 })],
    personal: 'mentions',
    personFields: ['createdBy'],
    retention: '24 hours, then the file and the record are removed',
  },
} satisfies Record<string, CollectionSpec>;

/** The constant name of each collection. */
export type CollectionKey = keyof typeof COLLECTIONS;

/** Collection names, one constant each, so a typo is a compile error and a rename is one edit. */
export const C = Object.fromEntries(Object.entries(COLLECTIONS).map(([key, spec]) => [key, spec.name])) as {
  [K in CollectionKey]: (typeof COLLECTIONS)[K]['name'];
};

/** A registered collection name. */
export type CollectionName = (typeof C)[CollectionKey];

/** Every registered collection. */
export const ALL_COLLECTIONS: readonly CollectionSpec[] = Object.values(COLLECTIONS);

/** Whether `name` is a registered collection. */
export function isRegisteredCollection(name: string): boolean {
  return ALL_COLLECTIONS.some((c) => c.name === name);
}
