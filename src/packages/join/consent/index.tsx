import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, type InputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { useRequest } from '../../../utils/useRequest';
import { childName, useLoginGuard } from '../shared';
import '../join.scss';

/** The version literal giveConsent accepts; the server checks it against the wording it served. */
type ConsentVersion = InputOf<'identity', 'giveConsent'>['version'];

const toHome = () => Taro.switchTab({ url: '/pages/index/index' });
const toMe = () => Taro.switchTab({ url: '/pages/me/index' });

/** Guardian consent for an under-14 child (`?rosterId=`): read the wording, tick, agree; or withdraw. */
export default function Consent() {
  useLoginGuard();
  const router = useRouter();
  const rosterId = router.params.rosterId ? decodeURIComponent(router.params.rosterId) : '';
  const state = useRequest(async () => {
    if (needsLogin()) return null;
    const [text, me] = await Promise.all([call('identity', 'consentText', {}), call('identity', 'me', {})]);
    const child = rosterId
      ? me.children.find((c) => c.rosterId === rosterId)
      : (me.children.find((c) => c.status === 'active' && c.under14 && !c.consentGiven) ??
        me.children.find((c) => c.under14));
    return { text, child };
  });
  const [ticked, setTicked] = useState(false);
  const [justGave, setJustGave] = useState(false);

  const d = state.data;
  const child = d?.child;

  const agree = async () => {
    if (!d || !child) return;
    if (!ticked) {
      showError(new Error('请先读完上面的内容，再点「我已阅读并同意」打勾'));
      return;
    }
    const ok = await withLoading('正在提交', () =>
      call('identity', 'giveConsent', {
        rosterId: child.rosterId,
        version: d.text.version as ConsentVersion,
      }),
    );
    if (ok) {
      toastOk('已同意');
      setJustGave(true);
      await state.reload();
    }
  };

  const revoke = async () => {
    if (!child) return;
    const sure = await confirm(
      '撤回同意？',
      `撤回后，${child.name}将不能再提交签名和作品，以后可以再次同意。`,
    );
    if (!sure) return;
    const ok = await withLoading('正在撤回', () =>
      call('identity', 'revokeConsent', { rosterId: child.rosterId }),
    );
    if (ok) {
      toastOk('已撤回');
      setJustGave(false);
      setTicked(false);
      await state.reload();
    }
  };

  if (!d) {
    return (
      <View className="page">
        <StateView loading={state.loading} error={state.error} onRetry={state.reload} />
      </View>
    );
  }

  if (!child) {
    return (
      <View className="page">
        <View className="card">
          <View className="card-title">还没有关联这个孩子</View>
          <Text className="join-lead">请先用孩子的家庭码关联孩子，然后再来同意。</Text>
          <View className="join-actions">
            <Button
              type="primary"
              block
              size="large"
              onClick={() => Taro.redirectTo({ url: '/packages/join/family/index' })}
            >
              去关联孩子
            </Button>
            <Button block onClick={toMe}>
              去「我的」
            </Button>
          </View>
        </View>
      </View>
    );
  }

  const wording = (
    <View className="card">
      <View className="card-title">监护人同意书</View>
      <Text className="muted">{`孩子：${childName(child)} · ${child.className}`}</Text>
      <View className="gap" />
      <Text className="join-wording" id="consent-wording">
        {d.text.wording}
      </Text>
      <View className="gap" />
      <Text className="muted">{`版本 ${d.text.version}`}</Text>
    </View>
  );

  if (child.status !== 'active') {
    return (
      <View className="page">
        <View className="card">
          <View className="card-title">等待老师确认关联</View>
          <Text className="join-lead">{`老师确认您和${childName(child)}的关联后，才能在这里同意。`}</Text>
          <View className="join-actions">
            <Button type="primary" block size="large" onClick={toHome}>
              回到首页
            </Button>
          </View>
        </View>
        {wording}
      </View>
    );
  }

  if (!child.under14 && !child.consentGiven) {
    return (
      <View className="page">
        <View className="card">
          <View className="card-title">不需要监护人同意</View>
          <Text className="join-lead">{`${child.name}已满 14 周岁，可以自己参加活动。`}</Text>
          <View className="join-actions">
            <Button type="primary" block size="large" onClick={toHome}>
              回到首页
            </Button>
          </View>
        </View>
      </View>
    );
  }

  if (child.consentGiven) {
    return (
      <View className="page">
        <View className="card">
          <View className="join-done">
            <Text className="join-done-icon">✓</Text>
            <Text className="join-done-title" id="consent-given">
              {justGave ? '已同意，谢谢您' : '您已同意'}
            </Text>
            <Text className="muted">{`${child.name}可以参加签名和作品提交了。`}</Text>
          </View>
          <View className="join-actions">
            <Button type="primary" block size="large" onClick={toHome}>
              回到首页
            </Button>
            {justGave && (
              <Button block onClick={toMe}>
                去「我的」查看
              </Button>
            )}
          </View>
        </View>
        {wording}
        <View className="card">
          <Text className="muted">如果不再同意，可以随时撤回。撤回后孩子不能再提交签名和作品。</Text>
          <View className="join-actions">
            <Button id="consent-revoke" type="danger" fill="outline" block onClick={revoke}>
              撤回同意
            </Button>
          </View>
        </View>
      </View>
    );
  }

  return (
    <View className="page">
      <View className="card">
        <Text className="join-lead">{`${child.name}未满 14 周岁。请您读完下面的同意书，同意后孩子才能提交签名和作品。`}</Text>
      </View>
      {wording}
      <View className="card">
        <View
          id="consent-tick"
          className={`join-tick ${ticked ? 'join-tick-on' : ''}`}
          onClick={() => setTicked(!ticked)}
        >
          <Text className="join-tick-box">{ticked ? '✓' : ''}</Text>
          <Text className="join-tick-label">我已阅读并同意</Text>
        </View>
        <View className="join-actions">
          <Button id="consent-agree" type="primary" block size="large" onClick={agree}>
            同意
          </Button>
          <Button block onClick={toHome}>
            以后再说
          </Button>
        </View>
      </View>
    </View>
  );
}
