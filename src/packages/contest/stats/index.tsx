import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go } from '../shared/feedback';
import { CT, qs } from '../shared/labels';
import '../contest.scss';

type Level = 'city' | 'district' | 'school';
const CHILD: Record<Level, Level | null> = { city: 'district', district: 'school', school: null };
const CHILD_NOUN: Record<Level, string> = { city: '县区', district: '学校', school: '班级' };

/**
 * 投稿统计 (`?level=&id=`): a unit's entries, authors (and their share of pupils), recommended and awarded
 * works, and the same per district, school or class (tap to go one level down).
 */
export default function StatsPage() {
  useLoginGuard();
  const { params } = useRouter();
  const level = (params.level ?? 'city') as Level;
  const id = params.id;
  const res = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'stats', { level, ...(id ? { id } : {}) })),
    [level, id],
  );
  const d = res.data;
  if (!d) {
    return (
      <View className="page ct-page ct-wide">
        <StateView loading={res.loading} error={res.error} onRetry={res.reload} />
      </View>
    );
  }
  const child = CHILD[level];
  const pct = (r: number) => `${Math.round(r * 10) / 10}%`;
  return (
    <View className="page ct-page ct-wide">
      <View className="card" id="ct-stats">
        <Text className="ct-big-title">{`${d.unit.name} · 作品征集`}</Text>
        <View className="ct-figures" style={{ marginTop: '16px' }}>
          {[
            ['投稿作品', d.total.entries],
            ['投稿学生', d.total.authors],
            ['学生参与率', pct(d.total.authorRate)],
            ['推荐作品', d.total.recommended],
            ['获奖作品', d.total.awarded],
          ].map(([label, value]) => (
            <View key={String(label)} className="ct-figure">
              <Text className="ct-figure-value">{String(value)}</Text>
              <Text className="ct-figure-label">{String(label)}</Text>
            </View>
          ))}
        </View>
      </View>
      <View className="card">
        <View className="card-title">{`各${CHILD_NOUN[level]}`}</View>
        <View className="ct-table-scroll">
          <View className="ct-table">
            <View className="ct-tr">
              <Text className="ct-th">{CHILD_NOUN[level]}</Text>
              <Text className="ct-th ct-num-cell">学生</Text>
              <Text className="ct-th ct-num-cell">投稿学生</Text>
              <Text className="ct-th ct-num-cell">参与率</Text>
              <Text className="ct-th ct-num-cell">作品</Text>
              <Text className="ct-th ct-num-cell">推荐</Text>
              <Text className="ct-th ct-num-cell">获奖</Text>
            </View>
            {d.rows.map((r) => (
              <View
                key={r.id}
                className="ct-tr"
                id={`ct-stats-${r.id}`}
                onClick={() => child && go(`${CT}/stats/index${qs({ level: child, id: r.id })}`)}
              >
                <Text className={`ct-td ${child ? 'ct-link' : ''}`}>{r.name}</Text>
                <Text className="ct-td ct-num-cell">{r.roster}</Text>
                <Text className="ct-td ct-num-cell">{r.authors}</Text>
                <Text className="ct-td ct-num-cell">{pct(r.authorRate)}</Text>
                <Text className="ct-td ct-num-cell">{r.entries}</Text>
                <Text className="ct-td ct-num-cell">{r.recommended}</Text>
                <Text className="ct-td ct-num-cell">{r.awarded}</Text>
              </View>
            ))}
          </View>
        </View>
      </View>
    </View>
  );
}
