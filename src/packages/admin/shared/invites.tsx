import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { call, type InputOf, type OutputOf } from '../../../api/client';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { ROLE_LABEL } from '../../../utils/roles';
import { useRequest } from '../../../utils/useRequest';
import { StateView } from '../../../components/StateView';
import { timeLabel } from '../../../utils/time';
import { copyText } from './util';

/** An invite as createInvite returns it. */
export type Invite = OutputOf<'org', 'createInvite'>;
/** An invite as listInvites returns it (with its state). */
export type ListedInvite = OutputOf<'org', 'listInvites'>[number];

/** Create an invite with a loading mask; null when it failed (the error was shown). */
export function createInvite(input: InputOf<'org', 'createInvite'>): Promise<Invite | null> {
  return withLoading('正在生成邀请码', () => call('org', 'createInvite', input));
}

/** The message an admin forwards in WeChat along with the code. */
function inviteMessage(invite: Invite, scope: string): string {
  return (
    `【校园好网民】邀请您成为${scope}的${ROLE_LABEL[invite.role]}。` +
    `请在微信中打开「校园好网民」小程序，在首页点「我有邀请码」，输入邀请码：${invite._id}` +
    `（${timeLabel(invite.expiresAt)}前有效，仅限一人使用）`
  );
}

/** A freshly created invite: the code in big letters, how to use it, and copy buttons. */
export function InviteCodeBox(props: { invite: Invite; scope: string; onClose: () => void }) {
  const { invite, scope } = props;
  return (
    <View className="adm-code-box">
      <Text className="adm-code-label">{`${scope} · ${ROLE_LABEL[invite.role]}邀请码`}</Text>
      <View className="code-big">{invite._id}</View>
      <Text className="adm-code-hint">
        {`把邀请码发给对方：在微信中打开「校园好网民」，首页点「我有邀请码」并输入。${timeLabel(invite.expiresAt)}前有效，只能一人使用。`}
      </Text>
      <View className="adm-actions">
        <Button type="primary" block onClick={() => copyText(inviteMessage(invite, scope))}>
          复制邀请消息（可直接转发）
        </Button>
        <Button block onClick={() => copyText(invite._id)}>
          只复制邀请码
        </Button>
        <Button block fill="none" onClick={props.onClose}>
          收起
        </Button>
      </View>
    </View>
  );
}

const STATE_LABEL: Record<string, { text: string; cls: string }> = {
  open: { text: '可使用', cls: 'tag tag-green' },
  used: { text: '已使用', cls: 'tag tag-gray' },
  expired: { text: '已过期', cls: 'tag tag-gray' },
  revoked: { text: '已撤销', cls: 'tag tag-gray' },
};

/**
 * Invites the caller created that match `filter`, newest first, each with its state and a revoke
 * button while still open. Bump `refreshKey` to reload after creating one.
 */
export function InviteList(props: {
  refreshKey: number;
  filter: (inv: ListedInvite) => boolean;
  describe: (inv: ListedInvite) => string;
  title?: string;
}) {
  const list = useRequest(() => call('org', 'listInvites', {}), [props.refreshKey]);
  const [showAll, setShowAll] = useState(false);
  const mine = (list.data ?? []).filter(props.filter);
  const shown = showAll ? mine : mine.slice(0, 5);

  const revoke = async (inv: ListedInvite) => {
    const ok = await confirm('撤销这个邀请码？', `撤销后「${inv._id}」将不能再使用。已经加入的人不受影响。`);
    if (!ok) return;
    const done = await withLoading('正在撤销', () => call('org', 'revokeInvite', { code: inv._id }));
    if (done) {
      toastOk('已撤销');
      await list.reload();
    }
  };

  return (
    <View className="card">
      <View className="card-title">{props.title ?? '我发出的邀请码'}</View>
      <StateView
        inline
        loading={list.loading && !list.data}
        error={list.error}
        onRetry={list.reload}
        empty={
          list.data && mine.length === 0 ? '还没有发出邀请码。点上面的「邀请」按钮生成一个。' : undefined
        }
      />
      {shown.map((inv) => {
        const st = STATE_LABEL[inv.state] ?? STATE_LABEL.open;
        return (
          <View key={inv._id} className="list-item row">
            <View className="adm-row-main">
              <View>
                <Text className="adm-invite-code">{inv._id}</Text> <Text className={st.cls}>{st.text}</Text>
              </View>
              <Text className="adm-sub">{`${props.describe(inv)} · ${ROLE_LABEL[inv.role]}`}</Text>
              {inv.state === 'open' && <Text className="adm-sub">{`${timeLabel(inv.expiresAt)}前有效`}</Text>}
            </View>
            {inv.state === 'open' && (
              <View className="adm-col">
                <Button size="small" onClick={() => copyText(inv._id)}>
                  复制
                </Button>
                <Button size="small" fill="outline" type="danger" onClick={() => revoke(inv)}>
                  撤销
                </Button>
              </View>
            )}
          </View>
        );
      })}
      {mine.length > 5 && (
        <Button block fill="none" onClick={() => setShowAll(!showAll)}>
          {showAll ? '收起' : `显示全部 ${mine.length} 个`}
        </Button>
      )}
    </View>
  );
}
