import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';
import { withMask } from '../shared/feedback';
import { Chips } from '../shared/ui';

/**
 * The school admin names the teachers who review a call's school round at the school (contest.reviewers,
 * contest.setReviewers). Folded until opened, so the review queue loads alone; teachers appear once they
 * have given their name (on the contest home page), which is what pupils and certificates see.
 */
export function ReviewersPanel(props: { callId: string; schoolId: string }) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string[] | null>(null);
  const list = useRequest(
    async () =>
      open
        ? (await call('contest', 'reviewers', { callId: props.callId, schoolId: props.schoolId })).teachers
        : null,
    [open],
  );
  const teachers = list.data ?? [];
  const chosen = picked ?? teachers.filter((t) => t.reviewing).map((t) => t.openid);
  const toggle = (openid: string) =>
    setPicked(chosen.includes(openid) ? chosen.filter((id) => id !== openid) : [...chosen, openid]);
  const save = async () => {
    const res = await withMask('正在保存', () =>
      call('contest', 'setReviewers', { callId: props.callId, schoolId: props.schoolId, teachers: chosen }),
    );
    if (!res) return;
    toastOk(res.count ? `已指定 ${res.count} 位老师` : '已取消指定');
    setPicked(null);
    await list.reload();
  };

  if (!open) {
    return (
      <View className="ct-row-actions">
        <Button size="small" fill="outline" id="ct-reviewers-open" onClick={() => setOpen(true)}>
          指定初评老师
        </Button>
      </View>
    );
  }
  return (
    <View id="ct-reviewers">
      <Text className="ct-label" style={{ marginTop: '20px' }}>
        初评老师
      </Text>
      <Text className="ct-note">被指定的老师可以审核本校的作品、退回修改和推荐；其他老师看不到。</Text>
      {!list.data ? (
        <StateView loading={list.loading} error={list.error} onRetry={list.reload} />
      ) : teachers.length ? (
        <>
          <Chips
            idPrefix="ct-reviewer"
            items={teachers.map((t) => ({ key: t.openid, label: t.name }))}
            value={chosen}
            onPick={toggle}
          />
          <View className="ct-row-actions">
            <Button type="primary" size="small" id="ct-reviewers-save" onClick={() => void save()}>
              {`保存（${chosen.length} 位）`}
            </Button>
            <Button size="small" fill="none" onClick={() => setOpen(false)}>
              收起
            </Button>
          </View>
        </>
      ) : (
        <Text className="ct-note">
          本校还没有老师填写姓名。请老师在「作品征集」首页填写姓名后，再回来指定。
        </Text>
      )}
    </View>
  );
}
