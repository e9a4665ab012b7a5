import { C } from '../../collections';
import { registerActivityColumn, type PupilStatus } from '../../participation';
import { findAll } from '../../store';
import { pupilsOfClassTake } from './access';
import { CORE_METRIC } from './counters';
import type { AttemptDoc, QuizDoc, ResultDoc } from './model';

/**
 * The 答题 column of the participation overview: for each pupil of a class, how many of the quizzes open to
 * the class they finished (with the best score when one), whether one is in progress, or not yet. Reads the
 * class's quiz results and active attempts (O(class size × quizzes)) and the quizzes covering the class.
 */
registerActivityColumn({
  key: 'quiz',
  title: '答题',
  order: 50,
  async pupils(services, cls, roster) {
    const quizzes = (
      await services.store.find<QuizDoc>(
        C.quizzes,
        { unitKey: { $in: ['city', `d:${cls.districtId}`, `s:${cls.schoolId}`] } },
        { limit: 200 },
      )
    ).filter((q) => !q.withdrawn && pupilsOfClassTake(q, cls));
    const out = new Map<string, PupilStatus>();
    if (!quizzes.length) {
      for (const r of roster) out.set(r._id, { state: 'na', label: '暂无竞赛' });
      return out;
    }
    const ids = new Set(quizzes.map((q) => q._id));
    const [results, active] = await Promise.all([
      findAll<ResultDoc>(services.store, C.quizResults, { classId: cls._id, role: 'pupil' }),
      findAll<AttemptDoc>(services.store, C.quizAttempts, { status: 'active', classId: cls._id }),
    ]);
    const done = new Map<string, ResultDoc[]>();
    for (const r of results)
      if (ids.has(r.quizId)) done.set(r.rosterId, [...(done.get(r.rosterId) ?? []), r]);
    const going = new Set(
      active.filter((a) => a.role === 'pupil' && ids.has(a.quizId)).map((a) => a.rosterId),
    );
    for (const r of roster) {
      const mine = done.get(r._id) ?? [];
      if (mine.length === 1 && quizzes.length === 1)
        out.set(r._id, { state: 'done', label: `${mine[0].best} 分` });
      else if (mine.length) out.set(r._id, { state: 'done', label: `${mine.length}/${quizzes.length} 场` });
      else if (going.has(r._id)) out.set(r._id, { state: 'partial', label: '答题中' });
      else out.set(r._id, { state: 'none', label: '未答' });
    }
    return out;
  },
  done: (m) => m[CORE_METRIC.takers] ?? 0,
  reminder: { title: '知识竞赛', action: '请打开小程序，参加网络法律与安全知识竞赛' },
  remindIn: ['implementation'],
});
