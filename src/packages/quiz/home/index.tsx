import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { rulesLine, score, shortDay } from '../shared/labels';
import { StateTag } from '../shared/ui';
import '../quiz.scss';

type Home = OutputOf<'quiz', 'home'>;
type Takeable = NonNullable<Home['pupil']>['quizzes'][number];
type Managed = Home['manage'][number];

const go = (url: string) => void Taro.navigateTo({ url });

/** One quiz a pupil or a parent can take, with their standing and the next step. */
function TakeCard(props: { q: Takeable; child?: string; blocked?: boolean }) {
  const { q, child } = props;
  const suffix = child ? `&child=${child}` : '';
  const canStart = q.state === 'open' && !props.blocked && (q.active || q.attemptsUsed < q.attemptsAllowed);
  return (
    <View className="qz-quiz" id={`qz-quiz-${q.quizId}`}>
      <View className="row">
        <Text className="qz-quiz-title">{q.title}</Text>
        <StateTag state={q.state} />
      </View>
      <Text className="qz-quiz-meta">{`${q.unitName} · ${shortDay(q.startDay)}–${shortDay(q.endDay)}`}</Text>
      <Text className="qz-quiz-meta">{rulesLine(q)}</Text>
      {q.attemptsUsed > 0 && (
        <Text className="qz-standing">
          {q.active
            ? '正在答题，可以接着答'
            : `已答 ${q.attemptsUsed} 次 · 最高 ${score(q.best)} 分${q.passed ? ' · 合格 ✓' : ''}`}
        </Text>
      )}
      <View className="qz-row-actions">
        {canStart && (
          <Button
            type="primary"
            size="small"
            id={`qz-go-${q.quizId}`}
            onClick={() => go(`/packages/quiz/take/index?quizId=${q.quizId}${suffix}`)}
          >
            {q.active ? '继续答题' : q.attemptsUsed ? '再答一次' : '开始答题'}
          </Button>
        )}
        {q.attemptsUsed > 0 && !q.active && (
          <Button size="small" onClick={() => go(`/packages/quiz/result/index?quizId=${q.quizId}${suffix}`)}>
            查看成绩
          </Button>
        )}
        {q.certificateCode && (
          <Button size="small" onClick={() => go(`/packages/quiz/certificate/index?quizId=${q.quizId}`)}>
            我的证书
          </Button>
        )}
      </View>
    </View>
  );
}

/** Where an admin reads a quiz's ranking: from its own level down. */
function rankingUrl(
  q: { quizId: string; level: string },
  unit?: { level: string; id: string | null },
): string {
  const level = unit?.level ?? q.level;
  const id = unit?.id ?? null;
  return `/packages/quiz/ranking/index?quizId=${q.quizId}&level=${level}${id ? `&id=${id}` : ''}`;
}

/** A quiz an admin runs: participation so far and what they can do with it. */
function ManagedCard(props: { q: Managed; onChanged: () => void }) {
  const { q } = props;
  const withdraw = async () => {
    if (
      !(await confirm(
        '撤回这场竞赛？',
        '还没有人答过的竞赛会被删除；已有人答过的会立即结束并对学生隐藏，成绩保留。',
      ))
    )
      return;
    const res = await withLoading('正在撤回', () => call('quiz', 'withdrawQuiz', { quizId: q.quizId }));
    if (res) {
      toastOk(res.removed ? '已删除' : '已撤回');
      props.onChanged();
    }
  };
  return (
    <View className="qz-quiz" id={`qz-manage-${q.quizId}`}>
      <View className="row">
        <Text className="qz-quiz-title">{q.title}</Text>
        {q.withdrawn ? <Text className="tag tag-gray">已撤回</Text> : <StateTag state={q.state} />}
      </View>
      <Text className="qz-quiz-meta">{`${q.unitName} · ${shortDay(q.startDay)}–${shortDay(q.endDay)} · ${rulesLine(q)}`}</Text>
      <Text className="qz-standing">
        {q.audience.stages.length ? `${q.takers} 名学生参加` : ''}
        {q.audience.stages.length && q.audience.parents ? ' · ' : ''}
        {q.audience.parents ? `${q.families} 个家庭参加` : ''}
      </Text>
      <View className="qz-row-actions">
        <Button size="small" type="primary" id={`qz-ranking-${q.quizId}`} onClick={() => go(rankingUrl(q))}>
          成绩与排名
        </Button>
        <Button
          size="small"
          id={`qz-items-${q.quizId}`}
          onClick={() => go(`/packages/quiz/items/index?quizId=${q.quizId}`)}
        >
          题目分析
        </Button>
        {!q.withdrawn && (
          <Button size="small" onClick={() => go(`/packages/quiz/edit/index?quizId=${q.quizId}`)}>
            修改
          </Button>
        )}
        {!q.withdrawn && (
          <Button size="small" onClick={withdraw}>
            撤回
          </Button>
        )}
      </View>
    </View>
  );
}

/**
 * 知识竞赛: the quizzes the caller can take (a pupil's; a parent's per child), the quizzes of the classes a
 * teacher teaches, and for admins the quizzes they run (with rankings, item analysis, editing), the question
 * banks and 新建竞赛.
 */
export default function QuizHome() {
  useLoginGuard();
  const home = useShowRequest(() => call('quiz', 'home', {}));
  usePullDownRefresh(async () => {
    await home.reload();
    Taro.stopPullDownRefresh();
  });
  const h = home.data;
  if (!h) {
    return (
      <View className="page">
        <StateView loading={home.loading} error={home.error} onRetry={home.reload} />
      </View>
    );
  }
  const nothing =
    !h.pupil && h.family.length === 0 && h.teach.length === 0 && h.units.length === 0 && h.view.length === 0;
  const adminUnit = (u: Home['units'][number]) => (u.id ? `level=${u.level}&id=${u.id}` : `level=${u.level}`);
  return (
    <View className="page qz-page">
      <View className="card">
        <View className="card-title">网络法律与安全知识竞赛</View>
        <Text className="qz-lead">
          围绕《中华人民共和国网络安全法》《网络信息内容生态治理规定》等法规，以及防诈骗、保护个人信息、识别病毒和钓鱼网站、防沉迷等网络安全知识答题。
        </Text>
      </View>

      {h.pupil && (
        <View className="card" id="qz-pupil">
          <View className="card-title">{`我的竞赛 · ${h.pupil.className}`}</View>
          {h.pupil.notice && <Text className="qz-notice">{h.pupil.notice}</Text>}
          {h.pupil.quizzes.length === 0 && <Text className="qz-lead">现在还没有面向你们班的竞赛。</Text>}
          {h.pupil.quizzes.map((q) => (
            <TakeCard key={q.quizId} q={q} blocked={!!h.pupil?.notice} />
          ))}
        </View>
      )}

      {h.family.map((f) => (
        <View className="card" key={f.rosterId} id={`qz-family-${f.rosterId}`}>
          <View className="card-title">{`家长答题 · ${f.childName}（${f.className}）`}</View>
          {f.quizzes.length === 0 ? (
            <Text className="qz-lead">现在没有面向家长的竞赛。</Text>
          ) : (
            f.quizzes.map((q) => <TakeCard key={q.quizId} q={q} child={f.rosterId} />)
          )}
        </View>
      ))}

      {h.teach.map((t) => (
        <View className="card" key={t.classId} id={`qz-teach-${t.classId}`}>
          <View className="card-title">{`本班答题 · ${t.className}`}</View>
          {t.quizzes.length === 0 && <Text className="qz-lead">还没有面向本班的竞赛。</Text>}
          {t.quizzes.map((q) => (
            <View key={q.quizId} className="qz-quiz">
              <View className="row">
                <Text className="qz-quiz-title">{q.title}</Text>
                <StateTag state={q.state} />
              </View>
              <Text className="qz-quiz-meta">{`${q.unitName} · ${shortDay(q.startDay)}–${shortDay(q.endDay)}`}</Text>
              <View className="qz-row-actions">
                <Button
                  size="small"
                  type="primary"
                  id={`qz-class-${q.quizId}`}
                  onClick={() => go(`/packages/quiz/class/index?quizId=${q.quizId}&classId=${t.classId}`)}
                >
                  本班情况
                </Button>
                <Button size="small" onClick={() => go(rankingUrl(q, { level: 'school', id: t.schoolId }))}>
                  全校各班
                </Button>
              </View>
            </View>
          ))}
        </View>
      ))}

      {h.units.length > 0 && (
        <View className="card" id="qz-admin">
          <View className="card-title">竞赛管理</View>
          {h.units.map((u) => (
            <View key={`${u.level}:${u.id ?? ''}`} className="qz-line">
              <Text className="qz-line-name">{u.name}</Text>
              <View className="qz-row-actions">
                <Button
                  size="small"
                  type="primary"
                  id={`qz-new-${u.level}`}
                  onClick={() => go(`/packages/quiz/edit/index?${adminUnit(u)}`)}
                >
                  新建竞赛
                </Button>
                <Button
                  size="small"
                  id={`qz-bank-${u.level}`}
                  onClick={() => go(`/packages/quiz/bank/index?${adminUnit(u)}`)}
                >
                  题库
                </Button>
              </View>
            </View>
          ))}
          {h.manage.length === 0 && <Text className="qz-note">还没有举办竞赛。</Text>}
          {h.manage.map((q) => (
            <ManagedCard key={q.quizId} q={q} onChanged={() => void home.reload()} />
          ))}
        </View>
      )}

      {h.view.length > 0 && (
        <View className="card">
          <View className="card-title">上级举办的竞赛</View>
          {h.view.map((q) => {
            const mine = h.units.find((u) => u.level !== 'city');
            return (
              <View key={q.quizId} className="qz-quiz">
                <View className="row">
                  <Text className="qz-quiz-title">{q.title}</Text>
                  <StateTag state={q.state} />
                </View>
                <Text className="qz-quiz-meta">{`${q.unitName} · ${shortDay(q.startDay)}–${shortDay(q.endDay)}`}</Text>
                {mine && (
                  <View className="qz-row-actions">
                    <Button size="small" onClick={() => go(rankingUrl(q, mine))}>
                      {`${mine.name}的成绩`}
                    </Button>
                  </View>
                )}
              </View>
            );
          })}
        </View>
      )}

      {nothing && (
        <View className="card">
          <Text className="qz-lead">加入班级（学生）或关联孩子（家长）后，就能在这里参加竞赛。</Text>
        </View>
      )}
    </View>
  );
}
