import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { call, isLocalMode, logout, needsLogin } from '../../api/client';
import { RemindButton } from '../../components/RemindButton';
import { StateView } from '../../components/StateView';
import { Button } from '../../ui';
import { confirm, toastOk, withLoading } from '../../utils/feedback';
import { ROLE_LABEL } from '../../utils/roles';
import { canSubscribe } from '../../utils/subscribe';
import { useRequest } from '../../utils/useRequest';
import './index.scss';
import { relationLabel } from '../../utils/relations';

/** "Me": roles and where they apply, the student's class and consent state, linked children, own data. */
export default function Me() {
  const me = useRequest(async () => (needsLogin() ? null : call('identity', 'me', {})));
  useDidShow(() => {
    if (needsLogin()) void Taro.redirectTo({ url: '/pages/login/index' });
    else void me.reload();
  });

  const leave = async (
    role: 'district_admin' | 'school_admin' | 'teacher' | 'student' | 'parent',
    child?: { rosterId: string; name: string },
  ) => {
    const [title, what] = child
      ? [
          `解除与${child.name}的关联？`,
          '解除后您看不到孩子的活动情况，您给出的同意也会撤回。以后可以用家庭码重新关联。',
        ]
      : role === 'student'
        ? ['确认退出班级？', '退出班级后，名单上的名字会被释放，需要重新认领。']
        : role === 'parent'
          ? ['确认退出家长身份？', '将解除与所有孩子的关联，并撤回您给出的同意。']
          : role === 'teacher'
            ? ['确认退出？', '将不再是老师，也不再管理原来的班级。']
            : ['确认退出？', `将不再是${ROLE_LABEL[role]}。`];
    if (!(await confirm(title, what))) return;
    const rosterId = child?.rosterId;
    const ok = await withLoading('正在退出', () => call('identity', 'leave', { role, rosterId }));
    if (ok) {
      toastOk('已退出');
      await me.reload();
    }
  };

  const exportData = async () => {
    const data = await withLoading('正在导出', () => call('identity', 'exportMyData', {}));
    if (!data) return;
    const text = JSON.stringify(data, null, 2);
    if (isLocalMode && typeof document !== 'undefined') {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      a.download = 'my-data.json';
      a.click();
      toastOk('已下载 my-data.json');
    } else {
      await Taro.setClipboardData({ data: text });
      toastOk('已复制到剪贴板');
    }
  };

  const deleteData = async () => {
    if (
      !(await confirm(
        '删除我的全部数据？',
        '将退出所有身份、解除家庭关联、撤回同意并删除账号信息，且不可恢复。',
      ))
    )
      return;
    const ok = await withLoading('正在删除', () => call('identity', 'deleteMyData', { confirm: true }));
    if (ok) {
      toastOk('已删除');
      if (isLocalMode) {
        logout();
        await Taro.redirectTo({ url: '/pages/login/index' });
      } else await me.reload();
    }
  };

  const d = me.data;
  return (
    <View className="page">
      <StateView loading={me.loading && !d} error={me.error} onRetry={me.reload} />
      {d && (
        <>
          <View className="card">
            <View className="card-title">我的身份</View>
            {d.roles.length === 0 && (
              <View>
                <Text className="muted">还没有身份。请选择：</Text>
                <View className="actions-col">
                  <Button
                    type="primary"
                    onClick={() => Taro.navigateTo({ url: '/packages/join/class/index' })}
                  >
                    我是学生，加入班级
                  </Button>
                  <Button onClick={() => Taro.navigateTo({ url: '/packages/join/family/index' })}>
                    我是家长，关联孩子
                  </Button>
                  <Button onClick={() => Taro.navigateTo({ url: '/packages/join/invite/index' })}>
                    我有邀请码
                  </Button>
                </View>
              </View>
            )}
            {d.roles.map((r, i) => (
              <View key={i} className="list-item row">
                <View className="me-role">
                  <Text className="tag">{ROLE_LABEL[r.role]}</Text>
                  <Text className="muted">
                    {[r.districtName, r.schoolName, r.className].filter(Boolean).join(' · ')}
                  </Text>
                </View>
                {r.role !== 'city_admin' && (
                  <Button size="small" onClick={() => leave(r.role as 'student')}>
                    退出
                  </Button>
                )}
              </View>
            ))}
          </View>

          {d.student && (
            <View className="card">
              <View className="card-title">我的班级</View>
              <Text>{`${d.student.className} · ${d.student.name}`}</Text>
              <View>
                {d.student.claimStatus === 'claimed' ? (
                  <Text className="tag tag-gray">待老师确认</Text>
                ) : (
                  <Text className="tag tag-green">老师已确认</Text>
                )}
                {d.student.under14 && (
                  <Text className={d.student.consent ? 'tag tag-green' : 'tag'}>
                    {d.student.consent ? '监护人已同意' : '需要监护人同意'}
                  </Text>
                )}
              </View>
              <View className="gap" />
              <Button onClick={() => Taro.navigateTo({ url: '/packages/join/family/index?mode=student' })}>
                {`让家长关联我（已关联 ${d.student.guardianCount} 位）`}
              </Button>
            </View>
          )}

          {d.children.length > 0 && (
            <View className="card">
              <View className="card-title">我的孩子</View>
              {d.children.map((c) => (
                <View key={c.familyId} className="list-item">
                  <View className="row">
                    <Text>{`${c.name} · ${c.className}`}</Text>
                    <Text className={c.status === 'active' ? 'tag tag-green' : 'tag tag-gray'}>
                      {c.status === 'active' ? relationLabel(c.relation) : '待老师确认'}
                    </Text>
                  </View>
                  {c.status === 'active' && c.under14 && (
                    <View className="row">
                      <Text className="muted">
                        {c.consentGiven ? '已同意孩子参加活动' : '孩子未满 14 周岁，需要您的同意'}
                      </Text>
                      <Button
                        size="small"
                        type={c.consentGiven ? 'default' : 'primary'}
                        onClick={() =>
                          Taro.navigateTo({ url: `/packages/join/consent/index?rosterId=${c.rosterId}` })
                        }
                      >
                        {c.consentGiven ? '查看/撤回' : '去同意'}
                      </Button>
                    </View>
                  )}
                  <View className="me-unlink">
                    <Button
                      size="small"
                      fill="outline"
                      onClick={() => leave('parent', { rosterId: c.rosterId, name: c.name })}
                    >
                      解除关联
                    </Button>
                  </View>
                </View>
              ))}
              <View className="actions-col">
                <Button onClick={() => Taro.navigateTo({ url: '/packages/join/family/index' })}>
                  关联另一个孩子
                </Button>
              </View>
            </View>
          )}

          {canSubscribe() && (
            <View className="card" id="me-remind">
              <View className="card-title">活动提醒</View>
              <RemindButton id="me-remind-subscribe" />
            </View>
          )}

          <View className="card">
            <View className="card-title">个人信息</View>
            <Text className="muted">我们只保存参加活动所需的最少信息。你可以随时导出或删除。</Text>
            <View className="actions-col">
              <Button onClick={exportData}>导出我的数据</Button>
              <Button type="danger" fill="outline" onClick={deleteData}>
                删除我的全部数据
              </Button>
              {isLocalMode && (
                <Button
                  fill="none"
                  onClick={() => {
                    logout();
                    void Taro.redirectTo({ url: '/pages/login/index' });
                  }}
                >
                  切换演示身份
                </Button>
              )}
            </View>
          </View>
        </>
      )}
    </View>
  );
}
