import { Canvas, Image, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useEffect } from 'react';
import { ApiError, call, isLocalMode, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { useShowRequest } from '../../../utils/useRequest';
import { TEMPLATES, type TemplateId } from '../../../../core/poster/templates';
import { POSTER_H, POSTER_W } from '../poster/draw';
import { loadCard, usePoster } from '../poster/usePoster';
import { isSinglePageMode, localCardUrl, recordShare } from '../shared';
import '../card.scss';

/** The canvas the weapp poster is drawn on. */
const CANVAS_ID = 'poster-canvas';

/** Display width of the poster in CSS pixels. */
function displayWidth(): number {
  try {
    return Math.min(360, Math.round(Taro.getWindowInfo().windowWidth * 0.8));
  } catch {
    return 300;
  }
}

/**
 * One family card: the poster (canvas 2d at the device pixel ratio), save / download, share to a
 * chat and to Moments, and the family's next step (the child adds a line). Read-only for everyone
 * else, and works without login (Moments single-page mode).
 */
export default function ViewCard() {
  const router = useRouter();
  const cardId = router.params.id ?? (router.params.scene ? decodeURIComponent(router.params.scene) : '');
  const justMade = router.params.made === '1';
  const single = isSinglePageMode();
  const card = useShowRequest(() => loadCard(cardId), [cardId]);
  const width = displayWidth();
  const height = Math.round((width * POSTER_H) / POSTER_W);
  const v = card.data;
  const shareable = !!v?.shareable;
  const { posterUrl, drawn, save: savePoster } = usePoster(v, cardId, width, CANVAS_ID);

  useEffect(() => {
    if (isLocalMode || !v) return;
    // wx.showShareMenu reads `menus`; Taro's typing calls it showShareItems. Send both.
    const menus = {
      showShareItems: ['shareAppMessage', 'shareTimeline'],
      menus: ['shareAppMessage', 'shareTimeline'],
    };
    if (shareable) void Taro.showShareMenu({ withShareTicket: false, ...menus });
    else void Taro.hideShareMenu(menus as Parameters<typeof Taro.hideShareMenu>[0]);
  }, [v, shareable]);

  const t = v ? TEMPLATES[v.card.templateId as TemplateId] : null;
  useShareAppMessage((res) => {
    const kind = (res.target as { dataset?: { kind?: string } } | undefined)?.dataset?.kind;
    if (kind === 'invite') {
      return { title: '来和我一起完成我们家的文明上网卡片', path: `/packages/card/reply/index?id=${cardId}` };
    }
    if (shareable) recordShare(cardId, 'chat');
    return {
      title: v ? `${v.card.slogan}｜${t?.headline.join(' ')}` : '家庭主题卡片',
      path: `/packages/card/view/index?id=${cardId}`,
    };
  });
  useShareTimeline(() => {
    if (shareable) recordShare(cardId, 'moments');
    return {
      title: v ? `${t?.headline.join(' ')}｜${v.card.slogan}` : '家庭主题卡片',
      query: `id=${cardId}`,
    };
  });

  const save = async () => {
    const outcome = await savePoster();
    if (outcome === 'downloaded') toastOk('图片已下载');
    if ((outcome === 'downloaded' || outcome === 'saved') && shareable) recordShare(cardId, 'saved');
  };

  const copyLink = async () => {
    await Taro.setClipboardData({ data: localCardUrl(cardId) });
    if (shareable) recordShare(cardId, 'chat');
  };

  const removeCard = async () => {
    if (!(await confirm('删除这张卡片？', '删除后卡片和照片都会删掉，统计里也不再计入。'))) return;
    const ok = await withLoading('正在删除…', () => call('card', 'remove', { cardId }));
    if (ok) {
      toastOk('已删除');
      setTimeout(
        () => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/card/make/index' })),
        800,
      );
    }
  };

  const notFound = card.error instanceof ApiError && card.error.code === 'NOT_FOUND';

  return (
    <View className="page card-page">
      {!cardId && <StateView error={new ApiError('INVALID_ARGUMENT', '链接不完整，没有卡片编号')} />}
      <StateView loading={card.loading && !v} error={notFound ? null : card.error} onRetry={card.reload} />
      {notFound && (
        <View className="card">
          <View className="card-title">看不到这张卡片</View>
          <Text className="lead">链接可能不完整，或者这张卡片现在不能公开查看。</Text>
          {needsLogin() && isLocalMode && (
            <View className="big-actions">
              <Button type="primary" onClick={() => Taro.redirectTo({ url: '/pages/login/index' })}>
                登录后再看
              </Button>
            </View>
          )}
        </View>
      )}

      {v && v.viewer.isFamily && v.status === 'approved' && justMade && (
        <View className="banner banner-ok">卡片做好了！保存图片，或分享到微信群和朋友圈吧。</View>
      )}
      {v && v.viewer.isFamily && v.status === 'pending' && (
        <View className="banner banner-wait">{`正在审核：${v.reason ?? '请稍等'}。审核通过前，只有你的家人能看到这张卡片，暂时不能分享。`}</View>
      )}
      {v && v.viewer.isFamily && v.status === 'rejected' && (
        <View className="banner banner-bad">{`没有通过：${v.reason ?? ''}。可以删除这张卡片，修改后重新制作。`}</View>
      )}
      {v && v.viewer.isFamily && v.card.reply?.status === 'review' && (
        <View className="banner banner-wait">家人写的那句话正在审核，通过后会出现在卡片上。</View>
      )}

      {v && (
        <View className="poster-box">
          {isLocalMode ? (
            posterUrl ? (
              <Image
                id="poster-img"
                className="poster-img"
                src={posterUrl}
                mode="aspectFit"
                style={{ width: `${width}px`, height: `${height}px` }}
              />
            ) : (
              <Text className="muted">正在生成卡片…</Text>
            )
          ) : (
            <Canvas
              id={CANVAS_ID}
              type="2d"
              style={{ width: `${width}px`, height: `${height}px`, borderRadius: '10px' }}
            />
          )}
        </View>
      )}

      {v && drawn && !single && (
        <View className="card">
          <View className="big-actions">
            <Button id="poster-save" type="primary" size="large" block onClick={save}>
              {isLocalMode ? '下载图片' : '保存图片到相册'}
            </Button>
            {shareable && !isLocalMode && (
              <Button size="large" block openType="share" data-kind="card">
                分享给微信好友或群
              </Button>
            )}
            {shareable && isLocalMode && (
              <Button size="large" block onClick={copyLink}>
                复制卡片链接，发给家人
              </Button>
            )}
          </View>
          {shareable && !isLocalMode && (
            <Text className="muted">
              {'\n'}分享到朋友圈：点右上角「···」，再点「分享到朋友圈」。也可以保存图片后发朋友圈。
            </Text>
          )}
          {!shareable && (
            <Text className="muted">{'\n'}审核通过后才能分享；现在可以先保存图片看看效果。</Text>
          )}
        </View>
      )}

      {v && v.viewer.canReply && !single && (
        <View className="card">
          <View className="card-title">
            {v.viewer.replyRole === 'child' ? '小手牵大手：请孩子写一句' : '请家长写一句'}
          </View>
          {v.viewer.isAuthor ? (
            <View>
              <Text className="lead">
                {v.viewer.replyRole === 'child'
                  ? '孩子在身边，就在这台手机上写；孩子有自己的微信，就把卡片发给孩子。'
                  : '家长在身边，就在这台手机上写；也可以把卡片发给家长。'}
              </Text>
              <View className="big-actions">
                <Button
                  type="primary"
                  onClick={() => Taro.navigateTo({ url: `/packages/card/reply/index?id=${cardId}&same=1` })}
                >
                  就在这台手机上写
                </Button>
                {!isLocalMode && (
                  <Button openType="share" data-kind="invite">
                    发给家人，用自己的微信写
                  </Button>
                )}
              </View>
            </View>
          ) : (
            <View className="big-actions">
              <Button
                type="primary"
                onClick={() => Taro.navigateTo({ url: `/packages/card/reply/index?id=${cardId}` })}
              >
                我来写一句
              </Button>
            </View>
          )}
        </View>
      )}

      {v && !v.viewer.isFamily && !single && (
        <View className="card">
          <Text className="lead">这是一张「校园好网民」家庭主题卡片，姓名已打码。</Text>
          <View className="big-actions">
            <Button type="primary" onClick={() => Taro.navigateTo({ url: '/packages/card/make/index' })}>
              我家也做一张
            </Button>
          </View>
        </View>
      )}

      {v && v.viewer.isAuthor && !single && (
        <View className="card">
          <Button size="small" onClick={removeCard}>
            删除这张卡片
          </Button>
        </View>
      )}
    </View>
  );
}
