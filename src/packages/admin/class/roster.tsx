import { Text, View } from '@tarojs/components';
import { call, type OutputOf } from '../../../api/client';
import { BirthYearPicker } from '../../../components/BirthYearPicker';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { relationLabel } from '../../../utils/relations';

/** One roster entry as getClass returns it. */
export type RosterEntry = OutputOf<'org', 'getClass'>['roster'][number];
/** One parent link of an entry. */
type ParentLink = RosterEntry['parents'][number];

const STATUS: Record<RosterEntry['claimStatus'], { text: string; cls: string }> = {
  unclaimed: { text: '未认领', cls: 'tag tag-gray' },
  claimed: { text: '待确认', cls: 'tag' },
  approved: { text: '已确认', cls: 'tag tag-green' },
};

/** Whether the class teacher still has to confirm this parent link (a class-code request or a family-code link). */
export function linkNeedsTeacher(p: Pick<ParentLink, 'status' | 'confirmed'>): boolean {
  return p.status === 'pending' || !p.confirmed;
}

/** Whether an entry needs the teacher: a claim to confirm or a parent link to confirm. */
export function needsTeacher(r: RosterEntry): boolean {
  return r.claimStatus === 'claimed' || r.parents.some(linkNeedsTeacher);
}

/** How a parent link came about and where it stands, in the teacher's words. */
function linkText(p: ParentLink): string {
  if (!linkNeedsTeacher(p)) return '已确认';
  return p.via === 'family_code' ? '用孩子的家庭码关联，待你确认' : '用班级码申请关联，待你确认';
}

/**
 * One student on the roster with their claim state, birth year, parents, and the teacher's buttons for
 * each: confirm or undo a claim, confirm or refuse a parent link (only a confirmed link lets a parent
 * consent for the child), set the birth year (it can only make the under-14 rule stricter).
 */
export function RosterRow(props: {
  entry: RosterEntry;
  birthYears: number[];
  onChanged: () => Promise<void>;
  /** Prefix of the row's element ids (the "to confirm" section repeats rows of the roster). */
  idPrefix?: string;
}) {
  const r = props.entry;
  const prefix = props.idPrefix ?? 'adm-roster';
  const st = STATUS[r.claimStatus];

  const run = async (title: string, fn: () => Promise<unknown>, ok: string) => {
    const res = await withLoading(title, fn);
    if (res) {
      toastOk(ok);
      await props.onChanged();
    }
    return !!res;
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
  const parent = async (p: ParentLink, accept: boolean) => {
    const who = relationLabel(p.relation);
    const ok = accept
      ? await confirm(
          '确认家长？',
          `请先核实这位「${who}」确实是${r.name}的家长（例如在家长会上或电话里问一问）。确认后，家长可以代孩子同意参加活动，也可以查看和管理孩子的数据。`,
        )
      : await confirm(
          '拒绝关联？',
          `拒绝这位「${who}」关联「${r.name}」？关联会被删除，家长给出的同意也会撤回。`,
        );
    if (!ok) return;
    await run(
      accept ? '正在确认' : '正在拒绝',
      () => call('org', 'confirmParentLink', { familyId: p.familyId, accept }),
      accept ? '已确认家长' : '已拒绝',
    );
  };
  const setBirthYear = (birthYear: number | null) =>
    run('正在保存', () => call('org', 'setBirthYear', { rosterId: r._id, birthYear }), '已保存');

  return (
    <View className={`list-item ${needsTeacher(r) ? 'adm-attn' : ''}`} id={`${prefix}-${r._id}`}>
      <View className="row">
        <View className="adm-row-main">
          <View>
            <Text className="adm-name">{r.name}</Text> <Text className={st.cls}>{st.text}</Text>
            {r.under14 && <Text className="tag tag-gray">未满14周岁</Text>}
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
        <View
          key={p.familyId}
          className={`adm-parent ${linkNeedsTeacher(p) ? 'adm-parent-pending' : ''}`}
          id={`${prefix}-parent-${p.familyId}`}
        >
          <Text className="adm-sub">{`家长：${relationLabel(p.relation)} · ${linkText(p)}`}</Text>
          {linkNeedsTeacher(p) && (
            <View className="adm-wrap">
              <Button size="small" type="primary" onClick={() => parent(p, true)}>
                确认
              </Button>
              <Button size="small" fill="outline" onClick={() => parent(p, false)}>
                拒绝
              </Button>
            </View>
          )}
        </View>
      ))}
      <BirthYearPicker
        id={`${prefix}-byear-${r._id}`}
        value={r.birthYear}
        options={props.birthYears}
        onPick={setBirthYear}
      />
    </View>
  );
}
