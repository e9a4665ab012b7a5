import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { deliverExport } from '../../../utils/files';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { go, showSaveError, withMask } from '../shared/feedback';
import { CT, qs, ROUND_LABEL, TAB_LABEL, type Round } from '../shared/labels';
import { ReviewItem, type DecisionInput, type QueueItem } from '../shared/review';
import { Chips } from '../shared/ui';
import { ReviewersPanel } from './reviewers';
import '../contest.scss';

type Queue = OutputOf<'contest', 'reviewQueue'>;
type TabKey = 'pending' | 'passed' | 'recommended' | 'returned' | 'rejected' | 'all';

/**
 * Places used per category × group: one line when every combination has the same places (only those
 * with recommendations listed), else every combination.
 */
function Quotas({ q }: { q: Queue['quotas'] }) {
  if (!q.length) return null;
  const same = q.every((r) => r.limit === q[0].limit);
  const rows = same ? q.filter((r) => r.used > 0) : q.filter((r) => r.limit > 0 || r.used > 0);
  return (
    <View id="ct-quotas">
      <Text className="ct-label" style={{ marginTop: '20px' }}>
        推荐名额
      </Text>
      {same && <Text className="ct-note">{`每个类别、每个组别可推荐 ${q[0].limit} 件。`}</Text>}
      {rows.length > 0 && (
        <View className="ct-chips">
          {rows.map((r) => (
            <Text
              key={`${r.category}-${r.group}`}
              className={`ct-tag ${r.used >= r.limit ? 'ct-tag-gold' : 'ct-tag-gray'}`}
            >
              {`${r.categoryTitle}·${r.groupTitle} 已推荐 ${r.used}/${r.limit}`}
            </Text>
          ))}
        </View>
      )}
    </View>
  );
}

/**
 * A review round of a call for one unit (`?callId=&round=school|district|city&unitId=`): tabs with counts
 * (待审, 已通过, 已推荐…), filters by category and group, the places used, and each entry with its flags and
 * decisions. School and district admins (`&admin=1`) also export the recommended works (.xlsx, .zip).
 */
export default function ReviewPage() {
  useLoginGuard();
  const { params } = useRouter();
  const callId = params.callId ?? '';
  const round = (params.round ?? 'school') as Round;
  const unitId = params.unitId || undefined;
  const [tab, setTab] = useState<TabKey>('pending');
  const [category, setCategory] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [more, setMore] = useState<QueueItem[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);

  const queue = useShowRequest(async () => {
    if (needsLogin()) return null;
    const res = await call('contest', 'reviewQueue', {
      callId,
      round,
      ...(unitId ? { unitId } : {}),
      tab,
      ...(category ? { category } : {}),
      ...(category && group ? { group } : {}),
    });
    setMore([]);
    setNext(undefined);
    return res;
  }, [tab, category, group]);
  const q = queue.data;

  const loadMore = async () => {
    const cursor = next === undefined ? q?.next : next;
    if (!cursor) return;
    const res = await withMask('正在加载', () =>
      call('contest', 'reviewQueue', {
        callId,
        round,
        ...(unitId ? { unitId } : {}),
        tab,
        ...(category ? { category } : {}),
        ...(category && group ? { group } : {}),
        cursor,
      }),
    );
    if (res) {
      setMore((prev) => [...prev, ...res.items]);
      setNext(res.next);
    }
  };

  const decide = async (item: QueueItem, input: DecisionInput): Promise<boolean> => {
    const res = await withMask('正在保存', () =>
      call('contest', 'review', { entryId: item.entryId, round, ...input }),
    );
    if (!res) return false;
    toastOk('已完成');
    await queue.reload();
    return true;
  };

  const exportFile = async (kind: 'list' | 'works') => {
    if (!unitId || round === 'city') return;
    const level = round as 'school' | 'district';
    const res = await withMask<{ fileName: string; url: string; count: number }>(
      kind === 'list' ? '正在生成表格' : '正在打包作品',
      async () => {
        const filter = { callId, level, unitId, ...(category ? { category } : {}) };
        if (kind === 'list') {
          const out = await call('contest', 'exportList', filter, { timeoutMs: 60_000 });
          return { fileName: out.fileName, url: out.url, count: out.rows };
        }
        const out = await call('contest', 'exportWorks', filter, { timeoutMs: 120_000 });
        return { fileName: out.fileName, url: out.url, count: out.works };
      },
    );
    if (!res) return;
    try {
      await deliverExport(res);
      toastOk(kind === 'list' ? `已导出 ${res.count} 件` : `已打包 ${res.count} 件`);
    } catch (err) {
      showSaveError(err);
    }
  };

  if (!q) {
    return (
      <View className="page ct-page ct-wide">
        <StateView loading={queue.loading} error={queue.error} onRetry={queue.reload} />
      </View>
    );
  }
  const tabs = (Object.keys(q.counts) as TabKey[]).concat('all');
  const items = [...q.items, ...more];
  const hasMore = next === undefined ? !!q.next : !!next;
  return (
    <View className="page ct-page ct-wide">
      <View className="card" id="ct-review-head">
        <Text className="ct-big-title">{q.call.title}</Text>
        <Text className="ct-sub">{`${ROUND_LABEL[q.round]} · ${q.unit.name}`}</Text>
        {q.call.locked && <Text className="ct-notice">结果已公布，评选已锁定。</Text>}
        {q.round === 'city' && q.call.judged && (
          <Text className="ct-note">市级作品由评委打分评奖；这里可以把不合适的作品退回县区或撤下。</Text>
        )}
        <Chips
          idPrefix="ct-tab"
          items={tabs.map((t) => ({
            key: t,
            label: t === 'all' ? TAB_LABEL.all : `${TAB_LABEL[t]} ${q.counts[t] ?? 0}`,
          }))}
          value={tab}
          onPick={setTab}
        />
        {q.call.categories.length > 1 && (
          <Chips
            idPrefix="ct-filter-cat"
            items={[
              { key: '', label: '全部类别' },
              ...q.call.categories.map((c) => ({ key: c.key, label: c.title })),
            ]}
            value={category ?? ''}
            onPick={(k) => {
              setCategory(k || null);
              setGroup(null);
            }}
          />
        )}
        {category && q.call.groups.length > 1 && (
          <Chips
            idPrefix="ct-filter-group"
            items={[
              { key: '', label: '全部组别' },
              ...q.call.groups.map((g) => ({ key: g.key, label: g.title })),
            ]}
            value={group ?? ''}
            onPick={(k) => setGroup(k || null)}
          />
        )}
        <Quotas q={q.quotas} />
        {params.admin === '1' && round !== 'city' && (
          <View className="ct-row-actions" id="ct-exports">
            <Button size="small" id="ct-export-list" onClick={() => void exportFile('list')}>
              导出推荐作品表（Excel）
            </Button>
            <Button size="small" id="ct-export-works" onClick={() => void exportFile('works')}>
              导出作品压缩包
            </Button>
          </View>
        )}
        {round === 'school' && unitId && params.admin === '1' && !q.call.locked && (
          <ReviewersPanel callId={callId} schoolId={unitId} />
        )}
        {round === 'school' && unitId && (
          <View className="ct-row-actions">
            <Button
              size="small"
              fill="outline"
              onClick={() => go(`${CT}/gallery/index${qs({ callId, level: 'school', unitId })}`)}
            >
              本校作品展
            </Button>
          </View>
        )}
      </View>

      <StateView
        inline={false}
        empty={!items.length ? (tab === 'pending' ? '没有等待审核的作品。' : '这里还没有作品。') : undefined}
      />
      {items.map((item) => (
        <ReviewItem
          key={item.entryId}
          item={item}
          round={q.round}
          level={q.call.level}
          locked={q.call.locked}
          onDecide={decide}
        />
      ))}
      {hasMore && (
        <Button block id="ct-more" onClick={() => void loadMore()}>
          加载更多
        </Button>
      )}
    </View>
  );
}
