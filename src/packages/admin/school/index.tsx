import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { Stage } from '../../../../core/model';
import { call } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { toastOk, withLoading } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';
import { createInvite, InviteCodeBox, InviteList, type Invite } from '../shared/invites';
import { className, gradeWord, MAX_GRADE, STAGE_LABEL } from '../../../utils/org';
import { go, hint } from '../shared/util';
import '../admin.scss';

const STAGES: Stage[] = ['primary', 'junior', 'senior'];

/** One school (`?schoolId=`): its classes with roster counts, new class, teacher invites. */
export default function SchoolPage() {
  const { params } = useRouter();
  const schoolId = params.schoolId ?? '';
  const school = useRequest(() => call('org', 'getSchool', { schoolId }), [schoolId]);
  const classes = useRequest(() => call('org', 'listClasses', { schoolId }), [schoolId]);
  const shown = useRef(false);
  useDidShow(() => {
    // Back from a class page: roster counts may have changed.
    if (shown.current) void classes.reload();
    shown.current = true;
  });

  const [stage, setStage] = useState<Stage>('primary');
  const [grade, setGrade] = useState(1);
  const [classNo, setClassNo] = useState('');
  const [created, setCreated] = useState<{ name: string; classCode: string } | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [invite, setInvite] = useState<{ invite: Invite; scope: string } | null>(null);
  const [inviteKey, setInviteKey] = useState(0);

  useEffect(() => {
    if (school.data) void Taro.setNavigationBarTitle({ title: school.data.name });
  }, [school.data]);

  const list = classes.data ?? [];
  const no = Number(classNo);
  const validNo = Number.isInteger(no) && no >= 1 && no <= 50;
  const preview = validNo ? className({ stage, grade, classNo: no }) : null;

  const pickStage = (s: Stage) => {
    setStage(s);
    if (grade > MAX_GRADE[s]) setGrade(1);
  };

  const createClass = async () => {
    if (!validNo) {
      hint('请填写班号：1 到 50 之间的数字，例如三年级2班就填 2。');
      return;
    }
    const cls = await withLoading('正在新建', () =>
      call('org', 'createClass', { schoolId, stage, grade, classNo: no }),
    );
    if (cls) {
      toastOk('已新建班级');
      setCreated({ name: cls.name, classCode: cls.classCode });
      setClassNo('');
      setPicked([cls._id]);
      await classes.reload();
    }
  };

  const togglePick = (id: string) => {
    // A code already shown was made for the old choice: hide it so it is not sent for the wrong classes.
    setInvite(null);
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  };

  const inviteTeacher = async () => {
    if (list.length === 0) {
      hint('请先在上面新建班级，再邀请这个班的老师。');
      return;
    }
    if (picked.length === 0) {
      hint('请先点选这位老师负责的班级（可以选多个）。老师用邀请码加入后，就能管理这些班级。');
      return;
    }
    const inv = await createInvite({ role: 'teacher', schoolId, classIds: picked });
    if (inv) {
      const names = list.filter((c) => picked.includes(c._id)).map((c) => c.name);
      setInvite({ invite: inv, scope: `${school.data?.name ?? ''} ${names.join('、')}` });
      setInviteKey((k) => k + 1);
    }
  };

  const classNames = (ids?: string[]) => {
    const names = (ids ?? []).map((id) => list.find((c) => c._id === id)?.name ?? '已删除的班级');
    return names.length ? names.join('、') : '未指定班级';
  };

  if (!school.data) {
    return (
      <View className="page">
        <StateView
          loading={school.loading}
          error={school.error}
          onRetry={school.reload}
          empty={schoolId ? undefined : '缺少学校参数，请从「组织管理」进入。'}
        />
      </View>
    );
  }

  return (
    <View className="page">
      <View className="card">
        <View className="card-title">{school.data.name}</View>
        <Text className="muted">{`${school.data.districtName} · ${list.length} 个班级`}</Text>
      </View>

      <View className="card">
        <View className="card-title">班级</View>
        <StateView
          inline
          loading={classes.loading && !classes.data}
          error={classes.error}
          onRetry={classes.reload}
          empty={
            classes.data && list.length === 0 ? '还没有班级。请在下面「新建班级」添加第一个班。' : undefined
          }
        />
        {list.map((c) => (
          <View
            key={c._id}
            className="list-item row"
            onClick={() => go(`/packages/admin/class/index?classId=${c._id}`)}
          >
            <View className="adm-row-main">
              <Text className="adm-name">{c.name}</Text>
              <Text className="adm-sub">
                {c.rosterCount ? `名单 ${c.rosterCount} 人 · 已认领 ${c.claimedCount} 人` : '名单还没有导入'}
              </Text>
              <Text className="adm-sub">
                {`班级码 ${c.classCode} · `}
                {c.teacherIds.length ? `${c.teacherIds.length} 位老师` : '还没有老师加入'}
              </Text>
            </View>
            <Button size="small" type="primary">
              查看
            </Button>
          </View>
        ))}
      </View>

      <View className="card">
        <View className="card-title">新建班级</View>
        <View className="field">
          <View className="field-label">学段</View>
          <View className="adm-wrap">
            {STAGES.map((s) => (
              <View
                key={s}
                className={`adm-chip ${stage === s ? 'adm-chip-on' : ''}`}
                onClick={() => pickStage(s)}
              >
                {STAGE_LABEL[s]}
              </View>
            ))}
          </View>
        </View>
        <View className="field">
          <View className="field-label">年级</View>
          <View className="adm-wrap">
            {Array.from({ length: MAX_GRADE[stage] }, (_, i) => i + 1).map((g) => (
              <View
                key={g}
                className={`adm-chip ${grade === g ? 'adm-chip-on' : ''}`}
                onClick={() => setGrade(g)}
              >
                {gradeWord(stage, g)}
              </View>
            ))}
          </View>
        </View>
        <View className="field">
          <View className="field-label">班号（几班）</View>
          <Input
            className="input"
            type="number"
            value={classNo}
            maxlength={2}
            placeholder="例如 2"
            onInput={(e) => setClassNo(e.detail.value)}
          />
        </View>
        <Button type="primary" block onClick={createClass}>
          {preview ? `新建「${preview}」` : '新建班级'}
        </Button>
        {created && (
          <View className="adm-result">
            {`已新建${created.name}，班级码 ${created.classCode}。下一步：在下面「邀请老师」里已选中这个班，生成老师邀请码发给班主任。`}
          </View>
        )}
      </View>

      <View className="card">
        <View className="card-title">邀请老师</View>
        <Text className="adm-section-note">
          选择这位老师负责的班级（可多选），再生成邀请码发给老师。每个邀请码只能一人使用。
        </Text>
        {list.length === 0 ? (
          <Text className="muted">请先新建班级。</Text>
        ) : (
          <View className="adm-wrap">
            {list.map((c) => (
              <View
                key={c._id}
                className={`adm-chip ${picked.includes(c._id) ? 'adm-chip-on' : ''}`}
                onClick={() => togglePick(c._id)}
              >
                {picked.includes(c._id) ? `✓ ${c.name}` : c.name}
              </View>
            ))}
          </View>
        )}
        {invite ? (
          <InviteCodeBox invite={invite.invite} scope={invite.scope} onClose={() => setInvite(null)} />
        ) : (
          <View className="adm-actions">
            <Button type="primary" block onClick={inviteTeacher}>
              {picked.length ? `生成老师邀请码（${picked.length} 个班）` : '生成老师邀请码'}
            </Button>
          </View>
        )}
      </View>

      <InviteList
        refreshKey={inviteKey}
        title="老师邀请码"
        filter={(inv) => inv.role === 'teacher' && inv.schoolId === schoolId}
        describe={(inv) => classNames(inv.classIds)}
      />
    </View>
  );
}
