import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { beijingTime, clock, LETTERS, rulesLine, score, shortDay, TYPE_TEXT } from '../shared/labels';
import { StateTag, useCountdown } from '../shared/ui';
import '../quiz.scss';

type Attempt = NonNullable<OutputOf<'quiz', 'current'>['active']>;
type Info = OutputOf<'quiz', 'quizInfo'>;

/** Answers tapped but not yet confirmed by the server survive the app being killed (weapp storage). */
const pendingKey = (attemptId: string) => `cgn.quiz.pending.${attemptId}`;

function readPending(attemptId: string): Record<string, number[]> {
  try {
    const raw = Taro.getStorageSync(pendingKey(attemptId)) as Record<string, number[]> | '';
    return raw && typeof raw === 'object' ? raw : {};
  } catch {
    return {};
  }
}

function writePending(attemptId: string, pending: Record<string, number[]>): void {
  try {
    if (Object.keys(pending).length) Taro.setStorageSync(pendingKey(attemptId), pending);
    else Taro.removeStorageSync(pendingKey(attemptId));
  } catch {
    // Storage full or unavailable: the server copy still holds every answer it confirmed.
  }
}

/** Where the result page is. */
function resultUrl(quizId: string, attemptId: string, child?: string): string {
  return `/packages/quiz/result/index?quizId=${quizId}&attemptId=${encodeURIComponent(attemptId)}${child ? `&child=${child}` : ''}`;
}

/**
 * Answering: one question per screen in big type, the server's countdown, every tap saved at once (and
 * kept on the phone until the server confirms it), an answer sheet to jump around, and 交卷. When the time
 * is up the attempt is submitted with what was saved.
 */
function Answering(props: { attempt: Attempt; child?: string }) {
  const { attempt, child } = props;
  const [answers, setAnswers] = useState<Record<string, number[]>>(() => ({
    ...attempt.answers,
    ...readPending(attempt.attemptId),
  }));
  const firstOpen = attempt.questions.findIndex((q) => !(answers[String(q.index)]?.length ?? 0));
  const [index, setIndex] = useState(firstOpen < 0 ? 0 : firstOpen);
  const [saveState, setSaveState] = useState<'saved' | 'saving' | 'retry'>('saved');
  const pending = useRef<Record<string, number[]>>(readPending(attempt.attemptId));
  const flushing = useRef(false);
  const finished = useRef(false);
  const left = useCountdown(attempt.deadline, attempt.serverNow);

  const finish = useCallback(
    async (auto: boolean) => {
      if (finished.current) return;
      finished.current = true;
      const res = await withLoading(auto ? '时间到，正在交卷' : '正在交卷', async () => {
        await flush();
        return call('quiz', 'submit', { attemptId: attempt.attemptId });
      });
      if (!res) {
        finished.current = false;
        return;
      }
      writePending(attempt.attemptId, {});
      void Taro.redirectTo({ url: resultUrl(attempt.quizId, attempt.attemptId, child) });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [attempt.attemptId],
  );

  /** Send every answer the server has not confirmed yet (several at once after a network hiccup). */
  const flush = useCallback(async (): Promise<void> => {
    if (flushing.current) return;
    const batch = Object.entries(pending.current);
    if (!batch.length) return;
    flushing.current = true;
    setSaveState('saving');
    let again = false;
    try {
      await call('quiz', 'saveAnswers', {
        attemptId: attempt.attemptId,
        answers: batch.map(([i, picked]) => ({ index: Number(i), picked })),
      });
      for (const [i, picked] of batch) {
        if (pending.current[i] === picked) delete pending.current[i];
      }
      writePending(attempt.attemptId, pending.current);
      // Taps made while this batch was on its way go in the next one.
      again = Object.keys(pending.current).length > 0;
      setSaveState(again ? 'saving' : 'saved');
    } catch (err) {
      setSaveState('retry');
      if (err instanceof ApiError && err.code === 'FAILED_PRECONDITION') {
        // Time is up or the attempt was submitted elsewhere: show the result.
        pending.current = {};
        writePending(attempt.attemptId, {});
        showError(err);
        void finish(true);
      }
    } finally {
      flushing.current = false;
    }
    if (again) await flush();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt.attemptId]);

  // Retry unsaved answers every few seconds (a dropped connection), and once at the start (after a restart).
  useEffect(() => {
    void flush();
    const timer = setInterval(() => void flush(), 4000);
    return () => clearInterval(timer);
  }, [flush]);

  useEffect(() => {
    if (left !== null && left <= 0) void finish(true);
  }, [left, finish]);

  const q = attempt.questions[index];
  const picked = answers[String(index)] ?? [];
  const tap = (k: number) => {
    const next =
      q.type === 'multiple'
        ? picked.includes(k)
          ? picked.filter((x) => x !== k)
          : [...picked, k].sort()
        : [k];
    setAnswers((a) => ({ ...a, [String(index)]: next }));
    pending.current[String(index)] = next;
    writePending(attempt.attemptId, pending.current);
    void flush();
  };
  const answered = attempt.questions.filter((x) => (answers[String(x.index)]?.length ?? 0) > 0).length;
  const submit = async () => {
    const open = attempt.questions.length - answered;
    const ok = await confirm(
      '确定交卷吗？',
      open ? `还有 ${open} 题没有作答，交卷后不能再改。` : '交卷后不能再改答案。',
    );
    if (ok) await finish(false);
  };
  const last = index === attempt.questions.length - 1;

  return (
    <View className="page qz-page" id="qz-answering">
      <View className="qz-topbar">
        <Text
          className="qz-progress"
          id="qz-progress"
        >{`第 ${index + 1} / ${attempt.questions.length} 题`}</Text>
        <View style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end' }}>
          {left !== null && (
            <Text className={`qz-timer ${left < 60 ? 'qz-timer-low' : ''}`} id="qz-timer">
              <Text className="qz-timer-label">剩余 </Text>
              {clock(left)}
            </Text>
          )}
          <Text className={`qz-saved ${saveState === 'retry' ? 'qz-saved-bad' : ''}`} id="qz-saved">
            {saveState === 'saved'
              ? '答案已保存'
              : saveState === 'saving'
                ? '正在保存…'
                : '网络不好，正在重试保存'}
          </Text>
        </View>
      </View>
      <View className="card" id={`qz-question-${index}`}>
        <Text className="qz-type">{TYPE_TEXT[q.type]}</Text>
        <Text className="qz-stem">{q.stem}</Text>
        {q.type === 'multiple' && <Text className="qz-hint">可以选多个答案，全部选对才得分</Text>}
        {q.options.map((option, k) => (
          <View
            key={k}
            id={`qz-option-${k}`}
            className={`qz-option ${picked.includes(k) ? 'qz-option-on' : ''}`}
            role={q.type === 'multiple' ? 'checkbox' : 'radio'}
            aria-checked={picked.includes(k)}
            onClick={() => tap(k)}
          >
            <View className="qz-letter">{q.type === 'truefalse' ? (k === 0 ? '√' : '×') : LETTERS[k]}</View>
            <Text className="qz-option-text">{option}</Text>
          </View>
        ))}
        <View className="qz-nav">
          <Button
            className="qz-nav-item"
            disabled={index === 0}
            onClick={() => setIndex(index - 1)}
            id="qz-prev"
          >
            上一题
          </Button>
          {last ? (
            <Button className="qz-nav-item" type="primary" onClick={submit} id="qz-submit">
              交卷
            </Button>
          ) : (
            <Button className="qz-nav-item" type="primary" onClick={() => setIndex(index + 1)} id="qz-next">
              下一题
            </Button>
          )}
        </View>
      </View>
      <View className="card">
        <View className="row">
          <Text className="card-title">答题卡</Text>
          <Text className="qz-note">{`已答 ${answered} / ${attempt.questions.length}`}</Text>
        </View>
        <View className="qz-sheet">
          {attempt.questions.map((x) => (
            <View
              key={x.index}
              className={`qz-sheet-cell ${(answers[String(x.index)]?.length ?? 0) > 0 ? 'qz-sheet-done' : ''} ${x.index === index ? 'qz-sheet-current' : ''}`}
              onClick={() => setIndex(x.index)}
            >
              {x.index + 1}
            </View>
          ))}
        </View>
        {!last && (
          <View className="qz-actions">
            <Button block onClick={submit} id="qz-submit-early">
              交卷
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}

/** The quiz's rules and the pupil's standing, with 开始答题. */
function Intro(props: { info: Info; child?: string; onStart: () => void; expired: boolean }) {
  const i = props.info;
  const canStart = i.state === 'open' && i.attemptsUsed < i.attemptsAllowed;
  return (
    <View className="page qz-page">
      <View className="card" id="qz-intro">
        <View className="row">
          <Text className="qz-quiz-title">{i.title}</Text>
          <StateTag state={i.state} />
        </View>
        {i.description && <Text className="qz-lead">{i.description}</Text>}
        <View className="gap" />
        <Text className="qz-note">{`主办：${i.unitName}`}</Text>
        <Text className="qz-note">{`时间：${shortDay(i.startDay)} – ${shortDay(i.endDay)}`}</Text>
        <Text className="qz-note">{rulesLine(i)}</Text>
        <Text className="qz-note">
          {i.reveal === 'after_submit'
            ? '交卷后马上可以看到答案和解析。'
            : `答案和解析在竞赛结束后（${beijingTime(i.closesAt)}）公布。`}
        </Text>
        {i.certificate && (
          <Text className="qz-note">{`${i.passMark} 分及以上可以获得「${i.certificate}」证书。`}</Text>
        )}
        {props.expired && <Text className="qz-notice">上次答题时间到了，已按保存的答案自动交卷。</Text>}
        {i.attemptsUsed > 0 && (
          <Text className="qz-standing">{`已答 ${i.attemptsUsed} 次，最高 ${score(i.best)} 分${i.passed ? '，已合格 ✓' : ''}`}</Text>
        )}
        <View className="qz-actions">
          {canStart && (
            <Button type="primary" size="large" block onClick={props.onStart} id="qz-start">
              {i.attemptsUsed ? '再答一次' : '开始答题'}
            </Button>
          )}
          {i.state === 'upcoming' && (
            <Text className="qz-notice">{`竞赛 ${shortDay(i.startDay)} 开始，到时再来吧。`}</Text>
          )}
          {i.attemptsUsed > 0 && (
            <Button
              block
              id="qz-see-result"
              onClick={() =>
                Taro.navigateTo({
                  url: `/packages/quiz/result/index?quizId=${i.quizId}${props.child ? `&child=${props.child}` : ''}`,
                })
              }
            >
              查看成绩
            </Button>
          )}
        </View>
      </View>
      {canStart && i.timeLimitSeconds && (
        <View className="card">
          <Text className="qz-note">
            {`开始后有 ${Math.round(i.timeLimitSeconds / 60)} 分钟。每点一个答案都会马上保存；中途退出或手机没电，回来还能接着答（时间不会暂停）。`}
          </Text>
        </View>
      )}
    </View>
  );
}

/**
 * Take a quiz (?quizId=, and &child=<rosterId> for a parent answering for a child's family). Opens on the
 * active attempt when there is one — after the app was killed, or on another phone — else on the rules.
 */
export default function TakePage() {
  useLoginGuard();
  const { params } = useRouter();
  const quizId = params.quizId ?? '';
  const child = params.child || undefined;
  const [started, setStarted] = useState<Attempt | null>(null);
  const state = useShowRequest(async () => {
    const input = { quizId, ...(child ? { childRosterId: child } : {}) };
    const [info, current] = await Promise.all([
      call('quiz', 'quizInfo', input),
      call('quiz', 'current', input),
    ]);
    return { info, current };
  }, [quizId, child]);

  const start = async () => {
    const res = await withLoading('正在出题', () =>
      call('quiz', 'start', { quizId, ...(child ? { childRosterId: child } : {}) }),
    );
    if (res) setStarted(res);
  };

  const attempt = started ?? state.data?.current.active ?? null;
  if (attempt) return <Answering key={attempt.attemptId} attempt={attempt} child={child} />;
  if (!state.data) {
    return (
      <View className="page">
        <StateView loading={state.loading} error={state.error} onRetry={state.reload} />
      </View>
    );
  }
  return (
    <Intro info={state.data.info} child={child} onStart={start} expired={!!state.data.current.expired} />
  );
}
