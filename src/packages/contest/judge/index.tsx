import { Image, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { fileUrl } from '../../../utils/files';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go, withMask } from '../shared/feedback';
import { CT, qs, scoreText } from '../shared/labels';
import { Tag } from '../shared/ui';
import '../contest.scss';

type Task = Extract<OutputOf<'contest', 'judgeTasks'>, { call: object }>['items'][number];

/**
 * A judge's work (blind): without `?callId=` the calls they judge with their progress; with it, their
 * assigned works (title, category, group, a picture; never an author or a school), scored or not.
 */
export default function JudgePage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.callId;
  const tasks = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'judgeTasks', callId ? { callId } : {})),
    [callId],
  );
  const [more, setMore] = useState<Task[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const t = tasks.data;
  if (!t) {
    return (
      <View className="page ct-page">
        <StateView loading={tasks.loading} error={tasks.error} onRetry={tasks.reload} />
      </View>
    );
  }
  if (!t.call) {
    return (
      <View className="page ct-page">
        <View className="card">
          <View className="card-title">我的评审任务</View>
          <Text className="ct-note">
            匿名评审：作品不显示作者、学校和指导教师，请只按作品本身和评分标准打分。
          </Text>
          {!t.calls.length && <Text className="ct-note">还没有分配给您的评审任务。</Text>}
          {t.calls.map((c) => (
            <View key={c.callId} className="ct-item row" id={`ct-judge-call-${c.callId}`}>
              <View className="ct-head-main">
                <Text className="ct-title">{c.title}</Text>
                <Text className="ct-sub">{`已评 ${c.scored} / ${c.assigned} 件${c.locked ? ' · 结果已公布' : ''}`}</Text>
              </View>
              <Button
                size="small"
                type="primary"
                onClick={() => go(`${CT}/judge/index${qs({ callId: c.callId })}`)}
              >
                打开
              </Button>
            </View>
          ))}
        </View>
      </View>
    );
  }
  const items = [...t.items, ...more];
  const cursor = next === undefined ? t.next : next;
  const loadMore = async () => {
    if (!cursor || !callId) return;
    const res = await withMask('正在加载', () => call('contest', 'judgeTasks', { callId, cursor }));
    if (res?.call) {
      setMore((prev) => [...prev, ...res.items]);
      setNext(res.next);
    }
  };
  const firstOpen = items.find((i) => !i.scored);
  return (
    <View className="page ct-page">
      <View className="card" id="ct-judge-head">
        <Text className="ct-big-title">{t.call.title}</Text>
        <Text className="ct-sub">{`已评 ${t.call.scored} / ${t.call.assigned} 件`}</Text>
        <View className="ct-bar">
          <View
            className="ct-bar-fill"
            style={{ width: `${t.call.assigned ? Math.round((t.call.scored / t.call.assigned) * 100) : 0}%` }}
          />
        </View>
        {t.call.locked ? (
          <Text className="ct-notice ct-ok">结果已公布，评分已锁定。</Text>
        ) : (
          <Text className="ct-note">匿名评审：看不到作者、学校和指导教师。评分在结果公布前都可以修改。</Text>
        )}
        {firstOpen && !t.call.locked && (
          <View className="ct-actions">
            <Button
              type="primary"
              block
              id="ct-judge-next"
              onClick={() => go(`${CT}/score/index${qs({ id: firstOpen.assignmentId })}`)}
            >
              评下一件
            </Button>
          </View>
        )}
      </View>
      <View className="card">
        {items.map((i, k) => (
          <View
            key={i.assignmentId}
            className="ct-item row"
            id={`ct-task-${k}`}
            onClick={() => go(`${CT}/score/index${qs({ id: i.assignmentId })}`)}
          >
            {i.thumb ? (
              <Image
                src={fileUrl(i.thumb)}
                mode="aspectFill"
                style={{ width: '96px', height: '96px', borderRadius: '12px', flex: 'none' }}
              />
            ) : (
              <View
                className="ct-tile-text"
                style={{
                  width: '96px',
                  height: '96px',
                  fontSize: '15px',
                  padding: '4px',
                  borderRadius: '12px',
                  flex: 'none',
                }}
              >
                {i.format === 'text' ? '文字' : '作品'}
              </View>
            )}
            <View className="ct-head-main">
              <Text className="ct-title">{i.title}</Text>
              <Text className="ct-sub">{`${i.categoryTitle} · ${i.groupTitle}`}</Text>
            </View>
            {i.scored ? <Tag tone="green">{`${scoreText(i.total)} 分`}</Tag> : <Tag>待评</Tag>}
          </View>
        ))}
        {cursor && (
          <Button block onClick={() => void loadMore()}>
            加载更多
          </Button>
        )}
      </View>
    </View>
  );
}
