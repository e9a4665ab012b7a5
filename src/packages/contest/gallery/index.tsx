import { Image, Text, View } from '@tarojs/components';
import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useState } from 'react';
import { call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { fileUrl } from '../../../utils/files';
import { useShowRequest } from '../../../utils/useRequest';
import { go, withMask } from '../shared/feedback';
import { CT, qs } from '../shared/labels';
import { Chips } from '../shared/ui';
import '../contest.scss';

type Gallery = OutputOf<'contest', 'gallery'>;
type Item = Gallery['items'][number];
type Level = 'school' | 'district' | 'city' | 'results';

/** A work as a tile: its picture (or its title for texts), title, masked author, school, tier, likes. */
export function Tile({ item }: { item: Item }) {
  return (
    <View className="ct-tile" id={`ct-tile-${item.entryId}`} onClick={() => go(`/${item.path}`)}>
      {item.thumbUrl ? (
        <Image className="ct-tile-thumb" src={fileUrl(item.thumbUrl)} mode="aspectFill" />
      ) : (
        <View className="ct-tile-text">{`《${item.title}》`}</View>
      )}
      <View className="ct-tile-body">
        <Text className="ct-tile-title">{item.title}</Text>
        <Text className="ct-tile-meta">{`${item.author} · ${item.schoolName}`}</Text>
        <Text className="ct-tile-meta">{`${item.categoryTitle} · ${item.groupTitle}${item.format === 'video' ? ' · 视频' : ''}`}</Text>
        <View className="row">
          {item.tierLabel ? <Text className="ct-tag ct-tag-gold">{item.tierLabel}</Text> : <Text />}
          <Text className="ct-tile-meta" id={`ct-tile-likes-${item.entryId}`}>{`♥ ${item.likes}`}</Text>
        </View>
      </View>
    </View>
  );
}

/**
 * A gallery (public, paged by cursor): a school's, a district's or the city's approved works of a call, or
 * its 成果展示 (`level=results`, tiers first), by category and group; names masked.
 */
export default function GalleryPage() {
  const { params } = useRouter();
  const callId = params.callId ?? '';
  const level = (params.level ?? 'city') as Level;
  const unitId = params.unitId;
  const [category, setCategory] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [more, setMore] = useState<Item[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const page = useShowRequest(async () => {
    const res = await call('contest', 'gallery', {
      callId,
      level,
      ...(unitId ? { unitId } : {}),
      ...(category ? { category } : {}),
      ...(category && group ? { group } : {}),
    });
    setMore([]);
    setNext(undefined);
    return res;
  }, [callId, level, unitId, category, group]);
  const g = page.data;
  const heading = g
    ? level === 'results'
      ? `${g.call.title} · 成果展示`
      : `${g.call.title} · ${g.unitName}作品展`
    : '作品展';
  useShareAppMessage(() => ({ title: heading, path: `${CT}/gallery/index${qs({ callId, level, unitId })}` }));
  useShareTimeline(() => ({ title: heading, query: qs({ callId, level, unitId }).slice(1) }));

  const cursor = next === undefined ? g?.next : next;
  const loadMore = async () => {
    if (cursor === null || cursor === undefined) return;
    const res = await withMask('正在加载', () =>
      call('contest', 'gallery', {
        callId,
        level,
        ...(unitId ? { unitId } : {}),
        ...(category ? { category } : {}),
        ...(category && group ? { group } : {}),
        cursor,
      }),
    );
    if (res) {
      setMore((prev) => [...prev, ...res.items]);
      setNext(res.next);
    }
  };

  const items = g ? [...g.items, ...more] : [];
  return (
    <View className="page ct-page ct-wide">
      <View className="card" id="ct-gallery-head">
        <Text className="ct-big-title">{heading}</Text>
        {g && (
          <Text className="ct-sub">
            {g.total !== null ? `共 ${g.total} 件 · 作者姓名已打码` : '作者姓名已打码'}
          </Text>
        )}
        {g && g.call.categories.length > 1 && (
          <Chips
            idPrefix="ct-gcat"
            items={[
              { key: '', label: '全部' },
              ...g.call.categories.map((c) => ({ key: c.key, label: c.title })),
            ]}
            value={category ?? ''}
            onPick={(k) => {
              setCategory(k || null);
              setGroup(null);
            }}
          />
        )}
        {g && category && g.call.groups.length > 1 && (
          <Chips
            idPrefix="ct-ggroup"
            items={[
              { key: '', label: '全部组别' },
              ...g.call.groups.map((x) => ({ key: x.key, label: x.title })),
            ]}
            value={group ?? ''}
            onPick={(k) => setGroup(k || null)}
          />
        )}
      </View>
      <StateView
        loading={page.loading && !g}
        error={page.error}
        onRetry={page.reload}
        empty={
          g && !items.length
            ? g.call.awaitingResults
              ? '这个活动由评委匿名评审：为了评审公平，作品在评审结果公布后展出。'
              : level === 'results'
                ? '获奖结果公布后，获奖作品会在这里展出。'
                : '这里还没有展出的作品。'
            : undefined
        }
      />
      <View className="ct-grid" id="ct-gallery">
        {items.map((it) => (
          <Tile key={it.entryId} item={it} />
        ))}
      </View>
      {cursor !== null && cursor !== undefined && (
        <View className="ct-actions">
          <Button block id="ct-gallery-more" onClick={() => void loadMore()}>
            加载更多
          </Button>
        </View>
      )}
    </View>
  );
}
