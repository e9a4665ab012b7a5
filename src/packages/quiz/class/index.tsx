import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { deliverExport } from '../../../utils/files';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { score } from '../shared/labels';
import { Bar, Chips, Figure } from '../shared/ui';
import '../quiz.scss';

type View_ = OutputOf<'quiz', 'classResults'>;
type Pupil = View_['pupils'][number];
type Filter = 'all' | 'none' | 'done' | 'flagged';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'none', label: '未参加' },
  { value: 'done', label: '已完成' },
  { value: 'flagged', label: '有快速作答' },
];

/** One pupil's line: state, attempts, best, pass, and fast answers as a flag for the teacher to look at. */
function PupilLine(props: { p: Pupil; parents: boolean }) {
  const { p } = props;
  return (
    <View className="qz-line" id={`qz-pupil-${p.rosterId}`}>
      <View className="row">
        <Text className="qz-line-name">{p.name}</Text>
        {p.state === 'done' ? (
          <Text className={`qz-figure-inline ${p.passed ? '' : ''}`}>{`${score(p.best)} 分`}</Text>
        ) : p.state === 'active' ? (
          <Text className="tag">答题中</Text>
        ) : (
          <Text className="tag tag-gray">{p.claimed ? '未参加' : '未加入'}</Text>
        )}
      </View>
      <Text className="qz-note">
        {[
          p.state === 'done' ? `答了 ${p.attempts} 次${p.passed ? ' · 合格' : ' · 未合格'}` : '',
          props.parents ? (p.familyBest === null ? '家长未答' : `家长 ${score(p.familyBest)} 分`) : '',
          p.remindedToday ? '今天已提醒' : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {p.fastCount > 0 && (
        <Text className="qz-flag">{`有 ${p.fastCount} 题答得比读题还快，可能没有认真读题（仅供参考，不是结论）`}</Text>
      )}
    </View>
  );
}

/**
 * The teacher's view of one quiz in their class (?quizId=&classId=): participation, mean and best scores,
 * pass rate, who has not taken it (with a reminder), fast answers as flags, and every question's correct
 * rate in the class (hardest first) to go over in class.
 */
export default function ClassQuizPage() {
  useLoginGuard();
  const { params } = useRouter();
  const quizId = params.quizId ?? '';
  const classId = params.classId ?? '';
  const [filter, setFilter] = useState<Filter>('all');
  const data = useShowRequest(() => call('quiz', 'classResults', { quizId, classId }), [quizId, classId]);
  usePullDownRefresh(async () => {
    await data.reload();
    Taro.stopPullDownRefresh();
  });
  const d = data.data;
  if (!d) {
    return (
      <View className="page">
        <StateView loading={data.loading} error={data.error} onRetry={data.reload} />
      </View>
    );
  }
  const f = d.figures;
  const waiting = d.pupils.filter((p) => (d.pupilsTake ? p.state === 'none' : p.familyBest === null));
  const shown = d.pupils.filter(
    (p) =>
      filter === 'all' ||
      (filter === 'none' && p.state === 'none') ||
      (filter === 'done' && p.state === 'done') ||
      (filter === 'flagged' && p.fastCount > 0),
  );
  const remind = async () => {
    const res = await withLoading('正在提醒', () => call('quiz', 'remind', { quizId, classId }));
    if (res) {
      toastOk(`已提醒 ${res.reminded} 人`);
      await data.reload();
    }
  };
  const exportXlsx = async () => {
    const res = await withLoading('正在导出', () =>
      call('quiz', 'exportXlsx', { quizId, level: 'class', id: classId }, { timeoutMs: 60_000 }),
    );
    if (res) await deliverExport(res).catch(showError);
  };
  return (
    <View className="page qz-page">
      <View className="card" id="qz-class-figures">
        <View className="card-title">{`${d.className} · ${d.quiz.title}`}</View>
        <Text className="qz-note">{d.schoolName}</Text>
        <View className="gap" />
        <View className="qz-figures">
          <Figure id="qz-class-rate" value={`${f.rate}%`} label={`参与率（${f.takers}/${f.roster} 人）`} />
          <Figure value={score(f.meanBest)} label="平均最高分" />
          <Figure value={score(f.topScore)} label="最高分" />
          <Figure value={`${f.passRate}%`} label={`合格（${f.passes} 人）`} />
          {d.parentsTake && <Figure value={`${f.familyRate}%`} label={`家长参与（${f.families} 户）`} />}
          {f.flaggedPupils > 0 && <Figure value={f.flaggedPupils} label="有快速作答的人" />}
        </View>
        <Bar percent={f.rate} />
        {f.inProgress > 0 && <Text className="qz-note">{`${f.inProgress} 人正在答题。`}</Text>}
        <View className="qz-actions">
          {waiting.length > 0 && d.quiz.state === 'open' && (
            <Button type="primary" block id="qz-remind" onClick={remind}>
              {`提醒还没参加的 ${waiting.length} 人`}
            </Button>
          )}
          <Button block id="qz-class-export" onClick={exportXlsx}>
            导出本班 Excel
          </Button>
        </View>
      </View>

      <View className="card" id="qz-class-pupils">
        <View className="card-title">学生</View>
        <Chips options={FILTERS} selected={[filter]} onToggle={setFilter} />
        {shown.length === 0 && <Text className="qz-note">没有符合条件的学生。</Text>}
        {shown.map((p) => (
          <PupilLine key={p.rosterId} p={p} parents={d.parentsTake} />
        ))}
      </View>

      <View className="card" id="qz-class-questions">
        <View className="card-title">各题正确率（本班）</View>
        <Text className="qz-note">按每人最高分那次统计，最难的排在前面，可以在班会上讲一讲。</Text>
        {d.questions.length === 0 && <Text className="qz-note">还没有人交卷。</Text>}
        {d.questions.map((q) => (
          <View key={q.questionId} className="qz-line">
            <Text className="qz-review-stem">{q.stem}</Text>
            <Text className="qz-note">{`正确答案：${q.answerText}`}</Text>
            <View className="row">
              <View style={{ flex: 1 }}>
                <Bar percent={q.rate} tone={q.rate >= 80 ? 'green' : q.rate >= 50 ? 'gold' : 'brand'} />
              </View>
              <Text className="qz-figure-inline">{`${q.rate}%`}</Text>
            </View>
            <Text className="qz-note">{`${q.correct}/${q.n} 人答对`}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
