import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import { graphemes } from '../../../../core/poster/layout';
import { REPLY_MAX, REPLY_SUGGESTIONS } from '../../../../core/poster/templates';
import '../card.scss';

/**
 * The other family member adds one line to a family card: the child on their own phone (opened from
 * the parent's share), or on the parent's phone (`same=1`). Checked on the server like the slogan.
 */
export default function ReplyCard() {
  const router = useRouter();
  const cardId = router.params.id ?? '';
  const sameDevice = router.params.same === '1';
  const [text, setText] = useState('');
  const card = useRequest(
    async () => (needsLogin() ? null : call('card', 'getPublic', { cardId })),
    [cardId],
  );

  useLoginGuard();

  const v = card.data;
  const forChild = v ? v.viewer.replyRole === 'child' : true;
  const count = graphemes(text.trim()).length;

  const submit = async () => {
    if (count === 0) return showError(new Error('请先写一句话，也可以点下面的例句'));
    if (count > REPLY_MAX) return showError(new Error(`最多 ${REPLY_MAX} 个字，现在是 ${count} 个字`));
    const res = await withLoading('正在检查…', () =>
      call('card', 'reply', { cardId, text: text.trim(), sameDevice }),
    );
    if (!res) return;
    toastOk(res.replyStatus === 'pass' ? '写好了' : '已提交审核');
    setTimeout(() => {
      void Taro.navigateBack().catch(() =>
        Taro.redirectTo({ url: `/packages/card/view/index?id=${cardId}` }),
      );
    }, 800);
  };

  return (
    <View className="page card-page">
      <StateView loading={card.loading && !v} error={card.error} onRetry={card.reload} />
      {v && !v.viewer.canReply && (
        <View className="card">
          <Text className="lead">
            {v.card.reply?.status === 'pass'
              ? '这张卡片已经写好了。'
              : '只有这张卡片的家人可以在上面写一句。'}
          </Text>
          <View className="big-actions">
            <Button onClick={() => Taro.redirectTo({ url: `/packages/card/view/index?id=${cardId}` })}>
              看看这张卡片
            </Button>
          </View>
        </View>
      )}
      {v && v.viewer.canReply && (
        <View className="card">
          <View className="card-title">{forChild ? '小朋友，写一句你的文明上网约定' : '家长写一句'}</View>
          <Text className="lead">{`卡片上写着：「${v.card.slogan}」`}</Text>
          {sameDevice && (
            <Text className="muted">
              {'\n'}请把手机交给{forChild ? '孩子' : '家长'}来写。
            </Text>
          )}
          <View className="gap" />
          <Textarea
            id="reply-text"
            className="textarea"
            value={text}
            maxlength={-1}
            placeholder={forChild ? '例如：我会按时下线，先完成作业！' : '例如：我们一起做孩子的好榜样。'}
            onInput={(e) => setText(e.detail.value)}
          />
          <View
            className={`counter ${count > REPLY_MAX ? 'counter-over' : ''}`}
          >{`${count}/${REPLY_MAX}`}</View>
          <View className="chips">
            {REPLY_SUGGESTIONS.map((s) => (
              <Text key={s} className="chip" onClick={() => setText(s)}>
                {s}
              </Text>
            ))}
          </View>
          <View className="big-actions">
            <Button type="primary" size="large" block onClick={submit}>
              写好了
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}
