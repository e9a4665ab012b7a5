import { Text, View } from '@tarojs/components';
import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useShowRequest } from '../../../utils/useRequest';
import { go } from '../shared/feedback';
import { CT, dayRange, qs } from '../shared/labels';
import { Tag } from '../shared/ui';
import '../contest.scss';

/**
 * 作品展 (public): the calls that reach a unit (`?level=city|district|school&unitId=`, default the city),
 * each with its galleries (the unit's approved works, the 成果展示 of awarded works) and columns.
 */
export default function ExhibitionsPage() {
  const { params } = useRouter();
  const level = (params.level ?? 'city') as 'city' | 'district' | 'school';
  const unitId = params.unitId;
  const res = useShowRequest(
    () => call('contest', 'exhibitions', { level, ...(unitId ? { unitId } : {}) }),
    [level, unitId],
  );
  useShareAppMessage(() => ({
    title: '校园好网民 作品展',
    path: `${CT}/exhibitions/index${qs({ level, unitId })}`,
  }));
  useShareTimeline(() => ({ title: '校园好网民 作品展', query: qs({ level, unitId }).slice(1) }));
  const d = res.data;
  const galleryLevel = level;
  // What has something to show comes first (results, then galleries), newest call first within each.
  const weight = (x: NonNullable<typeof d>['items'][number]) =>
    x.published && x.results ? 2 : x.works ? 1 : 0;
  const shown = [...(d?.items ?? [])].sort((a, b) => weight(b) - weight(a));
  return (
    <View className="page ct-page">
      <View className="card">
        <Text className="ct-big-title">{d ? `${d.unitName}作品展` : '作品展'}</Text>
        <Text className="ct-note">展出通过审核的作品，作者姓名已打码。点开作品可以点赞、分享。</Text>
      </View>
      <StateView
        loading={res.loading && !d}
        error={res.error}
        onRetry={res.reload}
        empty={d && !d.items.length ? '还没有作品展。' : undefined}
      />
      {shown.map((x) => (
        <View key={x.callId} className="card" id={`ct-exh-${x.callId}`}>
          <View className="ct-head">
            <View className="ct-head-main">
              <Text className="ct-title">{x.title}</Text>
              <Text className="ct-sub">{`${x.kindLabel} · ${x.unitName} · ${dayRange(x.opensOn, x.closesOn)}`}</Text>
            </View>
            {x.published && <Tag tone="gold">{x.column ? '专栏已发布' : '结果已公布'}</Tag>}
          </View>
          <View className="ct-row-actions">
            {x.published && x.results > 0 && (
              <Button
                size="small"
                type="primary"
                id={`ct-exh-results-${x.callId}`}
                onClick={() =>
                  go(
                    x.column
                      ? `${CT}/column/index${qs({ callId: x.callId })}`
                      : `${CT}/gallery/index${qs({ callId: x.callId, level: 'results' })}`,
                  )
                }
              >
                {x.column ? `看专栏（${x.results}）` : `成果展示（${x.results}）`}
              </Button>
            )}
            {x.works > 0 && (
              <Button
                size="small"
                id={`ct-exh-works-${x.callId}`}
                onClick={() =>
                  go(`${CT}/gallery/index${qs({ callId: x.callId, level: galleryLevel, unitId })}`)
                }
              >
                {`作品展（${x.works}）`}
              </Button>
            )}
            {!x.works && !(x.published && x.results) && (
              <Text className="ct-note">
                {x.awaitingResults ? '匿名评审，结果公布后展出作品 ·' : '还没有展出的作品 ·'}
              </Text>
            )}
            <Text className="ct-link" onClick={() => go(`${CT}/call/index${qs({ id: x.callId })}`)}>
              活动说明 ›
            </Text>
          </View>
        </View>
      ))}
    </View>
  );
}
