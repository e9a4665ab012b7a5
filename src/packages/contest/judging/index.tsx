import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, toastOk } from '../../../utils/feedback';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go, withMask } from '../shared/feedback';
import { CT, qs } from '../shared/labels';
import { Chips } from '../shared/ui';
import '../contest.scss';

type Board = OutputOf<'contest', 'judgingBoard'>;
type Invite = OutputOf<'org', 'createInvite'>;

/** Invite a new judge (a judge role through the app's invites): their name, then a code to send them. */
function InviteJudge() {
  const [name, setName] = useState('');
  const [invite, setInvite] = useState<Invite | null>(null);
  const create = async () => {
    const n = name.trim();
    if (!n) return;
    const inv = await withMask('正在生成邀请码', () =>
      call('org', 'createInvite', { role: 'judge', name: n }),
    );
    if (inv) {
      setInvite(inv);
      setName('');
    }
  };
  const copy = (text: string) => void Taro.setClipboardData({ data: text }).then(() => toastOk('已复制'));
  return (
    <View className="card" id="ct-invite-judge">
      <View className="card-title">邀请评委</View>
      <Text className="ct-note">
        填写评委姓名生成邀请码，发给评委。评委在小程序首页点「我有邀请码」输入后，就会出现在下面「可以加入的评委」里。
      </Text>
      <View className="ct-inline" style={{ marginTop: '12px' }}>
        <Input
          id="ct-judge-name"
          className="input"
          style={{ flex: 1 }}
          value={name}
          maxlength={20}
          placeholder="评委姓名"
          onInput={(e) => setName(e.detail.value)}
        />
        <Button type="primary" id="ct-judge-invite" onClick={() => void create()}>
          生成邀请码
        </Button>
      </View>
      {invite && (
        <View className="ct-notice ct-ok" id="ct-judge-code">
          <Text>{`评委「${invite.name ?? ''}」的邀请码：`}</Text>
          <View className="code-big">{invite._id}</View>
          <Text className="ct-note">{`${timeLabel(invite.expiresAt)}前有效，只能一人使用。`}</Text>
          <View className="ct-row-actions">
            <Button
              size="small"
              onClick={() =>
                copy(
                  `【校园好网民】邀请您担任市级作品评审的评委。请在微信中打开「校园好网民」小程序，首页点「我有邀请码」，输入：${invite._id}`,
                )
              }
            >
              复制邀请消息
            </Button>
            <Button size="small" onClick={() => copy(invite._id)}>
              只复制邀请码
            </Button>
          </View>
        </View>
      )}
    </View>
  );
}

/**
 * The city round of a judged call for the city admin (`?callId=`): the panel with each judge's progress
 * (assigned, scored, left), judges who could join, assigning every work to enough judges (balanced, with
 * recusal from their own school and district and works they advised), moving a judge's unscored works to
 * others, and inviting new judges.
 */
export default function JudgingPage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.callId ?? '';
  const board = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'judgingBoard', { callId })),
    [callId],
  );
  const b = board.data;
  const [lastAssign, setLastAssign] = useState<OutputOf<'contest', 'assignJudges'> | null>(null);

  const setPanel = async (judges: { openid: string; categories: string[] }[], done: string) => {
    const ok = await withMask('正在保存', () => call('contest', 'setJudges', { callId, judges }));
    if (ok) {
      toastOk(done);
      await board.reload();
    }
  };
  const panelOf = (x: Board) => x.panel.map((p) => ({ openid: p.openid, categories: p.categories }));

  const assign = async () => {
    const res = await withMask('正在分配', () =>
      call('contest', 'assignJudges', { callId }, { timeoutMs: 60_000 }),
    );
    if (res) {
      setLastAssign(res);
      toastOk('已分配');
      await board.reload();
    }
  };

  const reassign = async (p: Board['panel'][number]) => {
    if (
      !(await confirm(
        `改派${p.name}的作品？`,
        `把${p.name}还没有评分的 ${p.left} 件作品分给其他评委（已评的保留）。`,
      ))
    )
      return;
    const res = await withMask('正在改派', () =>
      call('contest', 'reassignJudge', { callId, judgeOpenid: p.openid }, { timeoutMs: 60_000 }),
    );
    if (res) {
      toastOk(`已改派 ${res.moved} 件`);
      await board.reload();
    }
  };

  if (!b) {
    return (
      <View className="page ct-page ct-wide">
        <StateView loading={board.loading} error={board.error} onRetry={board.reload} />
      </View>
    );
  }
  const catTitle = (k: string) => b.call.categories.find((c) => c.key === k)?.title ?? k;
  const enough = b.panel.length >= b.call.judgesPerEntry;
  return (
    <View className="page ct-page ct-wide">
      <View className="card" id="ct-board">
        <Text className="ct-big-title">{b.call.title}</Text>
        <Text className="ct-sub">{`市级评审 · 每件作品 ${b.call.judgesPerEntry} 位评委 · 匿名评分`}</Text>
        <View className="ct-figures" style={{ marginTop: '16px' }}>
          <View className="ct-figure">
            <Text className="ct-figure-value" id="ct-board-entries">
              {b.entries}
            </Text>
            <Text className="ct-figure-label">市级评审作品</Text>
          </View>
          <View className="ct-figure">
            <Text
              className="ct-figure-value"
              id="ct-board-scored"
            >{`${b.scoredSheets}/${b.assignedSheets}`}</Text>
            <Text className="ct-figure-label">已评 / 评分表</Text>
          </View>
          <View className="ct-figure">
            <Text className="ct-figure-value">{b.entriesShortOfJudges}</Text>
            <Text className="ct-figure-label">评委不足的作品</Text>
          </View>
        </View>
        {b.published && <Text className="ct-notice ct-ok">获奖结果已公布，评审已锁定。</Text>}
        {!b.published && (
          <View className="ct-actions">
            {!enough && (
              <Text className="ct-notice">{`评审组至少需要 ${b.call.judgesPerEntry} 位评委，请先从下面添加评委。`}</Text>
            )}
            <Button type="primary" block id="ct-assign" onClick={() => void assign()}>
              {!b.assignedSheets
                ? '分配评委'
                : b.entriesShortOfJudges
                  ? `补充分配（${b.entriesShortOfJudges} 件作品评委不足）`
                  : '检查分配'}
            </Button>
            <Text className="ct-note">
              {`${b.assignedSheets && !b.entriesShortOfJudges ? '新进入市级评审的作品，点「检查分配」补上评委。' : ''}自动分配：每件作品分给足够的评委，工作量均衡；评委不会评到自己学校、自己县区或自己指导的作品。`}
            </Text>
          </View>
        )}
        {lastAssign && (
          <Text className="ct-notice" id="ct-assign-result">
            {`新分配 ${lastAssign.added} 份、撤下 ${lastAssign.removed} 份；` +
              (lastAssign.shortfalls
                ? `有 ${lastAssign.shortfalls} 件作品找不到足够的可回避评委，请增加评委。`
                : '每件作品的评委都够了。')}
          </Text>
        )}
        <View className="ct-row-actions">
          <Button size="small" onClick={() => go(`${CT}/results/index${qs({ callId })}`)}>
            评审结果
          </Button>
        </View>
      </View>

      <View className="card" id="ct-panel">
        <View className="card-title">{`评审组（${b.panel.length} 位）`}</View>
        {!b.panel.length && <Text className="ct-note">还没有评委。从下面「可以加入的评委」里添加。</Text>}
        {b.panel.map((p) => (
          <View key={p.openid} className="ct-item" id={`ct-judge-${p.openid}`}>
            <View className="ct-head">
              <View className="ct-head-main">
                <Text className="ct-title">{p.name}</Text>
                <Text className="ct-sub">
                  {`${p.categories.length ? `只评：${p.categories.map(catTitle).join('、')}` : '评所有类别'} · 已评 ${p.scored} / ${p.assigned}，还剩 ${p.left}`}
                </Text>
              </View>
            </View>
            <View className="ct-bar">
              <View
                className="ct-bar-fill"
                style={{ width: `${p.assigned ? Math.round((p.scored / p.assigned) * 100) : 0}%` }}
              />
            </View>
            {!b.published && (
              <View>
                <Chips
                  idPrefix={`ct-jcat-${p.openid}`}
                  items={[
                    { key: '', label: '所有类别' },
                    ...b.call.categories.map((c) => ({ key: c.key, label: c.title })),
                  ]}
                  value={p.categories.length ? p.categories : ''}
                  onPick={(k) =>
                    void setPanel(
                      panelOf(b).map((x) =>
                        x.openid !== p.openid
                          ? x
                          : {
                              ...x,
                              categories: !k
                                ? []
                                : x.categories.includes(k)
                                  ? x.categories.filter((y) => y !== k)
                                  : [...x.categories, k],
                            },
                      ),
                      '已保存',
                    )
                  }
                />
                <View className="ct-row-actions">
                  {p.left > 0 && (
                    <Button size="small" id={`ct-reassign-${p.openid}`} onClick={() => void reassign(p)}>
                      改派未评作品
                    </Button>
                  )}
                  {p.assigned === 0 && (
                    <Button
                      size="small"
                      fill="outline"
                      onClick={() =>
                        void setPanel(
                          panelOf(b).filter((x) => x.openid !== p.openid),
                          '已移出',
                        )
                      }
                    >
                      移出评审组
                    </Button>
                  )}
                </View>
              </View>
            )}
          </View>
        ))}
      </View>

      {!b.published && (
        <View className="card" id="ct-available">
          <View className="card-title">可以加入的评委</View>
          {!b.available.length && (
            <Text className="ct-note">没有其他已接受邀请的评委。可以在下面邀请新评委。</Text>
          )}
          {b.available.map((a) => (
            <View key={a.openid} className="ct-item row" id={`ct-avail-${a.openid}`}>
              <Text className="ct-title">{a.name}</Text>
              <Button
                size="small"
                type="primary"
                id={`ct-add-${a.openid}`}
                onClick={() => void setPanel([...panelOf(b), { openid: a.openid, categories: [] }], '已加入')}
              >
                加入评审组
              </Button>
            </View>
          ))}
          {b.available.length > 1 && (
            <Button
              block
              id="ct-add-all"
              onClick={() =>
                void setPanel(
                  [...panelOf(b), ...b.available.map((a) => ({ openid: a.openid, categories: [] }))],
                  '已全部加入',
                )
              }
            >
              全部加入
            </Button>
          )}
        </View>
      )}
      {!b.published && <InviteJudge />}
    </View>
  );
}
