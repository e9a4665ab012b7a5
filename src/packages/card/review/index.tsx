import { Image, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import '../card.scss';

/** Teachers and admins look at cards held for a person (photos, lines WeChat asked to review) and decide. */
export default function ReviewCards() {
  useLoginGuard();
  const router = useRouter();
  const target = router.params.classId
    ? { classId: router.params.classId }
    : { schoolId: router.params.schoolId ?? '' };
  const queue = useRequest(async () => {
    if (needsLogin()) return null;
    return call('card', 'reviewQueue', target);
  }, [router.params.classId, router.params.schoolId]);
  usePullDownRefresh(() => void queue.reload().finally(() => Taro.stopPullDownRefresh()));

  const decide = async (cardId: string, part: 'card' | 'reply', decision: 'approve' | 'reject') => {
    let reason: string | undefined;
    if (decision === 'reject') {
      const reasons = queue.data?.reasons ?? [];
      const pick = await Taro.showActionSheet({ itemList: reasons }).catch(() => null);
      if (!pick) return;
      reason = reasons[pick.tapIndex];
    }
    const res = await withLoading('正在提交…', () =>
      call('card', 'review', { cardId, part, decision, reason }),
    );
    if (res) {
      toastOk(decision === 'approve' ? '已通过' : '已退回');
      void queue.reload();
    }
  };

  const q = queue.data;
  return (
    <View className="page card-page">
      <View className="card">
        <View className="card-title">待审核卡片</View>
        <Text className="lead">
          照片和需要人工看的文字在这里。通过后卡片才会公开；不通过时请选原因，家长会看到。
        </Text>
      </View>
      <StateView loading={queue.loading && !q} error={queue.error} onRetry={queue.reload} />
      {q && q.items.length === 0 && <StateView empty="没有待审核的卡片。" />}
      {q?.items.map((c) => (
        <View key={c.cardId} className="card">
          <View className="row">
            <Text className="tag">{c.className}</Text>
            <Text className="tag tag-gray">{c.status === 'pending' ? '待审核' : '家人的话待审核'}</Text>
          </View>
          <View className="gap" />
          <View>{c.slogan}</View>
          <View className="muted">{c.names.join(' ') || '未写名字'}</View>
          {c.photo && <Image className="review-photo" src={c.photo.url} mode="aspectFit" />}
          {c.status === 'pending' && (
            <View className="row">
              <Button type="primary" onClick={() => decide(c.cardId, 'card', 'approve')}>
                通过
              </Button>
              <Button onClick={() => decide(c.cardId, 'card', 'reject')}>不通过</Button>
            </View>
          )}
          {c.reply?.verdict === 'review' && (
            <View>
              <Text className="muted">{`\n${c.reply.role === 'child' ? '孩子' : '家长'}写的话：${c.reply.text}`}</Text>
              <View className="row">
                <Button type="primary" onClick={() => decide(c.cardId, 'reply', 'approve')}>
                  这句通过
                </Button>
                <Button onClick={() => decide(c.cardId, 'reply', 'reject')}>这句不通过</Button>
              </View>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
