import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { DIFFICULTY_TEXT, LETTERS, TYPE_TEXT } from '../shared/labels';
import { Bar, Chips, Figure } from '../shared/ui';
import '../quiz.scss';

type Item = OutputOf<'quiz', 'itemAnalysis'>['items'][number];

/** One question's statistics: correct rate, discrimination, how often each option was picked, flags. */
function ItemCard(props: { item: Item }) {
  const it = props.item;
  const total = Math.max(1, it.n);
  return (
    <View className="qz-line" id={`qz-item-${it.questionId}`}>
      <Text className="qz-note">
        {`${TYPE_TEXT[it.type]} · ${it.stages.join('、')} · 难度${DIFFICULTY_TEXT[it.difficulty]}${it.custom ? ' · 本单位题库' : ''}`}
      </Text>
      <Text className="qz-review-stem">{it.stem}</Text>
      <View className="qz-figures">
        <Figure value={it.correctRate === null ? '—' : `${it.correctRate}%`} label={`正确率（${it.n} 人）`} />
        <Figure value={it.discrimination === null ? '—' : it.discrimination.toFixed(2)} label="区分度" />
      </View>
      {it.options.map((o, k) => {
        const right = it.answer.includes(k);
        const share = Math.round((it.optionPicks[k] / total) * 100);
        return (
          <View key={k} style={{ marginTop: '10px' }}>
            <Text className="qz-note">{`${LETTERS[k]}. ${o}${right ? '（正确）' : ''} — ${it.optionPicks[k]} 人选`}</Text>
            <Bar
              percent={share}
              tone={right ? 'green' : it.unusedDistractors.includes(k) ? 'gray' : 'gold'}
            />
          </View>
        );
      })}
      {it.flagText.map((t) => (
        <Text key={t} className="qz-flag">
          {t}
        </Text>
      ))}
      <Text className="qz-source">{`出处：${it.source}`}</Text>
    </View>
  );
}

/**
 * Item analysis of a quiz (?quizId=) for the admins who run it: per question the correct rate, the
 * discrimination (upper 27% minus lower 27% of scorers) and how often each option was picked; questions with
 * negative discrimination, a distractor nobody picks, or that nearly everyone gets right or wrong come first.
 */
export default function ItemsPage() {
  useLoginGuard();
  const { params } = useRouter();
  const quizId = params.quizId ?? '';
  const [only, setOnly] = useState<'all' | 'flagged'>('all');
  const data = useShowRequest(() => call('quiz', 'itemAnalysis', { quizId }), [quizId]);
  const d = data.data;
  if (!d) {
    return (
      <View className="page">
        <StateView loading={data.loading} error={data.error} onRetry={data.reload} />
      </View>
    );
  }
  const items = only === 'flagged' ? d.items.filter((i) => i.flags.length) : d.items;
  return (
    <View className="page qz-page">
      <View className="card">
        <View className="card-title">{`题目分析 · ${d.quiz.title}`}</View>
        <View className="qz-figures">
          <Figure value={d.takers} label="参加人数" />
          <Figure value={d.items.length} label="出现过的题目" />
          <Figure value={d.flagged} label="建议复查" />
        </View>
        <Text className="qz-note">
          按每人最高分那次统计。区分度 = 成绩前 27% 的人的正确率 − 后 27% 的人的正确率；某题作答不满 10
          人时不计算，不满 20 人时不提示。
        </Text>
      </View>
      <View className="card" id="qz-items">
        <Chips
          options={[
            { value: 'all', label: '全部题目' },
            { value: 'flagged', label: `建议复查（${d.flagged}）` },
          ]}
          selected={[only]}
          onToggle={setOnly}
        />
        {items.length === 0 && <Text className="qz-note">还没有可以分析的答题。</Text>}
        {items.map((it) => (
          <ItemCard key={it.questionId} item={it} />
        ))}
      </View>
    </View>
  );
}
