import { Image, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { showError } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import { TEMPLATES, type TemplateId } from '../../../../core/poster/templates';
import { templateBackground } from '../shared';
import '../card.scss';

type Item = OutputOf<'card', 'wall'>['items'][number];

/** The approved cards of a class or a school (names masked), newest first, with the unit's count. */
export default function Wall() {
  useLoginGuard();
  const router = useRouter();
  const target = router.params.classId
    ? { classId: router.params.classId }
    : { schoolId: router.params.schoolId ?? '' };
  const [more, setMore] = useState<Item[]>([]);
  const [nextSkip, setNextSkip] = useState<number | null>(null);
  const wall = useRequest(async () => {
    if (needsLogin()) return null;
    const res = await call('card', 'wall', { ...target, skip: 0 });
    setMore([]);
    setNextSkip(res.nextSkip);
    return res;
  }, [router.params.classId, router.params.schoolId]);
  usePullDownRefresh(() => void wall.reload().finally(() => Taro.stopPullDownRefresh()));

  const loadMore = async () => {
    if (nextSkip === null) return;
    try {
      const res = await call('card', 'wall', { ...target, skip: nextSkip });
      setMore((m) => [...m, ...res.items]);
      setNextSkip(res.nextSkip);
    } catch (err) {
      showError(err);
    }
  };

  const w = wall.data;
  const items = w ? [...w.items, ...more] : [];
  return (
    <View className="page card-page">
      <StateView loading={wall.loading && !w} error={wall.error} onRetry={wall.reload} />
      {w && (
        <View className="card">
          <View className="card-title">{`${w.unit.name} 卡片墙`}</View>
          <Text
            id="wall-count"
            className="lead"
          >{`已有 ${w.cardsMade} 张卡片，${w.families} 个家庭参与`}</Text>
          <View className="big-actions">
            <Button type="primary" onClick={() => Taro.navigateTo({ url: '/packages/card/make/index' })}>
              我家也做一张
            </Button>
          </View>
        </View>
      )}
      {w && items.length === 0 && <StateView empty="还没有公开的卡片，来做第一张吧。" />}
      <View className="wall">
        {items.map((c) => (
          <View
            key={c.cardId}
            className="tile"
            style={{ background: templateBackground(c.templateId) }}
            onClick={() => Taro.navigateTo({ url: `/packages/card/view/index?id=${c.cardId}` })}
          >
            <Text className="tile-head">{TEMPLATES[c.templateId as TemplateId]?.headline.join(' ')}</Text>
            {c.photoUrl && <Image className="tile-photo" src={c.photoUrl} mode="aspectFill" lazyLoad />}
            <View className="tile-body">
              <View>{c.slogan}</View>
              {c.reply && (
                <View className="tile-names">{`${c.reply.role === 'child' ? '孩子' : '家长'}：${c.reply.text}`}</View>
              )}
              <View className="tile-names">{`${c.names.length ? `${c.names.join(' ')} ` : '我们'}一家 · ${c.className}`}</View>
            </View>
          </View>
        ))}
      </View>
      {nextSkip !== null && (
        <View className="big-actions">
          <Button onClick={loadMore}>看更多</Button>
        </View>
      )}
    </View>
  );
}
