import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, call, needsLogin, type InputOf } from '../../../api/client';
import { Paragraphs } from '../../../components/Paragraphs';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { childName, linkState, type LinkedChild } from '../../../utils/children';
import { confirm, showError, toastOk, withLoading } from '../../../utils/feedback';
import { needsGuardianStatement, relationLabel } from '../../../utils/relations';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { JOIN_PAGES } from '../shared';
import '../join.scss';

/** The version literal giveConsent accepts; the server checks it against the wording it served. */
type ConsentVersion = InputOf<'identity', 'giveConsent'>['version'];

const toHome = () => Taro.switchTab({ url: '/pages/index/index' });
const toMe = () => Taro.switchTab({ url: '/pages/me/index' });
const toRules = () => Taro.navigateTo({ url: JOIN_PAGES.privacy });

/** Say what to do first (a modal: large enough to read, for grandparents too). */
function hint(title: string, content: string): void {
  void Taro.showModal({ title, content, showCancel: false, confirmText: '知道了' });
}

/** A big tick box (easier to hit than a small checkbox, for grandparents too). */
function Tick(props: { id: string; on: boolean; onChange: (on: boolean) => void; label: string }) {
  return (
    <View
      id={props.id}
      className={`join-tick ${props.on ? 'join-tick-on' : ''}`}
      role="checkbox"
      aria-checked={props.on}
      onClick={() => props.onChange(!props.on)}
    >
      <Text className="join-tick-box">{props.on ? '✓' : ''}</Text>
      <Text className="join-tick-label">{props.label}</Text>
    </View>
  );
}

/**
 * Guardian consent for an under-14 child (`?rosterId=`): read the wording (as paragraphs, with a link
 * to 《儿童个人信息保护规则》), tick, agree; or withdraw. Only a link the class teacher confirmed can
 * consent; a grandparent or other relative must also state that they are the child's legal guardian
 * (民法典 Art. 27: the parents are the guardians), or ask a parent to consent.
 */
export default function Consent() {
  useLoginGuard();
  const router = useRouter();
  const rosterId = router.params.rosterId ? decodeURIComponent(router.params.rosterId) : '';
  const state = useShowRequest(async () => {
    if (needsLogin()) return null;
    const [text, me] = await Promise.all([call('identity', 'consentText', {}), call('identity', 'me', {})]);
    const children: LinkedChild[] = me.children;
    const child = rosterId
      ? children.find((c) => c.rosterId === rosterId)
      : (children.find((c) => linkState(c) === 'confirmed' && c.under14 && !c.consentGiven) ??
        children.find((c) => c.under14));
    return { text, child };
  });
  const [ticked, setTicked] = useState(false);
  const [guardian, setGuardian] = useState(false);
  const [justGave, setJustGave] = useState(false);
  // The server said the class teacher has not confirmed this link (when identity.me does not tell).
  const [refusedUnconfirmed, setRefusedUnconfirmed] = useState<string | null>(null);

  const d = state.data;
  const child = d?.child;
  const statement = !!child && needsGuardianStatement(child.relation);

  const agree = async () => {
    if (!d || !child) return;
    if (statement && !guardian) {
      hint(
        '请确认监护人身份',
        '孩子的监护人是父母。如果您是孩子的法定监护人，请勾选「我是孩子的法定监护人」；否则请孩子的爸爸或妈妈来同意。',
      );
      return;
    }
    if (!ticked) {
      hint('请先勾选', '请先读完上面的内容，再点「我已阅读并同意」打勾。');
      return;
    }
    void Taro.showLoading({ title: '正在提交', mask: true });
    try {
      await call('identity', 'giveConsent', {
        rosterId: child.rosterId,
        version: d.text.version as ConsentVersion,
        ...(statement ? { legalGuardian: true as const } : {}),
      });
      Taro.hideLoading();
      toastOk('已同意');
      setJustGave(true);
      await state.reload();
    } catch (err) {
      Taro.hideLoading();
      if (err instanceof ApiError && err.code === 'FAILED_PRECONDITION' && /班主任确认/.test(err.message)) {
        setRefusedUnconfirmed(err.message);
        // The waiting notice is at the top; the user tapped at the bottom.
        void Promise.resolve()
          .then(() => Taro.pageScrollTo({ scrollTop: 0, duration: 0 }))
          .catch(() => undefined);
      } else showError(err);
    }
  };

  const revoke = async () => {
    if (!child) return;
    const sure = await confirm(
      '撤回同意？',
      `撤回后，${child.name}将不能再用手机提交签名和作品，以后可以再次同意。`,
    );
    if (!sure) return;
    const ok = await withLoading('正在撤回', () =>
      call('identity', 'revokeConsent', { rosterId: child.rosterId }),
    );
    if (ok) {
      toastOk('已撤回');
      setJustGave(false);
      setTicked(false);
      setGuardian(false);
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
          <Text className="join-lead">请先用孩子的家庭码关联孩子，等班主任确认后再来同意。</Text>
          <View className="join-actions">
            <Button
              type="primary"
              block
              size="large"
              onClick={() => Taro.redirectTo({ url: JOIN_PAGES.linkChild })}
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
      <Paragraphs text={d.text.wording} id="consent-wording" />
      <Text className="join-link" id="consent-rules" onClick={toRules}>
        阅读《儿童个人信息保护规则》
      </Text>
      <Text className="muted">{`版本 ${d.text.version}`}</Text>
    </View>
  );

  if (linkState(child) !== 'confirmed' || refusedUnconfirmed) {
    return (
      <View className="page">
        <View className="card" id="consent-unconfirmed">
          <View className="join-done">
            <Text className="join-done-icon join-done-wait">…</Text>
            <Text className="join-done-title">等班主任确认关联</Text>
          </View>
          <Text className="join-lead">
            {refusedUnconfirmed ??
              `班主任确认您和${childName(child)}的关联后，您才能在这里同意。请联系班主任，请老师在班级名单里点「确认」。`}
          </Text>
          <Text className="muted">这样可以确认同意的是孩子真正的家长，保护孩子的信息。</Text>
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
          <Text className="join-lead">{`${child.name}已满14周岁，可以自己参加活动。`}</Text>
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
          <Text className="muted">如果不再同意，可以随时撤回。撤回后孩子不能再用手机提交签名和作品。</Text>
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
        <Text className="join-lead">{`${child.name}未满14周岁。请您读完下面的同意书，同意后孩子才能用手机提交签名和作品。`}</Text>
        <Text className="muted">不同意也没关系：孩子仍可以在老师发的纸质承诺书上签名参加活动。</Text>
      </View>
      {wording}
      <View className="card">
        {statement && (
          <View className="join-notice" id="consent-guardian-note">
            <Text>
              {`您是孩子的${relationLabel(child.relation)}。按照《民法典》，孩子的监护人是父母。如果孩子的父母不能履行监护职责、由您担任法定监护人，请勾选下面第一项；否则请孩子的爸爸或妈妈来同意。`}
            </Text>
          </View>
        )}
        {statement && (
          <Tick id="consent-guardian" on={guardian} onChange={setGuardian} label="我是孩子的法定监护人" />
        )}
        <Tick id="consent-tick" on={ticked} onChange={setTicked} label="我已阅读并同意" />
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
