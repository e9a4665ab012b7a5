import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { exportOverview } from '../shared/exportXlsx';
import { ActivityFigure, ChoiceChips } from '../shared/ui';
import '../overview.scss';

type Overview = OutputOf<'overview', 'classOverview'>;
type Pupil = Overview['pupils'][number];
type Column = Overview['columns'][number];
type Cell = Pupil['cells'][string];

/** The filter chip meaning "every pupil". */
const ALL = 'all';
const NO_CELL: Cell = { state: 'none', label: '未参加' };

/** Not yet taken part (an activity that does not apply to the pupil is not "missing"). */
function missingIn(p: Pupil, key: string): boolean {
  const state = (p.cells[key] ?? NO_CELL).state;
  return state === 'none' || state === 'partial';
}

/** Who a reminder for one activity reaches, from the pupils listed. */
function remindPlan(pupils: Pupil[], key: string) {
  const open = pupils.filter((p) => missingIn(p, key));
  return {
    open,
    toRemind: open.filter((p) => p.reachable && !p.remindedToday.includes(key)).length,
    already: open.filter((p) => p.reachable && p.remindedToday.includes(key)).length,
    unreachable: open.filter((p) => !p.reachable).length,
  };
}

/** Why a pupil may not be able to take part online yet: not joined, claim unconfirmed, no consent. */
function Badges(props: { p: Pupil }) {
  const { p } = props;
  return (
    <View className="ov-badges">
      {p.claimStatus === 'unclaimed' && <Text className="ov-badge ov-badge-gray">未加入</Text>}
      {p.claimStatus === 'claimed' && <Text className="ov-badge ov-badge-warn">待确认</Text>}
      {p.under14 && !p.consent && <Text className="ov-badge ov-badge-warn">待家长同意</Text>}
    </View>
  );
}

/** The pupil × activity grid: names in a sticky first column, one compact tag per activity. */
function Grid(props: { columns: Column[]; pupils: Pupil[]; dim: boolean }) {
  const { columns, pupils } = props;
  return (
    <View className={`ov-grid ${props.dim ? 'ov-dim' : ''}`} id="ov-grid">
      <View className="ov-table">
        <View className="ov-tr ov-th">
          <View className="ov-td ov-name-cell">姓名</View>
          {columns.map((c) => (
            <View key={c.key} className="ov-td" id={`ov-col-${c.key}`}>
              {c.title}
            </View>
          ))}
        </View>
        {pupils.map((p) => (
          <View key={p.rosterId} className="ov-tr" id={`ov-pupil-${p.rosterId}`}>
            <View className="ov-td ov-name-cell">
              <Text className="ov-name">{p.name}</Text>
              <Badges p={p} />
            </View>
            {columns.map((c) => {
              const cell = p.cells[c.key] ?? NO_CELL;
              return (
                <View key={c.key} className="ov-td">
                  <Text className={`ov-cell ov-cell-${cell.state}`}>{cell.label}</Text>
                  {p.remindedToday.includes(c.key) && <Text className="ov-reminded">今天已提醒</Text>}
                </View>
              );
            })}
          </View>
        ))}
      </View>
    </View>
  );
}

/**
 * The teacher's one place to check a class (`?classId=`, optionally `&missing=<activity>`): the class's
 * figure per activity, every pupil × every registered activity (the columns come from the server), a
 * filter to the pupils who have not taken part in one activity, a reminder per activity (confirmed
 * first, with who it reaches), badges saying why a pupil cannot take part online yet, and the .xlsx export.
 */
export default function ClassOverviewPage() {
  useLoginGuard();
  const params = useRouter().params;
  const classId = params.classId ?? '';
  const [missing, setMissing] = useState(params.missing ?? '');
  const [result, setResult] = useState<{ title: string; text: string } | null>(null);
  const view = useShowRequest(async () => {
    if (needsLogin() || !classId) return null;
    const res = await call('overview', 'classOverview', { classId, ...(missing ? { missing } : {}) });
    return { ...res, missing };
  }, [classId, missing]);
  usePullDownRefresh(async () => {
    await view.reload();
    Taro.stopPullDownRefresh();
  });
  const v = view.data;
  const title = v ? `${v.className}参与情况` : '';
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title });
  }, [title]);

  if (!v) {
    return (
      <View className="page">
        <StateView
          loading={view.loading}
          error={view.error}
          onRetry={view.reload}
          empty={classId ? undefined : '缺少班级参数，请从「我的班级」或「参与情况」进入。'}
        />
      </View>
    );
  }

  const filtered = v.missing ? v.columns.find((c) => c.key === v.missing) : undefined;

  const remind = async (col: Column) => {
    const plan = remindPlan(v.pupils, col.key);
    const notes: string[] = [];
    if (plan.already) notes.push(`${plan.already} 位今天已经提醒过，不会重复提醒。`);
    if (plan.unreachable)
      notes.push(`${plan.unreachable} 位还没加入小程序、也没有关联家长，收不到提醒，请当面提醒。`);
    if (!plan.toRemind) return; // the page offers no reminder then
    const ok = await confirm(
      `提醒未参加「${col.title}」的同学？`,
      [
        `将提醒 ${plan.toRemind} 位还没参加「${col.title}」的同学：通过微信服务通知发给同学本人和关联的家长，每人每天最多一次。`,
        ...notes,
      ].join('\n'),
    );
    if (!ok) return;
    const res = await withLoading('正在提醒', () =>
      call('overview', 'remind', {
        classId,
        activity: col.key,
        rosterIds: plan.open.map((p) => p.rosterId),
      }),
    );
    if (!res) return;
    const parts = [`已提醒 ${res.reminded} 位同学`];
    if (res.already) parts.push(`${res.already} 位今天已提醒过`);
    if (res.unreachable) parts.push(`${res.unreachable} 位还没加入小程序、也没有关联家长，请当面提醒`);
    const text = `${parts.join('；')}。`;
    setResult({ title: col.title, text });
    void Taro.showModal({ title: '提醒已发出', content: text, showCancel: false, confirmText: '知道了' });
    await view.reload();
  };

  const remindButton = (col: Column, big = false) => {
    const n = remindPlan(v.pupils, col.key).toRemind;
    if (big) {
      return n ? (
        <Button type="primary" block id={`ov-remind-${col.key}`} onClick={() => remind(col)}>
          {`提醒未参加的同学（${n} 人）`}
        </Button>
      ) : (
        <Text className="ov-note" id="ov-remind-none">
          没有可以再提醒的同学：每人每天最多提醒一次；还没加入小程序、也没有关联家长的同学，请当面提醒。
        </Text>
      );
    }
    return n ? (
      <View className="ov-pill" id={`ov-remind-${col.key}`} role="button" onClick={() => remind(col)}>
        {`提醒 ${n} 人`}
      </View>
    ) : null;
  };

  const chips = [
    { value: ALL, label: '全部' },
    ...v.columns.map((c) => ({ value: c.key, label: `未参加：${c.title}` })),
  ];
  const go = (url: string) => void Taro.navigateTo({ url });

  return (
    <View className="page ov-page">
      <View className="card" id="ov-class-figures">
        <View className="card-title">{`${v.schoolName} ${v.className}`}</View>
        <Text className="ov-note">{`名单 ${v.roster} 人 · 参与率 = 已参加 ÷ 名单人数`}</Text>
        {v.columns.map((c) => (
          <ActivityFigure
            key={c.key}
            id={`ov-fig-${c.key}`}
            title={c.title}
            done={c.done}
            roster={v.roster}
            rate={c.rate}
            action={filtered ? null : remindButton(c)}
          />
        ))}
      </View>

      <View className="ov-filter" id="ov-filter">
        <ChoiceChips
          options={chips}
          value={missing || ALL}
          onChange={(next) => {
            setResult(null);
            setMissing(next === ALL ? '' : next);
          }}
          idPrefix="ov-filter"
        />
      </View>

      {filtered && (
        <View className="ov-notice" id="ov-missing">
          <Text className="ov-notice-text">
            {v.pupils.length
              ? `还没参加「${filtered.title}」的同学：${v.pupils.length} 人`
              : `全班都参加了「${filtered.title}」。`}
          </Text>
          {v.pupils.length > 0 && remindButton(filtered, true)}
        </View>
      )}

      {result && (
        <View className="ov-notice ov-notice-ok" id="ov-remind-result">
          <Text className="ov-notice-text">{`「${result.title}」提醒：${result.text}`}</Text>
        </View>
      )}

      <View className="card ov-grid-card">
        {v.columns.length > 3 && v.pupils.length > 0 && (
          <Text className="ov-note ov-scroll-hint">左右滑动表格，查看更多活动 ›</Text>
        )}
        {v.roster === 0 ? (
          <Text className="ov-note">名单还是空的，请先在「班级管理」导入学生名单。</Text>
        ) : (
          v.pupils.length > 0 && (
            <Grid columns={v.columns} pupils={v.pupils} dim={view.loading || v.missing !== missing} />
          )
        )}
      </View>

      <View className="card ov-legend" id="ov-legend">
        <View className="ov-legend-item">
          <Text className="ov-badge ov-badge-gray">未加入</Text>
          <Text className="ov-note">还没在小程序里认领名字</Text>
        </View>
        <View className="ov-legend-item">
          <Text className="ov-badge ov-badge-warn">待确认</Text>
          <Text className="ov-note">认领了名字，等你在「班级管理」确认是本人</Text>
        </View>
        <View className="ov-legend-item">
          <Text className="ov-badge ov-badge-warn">待家长同意</Text>
          <Text className="ov-note">未满14周岁，家长同意后才能在线签名、提交作品（可以先用纸质承诺书）</Text>
        </View>
      </View>

      <View className="card">
        <View className="ov-actions">
          <Button block id="ov-export" onClick={() => exportOverview('class', classId)}>
            导出 Excel（.xlsx）
          </Button>
          <Button
            block
            id="ov-pledge-class"
            onClick={() => go(`/packages/pledge/class/index?classId=${classId}`)}
          >
            承诺：登记纸质签名、升旗仪式
          </Button>
          <Button
            block
            id="ov-admin-class"
            onClick={() => go(`/packages/admin/class/index?classId=${classId}`)}
          >
            班级管理：名单、班级码、确认家长
          </Button>
        </View>
      </View>
    </View>
  );
}
