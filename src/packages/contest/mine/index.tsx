import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go } from '../shared/feedback';
import { CT, qs } from '../shared/labels';
import { OwnerActions, OwnerMeta, StatusTag } from '../shared/owner';
import { AuthorNotices, Tag } from '../shared/ui';
import '../contest.scss';

/**
 * 我的作品: the caller's own entries and their children's, newest first, each with its state, what it
 * still waits for (checks, a teacher's look), the reviewers' note, any award and what can be done with it
 * (edit, submit, withdraw — a parent can withdraw a child's entry — delete, certificate).
 */
export default function MinePage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.callId;
  const list = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'myEntries', callId ? { callId } : {})),
    [callId],
  );
  const items = list.data?.items ?? [];
  return (
    <View className="page ct-page">
      <StateView
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.reload}
        empty={list.data && !items.length ? '还没有作品。在「作品征集」里选一个活动投稿吧。' : undefined}
      />
      {list.data && !items.length && (
        <Button block type="primary" onClick={() => go(`${CT}/home/index`)}>
          去看看征集活动
        </Button>
      )}
      {items.map((e) => (
        <View key={e.entryId} className="card" id={`ct-entry-${e.entryId}`}>
          <Text className="ct-title">{e.title}</Text>
          <View className="ct-tags">
            <StatusTag e={e} id={`ct-status-${e.entryId}`} />
            {!e.mine && <Tag tone="gray">孩子的作品</Tag>}
          </View>
          <OwnerMeta e={e} showCall />
          <AuthorNotices
            note={e.note}
            pending={e.pending}
            humanReviewNote={e.humanReviewNote}
            isPublic={e.public}
          />
          {e.public && <Text className="ct-note">作品已公开展示，姓名已打码。</Text>}
          <OwnerActions e={e} mine={e.mine} onChanged={() => void list.reload()} />
        </View>
      ))}
      {items.length > 0 && (
        <View className="ct-actions">
          <Button block onClick={() => go(`${CT}/certificates/index${qs({})}`)}>
            我的获奖证书
          </Button>
        </View>
      )}
    </View>
  );
}
