import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, type InputOf } from '../../../api/client';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { takeDraft } from '../shared/draft';
import {
  DIFFICULTY_TEXT,
  LETTERS,
  QUIZ_TOPICS,
  type QuizStage,
  type QuizTopic,
  STAGE_TEXT,
  TYPE_TEXT,
} from '../shared/labels';
import { Chips } from '../shared/ui';
import '../quiz.scss';

type Question = InputOf<'quiz', 'saveQuestion'>['question'];
type Kind = Question['type'];

const TRUE_FALSE = ['正确', '错误'];

function blank(): Question {
  return {
    type: 'single',
    stem: '',
    options: ['', '', '', ''],
    answer: [],
    explanation: '',
    source: '',
    topics: [],
    stages: [],
    difficulty: 1,
  };
}

/** Toggle a value in a list. */
function toggled<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

/**
 * Add a question to a unit's own bank, or edit one (?level=&id=&questionId=, handed over by the bank page).
 * Saving an edit makes a new version; pupils already answering keep the version they were shown.
 */
export default function QuestionPage() {
  useLoginGuard();
  const { params } = useRouter();
  const [editing] = useState(() => takeDraft(params.questionId));
  const [q, setQ] = useState<Question>(() =>
    editing
      ? {
          type: editing.type,
          stem: editing.stem,
          options: editing.options,
          answer: editing.answer,
          explanation: editing.explanation,
          source: editing.source,
          topics: editing.topics,
          stages: editing.stages,
          difficulty: editing.difficulty,
        }
      : blank(),
  );
  const set = (patch: Partial<Question>) => setQ((x) => ({ ...x, ...patch }));
  const setType = (type: Kind) =>
    set({
      type,
      options: type === 'truefalse' ? TRUE_FALSE : q.type === 'truefalse' ? ['', '', '', ''] : q.options,
      answer: [],
    });
  const pick = (k: number) =>
    set({ answer: q.type === 'multiple' ? toggled(q.answer, k).sort((a, b) => a - b) : [k] });

  const save = async () => {
    const options = q.options.map((o) => o.trim());
    if (q.type !== 'truefalse' && options.some((o) => !o))
      return showError(new Error('请填写每个选项，或删掉空的选项'));
    if (!q.answer.length) return showError(new Error('请点选项左边的字母，标出正确答案'));
    const res = await withLoading('正在保存', () =>
      call('quiz', 'saveQuestion', {
        level: (params.level ?? 'city') as 'city' | 'district' | 'school',
        ...(params.id ? { id: params.id } : {}),
        ...(editing ? { questionId: editing.questionId } : {}),
        question: { ...q, options },
      }),
    );
    if (res) {
      toastOk('已保存');
      setTimeout(() => void Taro.navigateBack(), 600);
    }
  };

  return (
    <View className="page qz-page">
      {params.questionId && !editing && (
        <Text className="qz-notice">请从题库列表点「修改」进入。现在是新题目。</Text>
      )}
      <View className="card">
        <View className="qz-field">
          <Text className="qz-label">题型</Text>
          <Chips
            options={(['single', 'multiple', 'truefalse'] as Kind[]).map((t) => ({
              value: t,
              label: TYPE_TEXT[t],
            }))}
            selected={[q.type]}
            onToggle={setType}
          />
        </View>
        <View className="qz-field">
          <Text className="qz-label">题干</Text>
          <Textarea
            id="qz-stem"
            className="textarea"
            value={q.stem}
            maxlength={120}
            placeholder="写给学生的话，短一点、具体一点"
            onInput={(e) => set({ stem: e.detail.value })}
          />
        </View>
        <View className="qz-field">
          <Text className="qz-label">
            {q.type === 'multiple' ? '选项（点字母标出所有正确答案）' : '选项（点字母标出正确答案）'}
          </Text>
          {q.options.map((o, k) => (
            <View key={k} className="qz-inline" style={{ marginBottom: '12px' }}>
              <View
                className={`qz-letter ${q.answer.includes(k) ? 'qz-letter-on' : ''}`}
                style={
                  q.answer.includes(k)
                    ? { background: '#3a9a5b', borderColor: '#3a9a5b', color: '#fff' }
                    : undefined
                }
                onClick={() => pick(k)}
              >
                {LETTERS[k]}
              </View>
              {q.type === 'truefalse' ? (
                <Text>{o}</Text>
              ) : (
                <Input
                  className="qz-input"
                  style={{ flex: 1 }}
                  value={o}
                  maxlength={60}
                  onInput={(e) => set({ options: q.options.map((x, i) => (i === k ? e.detail.value : x)) })}
                />
              )}
            </View>
          ))}
          {q.type !== 'truefalse' && (
            <View className="qz-row-actions">
              {q.options.length < 6 && (
                <Button size="small" onClick={() => set({ options: [...q.options, ''] })}>
                  加一个选项
                </Button>
              )}
              {q.options.length > 3 && (
                <Button
                  size="small"
                  onClick={() =>
                    set({
                      options: q.options.slice(0, -1),
                      answer: q.answer.filter((a) => a < q.options.length - 1),
                    })
                  }
                >
                  删掉最后一个
                </Button>
              )}
            </View>
          )}
        </View>
        <View className="qz-field">
          <Text className="qz-label">解析（交卷后学生会看到）</Text>
          <Textarea
            className="textarea"
            value={q.explanation}
            maxlength={200}
            onInput={(e) => set({ explanation: e.detail.value })}
          />
        </View>
        <View className="qz-field">
          <Text className="qz-label">出处</Text>
          <Input
            className="qz-input"
            value={q.source}
            maxlength={80}
            placeholder="如：《中华人民共和国未成年人保护法》第七十五条"
            onInput={(e) => set({ source: e.detail.value })}
          />
          <Text className="qz-note">请写法律条文或主管部门，并确认条文序号是现行文本的。</Text>
        </View>
        <View className="qz-field">
          <Text className="qz-label">主题</Text>
          <Chips
            options={QUIZ_TOPICS.map((t) => ({ value: t, label: t }))}
            selected={q.topics as QuizTopic[]}
            onToggle={(t) => set({ topics: toggled(q.topics as QuizTopic[], t) })}
          />
        </View>
        <View className="qz-field">
          <Text className="qz-label">学段</Text>
          <Chips
            options={(Object.keys(STAGE_TEXT) as QuizStage[]).map((s) => ({
              value: s,
              label: STAGE_TEXT[s],
            }))}
            selected={q.stages as QuizStage[]}
            onToggle={(s) => set({ stages: toggled(q.stages as QuizStage[], s) })}
          />
        </View>
        <View className="qz-field">
          <Text className="qz-label">难度</Text>
          <Chips
            options={([1, 2, 3] as const).map((d) => ({ value: d, label: DIFFICULTY_TEXT[d] }))}
            selected={[q.difficulty]}
            onToggle={(difficulty) => set({ difficulty })}
          />
        </View>
        <View className="qz-actions">
          <Button type="primary" size="large" block id="qz-save-question" onClick={save}>
            保存题目
          </Button>
        </View>
      </View>
    </View>
  );
}
