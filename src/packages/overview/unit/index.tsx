import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest, useShowRequest } from '../../../utils/useRequest';
import { exportOverview } from '../shared/exportXlsx';
import {
  CHILD_NOUN,
  classUrl,
  entryUnit,
  pct,
  runsUnit,
  unitUrl,
  updatedClock,
  type Grant,
  type UnitLevel,
} from '../shared/nav';
import { ActivityFigure, ChoiceChips, RateBar } from '../shared/ui';
import '../overview.scss';

type Overview = OutputOf<'overview', 'unitOverview'>;
type Row = Overview['rows'][number];

const LEVELS: UnitLevel[] = ['city', 'district', 'school'];

/** One ranked child unit: rank, name, the chosen activity's rate as a bar, the other activities in a line. */
function UnitRow(props: { r: Row; o: Overview; onOpen: (() => void) | null }) {
  const { r, o } = props;
  const key = o.sortBy ?? o.columns[0]?.key ?? '';
  const a = r.activities[key] ?? { done: 0, rate: 0 };
  const title = o.columns.find((c) => c.key === key)?.title ?? '';
  const others = o.columns.filter((c) => c.key !== key);
  const top = r.rank !== null && r.rank <= 3;
  return (
    <View
      className={`list-item ov-unit-row ${props.onOpen ? 'ov-tappable' : ''}`}
      id={`ov-row-${r.id}`}
      onClick={props.onOpen ?? undefined}
    >
      <View className="ov-unit-head">
        <Text className={`ov-rank ${top ? 'ov-rank-top' : ''} ${r.rank === null ? 'ov-rank-none' : ''}`}>
          {r.rank ?? '—'}
        </Text>
        <Text className="ov-unit-name">{r.name}</Text>
        <Text className={r.roster ? 'ov-unit-rate' : 'ov-unit-empty'}>
          {r.roster ? pct(a.rate, r.roster) : '未录入名单'}
        </Text>
        {props.onOpen && <Text className="ov-chevron">›</Text>}
      </View>
      {r.roster > 0 && (
        <View className="ov-unit-body">
          <RateBar rate={a.rate} />
          <Text className="ov-unit-sub">{`${title}已参加 ${a.done} / ${r.roster} 人`}</Text>
          {others.length > 0 && (
            <View className="ov-unit-others">
              {others.map((c) => (
                <Text key={c.key} className="ov-unit-other">
                  {`${c.title} ${pct(r.activities[c.key]?.rate ?? 0, r.roster)}`}
                </Text>
              ))}
            </View>
          )}
        </View>
      )}
    </View>
  );
}

/**
 * The participation overview of a school, a district or the city (`?level=&id=`): the unit's own figure
 * per activity, then the units under it ranked by the activity chosen in the segmented control (units
 * with no roster last, 「未录入名单」); a tap goes one level down (city → district → school → class
 * overview). Teachers see their own school and open their own classes. Without `level` the page opens
 * the caller's own unit (city admin → city, district admin → district, school admin or teacher → school).
 */
export default function UnitOverviewPage() {
  useLoginGuard();
  const params = useRouter().params;
  const level = LEVELS.find((l) => l === params.level);
  const id = level && level !== 'city' ? params.id || undefined : undefined;
  const [sortBy, setSortBy] = useState<string | undefined>(params.sortBy || undefined);

  const me = useRequest(async () => (needsLogin() ? null : call('identity', 'me', {})), []);
  const data = useShowRequest(
    async () =>
      needsLogin() || !level
        ? null
        : call('overview', 'unitOverview', { level, ...(id ? { id } : {}), ...(sortBy ? { sortBy } : {}) }),
    [level, id, sortBy],
  );
  usePullDownRefresh(async () => {
    await data.reload();
    Taro.stopPullDownRefresh();
  });

  const roles: Grant[] = me.data?.roles ?? [];
  const entry = me.data ? entryUnit(roles) : null;
  const entryUrl = !level && entry ? unitUrl(entry.level, entry.id) : null;
  useEffect(() => {
    if (entryUrl) void Taro.redirectTo({ url: entryUrl });
  }, [entryUrl]);

  // A teacher of this school: their own classes (they may open only those).
  const teachesHere = level === 'school' && roles.some((g) => g.role === 'teacher' && g.schoolId === id);
  const mine = useRequest(async () => (teachesHere ? call('org', 'myClasses', {}) : null), [teachesHere]);
  const myClasses = (mine.data ?? []).filter((c) => c.schoolId === id);

  const o = data.data;
  useEffect(() => {
    if (o?.name) void Taro.setNavigationBarTitle({ title: `${o.name}参与情况` });
  }, [o?.name]);

  if (!level) {
    return (
      <View className="page">
        <StateView
          loading={me.loading || !!entryUrl}
          error={me.error}
          onRetry={me.reload}
          empty={me.data && !entry ? '参与情况只对老师和管理员开放。' : undefined}
        />
      </View>
    );
  }
  if (!o) {
    return (
      <View className="page">
        <StateView loading={data.loading} error={data.error} onRetry={data.reload} />
      </View>
    );
  }

  const runs = runsUnit(roles, level, id);
  const mineIds = new Set(myClasses.map((c) => c._id));
  const child = o.childLevel;
  const opener = (r: Row): (() => void) | null => {
    if (child === 'class') {
      return runs || mineIds.has(r.id) ? () => void Taro.navigateTo({ url: classUrl(r.id) }) : null;
    }
    return () => void Taro.navigateTo({ url: unitUrl(child, r.id, sortBy) });
  };
  const sortKey = o.sortBy ?? o.columns[0]?.key ?? '';
  const sortTitle = o.columns.find((c) => c.key === sortKey)?.title ?? '';
  const noun = CHILD_NOUN[o.childLevel];
  const clock = updatedClock(o.updatedAt);

  const recount = async () => {
    if (
      !(await confirm(
        '重新核对数据？',
        '从每个班的原始记录重新统计各项活动的人数，修正可能的误差。数据多时需要一点时间。',
      ))
    )
      return;
    const res = await withLoading('正在核对', () =>
      call('overview', 'recount', { level, ...(id ? { id } : {}) }, { timeoutMs: 60_000 }),
    );
    if (res) {
      toastOk(`已核对 ${res.recountedClasses} 个班`);
      await data.reload();
    }
  };
  const go = (url: string) => void Taro.navigateTo({ url });

  return (
    <View className="page ov-page">
      {myClasses.length > 0 && (
        <View className="card" id="ov-my-classes">
          <View className="card-title">我的班级</View>
          <Text className="ov-note">查看每位同学每项活动的参与情况，提醒还没参加的同学。</Text>
          <View className="ov-actions">
            {myClasses.map((c) => (
              <Button
                key={c._id}
                type="primary"
                block
                id={`ov-my-${c._id}`}
                onClick={() => go(classUrl(c._id))}
              >
                {`${c.name}参与情况`}
              </Button>
            ))}
          </View>
        </View>
      )}

      <View className="card" id="ov-unit-figures">
        <View className="card-title">{o.name}</View>
        <Text className="ov-note">
          {o.figures.roster
            ? `名单 ${o.figures.roster} 人 · 参与率 = 已参加 ÷ 名单人数`
            : '还没有录入学生名单，录入后才能算参与率。'}
        </Text>
        {o.columns.map((c) => {
          const a = o.figures.activities[c.key] ?? { done: 0, rate: 0 };
          return (
            <ActivityFigure
              key={c.key}
              id={`ov-fig-${c.key}`}
              title={c.title}
              done={a.done}
              roster={o.figures.roster}
              rate={a.rate}
            />
          );
        })}
        <Text className="ov-note ov-updated" id="ov-updated">
          {clock ? `数据每分钟汇总一次，最近更新 ${clock}` : '数据每分钟汇总一次，还没有汇总数据'}
        </Text>
      </View>

      <View className="card" id="ov-ranking">
        <View className="card-title">{`各${noun}排名`}</View>
        {o.columns.length > 1 && (
          <ChoiceChips
            options={o.columns.map((c) => ({ value: c.key, label: c.title }))}
            value={sortBy ?? sortKey}
            onChange={setSortBy}
            idPrefix="ov-sort"
          />
        )}
        <Text className="ov-note">{`按「${sortTitle}」参与率排名，没有录入名单的${noun}排在最后。`}</Text>
        {o.rows.length === 0 && <Text className="ov-note">{`还没有${noun}。`}</Text>}
        <View className={data.loading ? 'ov-dim' : ''}>
          {o.rows.map((r) => (
            <UnitRow key={r.id} r={r} o={o} onOpen={opener(r)} />
          ))}
        </View>
        {o.childLevel === 'class' && !runs && (
          <Text className="ov-note">老师可以打开自己的班级；其他班级只看汇总数字。</Text>
        )}
      </View>

      {runs && (
        <View className="card" id="ov-tools">
          <View className="card-title">管理</View>
          <View className="ov-actions">
            {level === 'school' && id && (
              <Button block id="ov-export" onClick={() => exportOverview('school', id)}>
                导出全校 Excel（.xlsx）
              </Button>
            )}
            {level === 'school' && id && (
              <Button block onClick={() => go(`/packages/pledge/ceremony/index?schoolId=${id}`)}>
                开启全校升旗仪式宣誓
              </Button>
            )}
            <Button
              block
              onClick={() => go(`/packages/pledge/text/index?level=${level}${id ? `&id=${id}` : ''}`)}
            >
              {level === 'city'
                ? '编辑全市倡议书'
                : level === 'district'
                  ? '编辑本县区倡议书'
                  : '编辑本校倡议书'}
            </Button>
            <Button block id="ov-recount" onClick={recount}>
              重新核对数据
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
