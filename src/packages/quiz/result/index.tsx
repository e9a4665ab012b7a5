import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { beijingTime, LETTERS, score, TYPE_TEXT } from '../shared/labels';
import '../quiz.scss';

type Result = OutputOf<'quiz', 'myResult'>;
type ReviewItem = NonNullable<Result['review']>['items'][number];

/** One question after submitting: the options with the right answer and the pupil's pick, why, and where from. */
function Reviewed(props: { item: ReviewItem }) {
  const it = props.item;
  return (
    <View className="qz-review" id={`qz-review-${it.index}`}>
      <View className="row">
        <Text className="qz-note">{`第 ${it.index + 1} 题 · ${TYPE_TEXT[it.type]}`}</Text>
        <Text className={`tag ${it.correct ? 'tag-green' : ''}`}>{it.correct ? '答对了' : '答错了'}</Text>
      </View>
      <Text className="qz-review-stem">{it.stem}</Text>
      {it.options.map((o, k) => {
        const right = it.answer.includes(k);
        const mine = it.picked.includes(k);
        return (
          <View key={k} className={`qz-option ${right ? 'qz-option-right' : mine ? 'qz-option-wrong' : ''}`}>
            <View className="qz-letter">{it.type === 'truefalse' ? (k === 0 ? '√' : '×') : LETTERS[k]}</View>
            <Text className="qz-option-text">
              {o}
              {right ? '（正确答案）' : ''}
              {mine && !right ? '（你的选择）' : ''}
            </Text>
          </View>
        );
      })}
      {it.picked.length === 0 && <Text className="qz-note">这题没有作答。</Text>}
      <Text className="qz-explain">{`解析：${it.explanation}`}</Text>
      <Text className="qz-source">{`出处：${it.source}`}</Text>
    </View>
  );
}

/**
 * The taker's results of a quiz (?quizId=, &attemptId= for one attempt, &child= for a parent): the score,
 * the best, every attempt, the certificate, and — once the quiz shows answers — each question with the right
 * answer, the explanation and its source.
 */
export default function ResultPage() {
  useLoginGuard();
  const { params } = useRouter();
  const quizId = params.quizId ?? '';
  const child = params.child || undefined;
  const attemptId = params.attemptId ? decodeURIComponent(params.attemptId) : undefined;
  const res = useShowRequest(
    () =>
      call('quiz', 'myResult', {
        quizId,
        ...(child ? { childRosterId: child } : {}),
        ...(attemptId ? { attemptId } : {}),
      }),
    [quizId, child, attemptId],
  );
  const r = res.data;
  if (!r) {
    return (
      <View className="page">
        <StateView loading={res.loading} error={res.error} onRetry={res.reload} />
      </View>
    );
  }
  const shown =
    r.attempts.find((a) => a.attemptId === (attemptId ?? r.review?.attemptId)) ??
    r.attempts[r.attempts.length - 1];
  const again = r.quiz.state === 'open' && r.attemptsLeft > 0 && !r.active;
  return (
    <View className="page qz-page">
      <View className="card" id="qz-result">
        <Text className="qz-quiz-title">{r.quiz.title}</Text>
        {shown ? (
          <View className="qz-score">
            <View className="qz-score-line">
              <Text className={`qz-score-value ${shown.passed ? 'qz-score-pass' : ''}`} id="qz-score">
                {score(shown.score)}
              </Text>
              <Text className="qz-score-unit">分</Text>
            </View>
            <Text className="qz-score-label">{`第 ${shown.n} 次 · 答对 ${shown.correct} / ${shown.total} 题 · ${shown.passed ? '合格' : `${r.quiz.passMark} 分合格`}`}</Text>
            {shown.submittedBy === 'expired' && (
              <Text className="qz-note">时间到了，按已保存的答案自动交卷。</Text>
            )}
          </View>
        ) : (
          <Text className="qz-lead">还没有交卷的答题。</Text>
        )}
        {r.attempts.length > 1 && (
          <Text className="qz-standing">{`最高 ${score(r.best)} 分（取最高分）· ${r.attempts.map((a) => score(a.score)).join(' / ')}`}</Text>
        )}
        {r.passed && r.certificateCode && (
          <Text className="qz-notice qz-ok">{`恭喜！你获得了「${r.quiz.certificate}」证书。`}</Text>
        )}
        <View className="qz-actions">
          {r.passed && r.certificateCode && (
            <Button
              type="primary"
              block
              id="qz-certificate"
              onClick={() => Taro.navigateTo({ url: `/packages/quiz/certificate/index?quizId=${quizId}` })}
            >
              查看证书
            </Button>
          )}
          {again && (
            <Button
              block
              onClick={() =>
                Taro.redirectTo({
                  url: `/packages/quiz/take/index?quizId=${quizId}${child ? `&child=${child}` : ''}`,
                })
              }
            >
              {`再答一次（还剩 ${r.attemptsLeft} 次）`}
            </Button>
          )}
          {r.active && (
            <Button
              type="primary"
              block
              onClick={() =>
                Taro.redirectTo({
                  url: `/packages/quiz/take/index?quizId=${quizId}${child ? `&child=${child}` : ''}`,
                })
              }
            >
              继续答题
            </Button>
          )}
          <Button block onClick={() => Taro.redirectTo({ url: '/packages/quiz/home/index' })}>
            回到竞赛列表
          </Button>
        </View>
      </View>
      {r.attempts.length > 1 && (
        <View className="card">
          <View className="card-title">每次成绩</View>
          <View className="qz-chips">
            {r.attempts.map((a) => (
              <View
                key={a.attemptId}
                className={`qz-chip ${a.attemptId === shown?.attemptId ? 'qz-chip-on' : ''}`}
                onClick={() =>
                  Taro.redirectTo({
                    url: `/packages/quiz/result/index?quizId=${quizId}&attemptId=${encodeURIComponent(a.attemptId)}${child ? `&child=${child}` : ''}`,
                  })
                }
              >
                {`第 ${a.n} 次 ${score(a.score)} 分`}
              </View>
            ))}
          </View>
        </View>
      )}
      {r.review ? (
        <View className="card" id="qz-review">
          <View className="card-title">答案与解析</View>
          {r.review.items.map((it) => (
            <Reviewed key={it.index} item={it} />
          ))}
        </View>
      ) : (
        shown &&
        r.answersAt && (
          <View className="card">
            <Text className="qz-lead">{`为了公平，答案和解析在竞赛结束后（${beijingTime(r.answersAt)}）公布，到时再来看吧。`}</Text>
          </View>
        )
      )}
    </View>
  );
}
