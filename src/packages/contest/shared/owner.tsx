import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { call, type OutputOf } from '../../../api/client';
import { Button } from '../../../ui';
import { toastOk } from '../../../utils/feedback';
import { go, withMask } from './feedback';
import { CT, qs } from './labels';
import { Tag } from './ui';

/** An entry as its submitter and family see it. */
export type OwnerEntry = Omit<OutputOf<'contest', 'myEntries'>['items'][number], 'mine'>;

/** The tag of an entry's state. */
export function StatusTag(props: { e: Pick<OwnerEntry, 'status' | 'statusLabel' | 'award'>; id?: string }) {
  const { e } = props;
  if (e.award)
    return (
      <Tag tone="gold" id={props.id}>
        {e.award.tierLabel}
      </Tag>
    );
  const tone =
    e.status === 'rejected' || e.status === 'withdrawn' || e.status === 'draft'
      ? 'gray'
      : e.status === 'returned'
        ? undefined
        : 'green';
  return (
    <Tag tone={tone} id={props.id}>
      {e.statusLabel}
    </Tag>
  );
}

/**
 * What the author side can do with an entry: edit, submit, withdraw (the submitter, the pupil, a parent),
 * delete (the submitter), open its public page and its certificate. `onChanged` reloads after a change.
 */
export function OwnerActions(props: {
  e: OwnerEntry;
  mine: boolean;
  onChanged: () => void;
  detail?: boolean;
}) {
  const { e, mine } = props;
  const withdraw = async () => {
    const ask = await Taro.showModal({
      title: '撤回这件作品？',
      content: mine
        ? '撤回后学校不会再审核它。撤回的作品可以删除，也可以重新投一件。'
        : `撤回后学校不会再审核孩子的作品《${e.title}》。`,
      confirmText: '撤回',
      cancelText: '不撤回',
    });
    if (!ask.confirm) return;
    const ok = await withMask('正在撤回', () => call('contest', 'withdraw', { entryId: e.entryId }));
    if (ok) {
      toastOk('已撤回');
      props.onChanged();
    }
  };
  const remove = async () => {
    const ask = await Taro.showModal({
      title: '删除这件作品？',
      content: '作品和它的图片、文件都会删除，不能恢复。',
      confirmText: '删除',
      confirmColor: '#b3261e',
      cancelText: '取消',
    });
    if (!ask.confirm) return;
    const ok = await withMask('正在删除', () => call('contest', 'remove', { entryId: e.entryId }));
    if (ok) {
      toastOk('已删除');
      props.onChanged();
    }
  };
  const edit = () => go(`${CT}/submit/index${qs({ callId: e.callId, entryId: e.entryId })}`);
  return (
    <View className="ct-row-actions">
      {!props.detail && (
        <Button
          size="small"
          id={`ct-open-${e.entryId}`}
          onClick={() => go(`${CT}/entry/index${qs({ id: e.entryId })}`)}
        >
          查看
        </Button>
      )}
      {mine && e.canSubmit && (
        <Button size="small" type="primary" id={`ct-edit-${e.entryId}`} onClick={edit}>
          {e.status === 'returned' ? '修改后重新提交' : '继续填写并提交'}
        </Button>
      )}
      {mine && e.canEdit && !e.canSubmit && (
        <Button size="small" id={`ct-edit-${e.entryId}`} onClick={edit}>
          修改
        </Button>
      )}
      {e.canWithdraw && (
        <Button size="small" fill="outline" id={`ct-withdraw-${e.entryId}`} onClick={() => void withdraw()}>
          撤回
        </Button>
      )}
      {mine && e.canDelete && (
        <Button
          size="small"
          fill="outline"
          type="danger"
          id={`ct-delete-${e.entryId}`}
          onClick={() => void remove()}
        >
          删除
        </Button>
      )}
      {e.workPath && (
        <Button size="small" onClick={() => go(`/${e.workPath}`)}>
          作品展示页
        </Button>
      )}
      {e.award?.certificateId && (
        <Button
          size="small"
          type="primary"
          id={`ct-cert-${e.entryId}`}
          onClick={() => go(`${CT}/certificate/index${qs({ id: e.award!.certificateId })}`)}
        >
          获奖证书
        </Button>
      )}
    </View>
  );
}

/** The line under an entry's title: call, category and group, who. */
export function OwnerMeta(props: { e: OwnerEntry; showCall?: boolean }) {
  const { e } = props;
  return (
    <Text className="ct-sub">
      {[props.showCall ? e.callTitle : '', `${e.categoryTitle} · ${e.groupTitle}`, `作者：${e.authorLabel}`]
        .filter(Boolean)
        .join(' · ')}
    </Text>
  );
}
