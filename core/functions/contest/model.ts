/**
 * The works contest (作品征集) as stored: calls, entries and their parts, the state machine, the
 * statuses each round acts on, and the derived facts (is it public, where is it shown) every handler
 * reads through one function. The state machine is documented in docs/api-contest.md.
 */
import { C } from '../../collections';
import type { Rubric, TierRule } from '../../contest/algo/scoring';
import type { PhaseName, Stage } from '../../model';
import type { Doc } from '../../store';

/** works: 作品征集 with awards; stories: 「线上教学新网红」 story column; lessons: 优秀思政课 selection. */
export type CallKind = 'works' | 'stories' | 'lessons';
/** Who organises a call (and how far its selection goes). */
export type CallLevel = 'city' | 'district' | 'school';
/** What an entry of a category consists of. */
export type EntryFormat = 'text' | 'images' | 'video' | 'lesson';
/** Who may submit into a group. */
export type AuthorType = 'student' | 'teacher' | 'family';

export const KIND_LABEL: Record<CallKind, string> = {
  works: '作品征集',
  stories: '故事专栏',
  lessons: '优秀思政课',
};
export const LEVEL_LABEL: Record<CallLevel, string> = { city: '市级', district: '县区', school: '校级' };
export const FORMAT_LABEL: Record<EntryFormat, string> = {
  text: '文字',
  images: '图片',
  video: '短视频',
  lesson: '课程材料',
};
export const AUTHOR_LABEL: Record<AuthorType, string> = { student: '学生', teacher: '教师', family: '家庭' };

/** One category of a call with its format limits. */
export interface CategorySpec {
  key: string;
  title: string;
  format: EntryFormat;
  /** text: the body's length in characters; other formats: an optional caption up to maxChars. */
  minChars: number;
  maxChars: number;
  /** images: 1–9 pictures; text: optional illustrations (0..maxImages). */
  minImages: number;
  maxImages: number;
  /** video and a lesson's recording: longest length (seconds) and size (MB). */
  maxSeconds: number;
  maxMB: number;
}

/** The classes a student group takes (an empty list: every class). */
export interface ClassRange {
  stage: Stage;
  minGrade: number;
  maxGrade: number;
}

/** One group of a call (小学低段, 初中, 教师, 家庭…). */
export interface GroupSpec {
  key: string;
  title: string;
  who: AuthorType;
  classes: ClassRange[];
}

/** Recommendation places: each school's and each district's per category × group, with exceptions. */
export interface QuotaSpec {
  school: number;
  district: number;
  overrides: { category: string; group: string; school?: number; district?: number }[];
}

/** A judge on a call's panel (the city's judges; categories empty = any). */
export interface PanelJudge {
  openid: string;
  categories: string[];
}

/** The published results of a call (then locked; later changes are audited corrections). */
export interface CallResults {
  state: 'publishing' | 'published';
  publishedAt: string;
  by: string;
  /** Judged calls: which score decided the tiers. */
  basis?: 'raw' | 'normalised';
  /** Works awarded (judged) or selected (others). */
  count: number;
  corrections: number;
}

/** A call (征集活动). */
export interface CallDoc extends Doc {
  title: string;
  kind: CallKind;
  level: CallLevel;
  districtId?: string;
  schoolId?: string;
  /** 全市 / the district's / the school's name (for lists). */
  unitName: string;
  intro: string;
  categories: CategorySpec[];
  groups: GroupSpec[];
  /** Who may submit (from the groups). */
  who: AuthorType[];
  /** Inclusive Beijing days, inside the campaign's implementation phase. */
  opensOn: string;
  closesOn: string;
  /** Co-authors besides the lead author (0: single authors only). */
  maxCoAuthors: number;
  /** Entries one lead author may have in the call (not counting withdrawn ones). */
  maxPerAuthor: number;
  quotas: QuotaSpec;
  /** Judged calls (city works): rubric, award tiers, judges per entry, 优秀组织奖 count, the panel. */
  rubric?: Rubric;
  tiers?: TierRule[];
  judgesPerEntry: number;
  organisationAwards: number;
  /** Awards may be published before the evaluation phase (see callFields.earlyResults). */
  earlyResults?: boolean;
  judges: PanelJudge[];
  results?: CallResults;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A stored verdict on one part (text, a picture, a cover). */
export interface Check {
  verdict: 'pass' | 'review' | 'reject';
  provider: string;
  reason?: string;
  /** WeChat mediaCheckAsync trace (never leaves the server). */
  traceId?: string;
  /** The provider's asynchronous verdict has not arrived yet: only it can clear the part. */
  awaiting?: boolean;
  at: string;
}

export interface ImagePart {
  fileId: string;
  /** Set once submitted (moderation runs at submission, drafts stay private). */
  check?: Check;
  /** 64-bit dHash (hex), computed at submission for the near-duplicate check. */
  hash?: string;
}

export interface VideoPart {
  fileId: string;
  /** Length as the phone reported it (chooseMedia's duration). */
  seconds: number;
  bytes: number;
  /** The cover frame (chooseMedia's thumbTempFilePath): checked like a picture. */
  cover: ImagePart;
}

export interface DocPart {
  fileId: string;
  /** The file's name as the author picked it (shown on the column and in exports). */
  name: string;
  contentType: string;
  bytes: number;
}

export interface LessonPart {
  plan: DocPart;
  slides?: DocPart;
  recording?: { fileId: string; seconds: number; bytes: number };
}

/** One author as shown on certificates (full name) and publicly (masked). */
export interface Author {
  name: string;
  /** Pupils: their roster entry. */
  rosterId?: string;
  /** Teachers: their openid. */
  openid?: string;
}

/** The last decision of a round. */
export interface Decision {
  decision: ReviewDecision;
  by: string;
  at: string;
  comment?: string;
}

/** A possible near-duplicate found at submission (shown to reviewers, never refused). */
export interface DuplicateFlag {
  entryId: string;
  kind: 'image' | 'text';
  /** Hamming distance (pictures) or shingle Jaccard similarity (texts). */
  score: number;
  sameSchool: boolean;
  title: string;
  schoolName: string;
  at: string;
}

/**
 * The state machine. A round acts on the statuses of its own round only:
 *   draft → submitted → (school) school_passed | school_recommended | returned | rejected
 *   returned → submitted (the author edits and resubmits); draft | submitted | returned → withdrawn
 *   school_recommended → (district) district_passed | district_recommended | school_passed (returned
 *   to the school) | rejected
 *   district_recommended → (city) judged and awarded (works) | city_selected (columns) |
 *   district_passed (returned to the district) | rejected
 * The call's own level is its last round: a school call ends at school_recommended (入选), a district
 * call at district_recommended.
 */
export type EntryStatus =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'withdrawn'
  | 'rejected'
  | 'school_passed'
  | 'school_recommended'
  | 'district_passed'
  | 'district_recommended'
  | 'city_selected';

export type Round = 'school' | 'district' | 'city';
export type ReviewDecision = 'pass' | 'return' | 'reject' | 'recommend' | 'unrecommend';

/** The round an entry in each status is decided in (null: not in any round). */
export const ROUND_OF: Record<EntryStatus, Round | null> = {
  draft: null,
  submitted: 'school',
  returned: null,
  withdrawn: null,
  rejected: null,
  school_passed: 'school',
  school_recommended: 'district',
  district_passed: 'district',
  district_recommended: 'city',
  city_selected: 'city',
};

/** Which decision takes which status to which, per round (the table the docs print). */
export const TRANSITIONS: Record<
  Round,
  Partial<Record<ReviewDecision, { from: EntryStatus[]; to: EntryStatus }>>
> = {
  school: {
    pass: { from: ['submitted'], to: 'school_passed' },
    return: { from: ['submitted', 'school_passed'], to: 'returned' },
    reject: { from: ['submitted', 'school_passed', 'school_recommended'], to: 'rejected' },
    recommend: { from: ['submitted', 'school_passed'], to: 'school_recommended' },
    unrecommend: { from: ['school_recommended'], to: 'school_passed' },
  },
  district: {
    pass: { from: ['school_recommended'], to: 'district_passed' },
    return: { from: ['school_recommended', 'district_passed'], to: 'school_passed' },
    reject: { from: ['school_recommended', 'district_passed', 'district_recommended'], to: 'rejected' },
    recommend: { from: ['school_recommended', 'district_passed'], to: 'district_recommended' },
    unrecommend: { from: ['district_recommended'], to: 'district_passed' },
  },
  city: {
    return: { from: ['district_recommended', 'city_selected'], to: 'district_passed' },
    reject: { from: ['district_recommended', 'city_selected'], to: 'rejected' },
    recommend: { from: ['district_recommended'], to: 'city_selected' },
    unrecommend: { from: ['city_selected'], to: 'district_recommended' },
  },
};

/** Statuses that reached each level's selection (approved there). */
export const APPROVED_AT: Record<Round, EntryStatus[]> = {
  school: ['school_passed', 'school_recommended', 'district_passed', 'district_recommended', 'city_selected'],
  district: ['district_passed', 'district_recommended', 'city_selected'],
  city: ['district_recommended', 'city_selected'],
};

/** Statuses recommended up by the school (the 'recommended' participation metric). */
export const RECOMMENDED_STATUSES: EntryStatus[] = [
  'school_recommended',
  'district_passed',
  'district_recommended',
  'city_selected',
];

/** Statuses the author may still edit (and withdraw). */
export const EDITABLE: EntryStatus[] = ['draft', 'submitted', 'returned'];

/** Statuses that count as an entry (participation): everything submitted and not withdrawn. */
export const COUNTED_STATUSES: EntryStatus[] = [
  'submitted',
  'returned',
  'rejected',
  'school_passed',
  'school_recommended',
  'district_passed',
  'district_recommended',
  'city_selected',
];

/** An entry's award after publishing (judged calls). */
export interface EntryAward {
  tier: 'first' | 'second' | 'third' | 'honorable' | null;
  rank: number;
  raw: number;
  normalised: number;
  basis: 'raw' | 'normalised';
  certificateId?: string;
}

/** One work (参赛作品). */
export interface EntryDoc extends Doc {
  callId: string;
  callLevel: CallLevel;
  kind: CallKind;
  category: string;
  group: string;
  format: EntryFormat;
  title: string;
  body: string;
  textCheck?: Check;
  images: ImagePart[];
  video?: VideoPart;
  lesson?: LessonPart;
  authorType: AuthorType;
  /** Lead author first. Full names: shown to the authors, their school's reviewers and on certificates. */
  authors: Author[];
  /** Pupils among the authors (their guardians and they themselves see the entry). */
  rosterIds: string[];
  /** The lead author's key (a pupil's rosterId or a teacher's openid): entries per author are counted by it. */
  lead: string;
  /** Who submitted it and edits it (a pupil, a parent for the child, a teacher). */
  createdBy: string;
  /** Client key of the draft (a retried "save" answers the same draft). */
  draftKey: string;
  advisor?: { openid: string; name: string };
  originality?: { promisedAt: string };
  classId?: string;
  className?: string;
  schoolId: string;
  schoolName: string;
  districtId: string;
  districtName: string;
  status: EntryStatus;
  /** The last decision of each round. */
  decisions: Partial<Record<Round, Decision>>;
  /** What the author (returned, rejected) or the school (returned by the district) is told. */
  note?: {
    kind: 'returned' | 'rejected' | 'taken-down' | 'district-returned' | 'city-returned';
    text: string;
    at: string;
  };
  /** A reviewer watched the video / read the documents and looked at any held picture. */
  humanReview?: { by: string; at: string };
  flags: DuplicateFlag[];
  /** Derived (settleEntry): moderation passed and nothing awaits a person or WeChat. */
  cleared: boolean;
  /** Counter flags (each bumped exactly once while true). */
  counted: boolean;
  recommended: boolean;
  awarded: boolean;
  /** Gallery scopes it is listed in (core/functions/contest/showcase.ts). */
  shown: string[];
  award?: EntryAward;
  /** Sort key `${firstSubmittedAt}|${_id}` (reviewers' pages). */
  order: string;
  /** Round keys (see `roundKeys`): `${callId}|${districtId}` while in the district round, else the entry's id. */
  dkey: string;
  /** `${callId}|city` while in the city round, else the entry's id. */
  ckey: string;
  submittedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** Phases: calls are set up in launch or implementation and run inside implementation. */
export const MANAGE_PHASES: PhaseName[] = ['launch', 'implementation'];
export const SUBMIT_PHASES: PhaseName[] = ['implementation'];
/** Reviews and judging run on after a call closes (a call may close on the phase's last day). */
export const REVIEW_PHASES: PhaseName[] = ['implementation', 'evaluation'];
/**
 * City awards: the plan's 评估总结及成果展示阶段, unless the call says its awards are announced as soon as
 * judging ends (`earlyResults`); the router opens both phases and `assertAwardPhase` decides per call.
 */
export const AWARD_PHASES: PhaseName[] = ['implementation', 'evaluation'];

/** Collections of the feature. */
export const COL = {
  calls: C.contestCalls,
  entries: C.contestEntries,
  authors: C.contestAuthors,
  prints: C.contestPrints,
  reviewers: C.contestReviewers,
  judging: C.contestJudging,
  awards: C.contestAwards,
  showcase: C.contestShowcase,
  counts: C.contestCounts,
  likes: C.contestLikes,
  profiles: C.contestProfiles,
  exports: C.exportFiles,
} as const;

/** Participation metrics (core/stats.ts), per class of the lead pupil author. */
export const CONTEST_METRICS = {
  entries: 'contestEntries',
  authors: 'contestAuthors',
  recommended: 'contestRecommended',
  awarded: 'contestAwarded',
} as const;

/** Pages the app opens (subpackage paths, no leading slash). */
export const WORK_PAGE = 'packages/contest/work/index';

/** Whether a call is judged by the city's judges (city works calls) rather than selected by organisers. */
export function isJudged(call: Pick<CallDoc, 'kind' | 'level'>): boolean {
  return call.kind === 'works' && call.level === 'city';
}

/** The rounds a call runs, in order (its own level is the last). */
export function roundsOf(call: Pick<CallDoc, 'level'>): Round[] {
  return call.level === 'school'
    ? ['school']
    : call.level === 'district'
      ? ['school', 'district']
      : ['school', 'district', 'city'];
}

/** The status that means "selected at the call's own level" (入选) for calls without judges. */
export function selectedStatus(call: Pick<CallDoc, 'level'>): EntryStatus {
  return call.level === 'school'
    ? 'school_recommended'
    : call.level === 'district'
      ? 'district_recommended'
      : 'city_selected';
}

/** Where a call's day window stands on `today`. */
export function windowOf(
  call: Pick<CallDoc, 'opensOn' | 'closesOn'>,
  today: string,
): 'upcoming' | 'open' | 'closed' {
  if (today < call.opensOn) return 'upcoming';
  if (today > call.closesOn) return 'closed';
  return 'open';
}

/** A category of the call, or undefined. */
export function categoryOf(call: Pick<CallDoc, 'categories'>, key: string): CategorySpec | undefined {
  return call.categories.find((c) => c.key === key);
}

/** A group of the call, or undefined. */
export function groupOf(call: Pick<CallDoc, 'groups'>, key: string): GroupSpec | undefined {
  return call.groups.find((g) => g.key === key);
}

/** Whether a student group takes a class. */
export function groupTakesClass(group: GroupSpec, cls: { stage: Stage; grade: number }): boolean {
  if (group.who !== 'student' && group.who !== 'family') return false;
  if (group.classes.length === 0) return true;
  return group.classes.some(
    (r) => r.stage === cls.stage && cls.grade >= r.minGrade && cls.grade <= r.maxGrade,
  );
}

/** Places a unit may recommend in one category × group. */
export function quotaFor(
  call: Pick<CallDoc, 'quotas'>,
  level: 'school' | 'district',
  category: string,
  group: string,
): number {
  const o = call.quotas.overrides.find((x) => x.category === category && x.group === group);
  return o?.[level] ?? call.quotas[level];
}

/** The name shown for the authors: full (own authors, reviewers) or masked (everyone else). */
export function authorLabel(
  entry: Pick<EntryDoc, 'authors' | 'authorType'>,
  mask: (n: string) => string,
): string {
  const names = entry.authors.map((a) => mask(a.name));
  if (entry.authorType === 'family') return `${names[0] ?? ''}家庭`;
  return names.join('、');
}

/** How a status reads to people, for a call of this level. */
export function statusLabel(call: Pick<CallDoc, 'level' | 'kind'>, status: EntryStatus): string {
  const final = selectedStatus(call);
  if (status === final && !isJudged(call)) return '入选';
  switch (status) {
    case 'draft':
      return '草稿';
    case 'submitted':
      return '已提交，等待学校审核';
    case 'returned':
      return '已退回，请修改后重新提交';
    case 'withdrawn':
      return '已撤回';
    case 'rejected':
      return '未通过';
    case 'school_passed':
      return '学校审核通过';
    case 'school_recommended':
      return '学校已推荐到县区';
    case 'district_passed':
      return '县区审核通过';
    case 'district_recommended':
      return isJudged(call) ? '县区已推荐到市级评审' : '县区已推荐到市级';
    case 'city_selected':
      return '市级入选';
  }
}

/** Tier names as certificates and galleries print them. */
export const TIER_LABEL: Record<'first' | 'second' | 'third' | 'honorable', string> = {
  first: '一等奖',
  second: '二等奖',
  third: '三等奖',
  honorable: '优秀奖',
};

/** Statuses the district round lists (what schools recommended, and what the district decided). */
export const DISTRICT_ROUND: EntryStatus[] = [
  'school_recommended',
  'district_passed',
  'district_recommended',
  'city_selected',
];
/** Statuses the city round lists. */
export const CITY_ROUND: EntryStatus[] = ['district_recommended', 'city_selected'];

/**
 * Keys that find a district's or the city's round of a call by one equality, set only while the entry is
 * in that round and otherwise the entry's own id. An index on them is a partial index on any store: a
 * round's page reads only that round's entries, and no index bucket holds every entry of a call (the
 * local store rewrites an entry's place in each of its index buckets on every update, so a bucket as
 * large as a call would make every update cost as much as the call).
 */
export function roundKeys(
  entry: Pick<EntryDoc, '_id' | 'callId' | 'districtId'>,
  status: EntryStatus,
): { dkey: string; ckey: string } {
  return {
    dkey: DISTRICT_ROUND.includes(status) ? `${entry.callId}|${entry.districtId}` : entry._id,
    ckey: CITY_ROUND.includes(status) ? `${entry.callId}|city` : entry._id,
  };
}

/** The district round of a call in a district, as a filter. */
export const districtRoundOf = (callId: string, districtId: string) => ({ dkey: `${callId}|${districtId}` });
/** The city round of a call, as a filter. */
export const cityRoundOf = (callId: string) => ({ ckey: `${callId}|city` });
