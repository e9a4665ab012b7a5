import { Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import { type OutputOf } from '../../../api/client';
import { Button } from '../../../ui';
import { showError } from '../../../utils/feedback';
import { timeLabel } from '../../../utils/time';
import {
  decisionLabel,
  DECISION_SHORT,
  NEEDS_COMMENT,
  ROUND_LABEL,
  type Decision,
  type Round,
} from './labels';
import { CheckLine, Tag, WorkContent, type WorkContentData } from './ui';

export type QueueItem = OutputOf<'contest', 'reviewQueue'>['items'][number];
type Flag = QueueItem['flags'][number];

/** Near-duplicates found at submission: shown prominently, never hidden (a reviewer decides). */
export function Flags(props: { flags: Flag[]; id?: string }) {
  if (!props.flags.length) return null;
  return (
    <View id={props.id}>
      {props.flags.map((f) => (
        <View key={`${f.entryId}-${f.kind}`} className="ct-flag">
          <Text className="ct-flag-title">
            {f.kind === 'image' ? '⚠ 图片与另一件作品非常相似' : '⚠ 文字与另一件作品高度相似'}
          </Text>
          <Text>
            {`《${f.title}》（${f.sameSchool ? '本校' : f.schoolName}）` +
              (f.kind === 'image'
                ? `，图片差异 ${f.score}/64`
                : `，文字相似度 ${Math.round(f.score * 100)}%`) +
              '。请核对是否抄袭或重复投稿。'}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** The words a decision sends: a comment for the author (return) or the reason (reject). */
export interface DecisionInput {
  decision: Decision;
  comment?: string;
  reason?: string;
  mediaChecked?: boolean;
}

const APPROVING: Decision[] = ['pass', 'recommend'];

/**
 * One entry in a review round: title, the author's names, class, school, advisor, near-duplicate flags,
 * what is pending, the decisions so far, the work, the 「已看过」 box when a person must look at it first,
 * and the decisions this round allows (return and reject ask for words first).
 */
export function ReviewItem(props: {
  item: QueueItem;
  round: Round;
  level: 'city' | 'district' | 'school';
  locked: boolean;
  onDecide: (item: QueueItem, input: DecisionInput) => Promise<boolean>;
}) {
  const { item, round } = props;
  const [seen, setSeen] = useState(false);
  const [asking, setAsking] = useState<Decision | null>(null);
  const [words, setWords] = useState('');

  const decide = async (decision: Decision) => {
    if (NEEDS_COMMENT.includes(decision) && asking !== decision) {
      setAsking(decision);
      setWords('');
      return;
    }
    if (APPROVING.includes(decision) && item.needsHumanLook && !seen) {
      showError(
        new Error(
          item.video
            ? '请先完整观看视频，再勾选「已看过」'
            : item.lesson
              ? '请先打开并读过课程文件，再勾选「已看过」'
              : '请先看过作品的图片和文字，再勾选「已看过」',
        ),
      );
      return;
    }
    const input: DecisionInput = { decision };
    if (decision === 'return' || decision === 'reject') {
      const text = words.trim();
      if (Array.from(text).length < 2) {
        showError(
          new Error(
            decision === 'return' ? '请写明修改意见（作者会看到）' : '请写明不通过的原因（作者会看到）',
          ),
        );
        return;
      }
      if (decision === 'return') input.comment = text;
      else input.reason = text;
    }
    if (APPROVING.includes(decision) && item.needsHumanLook) input.mediaChecked = true;
    const ok = await props.onDecide(item, input);
    if (ok) setAsking(null);
  };

  const seenLabel = item.video
    ? '我已完整观看了视频（视频无法由机器审核，需要老师看过）'
    : item.lesson
      ? '我已打开并读过教案和课件'
      : '我已看过作品的图片和文字，没有不适合公开的内容';

  return (
    <View className="card" id={`ct-item-${item.entryId}`}>
      <View className="ct-head">
        <View className="ct-head-main">
          <Text className="ct-title">{item.title}</Text>
          <Text className="ct-sub">{`${item.categoryTitle} · ${item.groupTitle}`}</Text>
          <Text className="ct-sub">
            {[
              item.authorLabel,
              item.className,
              round === 'school' ? '' : item.schoolName,
              round === 'city' ? item.districtName : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {item.advisor && <Text className="ct-sub">{`指导教师：${item.advisor}`}</Text>}
          {item.submittedAt && <Text className="ct-sub">{`提交于 ${timeLabel(item.submittedAt)}`}</Text>}
        </View>
        <Tag tone={item.status === 'rejected' ? 'gray' : item.status === 'returned' ? undefined : 'green'}>
          {item.statusLabel}
        </Tag>
      </View>
      <Flags flags={item.flags} id={`ct-flags-${item.entryId}`} />
      {item.pending.map((p) => (
        <Text key={p} className="ct-notice">
          {p}
        </Text>
      ))}
      {item.note && <Text className="ct-note">{`留言：${item.note.text}`}</Text>}
      {Object.entries(item.decisions).map(([r, d]) => (
        <Text key={r} className="ct-note">
          {`${ROUND_LABEL[r as Round]}：${DECISION_SHORT[d.decision as Decision]}${d.comment ? `（${d.comment}）` : ''}`}
        </Text>
      ))}
      <WorkContent work={item as unknown as WorkContentData} fold />
      {!props.locked && item.actions.length > 0 && (
        <View>
          {item.needsHumanLook && (
            <CheckLine checked={seen} onChange={setSeen} id={`ct-seen-${item.entryId}`}>
              {seenLabel}
            </CheckLine>
          )}
          <View className="ct-row-actions">
            {item.actions.map((a) => (
              <Button
                key={a}
                size="small"
                id={`ct-decide-${a}-${item.entryId}`}
                type={a === 'recommend' ? 'primary' : a === 'reject' ? 'danger' : 'default'}
                fill={a === 'reject' || a === 'unrecommend' ? 'outline' : undefined}
                onClick={() => void decide(a as Decision)}
              >
                {decisionLabel(a as Decision, round, props.level)}
              </Button>
            ))}
          </View>
          {asking && (
            <View className="ct-comment-box" id={`ct-comment-${item.entryId}`}>
              <Text className="ct-label">
                {asking === 'return' ? '修改意见（作者会看到）' : '不通过的原因（作者会看到）'}
              </Text>
              <Textarea
                id={`ct-words-${item.entryId}`}
                className="textarea"
                style={{ minHeight: '160px' }}
                value={words}
                maxlength={200}
                placeholder={
                  asking === 'return' ? '例如：请补充作品说明，写清楚想表达的内容' : '例如：与主题不符'
                }
                onInput={(e) => setWords(e.detail.value)}
              />
              <View className="ct-row-actions">
                <Button
                  size="small"
                  type={asking === 'reject' ? 'danger' : 'primary'}
                  id={`ct-confirm-${asking}-${item.entryId}`}
                  onClick={() => void decide(asking)}
                >
                  {asking === 'return' ? '确定退回' : '确定不通过'}
                </Button>
                <Button size="small" onClick={() => setAsking(null)}>
                  取消
                </Button>
              </View>
            </View>
          )}
        </View>
      )}
    </View>
  );
}
