import { C } from '../../collections';
import { denied, notFound, precondition } from '../../errors';
import type { ClassDoc, FamilyDoc, RosterDoc, UserDoc } from '../../model';
import {
  activeLinkOf,
  CONFIRMED_LINK,
  LINK_UNCONFIRMED_MESSAGE,
  approvedEntry,
  managesQuizUnit,
  quizCoversClass,
  studentGrantOf,
} from '../../permissions';
import { isUnder14, maskName } from '../../privacy';
import type { QuizStage } from '../../quiz/engine';
import type { Services } from '../../services';
import type { ClassUnit } from '../../stats';
import { findAll, mustGet } from '../../store';
import { yearIn } from '../../time';
import { hasGuardianConsent } from '../identity/family';
import type { QuizDoc, TakerRole } from './model';

/** Who takes an attempt, and for which roster entry and class it counts. */
export interface Taker {
  role: TakerRole;
  openid: string;
  /** Roster id (pupil) or openid (parent): whose attempts these are. */
  takerKey: string;
  rosterId: string;
  unit: ClassUnit;
  stage: QuizStage;
  /** Masked name shown in top lists and on certificates (a family: the child's, with 家长). */
  maskedName: string;
}

/** What an under-14 pupil without guardian consent is told (答题记录 are personal data). */
export const QUIZ_CONSENT_MESSAGE =
  '你还未满14周岁，要先请爸爸妈妈（或其他监护人）在「校园好网民」里关联你并同意，才能在手机上答题。';

/** Load a quiz or NOT_FOUND. */
export async function mustQuiz(services: Services, quizId: string): Promise<QuizDoc> {
  return mustGet<QuizDoc>(services.store, C.quizzes, quizId, '竞赛');
}

/** Load a quiz the caller manages (its unit's admins); PERMISSION_DENIED otherwise. */
export async function managedQuiz(services: Services, user: UserDoc, quizId: string): Promise<QuizDoc> {
  const quiz = await mustQuiz(services, quizId);
  if (!managesQuizUnit(user, quiz)) throw denied('只有举办这场竞赛的单位的管理员可以操作');
  return quiz;
}

/** Whether a pupil of this class may take the quiz (its unit covers the class and the stage is in the audience). */
export function pupilsOfClassTake(
  quiz: QuizDoc,
  cls: Pick<ClassDoc, 'stage' | 'districtId' | 'schoolId'>,
): boolean {
  return quiz.audience.stages.includes(cls.stage) && quizCoversClass(quiz, cls);
}

/** Whether parents of a pupil of this class may take the quiz. */
export function parentsOfClassTake(quiz: QuizDoc, cls: Pick<ClassDoc, 'districtId' | 'schoolId'>): boolean {
  return quiz.audience.parents && quizCoversClass(quiz, cls);
}

/**
 * The caller as a pupil taking `quiz`: a teacher-approved claim, a class the quiz covers with a stage in
 * its audience, and (under 14) a guardian's consent. FAILED_PRECONDITION with the way forward otherwise.
 */
export async function pupilTaker(
  services: Services,
  user: UserDoc,
  quiz: QuizDoc,
  now: Date,
): Promise<Taker> {
  const entry = await approvedEntry(services, user);
  const cls = await mustGet<ClassDoc>(services.store, C.classes, entry.classId, '班级');
  if (!pupilsOfClassTake(quiz, cls)) throw precondition(`「${quiz.title}」不面向你所在的班级`);
  if (isUnder14(entry, cls, yearIn(now)) && !(await hasGuardianConsent(services, entry._id))) {
    throw precondition(QUIZ_CONSENT_MESSAGE);
  }
  return {
    role: 'pupil',
    openid: user._id,
    takerKey: entry._id,
    rosterId: entry._id,
    unit: { classId: cls._id, schoolId: cls.schoolId, districtId: cls.districtId },
    stage: cls.stage,
    maskedName: maskName(entry.name),
  };
}

/** The caller as a parent taking `quiz` for a linked child (an active, teacher-confirmed link). */
export async function parentTaker(
  services: Services,
  user: UserDoc,
  quiz: QuizDoc,
  childRosterId: string,
): Promise<Taker> {
  if (!quiz.audience.parents) throw precondition(`「${quiz.title}」是学生的竞赛，家长不用作答`);
  const link = await activeLinkOf(services, user._id, childRosterId);
  if (!link) throw denied('你还没有关联这个孩子，或老师还没有确认关联');
  if (!link.confirmed) throw precondition(LINK_UNCONFIRMED_MESSAGE);
  const entry = await services.store.get<RosterDoc>(C.roster, childRosterId);
  if (!entry) throw notFound('孩子不在班级名单上了');
  const cls = await mustGet<ClassDoc>(services.store, C.classes, entry.classId, '班级');
  if (!parentsOfClassTake(quiz, cls)) throw precondition(`「${quiz.title}」不面向你孩子所在的学校`);
  return {
    role: 'parent',
    openid: user._id,
    takerKey: user._id,
    rosterId: entry._id,
    unit: { classId: cls._id, schoolId: cls.schoolId, districtId: cls.districtId },
    stage: 'parent',
    maskedName: `${maskName(entry.name)}的家长`,
  };
}

/** The taker for a call: as a parent when a child is named, else as a pupil. */
export async function takerFor(
  services: Services,
  user: UserDoc,
  quiz: QuizDoc,
  childRosterId: string | undefined,
  now: Date,
): Promise<Taker> {
  if (childRosterId) return parentTaker(services, user, quiz, childRosterId);
  if (!studentGrantOf(user)) {
    throw precondition(
      quiz.audience.parents ? '家长请从「知识竞赛」页面选择孩子后再答题' : '只有学生可以参加这场竞赛',
    );
  }
  return pupilTaker(services, user, quiz, now);
}

/** The caller's family links the class teacher confirmed, with their children's entries and classes. */
export async function childrenOf(
  services: Services,
  openid: string,
): Promise<{ link: FamilyDoc; entry: RosterDoc; cls: ClassDoc }[]> {
  const links = await findAll<FamilyDoc>(services.store, C.families, {
    parentOpenid: openid,
    ...CONFIRMED_LINK,
  });
  const out: { link: FamilyDoc; entry: RosterDoc; cls: ClassDoc }[] = [];
  for (const link of links) {
    const entry = await services.store.get<RosterDoc>(C.roster, link.rosterId);
    const cls = entry ? await services.store.get<ClassDoc>(C.classes, entry.classId) : null;
    if (entry && cls) out.push({ link, entry, cls });
  }
  return out;
}
