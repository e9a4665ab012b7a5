import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import '../card.scss';

type Level = 'city' | 'district' | 'school' | 'class';

const LEVEL_WORD: Record<Level, string> = { city: '县区', district: '学校', school: '班级', class: '' };

/**
 * Card figures of one unit (city, district, school or class): cards made, families taking part (with
 * the rate against the roster), co-created cards and shares by channel; below, the units under it
 * ranked by cards made. Tap a row to go one level down.
 */
export default function CardStats() {
  useLoginGuard();
  const router = useRouter();
  const level = (router.params.level ?? 'school') as Level;
  const id = router.params.id;
  const stats = useRequest(async () => {
    if (needsLogin()) return null;
    return call('card', 'stats', level === 'city' ? { level } : { level, id });
  }, [level, id]);
  usePullDownRefresh(() => void stats.reload().finally(() => Taro.stopPullDownRefresh()));

  const s = stats.data;
  const max = Math.max(1, ...(s?.children.map((c) => c.cardsMade) ?? [1]));
  return (
    <View className="page card-page">
      <StateView loading={stats.loading && !s} error={stats.error} onRetry={stats.reload} />
      {s && (
        <View className="card">
          <View className="card-title">{`${s.name} · 家庭卡片`}</View>
          <View className="figure-row">
            <View className="figure">
              <View id="stat-cards" className="figure-value">
                {s.total.cardsMade}
              </View>
              <View className="figure-label">卡片</View>
            </View>
            <View className="figure">
              <View className="figure-value">{s.total.families}</View>
              <View className="figure-label">{s.total.roster ? `家庭（${s.total.rate}%）` : '家庭'}</View>
            </View>
            <View className="figure">
              <View className="figure-value">{s.total.coCreated}</View>
              <View className="figure-label">亲子共创</View>
            </View>
            <View className="figure">
              <View className="figure-value">{s.total.sharesMoments}</View>
              <View className="figure-label">朋友圈</View>
            </View>
            <View className="figure">
              <View className="figure-value">{s.total.sharesChat}</View>
              <View className="figure-label">微信好友/群</View>
            </View>
            <View className="figure">
              <View className="figure-value">{s.total.sharesSaved}</View>
              <View className="figure-label">保存图片</View>
            </View>
          </View>
          <Text className="muted">{`\n${s.total.roster ? `名单人数 ${s.total.roster}。` : ''}数据每隔几分钟汇总一次，刚做的卡片稍后计入。`}</Text>
          {(level === 'class' || level === 'school') && id && (
            <View className="big-actions">
              <Button
                onClick={() =>
                  Taro.navigateTo({
                    url: `/packages/card/wall/index?${level === 'class' ? 'classId' : 'schoolId'}=${id}`,
                  })
                }
              >
                看卡片墙
              </Button>
            </View>
          )}
        </View>
      )}
      {s && s.children.length > 0 && (
        <View className="card">
          <View className="card-title">{`各${LEVEL_WORD[level]}排名`}</View>
          {s.children.map((c, i) => (
            <View
              key={c.id}
              className="rank-row"
              onClick={() =>
                Taro.navigateTo({ url: `/packages/card/stats/index?level=${c.level}&id=${c.id}` })
              }
            >
              <View className="row">
                <Text>{`${i + 1}. ${c.name}`}</Text>
                <Text className="tag">{`${c.cardsMade} 张`}</Text>
              </View>
              <Text className="muted">{`${c.families} 个家庭${c.roster ? `（${c.rate}%）` : ''} · 朋友圈 ${c.sharesMoments} · 好友 ${c.sharesChat} · 保存 ${c.sharesSaved}`}</Text>
              <View className="rank-bar">
                <View className="rank-fill" style={{ width: `${Math.round((c.cardsMade / max) * 100)}%` }} />
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
