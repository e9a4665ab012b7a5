import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { saveXlsx } from '../../../utils/files';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest, useShowRequest } from '../../../utils/useRequest';
import { Bar, FiguresCard } from '../shared/ui';
import '../pledge.scss';

type Level = 'city' | 'district' | 'school';
type Home = OutputOf<'pledge', 'home'>;

const CHILD_NOUN = { district: '县区', school: '学校', class: '班级' } as const;

/** Every participation view the caller may open. */
function choicesOf(h: Home): { label: string; url: string }[] {
  const out: { label: string; url: string }[] = [];
  if (h.isCityAdmin) out.push({ label: '全市', url: '/packages/pledge/participation/index?level=city' });
  for (const d of h.districts)
    out.push({
      label: d.name,
      url: `/packages/pledge/participation/index?level=district&id=${d.districtId}`,
    });
  for (const s of h.schools)
    out.push({ label: s.name, url: `/packages/pledge/participation/index?level=school&id=${s.schoolId}` });
  for (const c of h.classes)
    out.push({ label: c.name, url: `/packages/pledge/class/index?classId=${c.classId}` });
  return out;
}

/** Where tapping a ranked row leads. */
function rowUrl(childLevel: 'district' | 'school' | 'class', id: string): string {
  if (childLevel === 'class') return `/packages/pledge/class/index?classId=${id}`;
  return `/packages/pledge/participation/index?level=${childLevel}&id=${id}`;
}

/** School, district or city dashboard: own rates, then children ranked by pledge rate with bars and counts. */
function Dashboard(props: { level: Level; id?: string }) {
  const { level, id } = props;
  const data = useShowRequest(
    () => call('pledge', 'dashboard', { level, ...(id ? { id } : {}) }),
    [level, id],
  );
  usePullDownRefresh(async () => {
    await data.reload();
    Taro.stopPullDownRefresh();
  });
  const d = data.data;
  if (!d) return <StateView loading={data.loading} error={data.error} onRetry={data.reload} />;

  const exportSchool = async () => {
    const res = await withLoading('正在导出', () =>
      call('pledge', 'exportXlsx', { level: 'school', id: id! }, { timeoutMs: 60_000 }),
    );
    if (res) await saveXlsx(res.base64, res.fileName);
  };
  const recount = async () => {
    if (
      !(await confirm(
        '重新核对数据？',
        '从签名记录重新统计每个班级的人数，修正可能的误差。数据多时需要一点时间。',
      ))
    )
      return;
    const res = await withLoading('正在核对', () =>
      call('pledge', 'recountNow', { level, ...(id ? { id } : {}) }),
    );
    if (res) {
      toastOk(`已核对 ${res.recountedClasses} 个班`);
      await data.reload();
    }
  };

  return (
    <View>
      <FiguresCard
        title={d.name}
        figures={d.figures}
        note={d.updatedAt ? `数据更新于 ${timeLabel(d.updatedAt)}（每分钟汇总一次）` : '还没有汇总数据'}
      />
      <View className="card" id="pl-ranking">
        <View className="card-title">{`各${CHILD_NOUN[d.childLevel]}签名率排名`}</View>
        {d.rows.length === 0 && <Text className="pl-note">{`还没有${CHILD_NOUN[d.childLevel]}。`}</Text>}
        {d.rows.map((r) => (
          <View
            key={r.id}
            className="list-item"
            id={`pl-row-${r.id}`}
            onClick={() => Taro.navigateTo({ url: rowUrl(d.childLevel, r.id) })}
          >
            <View className="row">
              <View style={{ display: 'flex', alignItems: 'center', gap: '8px', minWidth: 0, flex: 1 }}>
                <Text className="pl-rank">{r.rank}</Text>
                <Text className="pl-student-name">{r.name}</Text>
              </View>
              <Text className="pl-student-name" style={{ color: '#d93a2b' }}>
                {r.roster ? `${r.rate}%` : '未导入名单'}
              </Text>
            </View>
            <Bar percent={r.rate} />
            <Text className="pl-note">{`已签 ${r.signed} / ${r.roster} 人（纸质 ${r.paper}） · 家庭承诺 ${r.family} 户（${r.familyRate}%）`}</Text>
          </View>
        ))}
      </View>
      <View className="card">
        <View className="pl-actions">
          {level === 'school' && (
            <Button type="primary" block id="pl-export-school" onClick={exportSchool}>
              导出全校 Excel 名单
            </Button>
          )}
          {level === 'school' && (
            <Button
              block
              onClick={() => Taro.navigateTo({ url: `/packages/pledge/ceremony/index?schoolId=${id}` })}
            >
              开启升旗仪式宣誓
            </Button>
          )}
          <Button
            block
            onClick={() =>
              Taro.navigateTo({ url: `/packages/pledge/text/index?level=${level}${id ? `&id=${id}` : ''}` })
            }
          >
            {level === 'city'
              ? '编辑全市倡议书'
              : level === 'district'
                ? '编辑本县区倡议书'
                : '编辑本校倡议书'}
          </Button>
          <Button block id="pl-recount" onClick={recount}>
            重新核对数据
          </Button>
        </View>
      </View>
    </View>
  );
}

/**
 * Participation (参与情况): opened with ?level=&id= it shows that dashboard; otherwise it lists the views
 * the caller may open (city, their districts, schools, classes) and opens the only one directly.
 */
export default function ParticipationPage() {
  useLoginGuard();
  const params = useRouter().params;
  const level = params.level as Level | undefined;
  const home = useRequest(async () => (level || needsLogin() ? null : call('pledge', 'home', {})), [level]);

  if (level === 'city' || level === 'district' || level === 'school') {
    return (
      <View className="page">
        <Dashboard level={level} id={params.id} />
      </View>
    );
  }
  const choices = home.data ? choicesOf(home.data) : [];
  if (home.data && choices.length === 1) {
    void Taro.redirectTo({ url: choices[0].url });
  }
  return (
    <View className="page">
      <StateView
        loading={home.loading && !home.data}
        error={home.error}
        onRetry={home.reload}
        empty={home.data && choices.length === 0 ? '参与情况只对老师和管理员开放。' : undefined}
      />
      {choices.length > 1 && (
        <View className="card">
          <View className="card-title">选择要查看的范围</View>
          {choices.map((c) => (
            <View key={c.url} className="list-item row" onClick={() => Taro.navigateTo({ url: c.url })}>
              <Text className="pl-student-name">{c.label}</Text>
              <Text className="muted">查看 ›</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
