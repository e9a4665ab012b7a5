import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { deliverExport } from '../../../utils/files';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest, useShowRequest } from '../../../utils/useRequest';
import { score } from '../shared/labels';
import { Bar, Chips, Figure } from '../shared/ui';
import '../quiz.scss';

type Board = OutputOf<'quiz', 'ranking'>;
type Level = 'city' | 'district' | 'school';
type Sort = 'rate' | 'score';

const CHILD_NOUN = { district: '县区', school: '学校', class: '班级' } as const;

/** One ranked (or not yet ranked) unit. */
function UnitRow(props: { r: Board['rows'][number]; board: Board; onOpen: () => void }) {
  const { r, board } = props;
  const pupils = board.basis === 'pupil';
  const rateNow = pupils ? r.rate : r.familyRate;
  return (
    <View className="qz-line" id={`qz-row-${r.id}`} onClick={props.onOpen}>
      <View className="row">
        <View style={{ display: 'flex', alignItems: 'center', minWidth: 0, flex: 1 }}>
          <Text className={`qz-rank ${r.rank ? '' : 'qz-rank-none'}`}>{r.rank ?? '—'}</Text>
          <Text className="qz-line-name">{r.name}</Text>
        </View>
        {r.roster ? (
          <Text className="qz-figure-inline">{`${rateNow}%`}</Text>
        ) : (
          <Text className="tag tag-gray">无名单</Text>
        )}
      </View>
      <Bar percent={rateNow} tone={r.ranked ? 'brand' : 'gray'} />
      <Text className="qz-note">
        {pupils
          ? `参加 ${r.takers}/${r.roster} 人` +
            (r.passes === null ? '' : ` · 平均最高分 ${score(r.meanBest)} · 合格 ${r.passes} 人`)
          : `家庭 ${r.families}/${r.roster} 户` +
            (r.familyMeanBest === null && r.withheld ? '' : ` · 平均最高分 ${score(r.familyMeanBest)}`)}
        {pupils && board.quiz.audience.parents ? ` · 家长 ${r.families} 户` : ''}
      </Text>
      {r.withheld && (
        <Text className="qz-note">{`参加的不足 ${board.minTakers} 人，成绩只给本单位的老师看，以免看出某个孩子的分数`}</Text>
      )}
      {!r.ranked && r.roster > 0 && (
        <Text className="qz-note">{`参与率不足 ${board.minRate}% 或不足 ${board.minTakers} 人，暂不排名`}</Text>
      )}
    </View>
  );
}

/** The best scorers of the unit (masked names), for those who run it. */
function TopList(props: { quizId: string; level: Level; id?: string }) {
  const top = useRequest(
    () =>
      call('quiz', 'topList', {
        quizId: props.quizId,
        level: props.level,
        ...(props.id ? { id: props.id } : {}),
      }),
    [props.quizId, props.level, props.id],
  );
  const list = top.data?.top ?? [];
  if (!list.length) return null;
  return (
    <View className="card" id="qz-top">
      <View className="card-title">成绩前列（姓名已打码）</View>
      {list.map((t) => (
        <View key={t.rank} className="row qz-line">
          <Text>{`${t.rank}. ${t.maskedName}`}</Text>
          <Text className="qz-note">{t.schoolName}</Text>
          <Text className="qz-figure-inline">{score(t.best)}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * A quiz's results in the city, a district or a school (?quizId=&level=&id=&sort=): the unit's own figures,
 * the units under it ranked by participation rate or by mean best score (low participation shown but not
 * ranked), the best scorers (masked) for those who run the unit, and the .xlsx export. Tap a unit to go down.
 */
export default function RankingPage() {
  useLoginGuard();
  const { params } = useRouter();
  const quizId = params.quizId ?? '';
  const level = (params.level ?? 'city') as Level;
  const id = params.id || undefined;
  const sort = (params.sort ?? 'rate') as Sort;
  const data = useShowRequest(
    () => call('quiz', 'ranking', { quizId, level, ...(id ? { id } : {}), sort }),
    [quizId, level, id, sort],
  );
  usePullDownRefresh(async () => {
    await data.reload();
    Taro.stopPullDownRefresh();
  });
  const b = data.data;
  if (!b) {
    return (
      <View className="page">
        <StateView loading={data.loading} error={data.error} onRetry={data.reload} />
      </View>
    );
  }
  const here = `quizId=${quizId}&level=${level}${id ? `&id=${id}` : ''}`;
  const open = (row: Board['rows'][number]) => {
    if (b.childLevel === 'class') {
      void Taro.navigateTo({ url: `/packages/quiz/class/index?quizId=${quizId}&classId=${row.id}` });
    } else {
      void Taro.navigateTo({
        url: `/packages/quiz/ranking/index?quizId=${quizId}&level=${b.childLevel}&id=${row.id}&sort=${sort}`,
      });
    }
  };
  const exportXlsx = async () => {
    const res = await withLoading('正在导出', () =>
      call('quiz', 'exportXlsx', { quizId, level, ...(id ? { id } : {}) }, { timeoutMs: 60_000 }),
    );
    if (res) await deliverExport(res).catch(showError);
  };
  const recount = async () => {
    if (!(await confirm('重新核对数据？', '从每个人的成绩重新统计这场竞赛的数字，修正可能的误差。'))) return;
    const res = await withLoading('正在核对', () => call('quiz', 'recount', { quizId }));
    if (res) {
      toastOk(`已核对 ${res.results} 份成绩`);
      await data.reload();
    }
  };
  const f = b.figures;
  const pupils = b.basis === 'pupil';
  return (
    <View className="page qz-page">
      <View className="card" id="qz-ranking-figures">
        <View className="card-title">{`${b.name} · ${b.quiz.title}`}</View>
        <View className="qz-figures">
          <Figure
            value={f.roster ? `${pupils ? f.rate : f.familyRate}%` : '—'}
            label={pupils ? `参与率（${f.takers}/${f.roster} 人）` : `家庭参与率（${f.families} 户）`}
          />
          <Figure value={score(pupils ? f.meanBest : f.familyMeanBest)} label="平均最高分" />
          {pupils && f.passRate !== null && (
            <Figure value={`${f.passRate}%`} label={`合格（${f.passes} 人）`} />
          )}
          {pupils && b.quiz.audience.parents && (
            <Figure value={`${f.familyRate}%`} label={`家长参与（${f.families} 户）`} />
          )}
        </View>
        <Text className="qz-note">参与率 = 参加人数 ÷ 名单人数；平均最高分按每人最高的一次计算。</Text>
        {f.withheld && (
          <Text className="qz-note">
            {`有${CHILD_NOUN[b.childLevel]}参加的不足 ${b.minTakers} 人：为免推算出某个孩子的分数，这里的平均分和合格人数只给本单位的管理员看。`}
          </Text>
        )}
      </View>

      <View className="card" id="qz-ranking">
        <View className="card-title">{`各${CHILD_NOUN[b.childLevel]}排名`}</View>
        <Chips
          options={[
            { value: 'rate', label: '按参与率' },
            { value: 'score', label: '按平均分' },
          ]}
          selected={[sort]}
          onToggle={(next) =>
            void Taro.redirectTo({ url: `/packages/quiz/ranking/index?${here}&sort=${next}` })
          }
          idPrefix="qz-sort"
        />
        {b.rows.length === 0 && <Text className="qz-note">{`还没有${CHILD_NOUN[b.childLevel]}。`}</Text>}
        {b.rows.map((r) => (
          <UnitRow key={r.id} r={r} board={b} onOpen={() => open(r)} />
        ))}
      </View>

      {b.manager && <TopList quizId={quizId} level={level} id={id} />}

      {b.manager && (
        <View className="card">
          <View className="qz-actions">
            <Button block id="qz-export" onClick={exportXlsx}>
              导出 Excel
            </Button>
            {b.level === b.quiz.level && (
              <Button block onClick={recount}>
                重新核对数据
              </Button>
            )}
          </View>
        </View>
      )}
    </View>
  );
}
