import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError, call, isLocalMode, needsLogin } from '../../../api/client';
import { RemindButton } from '../../../components/RemindButton';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { canSubscribe } from '../../../utils/subscribe';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import { CeremonyBanner, CeremonyEntry } from '../shared/Ceremony';
import { Reading } from '../shared/Reading';
import { SignForm } from '../shared/SignForm';
import { parseCeremonyCode, scanCeremony } from '../shared/util';
import '../pledge.scss';

/** Go to another page. */
const go = (url: string) => void Taro.navigateTo({ url });

/**
 * The pledge page: students read the convention and the initiative letter, tick the promise and sign
 * (hand-written or typed); parents, teachers and admins are shown their own next step.
 */
export default function SignPage() {
  useLoginGuard();
  const router = useRouter();
  const [ceremonyId, setCeremonyId] = useState<string | null>(
    parseCeremonyCode(router.params.ceremony ?? router.params.scene),
  );
  const [readDone, setReadDone] = useState(false);
  // Signed just now on this page (weapp with reminders: stay here to offer them instead of leaving).
  const [justSigned, setJustSigned] = useState(false);
  const home = useRequest(async () => (needsLogin() ? null : call('pledge', 'home', {})));
  const mine = useRequest(async () => {
    if (needsLogin()) return null;
    try {
      return await call('pledge', 'myPledge', {});
    } catch (err) {
      if (err instanceof ApiError && err.code === 'PERMISSION_DENIED') return null;
      throw err;
    }
  });

  const canSign = !!(
    home.data?.isStudent &&
    home.data.signingOpen &&
    mine.data &&
    !mine.data.certificate &&
    mine.data.canSignOnline
  );
  const text = useRequest(async () => (canSign ? call('pledge', 'getText', {}) : null), [canSign]);

  const toCertificate = () => Taro.redirectTo({ url: '/packages/pledge/certificate/index' });
  /** After signing: straight to the certificate, or (weapp with reminders) first offer 「接收活动提醒」, which needs a tap. */
  const afterSigning = () => {
    if (!canSubscribe()) return void toCertificate();
    setJustSigned(true);
    void mine.reload();
  };
  const scan = async () => {
    const code = await scanCeremony();
    if (code) setCeremonyId(code);
  };

  const h = home.data;
  const m = mine.data;
  const loading = (home.loading && !h) || (mine.loading && !m && !mine.error);
  return (
    <View className="page">
      <View className="card">
        <View className="card-title">文明上网 宣誓承诺</View>
        <Text className="pl-note">
          读一读《全国青少年网络文明公约》和倡议书，再签上自己的名字，做一名校园好网民。家长也可以和孩子一起签「文明上网
          从我家做起」家庭承诺。
        </Text>
      </View>
      <StateView
        loading={loading}
        error={home.error ?? mine.error}
        onRetry={() => void (home.reload(), mine.reload())}
      />

      {h && !h.signingOpen && (
        <View className="pl-notice">
          现在不是签名承诺的开放时间（仅在活动启动阶段和实施阶段开放），你仍可以查看自己的证书。
        </View>
      )}

      {ceremonyId && h?.isStudent && !justSigned && (
        <CeremonyBanner ceremonyId={ceremonyId} signed={!!m?.certificate} />
      )}

      {h?.isStudent && m && m.certificate && (
        <View className="card" id="pl-already">
          <View className="card-title">{justSigned ? '承诺成功 ✓' : '你已经签名承诺了 ✓'}</View>
          <Text className="pl-note">
            {m.certificate.kind === 'paper'
              ? '老师已经登记了你在纸质承诺书上的签名。'
              : justSigned
                ? '谢谢你！你的承诺证书已经生成，可以查看、保存和分享。'
                : '每人只需签一次。可以查看、保存和分享你的承诺证书。'}
          </Text>
          <View className="pl-actions">
            <Button type="primary" block id="pl-to-certificate" onClick={toCertificate}>
              查看我的承诺证书
            </Button>
            <RemindButton id="pl-remind-subscribe" />
          </View>
        </View>
      )}

      {h?.isStudent && m && !m.certificate && !m.claimApproved && (
        <View className="card" id="pl-claim-pending">
          <View className="card-title">等老师确认你的名字</View>
          <Text className="pl-notice">{m.consentMessage}</Text>
          <View className="pl-actions">
            <Button type="primary" block onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
              回到首页
            </Button>
          </View>
        </View>
      )}

      {h?.isStudent && m && !m.certificate && m.claimApproved && !m.canSignOnline && (
        <View className="card" id="pl-consent-needed">
          <View className="card-title">需要家长先同意</View>
          <Text className="pl-notice">{m.consentMessage}</Text>
          <View className="pl-actions">
            <Button type="primary" block onClick={() => go('/packages/join/family-code/index')}>
              给家长看我的家庭码
            </Button>
          </View>
        </View>
      )}

      {h?.isStudent && m && !m.certificate && m.canSignOnline && h.signingOpen && !justSigned && (
        <View>
          <View className="card">
            <Text className="pl-note">{`${m.schoolName} ${m.className} · ${m.name}`}</Text>
            {!ceremonyId && <CeremonyEntry onCode={setCeremonyId} onScan={isLocalMode ? null : scan} />}
          </View>
          <StateView loading={text.loading && !text.data} error={text.error} onRetry={text.reload} />
          {text.data && <Reading text={text.data} done={readDone} onDone={() => setReadDone(true)} />}
          {text.data && readDone && (
            <SignForm text={text.data} name={m.name} ceremonyId={ceremonyId} onSigned={afterSigning} />
          )}
          {text.data && !readDone && (
            <View className="pl-notice">读到最后，点「我读完了」，就可以签名了。</View>
          )}
        </View>
      )}

      {h && !h.isStudent && (
        <View className="card">
          <View className="card-title">我可以做什么</View>
          <View className="pl-actions">
            {h.isParent && (
              <Button type="primary" block onClick={() => go('/packages/pledge/family/index')}>
                家长：签家庭承诺「文明上网 从我家做起」
              </Button>
            )}
            {(h.classes.length > 0 || h.schools.length > 0) && (
              <Button block onClick={() => go('/packages/pledge/ceremony/index')}>
                老师：开启升旗仪式宣誓
              </Button>
            )}
            {(h.classes.length > 0 || h.schools.length > 0 || h.districts.length > 0 || h.isCityAdmin) && (
              <Button block onClick={() => go('/packages/overview/unit/index')}>
                查看参与情况
              </Button>
            )}
            {!h.isParent &&
              h.classes.length === 0 &&
              h.schools.length === 0 &&
              h.districts.length === 0 &&
              !h.isCityAdmin && (
                <View>
                  <Text className="pl-note">
                    学生请先用老师给的班级码加入班级；家长请先用孩子的家庭码关联孩子。
                  </Text>
                  <View className="gap" />
                  <Button type="primary" block onClick={() => go('/packages/join/class/index')}>
                    我是学生，加入班级
                  </Button>
                  <View className="gap" />
                  <Button block onClick={() => go('/packages/join/link-child/index')}>
                    我是家长，关联孩子
                  </Button>
                </View>
              )}
          </View>
        </View>
      )}

      {h?.isStudent && h.isParent && (
        <View className="card">
          <Button block onClick={() => go('/packages/pledge/family/index')}>
            家庭承诺「文明上网 从我家做起」
          </Button>
        </View>
      )}
    </View>
  );
}
