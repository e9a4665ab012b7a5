import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { call } from '../../../api/client';
import { Button } from '../../../ui';
import { toastOk, withLoading } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';
import { StateView } from '../../../components/StateView';
import { createInvite, InviteCodeBox, InviteList, type Invite } from './invites';
import { go, hint } from './util';

/**
 * One district's schools for its admin (or the city admin): open a school, add a school, invite a
 * school admin per school, and the school-admin invites sent so far.
 */
export function DistrictPanel(props: { districtId: string; districtName: string; refresh?: number }) {
  const { districtId, districtName } = props;
  const schools = useRequest(() => call('org', 'listSchools', { districtId }), [districtId, props.refresh]);
  const [name, setName] = useState('');
  const [invite, setInvite] = useState<{ schoolId: string; invite: Invite } | null>(null);
  const [inviteKey, setInviteKey] = useState(0);

  const addSchool = async () => {
    const trimmed = name.trim();
    if (trimmed.length < 2) {
      hint('请先输入学校全称（至少 2 个字），例如「华龙区实验小学」。');
      return;
    }
    const created = await withLoading('正在添加', () =>
      call('org', 'createSchool', { districtId, name: trimmed }),
    );
    if (created) {
      toastOk('已添加');
      setName('');
      await schools.reload();
    }
  };

  const inviteFor = async (schoolId: string) => {
    const inv = await createInvite({ role: 'school_admin', schoolId });
    if (inv) {
      setInvite({ schoolId, invite: inv });
      setInviteKey((k) => k + 1);
    }
  };

  const list = schools.data ?? [];
  const nameOf = (id?: string) => list.find((s) => s._id === id)?.name ?? '学校';

  return (
    <View>
      <View className="card">
        <View className="card-title">{`${districtName} · 学校`}</View>
        <StateView
          inline
          loading={schools.loading && !schools.data}
          error={schools.error}
          onRetry={schools.reload}
          empty={
            schools.data && list.length === 0
              ? '这个县区还没有学校。在下面输入校名添加第一所学校。'
              : undefined
          }
        />
        {list.map((s) => (
          <View key={s._id} className="list-item">
            <View className="row" onClick={() => go(`/packages/admin/school/index?schoolId=${s._id}`)}>
              <View className="adm-row-main">
                <Text className="adm-name">{s.name}</Text>
                <Text className="adm-sub">{s.classCount ? `${s.classCount} 个班级` : '还没有班级'}</Text>
              </View>
              <Button size="small" type="primary">
                进入
              </Button>
            </View>
            {invite?.schoolId === s._id ? (
              <InviteCodeBox invite={invite.invite} scope={s.name} onClose={() => setInvite(null)} />
            ) : (
              <View className="adm-wrap">
                <Button size="small" fill="outline" onClick={() => inviteFor(s._id)}>
                  邀请学校管理员
                </Button>
              </View>
            )}
          </View>
        ))}
      </View>

      <View className="card">
        <View className="card-title">添加学校</View>
        <Text className="adm-section-note">请输入学校全称，同一县区内校名不能重复。</Text>
        <View className="adm-inline-input">
          <Input
            className="input"
            value={name}
            maxlength={40}
            placeholder="例如：华龙区实验小学"
            onInput={(e) => setName(e.detail.value)}
            onConfirm={addSchool}
          />
          <Button type="primary" onClick={addSchool}>
            添加
          </Button>
        </View>
      </View>

      <InviteList
        refreshKey={inviteKey}
        title="学校管理员邀请码"
        filter={(inv) => inv.role === 'school_admin' && inv.districtId === districtId}
        describe={(inv) => nameOf(inv.schoolId)}
      />
    </View>
  );
}
