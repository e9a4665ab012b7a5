import { Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go, withMask } from '../shared/feedback';
import { beijingToday, CT, dayRange, qs, ROUND_LABEL, WINDOW_LABEL } from '../shared/labels';
import { Tag } from '../shared/ui';
import '../contest.scss';

/**
 * An organiser's page of one call (`?id=&unitId=`, the unit of a district or school call): its state and
 * everything to run it — change it, the review rounds, the city's judges and results (judged calls) or
 * publishing the selection (other calls), its exhibition and the participation figures.
 */
export default function ManagePage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.id ?? '';
  const unitId = params.unitId;
  const info = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'callInfo', { callId })),
    [callId],
  );
  const c = info.data?.call;
  useShareAppMessage(() => ({ title: c?.title ?? '作品征集', path: `${CT}/call/index?id=${callId}` }));
  if (!c) {
    return (
      <View className="page ct-page ct-wide">
        <StateView loading={info.loading} error={info.error} onRetry={info.reload} />
      </View>
    );
  }
  const ownRound = c.level === 'city' ? 'city' : c.level;
  const closed = beijingToday() > c.closesOn;

  const publishSelection = async () => {
    const ask = await Taro.showModal({
      title: '公布入选结果？',
      content: `把${ROUND_LABEL[ownRound]}选定的入选作品公开${c.kind === 'works' ? '展示' : '在专栏中'}，公布后不能再改。`,
      confirmText: '公布',
      cancelText: '再看看',
    });
    if (!ask.confirm) return;
    const out = await withMask('正在公布', () =>
      call('contest', 'publishSelection', { callId }, { timeoutMs: 60_000 }),
    );
    if (out) {
      toastOk(`已公布 ${out.selected} 件`);
      await info.reload();
    }
  };

  const galleryUrl =
    c.level === 'city'
      ? `${CT}/gallery/index${qs({ callId, level: 'city' })}`
      : `${CT}/gallery/index${qs({ callId, level: c.level, unitId })}`;
  return (
    <View className="page ct-page ct-wide">
      <View className="card" id="ct-manage">
        <Text className="ct-big-title">{c.title}</Text>
        <View className="ct-tags">
          <Tag>{c.kindLabel}</Tag>
          <Tag tone="gray">{`${c.levelLabel} · ${c.unitName}`}</Tag>
          <Tag tone={c.results ? 'gold' : c.window === 'open' ? 'green' : 'gray'}>
            {c.results ? '结果已公布' : WINDOW_LABEL[c.window]}
          </Tag>
        </View>
        <Text className="ct-sub">{`征集时间：${dayRange(c.opensOn, c.closesOn)} · ${c.rounds.map((r) => ROUND_LABEL[r]).join(' → ')}`}</Text>
        <View className="ct-row-actions">
          {!c.results && (
            <Button size="small" id="ct-edit-call" onClick={() => go(`${CT}/edit/index${qs({ callId })}`)}>
              修改活动设置
            </Button>
          )}
          <Button size="small" onClick={() => go(`${CT}/call/index${qs({ id: callId })}`)}>
            活动公告
          </Button>
        </View>
      </View>

      <View className="card">
        <View className="card-title">评审</View>
        {c.judged ? (
          <View className="ct-actions">
            <Text className="ct-note">
              学校初评、县区复评推荐上来的作品进入市级评审：邀请评委、分配作品、评委匿名打分，然后在「评审结果」中公布奖项。
            </Text>
            <Button
              type="primary"
              block
              id="ct-go-judging"
              onClick={() => go(`${CT}/judging/index${qs({ callId })}`)}
            >
              评委与分配
            </Button>
            <Button block id="ct-go-results" onClick={() => go(`${CT}/results/index${qs({ callId })}`)}>
              评审结果与公布
            </Button>
            <Button block onClick={() => go(`${CT}/review/index${qs({ callId, round: 'city', admin: 1 })}`)}>
              市级作品（退回或撤下）
            </Button>
          </View>
        ) : (
          <View className="ct-actions">
            <Button
              type="primary"
              block
              id="ct-go-review"
              onClick={() =>
                go(
                  `${CT}/review/index${qs({ callId, round: ownRound, unitId: ownRound === 'city' ? null : unitId, admin: 1 })}`,
                )
              }
            >
              {`${ROUND_LABEL[ownRound]}：选定入选作品`}
            </Button>
            {!c.results && (
              <Button block id="ct-publish-selection" onClick={() => void publishSelection()}>
                {c.kind === 'works' ? '公布入选结果' : '发布专栏'}
              </Button>
            )}
            {!c.results && !closed && (
              <Text className="ct-note">{`征集 ${c.closesOn} 截止后才能公布。`}</Text>
            )}
          </View>
        )}
      </View>

      <View className="card">
        <View className="card-title">展示和统计</View>
        <View className="ct-row-actions">
          <Button size="small" onClick={() => go(galleryUrl)}>
            作品展
          </Button>
          {c.results && (
            <Button
              size="small"
              onClick={() =>
                go(
                  c.kind === 'works'
                    ? `${CT}/gallery/index${qs({ callId, level: 'results' })}`
                    : `${CT}/column/index${qs({ callId })}`,
                )
              }
            >
              {c.kind === 'works' ? '成果展示' : '专栏'}
            </Button>
          )}
          <Button
            size="small"
            onClick={() =>
              go(`${CT}/stats/index${qs({ level: c.level, id: c.level === 'city' ? null : unitId })}`)
            }
          >
            投稿统计
          </Button>
        </View>
      </View>
    </View>
  );
}
