import { z } from 'zod';
import { C } from '../../collections';
import { denied, precondition } from '../../errors';
import type { ClassDoc, DistrictDoc, SchoolDoc, UserDoc } from '../../model';
import { className } from '../../org';
import { mayAccess, quizCoversUnit, type Unit, unitFor } from '../../permissions';
import { loadCampaign } from '../../router';
import { defineAction } from '../../router';
import * as s from '../../schemas';
import type { Services } from '../../services';
import { type Metrics, rate, readTotal, readTotals } from '../../stats';
import { findAll } from '../../store';
import { mustQuiz } from './access';
import { QM, type QuizLevel, readQuizTotal, readQuizTotals, readTop } from './counters';
import { fromTenths, MIN_RANK_RATE, MIN_RANK_TAKERS, type QuizDoc } from './model';
import { quizSummary } from './results';
import { quizId } from './schemas';

/** A unit's quiz figures: participation (takers ÷ roster), mean best score, passes; families alike. */
export function quizFigures(m: Metrics, roster: number) {
  const takers = m[QM.takers] ?? 0;
  const families = m[QM.families] ?? 0;
  return {
    roster,
    takers,
    rate: rate(takers, roster),
    meanBest: takers ? fromTenths(Math.round((m[QM.best] ?? 0) / takers)) : null,
    passes: m[QM.passes] ?? 0,
    passRate: rate(m[QM.passes] ?? 0, roster),
    families,
    familyRate: rate(families, roster),
    familyMeanBest: families ? fromTenths(Math.round((m[QM.familyBest] ?? 0) / families)) : null,
    attempts: m[QM.attempts] ?? 0,
    flagged: m[QM.flagged] ?? 0,
  };
}

/** Figures of one unit. */
export type QuizFigures = ReturnType<typeof quizFigures>;

/**
 * A unit's figures as a caller who does not manage it sees them: with fewer than MIN_RANK_TAKERS takers
 * (or families) the mean best score, the passes, the attempts and the fast-answer flags would tell one
 * child's (or family's) result, so they are left out (null). `alsoHide` leaves them out whatever the
 * numbers: a parent unit's total when one of its rows is withheld, since the total minus the shown rows
 * would give the withheld row back. Those who manage the unit see them all.
 */
export function figuresFor(f: QuizFigures, manages: boolean, alsoHide = false) {
  const fewPupils = !manages && ((f.takers > 0 && f.takers < MIN_RANK_TAKERS) || alsoHide);
  const fewFamilies = !manages && ((f.families > 0 && f.families < MIN_RANK_TAKERS) || alsoHide);
  return {
    ...f,
    meanBest: fewPupils ? null : f.meanBest,
    passes: fewPupils ? null : f.passes,
    passRate: fewPupils ? null : f.passRate,
    familyMeanBest: fewFamilies ? null : f.familyMeanBest,
    attempts: fewPupils || fewFamilies ? null : f.attempts,
    flagged: fewPupils || fewFamilies ? null : f.flagged,
    /** Whether figures were left out because so few took part. */
    withheld: fewPupils || fewFamilies,
  };
}

/** Whether the quiz's audience is every pupil of a unit (so the unit's whole roster is the denominator). */
function wholeRoster(quiz: QuizDoc): boolean {
  return quiz.audience.stages.length === 0 || quiz.audience.stages.length === 3;
}

type ChildLevel = Exclude<QuizLevel, 'city'>;

/** The children of a unit with their names, and whether the caller manages each (the permission rules). */
async function childrenOf(
  services: Services,
  user: UserDoc,
  unit: Unit,
): Promise<{ level: ChildLevel; list: { id: string; name: string; manages: boolean }[] }> {
  const { store } = services;
  if (unit.level === 'city') {
    const ds = await findAll<DistrictDoc>(store, C.districts, {}, { createdAt: 1 });
    return {
      level: 'district',
      list: ds.map((d) => ({
        id: d._id,
        name: d.name,
        manages: mayAccess(user, { level: 'district', id: d._id, name: d.name }, 'manage'),
      })),
    };
  }
  if (unit.level === 'district') {
    const ss = await findAll<SchoolDoc>(store, C.schools, { districtId: unit.id });
    return {
      level: 'school',
      list: ss.map((x) => ({
        id: x._id,
        name: x.name,
        manages: mayAccess(
          user,
          { level: 'school', id: x._id, name: x.name, districtId: x.districtId },
          'manage',
        ),
      })),
    };
  }
  const cs = await findAll<ClassDoc>(store, C.classes, { schoolId: unit.id });
  cs.sort((a, b) => a.stage.localeCompare(b.stage) || a.grade - b.grade || a.classNo - b.classNo);
  return {
    level: 'class',
    list: cs.map((c) => ({
      id: c._id,
      name: className(c),
      manages: mayAccess(user, { level: 'class', id: c._id, name: className(c) }, 'manage', c),
    })),
  };
}

/**
 * The audience's roster of each child unit and of the unit itself. A quiz for every pupil reads the
 * rolled-up roster totals (O(units shown)); a quiz for some stages only sums the roster of the classes of
 * those stages (O(classes under the unit), still independent of the number of attempts).
 */
async function rosters(
  services: Services,
  quiz: QuizDoc,
  unit: Unit,
  childLevel: ChildLevel,
): Promise<{ own: number; byChild: Map<string, number> }> {
  const { store } = services;
  const parent =
    unit.level === 'district'
      ? { districtId: unit.id }
      : unit.level === 'school'
        ? { schoolId: unit.id }
        : {};
  const ownId = unit.level === 'city' ? 'city' : `${unit.level === 'district' ? 'd' : 's'}:${unit.id}`;
  if (wholeRoster(quiz)) {
    const totals = await readTotals(store, childLevel, parent);
    const key = (t: (typeof totals)[number]) =>
      childLevel === 'class' ? t.classId : childLevel === 'school' ? t.schoolId : t.districtId;
    return {
      own: (await readTotal(store, ownId)).roster ?? 0,
      byChild: new Map(totals.map((t) => [key(t) ?? '', t.m.roster ?? 0])),
    };
  }
  const classes = await findAll<ClassDoc>(store, C.classes, parent);
  const eligible = new Map(
    classes.filter((c) => quiz.audience.stages.includes(c.stage)).map((c) => [c._id, c]),
  );
  const classTotals = await readTotals(store, 'class', parent);
  const byChild = new Map<string, number>();
  let own = 0;
  for (const t of classTotals) {
    const cls = t.classId ? eligible.get(t.classId) : undefined;
    if (!cls) continue;
    const n = t.m.roster ?? 0;
    own += n;
    const child = childLevel === 'class' ? cls._id : childLevel === 'school' ? cls.schoolId : cls.districtId;
    byChild.set(child, (byChild.get(child) ?? 0) + n);
  }
  return { own, byChild };
}

/** The best scorers of a unit, masked names only: its top list, one document kept at write time. */
async function bestScorers(services: Services, quiz: QuizDoc, unit: Unit, basis: 'pupil' | 'parent') {
  const key = unit.level === 'city' ? 'city' : `${unit.level === 'district' ? 'd' : 's'}:${unit.id}`;
  const top = await readTop(services.store, quiz._id, basis, key);
  // One read for every school on the list (at most the list's length).
  const ids = [...new Set(top.map((e) => e.schoolId))];
  const schools = new Map(
    (ids.length
      ? await services.store.find<SchoolDoc>(C.schools, { _id: { $in: ids } }, { limit: ids.length })
      : []
    ).map((sc) => [sc._id, sc.name]),
  );
  return top.map((e, i) => ({
    rank: i + 1,
    maskedName: e.name,
    schoolName: schools.get(e.schoolId) ?? '',
    best: fromTenths(e.t),
  }));
}

/** Load the unit a ranking is read for and check the caller may view it and the quiz covers it. */
async function rankingUnit(
  services: Services,
  user: UserDoc,
  quiz: QuizDoc,
  level: Unit['level'],
  id?: string,
) {
  const cityName = (await loadCampaign(services))?.cityName ?? '全市';
  const unit = await unitFor(services.store, user, level, id, 'view', cityName);
  if (!quizCoversUnit(quiz, unit))
    throw precondition(`「${quiz.title}」是${quiz.unitName}的竞赛，不包括这里`);
  return unit;
}

/**
 * Results of a quiz in a city, district or school, and the units under it ranked by participation
 * (takers ÷ the audience's roster) or by mean best score — never by raw counts. A unit below the minimum
 * participation is listed but not ranked; one with fewer than the minimum takers also shows no mean, passes
 * or flags (null, `withheld`) to a caller who does not manage it (a teacher looking at another class), since
 * they would tell one child's score. Managers also see the best scorers (masked names). Reads the
 * per-quiz counters and the roster totals: O(units shown), never the attempts.
 */
export const ranking = defineAction({
  title: '竞赛排名',
  input: z
    .object({
      quizId,
      level: z.enum(['city', 'district', 'school']),
      id: s.id.optional(),
      sort: z.enum(['rate', 'score']).default('rate'),
    })
    .strict(),
  access: ['teacher', 'school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user, now }, input) {
    const { store } = services;
    const quiz = await mustQuiz(services, input.quizId);
    const unit = await rankingUnit(services, user, quiz, input.level, input.id);
    const children = await childrenOf(services, user, unit);
    const manager = mayAccess(user, unit, 'manage');
    const parent =
      unit.level === 'district'
        ? { districtId: unit.id }
        : unit.level === 'school'
          ? { schoolId: unit.id }
          : {};
    const [counts, own, roster] = await Promise.all([
      readQuizTotals(store, quiz._id, children.level, parent),
      readQuizTotal(store, quiz._id, unit.level, unit.id),
      rosters(services, quiz, unit, children.level),
    ]);
    const basis = quiz.audience.stages.length ? 'pupil' : 'parent';
    const rows = children.list.map((c) => {
      const f = figuresFor(quizFigures(counts.get(c.id) ?? {}, roster.byChild.get(c.id) ?? 0), c.manages);
      const [r, n, mean] =
        basis === 'pupil' ? [f.rate, f.takers, f.meanBest] : [f.familyRate, f.families, f.familyMeanBest];
      const ranked = f.roster > 0 && r >= MIN_RANK_RATE && n >= MIN_RANK_TAKERS;
      return {
        id: c.id,
        name: c.name,
        ...f,
        ranked,
        rank: null as number | null,
        sortRate: r,
        sortMean: mean ?? 0,
      };
    });
    const byRate = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      b.sortRate - a.sortRate || b.sortMean - a.sortMean || a.name.localeCompare(b.name, 'zh');
    const byScore = (a: (typeof rows)[number], b: (typeof rows)[number]) =>
      b.sortMean - a.sortMean || b.sortRate - a.sortRate || a.name.localeCompare(b.name, 'zh');
    const rankedRows = rows.filter((r) => r.ranked).sort(input.sort === 'rate' ? byRate : byScore);
    rankedRows.forEach((r, i) => (r.rank = i + 1));
    const rest = rows.filter((r) => !r.ranked).sort(byRate);
    return {
      quiz: quizSummary(quiz, now),
      level: unit.level,
      id: unit.level === 'city' ? null : unit.id,
      name: unit.name,
      childLevel: children.level,
      basis,
      sort: input.sort,
      minRate: MIN_RANK_RATE,
      minTakers: MIN_RANK_TAKERS,
      figures: figuresFor(
        quizFigures(own, roster.own),
        manager,
        rows.some((r) => r.withheld),
      ),
      rows: [...rankedRows, ...rest].map(({ sortRate: _r, sortMean: _m, ...row }) => row),
      /** Whether the caller runs this unit (sees names in exports and the top list). */
      manager,
    };
  },
});

/**
 * The best scorers of a quiz in the city, a district or a school, masked names only, for those who run
 * that unit. Reads the unit's top list (one document, kept when results improve) and the schools' names.
 */
export const topList = defineAction({
  title: '竞赛成绩前列',
  input: z.object({ quizId, level: z.enum(['city', 'district', 'school']), id: s.id.optional() }).strict(),
  access: ['school_admin', 'district_admin', 'city_admin'],
  async handler({ services, user }, input) {
    const quiz = await mustQuiz(services, input.quizId);
    const unit = await rankingUnit(services, user, quiz, input.level, input.id);
    if (!mayAccess(user, unit, 'manage')) throw denied('只有管理这个单位的人可以查看成绩前列');
    const basis = quiz.audience.stages.length ? 'pupil' : 'parent';
    return { basis, top: await bestScorers(services, quiz, unit, basis) };
  },
});
