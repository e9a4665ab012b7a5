import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useState } from 'react';
import { call, isLocalMode, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { TargetQr, type QrTarget } from '../../../components/TargetQr';
import { Button } from '../../../ui';
import { useShowRequest } from '../../../utils/useRequest';
import { go, showSaveError, withMask } from '../shared/feedback';
import { CT, qs } from '../shared/labels';
import { Tag, WorkContent, type WorkContentData } from '../shared/ui';
import '../contest.scss';

type Work = OutputOf<'contest', 'work'>;

/** The page path of a work (shares, QR codes). */
export const workPath = (id: string) => `${CT}/work/index?id=${id}`;

/** Opened from a Moments share: single-page mode (no login, no navigation, no saving). */
function inMomentsSinglePage(): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false;
  try {
    return Taro.getLaunchOptionsSync().scene === 1154;
  } catch {
    return false;
  }
}

/**
 * A work's public page (`?id=`, or `scene` from its mini-program code): no login needed — shared to a
 * chat or to Moments (single-page mode shows it read-only). The work with masked names, school, award,
 * likes (one per person; a second tap takes it back), sharing and its QR code.
 */
export default function WorkPage() {
  const { params } = useRouter();
  const id = params.id ?? params.scene ?? '';
  const res = useShowRequest(() => call('contest', 'work', { entryId: id }), [id]);
  const [like, setLike] = useState<{ liked: boolean; likes: number } | null>(null);
  const [qr, setQr] = useState<QrTarget | null>(null);
  const [busy, setBusy] = useState(false);
  const d: Work | null = res.data;
  const single = inMomentsSinglePage();
  useShareAppMessage(() => ({ title: d?.share.title ?? '校园好网民 作品展', path: workPath(id) }));
  useShareTimeline(() => ({ title: d?.share.title ?? '校园好网民 作品展', query: `id=${id}` }));

  if (!d) {
    return (
      <View className="page ct-page">
        <StateView loading={res.loading} error={res.error} onRetry={single ? undefined : res.reload} />
      </View>
    );
  }
  const w = d.work;
  const state = like ?? { liked: d.liked, likes: d.likes };
  const toggle = async () => {
    if (busy) return;
    setBusy(true);
    try {
      setLike(await call('contest', 'like', { entryId: id, like: !state.liked }));
    } catch (err) {
      showSaveError(err);
    } finally {
      setBusy(false);
    }
  };
  const showQr = async () => {
    const target = await withMask('正在生成', () => call('contest', 'shareCode', { entryId: id }));
    if (target) setQr(target);
  };

  return (
    <View className="page ct-page">
      <View className="card" id="ct-work">
        <Text className="ct-sub">{w.callTitle}</Text>
        <Text className="ct-big-title" id="ct-work-title">
          {w.title}
        </Text>
        <View className="ct-tags">
          {w.tier && <Tag tone="gold">{w.tier}</Tag>}
          {!w.tier && w.selected && <Tag tone="gold">入选</Tag>}
          <Tag tone="gray">{`${w.categoryTitle} · ${w.groupTitle}`}</Tag>
        </View>
        <Text className="ct-sub" id="ct-work-author">
          {`作者：${w.authorLabel} · ${w.schoolName}`}
        </Text>
        {w.advisor && <Text className="ct-sub">{`指导教师：${w.advisor}`}</Text>}
        <WorkContent work={w as unknown as WorkContentData} large />
        <View className="ct-row-actions" style={{ alignItems: 'center' }}>
          {d.canLike ? (
            <Text
              id="ct-like"
              className={`ct-like ${state.liked ? 'ct-like-on' : ''}`}
              onClick={() => void toggle()}
            >
              {`${state.liked ? '♥ 已赞' : '♡ 点赞'} ${state.likes}`}
            </Text>
          ) : (
            <Text className="ct-like" id="ct-like">{`♡ ${state.likes}`}</Text>
          )}
          {!d.canLike && !single && isLocalMode && (
            <Button size="small" fill="none" onClick={() => go('/pages/login/index')}>
              登录后点赞
            </Button>
          )}
          {single && <Text className="ct-note">在小程序中打开后可以点赞</Text>}
        </View>
        <Text className="ct-note">点赞只表示喜欢，不计入评奖。</Text>
      </View>

      {!single && (
        <View className="card">
          <View className="ct-actions">
            {!isLocalMode && (
              <Button type="primary" block openType="share">
                分享给好友
              </Button>
            )}
            {!isLocalMode && (
              <Text className="ct-note">分享到朋友圈：点右上角「···」，选「分享到朋友圈」。</Text>
            )}
            {qr ? (
              <View id="ct-work-qr">
                <TargetQr qr={qr} size={200} />
                <Text className="ct-note" style={{ textAlign: 'center' }}>
                  扫码查看这件作品
                </Text>
              </View>
            ) : (
              <Button block id="ct-work-qr-btn" onClick={() => void showQr()}>
                作品二维码
              </Button>
            )}
            <Button
              block
              fill="none"
              onClick={() =>
                go(
                  `${CT}/gallery/index${qs({ callId: w.callId, level: w.tier || w.selected ? 'results' : 'city' })}`,
                )
              }
            >
              看更多作品
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
