import { Text, View } from '@tarojs/components';
import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useState } from 'react';
import { call, type OutputOf } from '../../../api/client';
import { Paragraphs } from '../../../components/Paragraphs';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useShowRequest } from '../../../utils/useRequest';
import { go, withMask } from '../shared/feedback';
import { CT, qs } from '../shared/labels';
import { Tag, WorkContent, type WorkContentData } from '../shared/ui';
import '../contest.scss';

type Item = OutputOf<'contest', 'column'>['items'][number];

/**
 * A published column (public): the 「线上教学新网红」 stories or the 优秀思政课 selection (or any call's
 * published selection), each work with its text, pictures and files; names masked.
 */
export default function ColumnPage() {
  const { params } = useRouter();
  const callId = params.callId ?? '';
  const [more, setMore] = useState<Item[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const res = useShowRequest(async () => {
    const out = await call('contest', 'column', { callId });
    setMore([]);
    setNext(undefined);
    return out;
  }, [callId]);
  const d = res.data;
  useShareAppMessage(() => ({ title: d?.call.title ?? '专栏', path: `${CT}/column/index${qs({ callId })}` }));
  useShareTimeline(() => ({ title: d?.call.title ?? '专栏', query: `callId=${callId}` }));
  if (!d) {
    return (
      <View className="page ct-page">
        <StateView loading={res.loading} error={res.error} onRetry={res.reload} />
      </View>
    );
  }
  const cursor = next === undefined ? d.next : next;
  const loadMore = async () => {
    if (cursor === null || cursor === undefined) return;
    const out = await withMask('正在加载', () => call('contest', 'column', { callId, cursor }));
    if (out) {
      setMore((prev) => [...prev, ...out.items]);
      setNext(out.next);
    }
  };
  const items = [...d.items, ...more];
  return (
    <View className="page ct-page">
      <View className="card" id="ct-column-head">
        <Text className="ct-big-title">{d.call.title}</Text>
        <Text className="ct-sub">{`${d.call.kindLabel} · ${d.call.unitName}`}</Text>
        <View className="gap" />
        <Paragraphs text={d.call.intro} />
      </View>
      {!items.length && <StateView empty="专栏里还没有作品。" />}
      {items.map((w, i) => (
        <View key={w.entryId} className="card" id={`ct-column-${i}`}>
          <Text className="ct-title">{w.title}</Text>
          <View className="ct-tags">
            {w.tier && <Tag tone="gold">{w.tier}</Tag>}
            <Tag tone="gray">{w.categoryTitle}</Tag>
          </View>
          <Text className="ct-sub">{`${w.authorLabel} · ${w.schoolName}`}</Text>
          <WorkContent work={w as unknown as WorkContentData} fold />
          <View className="ct-row-actions">
            <Button size="small" fill="none" onClick={() => go(`/${w.path}`)}>
              单独打开 · 点赞分享
            </Button>
          </View>
        </View>
      ))}
      {cursor !== null && cursor !== undefined && (
        <Button block onClick={() => void loadMore()}>
          加载更多
        </Button>
      )}
    </View>
  );
}
