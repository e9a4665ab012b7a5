import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { call, needsLogin } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, toastOk, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import { DistrictPanel } from '../shared/DistrictPanel';
import { createInvite, InviteCodeBox, InviteList, type Invite } from '../shared/invites';
import { PUYANG_DISTRICTS } from '../../../utils/org';
import { go, hint } from '../shared/util';
import '../admin.scss';

/** City admin: districts with school counts, add a district, invite district admins, campaign settings. */
function CitySection(props: { refresh: number }) {
  const districts = useRequest(() => call('org', 'listDistricts', {}), [props.refresh]);
  const [name, setName] = useState('');
  const [invite, setInvite] = useState<{ districtId: string; invite: Invite } | null>(null);
  const [inviteKey, setInviteKey] = useState(0);
  const list = districts.data ?? [];
  const missing = PUYANG_DISTRICTS.filter((d) => !list.some((x) => x.name === d));

  const add = async (raw: string, ask: boolean) => {
    const value = raw.trim();
    if (value.length < 2) {
      hint('请先输入县区名称（至少 2 个字），例如「华龙区」。');
      return;
    }
    if (ask && !(await confirm('添加县区', `添加「${value}」？`))) return;
    const created = await withLoading('正在添加', () => call('org', 'createDistrict', { name: value }));
    if (created) {
      toastOk('已添加');
      setName('');
      await districts.reload();
    }
  };

  const inviteFor = async (districtId: string) => {
    const inv = await createInvite({ role: 'district_admin', districtId });
    if (inv) {
      setInvite({ districtId, invite: inv });
      setInviteKey((k) => k + 1);
    }
  };

  return (
    <View>
      <View className="card row" onClick={() => go('/packages/admin/campaign/index')}>
        <View className="adm-row-main">
          <Text className="adm-name">活动设置</Text>
          <Text className="adm-sub">活动名称、主题和三个阶段的日期</Text>
        </View>
        <Button type="primary">修改</Button>
      </View>

      <View className="card">
        <View className="card-title">{`县区（${list.length}）`}</View>
        <StateView
          inline
          loading={districts.loading && !districts.data}
          error={districts.error}
          onRetry={districts.reload}
          empty={districts.data && list.length === 0 ? '还没有县区。在下面点县区名称即可添加。' : undefined}
        />
        {list.map((d) => (
          <View key={d._id} className="list-item">
            <View className="row" onClick={() => go(`/packages/admin/district/index?districtId=${d._id}`)}>
              <View className="adm-row-main">
                <Text className="adm-name">{d.name}</Text>
                <Text className="adm-sub">{d.schoolCount ? `${d.schoolCount} 所学校` : '还没有学校'}</Text>
              </View>
              <Button size="small" type="primary">
                进入
              </Button>
            </View>
            {invite?.districtId === d._id ? (
              <InviteCodeBox invite={invite.invite} scope={d.name} onClose={() => setInvite(null)} />
            ) : (
              <View className="adm-wrap">
                <Button size="small" fill="outline" onClick={() => inviteFor(d._id)}>
                  邀请县区管理员
                </Button>
              </View>
            )}
          </View>
        ))}
      </View>

      <View className="card">
        <View className="card-title">添加县区</View>
        {districts.data && (
          <>
            <Text className="adm-section-note">
              {missing.length
                ? '濮阳市尚未添加的县区，点一下即可添加：'
                : '濮阳市的县区都已添加。如需其他名称，可在下面输入。'}
            </Text>
            {missing.length > 0 && (
              <View className="adm-wrap">
                {missing.map((d) => (
                  <View key={d} className="adm-chip adm-chip-add" onClick={() => add(d, true)}>
                    {`+ ${d}`}
                  </View>
                ))}
              </View>
            )}
          </>
        )}
        <View className="adm-inline-input">
          <Input
            className="input"
            value={name}
            maxlength={20}
            placeholder="其他名称，例如：开发区"
            onInput={(e) => setName(e.detail.value)}
            onConfirm={() => add(name, false)}
          />
          <Button type="primary" onClick={() => add(name, false)}>
            添加
          </Button>
        </View>
      </View>

      <InviteList
        refreshKey={inviteKey}
        title="县区管理员邀请码"
        filter={(inv) => inv.role === 'district_admin'}
        describe={(inv) => list.find((d) => d._id === inv.districtId)?.name ?? '县区'}
      />
    </View>
  );
}

/** Teacher: the classes they own, each opening the class page. */
function ClassesSection(props: { refresh: number }) {
  const classes = useRequest(() => call('org', 'myClasses', {}), [props.refresh]);
  const list = classes.data ?? [];
  return (
    <View className="card">
      <View className="card-title">我的班级</View>
      <StateView
        inline
        loading={classes.loading && !classes.data}
        error={classes.error}
        onRetry={classes.reload}
        empty={
          classes.data && list.length === 0
            ? '你还没有负责的班级。请学校管理员为你生成带班级的老师邀请码，在首页「我有邀请码」输入后，班级就会出现在这里。'
            : undefined
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
            <Text className="adm-sub">{`班级码 ${c.classCode}`}</Text>
          </View>
          <Button size="small" type="primary">
            管理
          </Button>
        </View>
      ))}
    </View>
  );
}

/**
 * Organisation hub: one section per role the caller holds — city (districts), district (schools),
 * school (link to the school page), teacher (my classes). `?tab=classes` shows only "我的班级".
 */
export default function OrgPage() {
  const { params } = useRouter();
  const onlyClasses = params.tab === 'classes';
  const me = useRequest(() => call('identity', 'me', {}));
  const [refresh, setRefresh] = useState(0);
  const shown = useRef(false);
  useLoginGuard();
  useDidShow(() => {
    if (needsLogin()) return;
    // Coming back from a school or class page: refresh the counts.
    if (shown.current) setRefresh((n) => n + 1);
    shown.current = true;
  });

  const roles = me.data?.roles ?? [];
  const isCity = roles.some((r) => r.role === 'city_admin');
  const districts = roles.flatMap((r) => (r.role === 'district_admin' ? [r] : []));
  const schools = roles.flatMap((r) => (r.role === 'school_admin' ? [r] : []));
  const isTeacher = roles.some((r) => r.role === 'teacher');
  const soleSchool = !onlyClasses && !isCity && districts.length === 0 && schools.length === 1 && !isTeacher;

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: onlyClasses ? '我的班级' : '组织管理' });
  }, [onlyClasses]);

  const soleSchoolId = soleSchool ? schools[0].schoolId : null;
  useEffect(() => {
    // A school admin with nothing else to manage goes straight to their school.
    if (soleSchoolId) void Taro.redirectTo({ url: `/packages/admin/school/index?schoolId=${soleSchoolId}` });
  }, [soleSchoolId]);

  if (!me.data || soleSchool) {
    return (
      <View className="page">
        <StateView loading={me.loading || soleSchool} error={me.error} onRetry={me.reload} />
      </View>
    );
  }

  const nothing = onlyClasses
    ? !isTeacher
    : !isCity && districts.length === 0 && schools.length === 0 && !isTeacher;
  return (
    <View className="page">
      {nothing && (
        <View className="card">
          <View className="card-title">{onlyClasses ? '你还不是老师' : '你还没有管理权限'}</View>
          <Text className="adm-section-note">老师和管理员需要先使用上级发来的邀请码。</Text>
          <Button type="primary" block onClick={() => go('/packages/join/invite/index')}>
            我有邀请码
          </Button>
        </View>
      )}
      {isTeacher && <ClassesSection refresh={refresh} />}
      {!onlyClasses && (
        <>
          {schools.map((s) => (
            <View key={s.schoolId} className="card">
              <View className="card-title">{s.schoolName ?? '我的学校'}</View>
              <Text className="adm-section-note">学校管理员：新建班级、邀请老师、查看各班名单。</Text>
              <Button
                type="primary"
                block
                onClick={() => go(`/packages/admin/school/index?schoolId=${s.schoolId}`)}
              >
                进入学校管理
              </Button>
            </View>
          ))}
          {districts.map((d) => (
            <DistrictPanel
              key={d.districtId}
              districtId={d.districtId}
              districtName={d.districtName ?? '我的县区'}
              refresh={refresh}
            />
          ))}
          {isCity && <CitySection refresh={refresh} />}
        </>
      )}
    </View>
  );
}
