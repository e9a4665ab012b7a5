import { Text, View } from '@tarojs/components';
import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { call } from '../../../api/client';
import { Paragraphs } from '../../../components/Paragraphs';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useShowRequest } from '../../../utils/useRequest';
import { go } from '../shared/feedback';
import {
  CT,
  dayRange,
  formatRule,
  groupRule,
  qs,
  ROUND_LABEL,
  TIER_LABEL,
  WINDOW_LABEL,
} from '../shared/labels';
import { Tag } from '../shared/ui';
import '../contest.scss';

/** A tier rule as people read it ("一等奖 10%", "二等奖 5 名"). */
function tierRule(t: { tier: keyof typeof TIER_LABEL; count?: number; share?: number }): string {
  return t.count !== undefined
    ? `${TIER_LABEL[t.tier]} ${t.count} 名`
    : `${TIER_LABEL[t.tier]} ${Math.round((t.share ?? 0) * 100)}%`;
}

/**
 * A call's announcement (public, shareable; no login needed): what it asks for, who may submit, the
 * dates, the rounds, the judging rubric and the awards; 投稿 for those who may, and its exhibitions.
 */
export default function CallPage() {
  const { params } = useRouter();
  const callId = params.id ?? params.callId ?? '';
  const info = useShowRequest(() => call('contest', 'callInfo', { callId }), [callId]);
  const c = info.data?.call;
  useShareAppMessage(() => ({
    title: c ? `${c.title}（${c.unitName}）` : '作品征集',
    path: `${CT}/call/index?id=${callId}`,
  }));
  useShareTimeline(() => ({ title: c ? c.title : '作品征集', query: `id=${callId}` }));

  if (!c) {
    return (
      <View className="page ct-page">
        <StateView loading={info.loading} error={info.error} onRetry={info.reload} />
      </View>
    );
  }
  const d = info.data!;
  return (
    <View className="page ct-page">
      <View className="card" id="ct-call">
        <Text className="ct-big-title">{c.title}</Text>
        <View className="ct-tags">
          <Tag>{c.kindLabel}</Tag>
          <Tag tone="gray">{`${c.levelLabel} · ${c.unitName}`}</Tag>
          <Tag tone={c.window === 'open' ? 'green' : 'gray'}>
            {c.results ? '结果已公布' : WINDOW_LABEL[c.window]}
          </Tag>
        </View>
        <Text className="ct-sub">{`征集时间：${dayRange(c.opensOn, c.closesOn)}`}</Text>
        <View className="gap" />
        <Paragraphs text={c.intro} />
        {d.loggedIn && d.myEntries > 0 && (
          <Text className="ct-notice ct-ok">{`你已向本活动投稿 ${d.myEntries} 件`}</Text>
        )}
        <View className="ct-actions">
          {d.loggedIn && c.window === 'open' && c.who.length > 0 && (
            <Button
              type="primary"
              block
              id="ct-call-submit"
              onClick={() => go(`${CT}/submit/index${qs({ callId })}`)}
            >
              我要投稿
            </Button>
          )}
          {c.results && (
            <Button
              block
              id="ct-call-results"
              onClick={() =>
                go(
                  c.kind === 'works'
                    ? `${CT}/gallery/index${qs({ callId, level: 'results' })}`
                    : `${CT}/column/index${qs({ callId })}`,
                )
              }
            >
              {c.kind === 'works' ? (c.judged ? '看获奖作品（成果展示）' : '看入选作品') : '看专栏'}
            </Button>
          )}
          {c.level === 'city' && (!c.judged || c.results) && (
            <Button block onClick={() => go(`${CT}/gallery/index${qs({ callId, level: 'city' })}`)}>
              市级作品展
            </Button>
          )}
        </View>
      </View>

      <View className="card" id="ct-call-categories">
        <View className="card-title">征集类别</View>
        {c.categories.map((cat) => (
          <View key={cat.key} className="ct-item">
            <Text className="ct-title">{cat.title}</Text>
            <Text className="ct-sub">{formatRule(cat)}</Text>
          </View>
        ))}
      </View>

      <View className="card">
        <View className="card-title">参加对象和组别</View>
        {c.groups.map((g) => (
          <View key={g.key} className="ct-item row">
            <Text className="ct-title">{g.title}</Text>
            <Text className="ct-sub">{groupRule(g)}</Text>
          </View>
        ))}
        <Text className="ct-note">
          {`每位作者最多投 ${c.maxPerAuthor} 件；${c.maxCoAuthors ? `可与同班同学合作，最多 ${c.maxCoAuthors} 位合作者` : '只接受个人作品'}。`}
        </Text>
      </View>

      <View className="card">
        <View className="card-title">评选方式</View>
        <View className="ct-rounds">
          {c.rounds.map((r, i) => (
            <View key={r} className="ct-inline">
              {i > 0 && <Text className="ct-round-arrow">→</Text>}
              <Text className="ct-round">{ROUND_LABEL[r]}</Text>
            </View>
          ))}
        </View>
        <Text className="ct-note">
          {c.judged
            ? '学校初评、县区复评后，市级由评委匿名打分（评委看不到作者和学校），按评分评出奖项。'
            : '由组织单位逐级审核推荐，评选出入选作品并公开展示。'}
        </Text>
        {c.rubric && (
          <View id="ct-call-rubric">
            <Text className="ct-section-title">评分标准</Text>
            {c.rubric.criteria.map((cr) => (
              <View key={cr.key} className="ct-item">
                <Text className="ct-title">{`${cr.title}（${cr.weight}%）`}</Text>
                {cr.bands.map((b) => (
                  <Text
                    key={`${b.min}-${b.max}`}
                    className="ct-band"
                  >{`${b.min}–${b.max} 分：${b.descriptor}`}</Text>
                ))}
              </View>
            ))}
          </View>
        )}
        {c.tiers && (
          <View>
            <Text className="ct-section-title">奖项设置（各类别、各组别分别评奖）</Text>
            <Text className="ct-note">{c.tiers.map(tierRule).join('；')}</Text>
          </View>
        )}
      </View>
    </View>
  );
}
