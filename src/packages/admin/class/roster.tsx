import { Text, View } from '@tarojs/components';
import { call, type OutputOf } from '../../../api/client';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { relationLabel } from '../../../utils/relations';

/** One roster entry as getClass returns it. */
export type RosterEntry = OutputOf<'org', 'getClass'>['roster'][number];

const STATUS: Record<RosterEntry['claimStatus'], { text: string; cls: string }> = {
  unclaimed: { text: '未认领', cls: 'tag tag-gray' },
  claimed: { text: '待确认', cls: 'tag' },
  approved: { text: '已确认', cls: 'tag tag-green' },
};

/** Whether an entry needs the teacher: a claim to confirm or a parent asking to be linked. */
export function needsTeacher(r: RosterEntry): boolean {
  return r.claimStatus === 'claimed' || r.parents.some((p) => p.status === 'pending');
}

/** One student on the roster with their claim state, parents, and the teacher's buttons for each. */
export function RosterRow(props: { entry: RosterEntry; onChanged: () => Promise<void> }) {
  const r = props.entry;
  const st = STATUS[r.claimStatus];

  const run = async (title: string, fn: () => Promise<unknown>, ok: string) => {
    const res = await withLoading(title, fn);
    if (res) {
      toastOk(ok);
      await props.onChanged();
    }
  };

  const approve = () => run('正在确认', () => call('org', 'approveClaim', { rosterId: r._id }), '已确认');
  const undo = async () => {
    const text =
      r.claimStatus === 'claimed'
        ? `如果认领「${r.name}」的不是本人，撤销后这个名字会重新空出来，认领的人需要重新选择自己的名字。`
        : `撤销后「${r.name}」需要重新认领，这期间不能参加班级活动。`;
    if (!(await confirm('撤销认领？', text))) return;
    await run('正在撤销', () => call('org', 'undoClaim', { rosterId: r._id }), '已撤销');
  };
  const remove = async () => {
    if (!(await confirm('从名单删除？', `把「${r.name}」从班级名单删除。输错的名字可以删除后重新添加。`)))
      return;
    await run('正在删除', () => call('org', 'removeRosterEntry', { rosterId: r._id }), '已删除');
  };
  const parent = async (familyId: string, relation: string, accept: boolean) => {
    if (
      !accept &&
      !(await confirm('拒绝关联？', `拒绝这位「${relationLabel(relation)}」关联「${r.name}」的申请？`))
    )
      return;
    await run(
      accept ? '正在确认' : '正在拒绝',
      () => call('org', 'confirmParentLink', { familyId, accept }),
      accept ? '已确认家长' : '已拒绝',
    );
  };

  return (
    <View className={`list-item ${needsTeacher(r) ? 'adm-attn' : ''}`}>
      <View className="row">
        <View className="adm-row-main">
          <View>
            <Text className="adm-name">{r.name}</Text> <Text className={st.cls}>{st.text}</Text>
            {r.under14 && <Text className="tag tag-gray">未满14岁</Text>}
          </View>
          <Text className="adm-sub">{r.studentNo ? `学号 ${r.studentNo}` : '未填学号'}</Text>
        </View>
        {r.claimStatus === 'unclaimed' && r.parents.length === 0 && (
          <Button size="small" fill="none" onClick={remove}>
            删除
          </Button>
        )}
        {r.claimStatus === 'approved' && (
          <Button size="small" fill="none" onClick={undo}>
            撤销认领
          </Button>
        )}
      </View>
      {r.claimStatus === 'claimed' && (
        <View className="adm-claim">
          <Text className="adm-sub">有同学认领了这个名字，请确认是本人。</Text>
          <View className="adm-wrap">
            <Button size="small" type="primary" onClick={approve}>
              确认是本人
            </Button>
            <Button size="small" fill="outline" onClick={undo}>
              不是本人，撤销
            </Button>
          </View>
        </View>
      )}
      {r.parents.map((p) => (
        <View key={p.familyId} className="adm-parent">
          <Text className="adm-sub">
            {`家长：${relationLabel(p.relation)} · `}
            {p.status === 'active' ? '已关联' : '申请关联，待你确认'}
          </Text>
          {p.status === 'pending' && (
            <View className="adm-col">
              <Button size="small" type="primary" onClick={() => parent(p.familyId, p.relation, true)}>
                确认
              </Button>
              <Button size="small" fill="outline" onClick={() => parent(p.familyId, p.relation, false)}>
                拒绝
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
