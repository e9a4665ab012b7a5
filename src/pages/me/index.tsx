import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { call, isLocalMode, logout, needsLogin } from '../../api/client';
import { BirthYearPicker } from '../../components/BirthYearPicker';
import { RemindButton } from '../../components/RemindButton';
import { StateView } from '../../components/StateView';
import { Button } from '../../ui';
import { childBirthYears, linkState, type LinkedChild } from '../../utils/children';
import { confirm, showError, toastOk, withLoading } from '../../utils/feedback';
import { saveJson } from '../../utils/files';
import { relationLabel } from '../../utils/relations';
import { ROLE_LABEL } from '../../utils/roles';
import { canSubscribe } from '../../utils/subscribe';
import { fileStamp } from '../../utils/time';
import { useLoginGuard } from '../../utils/useLoginGuard';
import { useShowRequest } from '../../utils/useRequest';
import './index.scss';

/** The public page of 《儿童个人信息保护规则》. */
const PRIVACY_RULES_PAGE = '/packages/join/privacy/index';

/** Hand an export to the user and say where it went. */
async function deliverExport(data: unknown, fileName: string): Promise<void> {
  try {
    const outcome = await saveJson(data, fileName);
    if (outcome === 'downloaded') toastOk(`已下载 ${fileName}`);
    else if (outcome === 'shared') toastOk('已发送');
    else {
      // weapp without the chat-file menu (or the user closed it): the text can still be pasted anywhere.
      await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
      void Taro.showModal({
        title: '已导出',
        content: '数据已复制到剪贴板，可以粘贴到微信聊天或备忘录里保存。',
        showCancel: false,
        confirmText: '知道了',
      });
    }
  } catch (err) {
    showError(err);
  }
}

/**
 * One linked child: the link's state, consent, and — once the class teacher confirmed the link — the
 * child's birth year and the child's data (export, delete).
 */
function ChildItem(props: {
  child: LinkedChild;
  onChanged: () => Promise<void>;
  onUnlink: (child: LinkedChild) => void;
}) {
  const c = props.child;
  const state = linkState(c);
  const go = (url: string) => void Taro.navigateTo({ url });

  const setBirthYear = async (birthYear: number | null) => {
    const ok = await withLoading('正在保存', () =>
      call('identity', 'setChildBirthYear', { rosterId: c.rosterId, birthYear }),
    );
    if (!ok) return false;
    toastOk('已保存');
    await props.onChanged();
    return true;
  };

  const exportChild = async () => {
    const data = await withLoading('正在导出', () =>
      call('identity', 'exportChildData', { rosterId: c.rosterId }, { timeoutMs: 60_000 }),
    );
    if (data) await deliverExport(data, `child-data-${fileStamp()}.json`);
  };

  const deleteChild = async () => {
    const ask = await Taro.showModal({
      title: `删除${c.name}的数据？`,
      content:
        `将删除${c.name}在本活动中用手机提交的全部信息：签名承诺和签名图片、家庭卡片和照片、作品和答题记录，以及孩子的小程序账号。` +
        '学校名单上的名字和老师登记的纸质承诺书由学校保存，不会删除。删除后不能恢复。',
      confirmText: '确认删除',
      confirmColor: '#b3261e',
      cancelText: '取消',
    });
    if (!ask.confirm) return;
    const res = await withLoading('正在删除', () =>
      call('identity', 'deleteChildData', { rosterId: c.rosterId, confirm: true }, { timeoutMs: 60_000 }),
    );
    if (res) {
      toastOk('已删除');
      await props.onChanged();
    }
  };

  return (
    <View className="list-item" id={`me-child-${c.rosterId}`}>
      <View className="row">
        <Text className="me-child-name">{`${c.name} · ${c.className}`}</Text>
        <Text className={state === 'confirmed' ? 'tag tag-green' : 'tag tag-gray'}>
          {state === 'confirmed' ? relationLabel(c.relation) : '待老师确认'}
        </Text>
      </View>
      {state !== 'confirmed' && (
        <Text className="muted">
          {state === 'requested'
            ? '班主任确认您的申请后，您就能看到孩子的活动情况。'
            : '班主任确认您和孩子的关联后，您才能同意孩子参加、填写出生年份和管理孩子的数据。请联系班主任确认。'}
        </Text>
      )}
      {state === 'confirmed' && c.under14 && (
        <View className="row">
          <Text className="muted">
            {c.consentGiven ? '您已同意孩子参加活动' : '孩子未满14周岁，需要您的同意'}
          </Text>
          <Button
            size="small"
            type={c.consentGiven ? 'default' : 'primary'}
            onClick={() => go(`/packages/join/consent/index?rosterId=${encodeURIComponent(c.rosterId)}`)}
          >
            {c.consentGiven ? '查看/撤回' : '去同意'}
          </Button>
        </View>
      )}
      {state === 'confirmed' && (
        <View className="me-child-data">
          <BirthYearPicker
            id={`me-byear-${c.rosterId}`}
            label="孩子的出生年份"
            value={c.birthYear}
            options={childBirthYears(c)}
            onPick={setBirthYear}
          />
          <View className="me-child-actions">
            <Button size="small" onClick={exportChild}>
              导出孩子的数据
            </Button>
            <Button size="small" type="danger" fill="outline" onClick={deleteChild}>
              删除孩子的数据
            </Button>
          </View>
        </View>
      )}
      <View className="me-unlink">
        <Button size="small" fill="outline" onClick={() => props.onUnlink(c)}>
          解除关联
        </Button>
      </View>
    </View>
  );
}

/** "Me": roles and where they apply, the student's class and consent state, linked children, own data. */
export default function Me() {
  useLoginGuard();
  const me = useShowRequest(async () => (needsLogin() ? null : call('identity', 'me', {})));

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
    const data = await withLoading('正在导出', () =>
      call('identity', 'exportMyData', {}, { timeoutMs: 60_000 }),
    );
    if (data) await deliverExport(data, `my-data-${fileStamp()}.json`);
  };

  const deleteData = async () => {
    if (
      !(await confirm(
        '删除我的全部数据？',
        '将退出所有身份、解除家庭关联、撤回同意并删除账号信息，且不可恢复。',
      ))
    )
      return;
    const ok = await withLoading('正在删除', () =>
      call('identity', 'deleteMyData', { confirm: true }, { timeoutMs: 60_000 }),
    );
    if (ok) {
      toastOk('已删除');
      if (isLocalMode) {
        logout();
        await Taro.redirectTo({ url: '/pages/login/index' });
      } else await me.reload();
    }
  };

  const d = me.data;
  const children: LinkedChild[] = d?.children ?? [];
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
                  <Button onClick={() => Taro.navigateTo({ url: '/packages/join/link-child/index' })}>
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
                  <Text className="tag">{ROLE_LABEL[r.role] ?? r.role}</Text>
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
            <View className="card" id="me-student">
              <View className="card-title">我的班级</View>
              <Text>{`${d.student.className} · ${d.student.name}`}</Text>
              <View>
                {d.student.claimStatus === 'claimed' ? (
                  <Text className="tag tag-gray">待老师确认</Text>
                ) : (
                  <Text className="tag tag-green">老师已确认</Text>
                )}
                {d.student.under14 && d.student.claimStatus !== 'claimed' && (
                  <Text className={d.student.consent ? 'tag tag-green' : 'tag'}>
                    {d.student.consent ? '监护人已同意' : '需要监护人同意'}
                  </Text>
                )}
              </View>
              {d.student.claimStatus === 'claimed' ? (
                <View className="me-wait" id="me-claim-pending">
                  <Text className="me-wait-title">等老师确认你的名字</Text>
                  <Text className="muted">
                    请告诉班主任你已经认领了名字，请老师在班级页面点「确认是本人」。老师确认后，你才能签名承诺、制作卡片，也才能让家长关联你。
                  </Text>
                </View>
              ) : (
                <>
                  <View className="gap" />
                  <Button onClick={() => Taro.navigateTo({ url: '/packages/join/family-code/index' })}>
                    {`让家长关联我（已关联 ${d.student.guardianCount} 位）`}
                  </Button>
                </>
              )}
            </View>
          )}

          {children.length > 0 && (
            <View className="card" id="me-children">
              <View className="card-title">我的孩子</View>
              {children.map((c) => (
                <ChildItem
                  key={c.familyId}
                  child={c}
                  onChanged={me.reload}
                  onUnlink={(x) => leave('parent', { rosterId: x.rosterId, name: x.name })}
                />
              ))}
              <View className="actions-col">
                <Button onClick={() => Taro.navigateTo({ url: '/packages/join/link-child/index' })}>
                  关联另一个孩子
                </Button>
              </View>
            </View>
          )}

          {d.roles.length > 0 && (
            <View className="card" id="me-contest">
              <View className="card-title">作品与获奖证书</View>
              <View className="actions-col">
                <Button onClick={() => Taro.navigateTo({ url: '/packages/contest/mine/index' })}>
                  {children.length && !d.student ? '孩子的作品' : '我的作品'}
                </Button>
                <Button onClick={() => Taro.navigateTo({ url: '/packages/contest/certificates/index' })}>
                  获奖证书
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
            <Text className="muted">
              只保存参加活动所需的最少信息，可以随时导出或删除。孩子的信息怎样收集、使用和保护，请看
            </Text>
            <Text
              className="me-link"
              id="me-privacy-rules"
              onClick={() => Taro.navigateTo({ url: PRIVACY_RULES_PAGE })}
            >
              《儿童个人信息保护规则》
            </Text>
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
