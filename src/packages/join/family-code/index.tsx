import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { JOIN_PAGES } from '../shared';
import '../join.scss';

type FamilyCode = OutputOf<'identity', 'createFamilyCode'>;

const toHome = () => Taro.switchTab({ url: '/pages/index/index' });

/**
 * A pupil's family code (6 digits, valid 24 h) and how a parent uses it. Only once the class teacher has
 * confirmed the pupil's name: before that the page says what to wait for (the server refuses the code).
 */
export default function FamilyCodePage() {
  useLoginGuard();
  const state = useShowRequest(async () => {
    if (needsLogin()) return null;
    const me = await call('identity', 'me', {});
    if (!me.student || me.student.claimStatus !== 'approved') return { student: me.student, code: null };
    // keep: coming back to this page shows the same code, so one already sent to a parent still works.
    return { student: me.student, code: await call('identity', 'createFamilyCode', { keep: true }) };
  });
  const [fresh, setFresh] = useState<FamilyCode | null>(null);

  const renew = async () => {
    if (!(await confirm('换一个家庭码？', '换了以后，旧的家庭码就不能用了。已经关联的家长不受影响。')))
      return;
    const res = await withLoading('正在生成', () => call('identity', 'createFamilyCode', {}));
    if (res) {
      setFresh(res);
      toastOk('已换新家庭码');
    }
  };

  const copy = async (text: string) => {
    try {
      await Taro.setClipboardData({ data: text });
      toastOk('已复制');
    } catch (err) {
      showError(err);
    }
  };

  const d = state.data;
  const code = fresh ?? d?.code;
  return (
    <View className="page">
      <StateView loading={state.loading && !d} error={state.error} onRetry={state.reload} />
      {d && !d.student && (
        <View className="card">
          <View className="card-title">还不能生成家庭码</View>
          <Text className="join-lead">请先用老师给的班级码加入班级，并找到自己的名字。</Text>
          <View className="join-actions">
            <Button
              type="primary"
              block
              size="large"
              onClick={() => Taro.redirectTo({ url: JOIN_PAGES.class })}
            >
              去加入班级
            </Button>
          </View>
        </View>
      )}
      {d?.student && d.student.claimStatus !== 'approved' && (
        <View className="card" id="family-code-wait">
          <View className="join-done">
            <Text className="join-done-icon join-done-wait">…</Text>
            <Text className="join-done-title">等老师确认你的名字</Text>
            <Text className="muted">{`${d.student.className} · ${d.student.name}`}</Text>
          </View>
          <Text className="join-lead">
            老师确认你认领的名字以后，才能生成家庭码让家长关联你。这样可以防止别人冒用你的名字。
          </Text>
          <View className="join-notice">
            <Text>请告诉班主任：你已经在小程序里认领了名字，请老师在班级页面点「确认是本人」。</Text>
          </View>
          <View className="join-actions">
            <Button type="primary" block size="large" onClick={toHome}>
              回到首页
            </Button>
          </View>
        </View>
      )}
      {d?.student && code && (
        <>
          <View className="card">
            <View className="card-title">我的家庭码</View>
            <Text className="muted">{`${d.student.className} · ${d.student.name}`}</Text>
            <View className="gap" />
            <View className="code-big" id="family-code">
              {code.familyCode}
            </View>
            <Text className="muted join-center">{`有效期到 ${timeLabel(code.expiresAt)}，只给自己的爸爸妈妈看`}</Text>
          </View>
          <View className="card">
            <View className="card-title">请爸爸妈妈这样做</View>
            <View className="join-howto">
              {[
                '在自己的手机上打开微信里的「校园好网民」小程序',
                '点「我是家长，关联孩子」',
                '输入上面这 6 位家庭码',
                '等班主任确认关联',
              ].map((t, i) => (
                <View key={t} className="join-howto-step">
                  <Text className="join-howto-no">{i + 1}</Text>
                  <Text>{t}</Text>
                </View>
              ))}
            </View>
            <View className="join-notice">
              <Text>
                {d.student.under14
                  ? '你未满14周岁：班主任确认家长的关联后，家长还要点「去同意」，你才能提交签名和作品。'
                  : '家长关联后，可以看到你参加活动的情况。'}
              </Text>
            </View>
            <Text className="muted">{`\n已关联 ${d.student.guardianCount} 位家长。家长不在身边时，可以把家庭码发给他们。`}</Text>
            <View className="join-actions">
              <Button block onClick={() => copy(code.familyCode)}>
                复制家庭码
              </Button>
              <Button block onClick={renew}>
                换一个家庭码
              </Button>
              <Button type="primary" block size="large" onClick={toHome}>
                完成，回到首页
              </Button>
            </View>
          </View>
        </>
      )}
    </View>
  );
}
