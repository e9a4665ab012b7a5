import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { call, type InputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import { QUIZ_TOPICS, type QuizTopic, shortDay } from '../shared/labels';
import { Chips } from '../shared/ui';
import '../quiz.scss';

type Settings = InputOf<'quiz', 'createQuiz'>['settings'];
type Level = 'city' | 'district' | 'school';
type Mix = 'any' | 'easy' | 'balanced' | 'hard';

/** Difficulty mixes offered (shares of 易 / 中 / 难). */
const MIXES: Record<Mix, { label: string; shares?: Record<'1' | '2' | '3', number> }> = {
  any: { label: '不限难度' },
  easy: { label: '以易为主', shares: { 1: 0.6, 2: 0.4, 3: 0 } },
  balanced: { label: '易中难均衡', shares: { 1: 0.3, 2: 0.5, 3: 0.2 } },
  hard: { label: '偏难', shares: { 1: 0.2, 2: 0.5, 3: 0.3 } },
};

function mixOf(d: Settings['draw']['difficulty']): Mix {
  if (!d) return 'any';
  const found = (Object.keys(MIXES) as Mix[]).find((k) => {
    const s = MIXES[k].shares;
    return s && s[1] === (d[1] ?? 0) && s[2] === (d[2] ?? 0) && s[3] === (d[3] ?? 0);
  });
  return found ?? 'balanced';
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Today in Beijing. */
function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A new quiz's settings: a law quiz for every pupil, two weeks from today. */
function defaults(start: string, end: string): Settings {
  return {
    title: '',
    description: '',
    audience: { stages: ['primary', 'junior', 'senior'], parents: false },
    draw: { count: 20, topics: [], builtin: true, custom: false },
    timeLimitMinutes: 20,
    attemptsAllowed: 2,
    startDay: start,
    endDay: end,
    passMark: 60,
    reveal: 'after_close',
    certificate: null,
  };
}

/** One labelled field. */
function Field(props: { label: string; children: React.ReactNode; note?: string }) {
  return (
    <View className="qz-field">
      <Text className="qz-label">{props.label}</Text>
      {props.children}
      {props.note && <Text className="qz-note">{props.note}</Text>}
    </View>
  );
}

/** A whole number typed into a small box. */
function NumberInput(props: {
  id?: string;
  value: number;
  onChange: (n: number) => void;
  disabled?: boolean;
}) {
  return (
    <Input
      id={props.id}
      className="qz-input qz-input-small"
      type="number"
      disabled={props.disabled}
      value={String(props.value)}
      onInput={(e) => props.onChange(Number(e.detail.value.replace(/\D/g, '')) || 0)}
    />
  );
}

/** The form itself (settings in, save out). */
function QuizForm(props: {
  level: Level;
  unitId?: string;
  quizId?: string;
  started: boolean;
  initial: Settings;
  phase: { start: string; end: string } | null;
}) {
  const [s, setS] = useState<Settings>(props.initial);
  const [minEach, setMinEach] = useState<number>(() =>
    Math.max(0, ...Object.values(props.initial.draw.minPerTopic ?? {}).map(Number)),
  );
  const [mix, setMix] = useState<Mix>(mixOf(props.initial.draw.difficulty));
  const [preview, setPreview] = useState<{
    poolSizes: { label: string; available: number }[];
    problems: string[];
  } | null>(null);
  const locked = props.started;
  const set = (patch: Partial<Settings>) => setS((x) => ({ ...x, ...patch }));
  const setDraw = (patch: Partial<Settings['draw']>) =>
    setS((x) => ({ ...x, draw: { ...x.draw, ...patch } }));

  const settings = (): Settings => {
    const topics = s.draw.topics ?? [];
    const minPerTopic =
      minEach > 0 && topics.length ? Object.fromEntries(topics.map((t) => [t, minEach])) : undefined;
    const shares = MIXES[mix].shares;
    return {
      ...s,
      certificate: s.certificate && s.certificate.trim() ? s.certificate.trim() : null,
      draw: {
        count: s.draw.count,
        topics,
        ...(minPerTopic ? { minPerTopic } : {}),
        ...(shares
          ? { difficulty: Object.fromEntries(Object.entries(shares).filter(([, v]) => v > 0)) }
          : {}),
        builtin: s.draw.builtin,
        custom: s.draw.custom,
      },
    };
  };

  // Check the bank can give every stage its questions whenever the draw or the audience changes.
  const drawKey = JSON.stringify([s.audience, s.draw, minEach, mix]);
  useEffect(() => {
    if (locked) return undefined;
    const timer = setTimeout(() => {
      call('quiz', 'previewQuiz', {
        level: props.level,
        ...(props.unitId ? { id: props.unitId } : {}),
        settings: { ...settings(), title: s.title.trim().length >= 2 ? s.title : '检查题库' },
      })
        .then(setPreview)
        .catch(() => setPreview(null));
    }, 500);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawKey]);

  const save = async () => {
    const input = settings();
    const res = await withLoading('正在保存', () =>
      props.quizId
        ? call('quiz', 'updateQuiz', { quizId: props.quizId, settings: input })
        : call('quiz', 'createQuiz', {
            level: props.level,
            ...(props.unitId ? { id: props.unitId } : {}),
            settings: input,
          }),
    );
    if (res) {
      toastOk('已保存');
      setTimeout(
        () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/quiz/home/index' })),
        600,
      );
    }
  };

  const stages = [...s.audience.stages, ...(s.audience.parents ? ['parent' as const] : [])];
  return (
    <View className="page qz-page">
      {locked && (
        <Text className="qz-notice">
          已经有人开始答题了：为了公平，题目、限时、次数和及格分不能再改，只能改名称、说明、结束日期、公布答案的时间和证书名称。
        </Text>
      )}
      <View className="card">
        <View className="card-title">基本信息</View>
        <Field label="竞赛名称">
          <Input
            id="qz-title"
            className="qz-input"
            value={s.title}
            maxlength={40}
            placeholder="如：网络法律知识竞赛"
            onInput={(e) => set({ title: e.detail.value })}
          />
        </Field>
        <Field label="说明（选填）">
          <Textarea
            className="textarea"
            value={s.description ?? ''}
            maxlength={300}
            placeholder="竞赛内容、要求，学生答题前会看到"
            onInput={(e) => set({ description: e.detail.value })}
          />
        </Field>
        <Field label="参加的人">
          <Chips
            idPrefix="qz-aud"
            disabled={locked}
            options={[
              { value: 'primary', label: '小学生' },
              { value: 'junior', label: '初中生' },
              { value: 'senior', label: '高中生' },
              { value: 'parent', label: '家长' },
            ]}
            selected={stages}
            onToggle={(v) =>
              v === 'parent'
                ? set({ audience: { ...s.audience, parents: !s.audience.parents } })
                : set({
                    audience: {
                      ...s.audience,
                      stages: s.audience.stages.includes(v)
                        ? s.audience.stages.filter((x) => x !== v)
                        : [...s.audience.stages, v],
                    },
                  })
            }
          />
        </Field>
      </View>

      <View className="card">
        <View className="card-title">出题</View>
        <Field label="每人每次答几题">
          <NumberInput
            id="qz-count"
            value={s.draw.count}
            disabled={locked}
            onChange={(count) => setDraw({ count })}
          />
        </Field>
        <Field label="题目主题" note="不选表示全部主题。每个学段（和家长）按自己的题目出题。">
          <Chips
            idPrefix="qz-topic"
            disabled={locked}
            options={QUIZ_TOPICS.map((t) => ({ value: t, label: t }))}
            selected={s.draw.topics ?? []}
            onToggle={(t: QuizTopic) => {
              const topics = s.draw.topics ?? [];
              setDraw({ topics: topics.includes(t) ? topics.filter((x) => x !== t) : [...topics, t] });
            }}
          />
        </Field>
        {(s.draw.topics ?? []).length > 1 && (
          <Field label="每个所选主题至少几题（选填）">
            <NumberInput value={minEach} disabled={locked} onChange={setMinEach} />
          </Field>
        )}
        <Field label="难度">
          <Chips
            disabled={locked}
            options={(Object.keys(MIXES) as Mix[]).map((k) => ({ value: k, label: MIXES[k].label }))}
            selected={[mix]}
            onToggle={setMix}
          />
        </Field>
        <Field label="题目来源">
          <Chips
            disabled={locked}
            options={[
              { value: 'builtin', label: '内置题库（240 题，已核对）' },
              { value: 'custom', label: '本单位和上级的题库' },
            ]}
            selected={[...(s.draw.builtin ? ['builtin'] : []), ...(s.draw.custom ? ['custom'] : [])]}
            onToggle={(v) =>
              setDraw(v === 'builtin' ? { builtin: !s.draw.builtin } : { custom: !s.draw.custom })
            }
          />
        </Field>
        {preview && !locked && (
          <View id="qz-preview">
            {preview.poolSizes.map((p) => (
              <Text key={p.label} className="qz-note">{`${p.label}可选题目：${p.available} 题`}</Text>
            ))}
            {preview.problems.map((p) => (
              <Text key={p} className="qz-error">
                {p}
              </Text>
            ))}
            {preview.problems.length === 0 && (
              <Text className="qz-note">✓ 题目够用，每个人都会抽到不同的题、不同的选项顺序。</Text>
            )}
          </View>
        )}
      </View>

      <View className="card">
        <View className="card-title">时间和规则</View>
        <Field
          label="开始日期"
          note={
            props.phase
              ? `要在活动实施阶段（${shortDay(props.phase.start)}–${shortDay(props.phase.end)}）内`
              : undefined
          }
        >
          <Picker
            mode="date"
            value={s.startDay}
            start={props.phase?.start}
            end={props.phase?.end}
            disabled={locked}
            onChange={(e) => set({ startDay: e.detail.value as string })}
          >
            <View className="qz-input" id="qz-start-day">
              {s.startDay}
            </View>
          </Picker>
        </Field>
        <Field label="结束日期（当天 24 点截止）">
          <Picker
            mode="date"
            value={s.endDay}
            start={props.phase?.start}
            end={props.phase?.end}
            onChange={(e) => set({ endDay: e.detail.value as string })}
          >
            <View className="qz-input" id="qz-end-day">
              {s.endDay}
            </View>
          </Picker>
        </Field>
        <Field label="每次限时（分钟，0 表示不限时）">
          <NumberInput
            value={s.timeLimitMinutes ?? 0}
            disabled={locked}
            onChange={(n) => set({ timeLimitMinutes: n > 0 ? n : null })}
          />
        </Field>
        <Field label="每人可以答几次（取最高分）">
          <NumberInput
            value={s.attemptsAllowed}
            disabled={locked}
            onChange={(attemptsAllowed) => set({ attemptsAllowed })}
          />
        </Field>
        <Field label="及格分（满分 100）">
          <NumberInput value={s.passMark} disabled={locked} onChange={(passMark) => set({ passMark })} />
        </Field>
        <Field
          label="什么时候公布答案"
          note={
            s.reveal === 'after_submit' && s.attemptsAllowed > 1
              ? '允许答多次时，建议竞赛结束后再公布答案，免得答案被传开。'
              : undefined
          }
        >
          <Chips
            options={[
              { value: 'after_submit', label: '交卷后马上公布' },
              { value: 'after_close', label: '竞赛结束后公布' },
            ]}
            selected={[s.reveal]}
            onToggle={(reveal) => set({ reveal })}
          />
        </Field>
        <Field label="合格证书">
          <Chips
            options={[
              { value: 'none', label: '不发证书' },
              { value: 'yes', label: '发证书' },
            ]}
            selected={[s.certificate === null ? 'none' : 'yes']}
            onToggle={(v) => set({ certificate: v === 'none' ? null : s.certificate || '网络安全小卫士' })}
          />
          {s.certificate !== null && (
            <Input
              className="qz-input"
              value={s.certificate ?? ''}
              maxlength={12}
              placeholder="证书名称，如：网络安全小卫士"
              onInput={(e) => set({ certificate: e.detail.value })}
            />
          )}
        </Field>
        <View className="qz-actions">
          <Button type="primary" size="large" block id="qz-save" onClick={save}>
            {props.quizId ? '保存修改' : '发布竞赛'}
          </Button>
        </View>
      </View>
    </View>
  );
}

/** Create a quiz (?level=&id=) or edit one (?quizId=). */
export default function EditPage() {
  useLoginGuard();
  const { params } = useRouter();
  const quizId = params.quizId || undefined;
  const loaded = useRequest(async () => {
    const campaign = await call('campaign', 'get', {});
    const phase = campaign.phases.find((p) => p.key === 'implementation') ?? null;
    if (quizId) {
      const q = await call('quiz', 'quizSettings', { quizId });
      return {
        phase,
        level: q.level,
        unitId: q.level === 'city' ? undefined : q.unitId,
        started: q.started,
        initial: q.settings,
      };
    }
    const start = phase && today() < phase.start ? phase.start : today();
    const end = phase
      ? addDays(start, 14) > phase.end
        ? phase.end
        : addDays(start, 14)
      : addDays(start, 14);
    return {
      phase,
      level: (params.level ?? 'city') as Level,
      unitId: params.id || undefined,
      started: false,
      initial: defaults(start, end),
    };
  }, [quizId]);
  const d = loaded.data;
  if (!d) {
    return (
      <View className="page">
        <StateView loading={loaded.loading} error={loaded.error} onRetry={loaded.reload} />
      </View>
    );
  }
  return (
    <QuizForm
      level={d.level}
      unitId={d.unitId}
      quizId={quizId}
      started={d.started}
      initial={d.initial}
      phase={d.phase ? { start: d.phase.start, end: d.phase.end } : null}
    />
  );
}
