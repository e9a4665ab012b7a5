import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { DECISION_SHORT, ROUND_LABEL, type Decision, type Round } from '../shared/labels';
import { OwnerActions, OwnerMeta, StatusTag } from '../shared/owner';
import { AuthorNotices, Tag, WorkContent, type WorkContentData } from '../shared/ui';
import { Flags } from '../shared/review';
import '../contest.scss';

type Reviewed = NonNullable<OutputOf<'contest', 'entry'>['review']>;

/** A reviewer's read-only view: names, class, school, advisor, flags, the decisions so far, the work. */
function ReviewerView({ r }: { r: Reviewed }) {
  return (
    <View>
      <View className="card" id="ct-entry-review">
        <View className="ct-head">
          <View className="ct-head-main">
            <Text className="ct-big-title">{r.title}</Text>
            <Text className="ct-sub">{`${r.categoryTitle} · ${r.groupTitle}`}</Text>
            <Text className="ct-sub">
              {[r.authorLabel, r.className, r.schoolName, r.districtName].filter(Boolean).join(' · ')}
            </Text>
            {r.advisor && <Text className="ct-sub">{`指导教师：${r.advisor}`}</Text>}
          </View>
          <Tag tone="green">{r.statusLabel}</Tag>
        </View>
        <Flags flags={r.flags} />
        {r.pending.map((p) => (
          <Text key={p} className="ct-notice">
            {p}
          </Text>
        ))}
        {Object.entries(r.decisions).map(([round, d]) => (
          <Text key={round} className="ct-note">
            {`${ROUND_LABEL[round as Round]}：${DECISION_SHORT[d.decision as Decision]}（${timeLabel(d.at)}）${d.comment ? `，${d.comment}` : ''}`}
          </Text>
        ))}
        {r.score && (
          <Text className="ct-note">{`市级评审得分：${r.score.raw}（标准化 ${r.score.normalised}）`}</Text>
        )}
      </View>
      <View className="card">
        <WorkContent work={r as unknown as WorkContentData} />
      </View>
    </View>
  );
}

/**
 * One entry: for its submitter and family the work with its state, what it waits for, the reviewers'
 * note and what they can do; for a reviewer of its round the names, flags and decisions (read only).
 */
export default function EntryPage() {
  useLoginGuard();
  const { params } = useRouter();
  const id = params.id ?? '';
  const res = useShowRequest(
    async () => (needsLogin() ? null : call('contest', 'entry', { entryId: id })),
    [id],
  );
  const d = res.data;
  if (!d) {
    return (
      <View className="page ct-page">
        <StateView loading={res.loading} error={res.error} onRetry={res.reload} />
      </View>
    );
  }
  if (d.as === 'reviewer') {
    return (
      <View className="page ct-page ct-wide">
        <ReviewerView r={d.review} />
      </View>
    );
  }
  const e = d.author;
  return (
    <View className="page ct-page">
      {params.submitted && e.status === 'submitted' && (
        <View className="card" id="ct-submitted">
          <Text className="ct-notice ct-ok">作品已提交，等待学校老师审核。审核前还可以修改或撤回。</Text>
        </View>
      )}
      <View className="card" id="ct-entry-author">
        <Text className="ct-big-title">{e.title}</Text>
        <View className="ct-tags">
          <StatusTag e={e} id="ct-entry-status" />
        </View>
        <Text className="ct-sub">{e.callTitle}</Text>
        <OwnerMeta e={e} />
        {e.advisor && <Text className="ct-sub">{`指导教师：${e.advisor.name}`}</Text>}
        <AuthorNotices
          id="ct-entry-notices"
          note={e.note}
          pending={e.pending}
          humanReviewNote={e.humanReviewNote}
          isPublic={e.public}
        />
        {e.public && <Text className="ct-notice ct-ok">作品已公开展示（姓名已打码），可以分享给亲友。</Text>}
        {e.submittedAt && <Text className="ct-note">{`提交时间：${timeLabel(e.submittedAt)}`}</Text>}
        <OwnerActions
          e={e}
          mine={e.canEdit || e.canDelete || e.canSubmit}
          onChanged={() => void res.reload()}
          detail
        />
      </View>
      <View className="card">
        <WorkContent work={e as unknown as WorkContentData} states large />
      </View>
    </View>
  );
}
