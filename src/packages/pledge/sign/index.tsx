import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { ApiError, call, isLocalMode, needsLogin, type OutputOf, uploadFile } from '../../../api/client';
import { RemindButton } from '../../../components/RemindButton';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { canSubscribe } from '../../../utils/subscribe';
import { useRequest } from '../../../utils/useRequest';
import { SignatureChoice, type SignatureMode } from '../shared/SignatureChoice';
import type { SignaturePadHandle } from '../shared/SignaturePad';
import { Check } from '../shared/ui';
import { parseCeremonyCode, scanCeremony, useLoginGuard } from '../shared/util';
import '../pledge.scss';

/** Go to a page of this subpackage. */
const go = (url: string) => void Taro.navigateTo({ url });

type PledgeText = OutputOf<'pledge', 'getText'>;

/** The convention and the letter, with a "read to the end" button at the very bottom. */
function Reading(props: { text: PledgeText; onDone: () => void; done: boolean }) {
  const t = props.text;
  return (
    <View>
      <View className="card" id="pl-convention">
        <Text className="pl-convention-title">{`《${t.convention.title}》`}</Text>
        {t.convention.lines.map((line) => (
          <Text key={line} className="pl-convention-line">
            {line}
          </Text>
        ))}
      </View>
      <View className="card" id="pl-letter">
        <Text className="pl-letter-title">{t.letter.title}</Text>
        {t.letter.body.split('\n').map((p, i) => (
          <Text key={i} className="pl-letter-para">
            {p}
          </Text>
        ))}
        <Text className="pl-letter-from">{`发布：${t.letter.publisher}`}</Text>
        {!props.done && (
          <View className="pl-actions">
            <Button type="primary" size="large" block id="pl-read-done" onClick={props.onDone}>
              我读完了
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}

/** The promise, the signature (hand-written or typed) and the submit button. */
function SignForm(props: {
  text: PledgeText;
  name: string;
  ceremonyId: string | null;
  onSigned: () => void;
}) {
  const [promised, setPromised] = useState(false);
  const [mode, setMode] = useState<SignatureMode>('drawn');
  const [typed, setTyped] = useState('');
  const [padEmpty, setPadEmpty] = useState(true);
  const pad = useRef<SignaturePadHandle>(null);
  const busy = useRef(false);

  const submit = async () => {
    if (busy.current) return;
    if (!promised) return showError(new Error('请先勾选「我承诺」'));
    if (mode === 'drawn' && (padEmpty || pad.current?.isEmpty()))
      return showError(new Error('请在白色方框里用手指写下你的名字'));
    if (mode === 'typed' && !typed.trim()) return showError(new Error('请输入你的名字'));
    busy.current = true;
    const res = await withLoading('正在提交', async () => {
      const signature =
        mode === 'drawn'
          ? {
              method: 'drawn' as const,
              fileId: await uploadFile(await pad.current!.exportPng(), { purpose: 'signature', ext: 'png' }),
            }
          : { method: 'typed' as const, typedName: typed.trim() };
      return call('pledge', 'sign', {
        promise: true,
        textKey: props.text.letter.key,
        signature,
        ...(props.ceremonyId ? { ceremonyId: props.ceremonyId } : {}),
      });
    });
    busy.current = false;
    if (res) {
      toastOk(res.alreadySigned ? '你已经签过名了' : '承诺成功');
      props.onSigned();
    }
  };

  return (
    <View className="card" id="pl-sign-form">
      <View className="card-title">签名承诺</View>
      <Check id="pl-promise" checked={promised} onChange={setPromised}>
        {props.text.promise}
      </Check>
      <View className="gap" />
      <SignatureChoice
        mode={mode}
        onMode={setMode}
        padId="pl-sign-pad"
        padRef={pad}
        onPadChange={setPadEmpty}
        padNote="写不好没关系，可以重写"
        typedTabId="pl-mode-typed"
      >
        <View>
          <Text className="pl-note">{`写字不方便的同学，可以输入自己的名字「${props.name}」代替手写。`}</Text>
          <Input
            id="pl-typed-name"
            className="input"
            value={typed}
            maxlength={20}
            placeholder="输入你的名字"
            onInput={(e) => setTyped(e.detail.value)}
          />
        </View>
      </SignatureChoice>
      <View className="pl-actions">
        <Button type="primary" size="large" block id="pl-submit" onClick={submit}>
          提交承诺
        </Button>
      </View>
    </View>
  );
}

/** At a flag-raising ceremony: type the 6-character code from the big screen (or scan it on weapp). */
function CeremonyEntry(props: { onCode: (code: string) => void; onScan: (() => void) | null }) {
  const [code, setCode] = useState('');
  const ok = /^[2-9A-HJKMNP-Z]{6}$/.test(code);
  return (
    <View style={{ marginTop: '12px' }}>
      <Text className="pl-note">在升旗仪式上？输入大屏上的 6 位仪式码：</Text>
      <View className="row" style={{ marginTop: '8px' }}>
        <Input
          id="pl-ceremony-code"
          className="input"
          style={{ flex: 1 }}
          value={code}
          maxlength={6}
          placeholder="仪式码"
          onInput={(e) => setCode(e.detail.value.replace(/\s/g, '').toUpperCase())}
        />
        <Button size="small" disabled={!ok} onClick={() => props.onCode(code)}>
          确定
        </Button>
        {props.onScan && (
          <Button size="small" onClick={props.onScan}>
            扫码
          </Button>
        )}
      </View>
    </View>
  );
}

/** Ceremony banner: what the scanned code is and whether it is open now. */
function CeremonyBanner(props: { ceremonyId: string; signed: boolean }) {
  const info = useRequest(
    () => call('pledge', 'ceremonyInfo', { ceremonyId: props.ceremonyId }),
    [props.ceremonyId],
  );
  const [joined, setJoined] = useState(false);
  if (!info.data) return <StateView loading={info.loading} error={info.error} onRetry={info.reload} />;
  const c = info.data;
  const join = async () => {
    const ok = await withLoading('正在加入', () =>
      call('pledge', 'joinCeremony', { ceremonyId: c.ceremonyId }),
    );
    if (ok) {
      setJoined(true);
      toastOk('已计入本次仪式');
    }
  };
  return (
    <View className={`pl-notice ${c.state === 'open' && c.inScope ? 'pl-ok' : ''}`} id="pl-ceremony-banner">
      <Text className="pl-banner-title">{c.title}</Text>
      <Text className="pl-note">{c.scopeName}</Text>
      {!c.inScope && <Text className="pl-block">这个仪式不是你们班级的，签名不会计入这次仪式。</Text>}
      {c.inScope && c.state === 'upcoming' && (
        <Text className="pl-block">仪式还没开始，请等老师宣布开始。</Text>
      )}
      {c.inScope && c.state === 'closed' && (
        <Text className="pl-block">仪式已经结束，你仍然可以直接签名承诺。</Text>
      )}
      {c.inScope && c.state === 'open' && !props.signed && (
        <Text className="pl-block">仪式进行中：读完公约和倡议书后签名，就会计入本次仪式。</Text>
      )}
      {c.inScope && c.state === 'open' && props.signed && !joined && (
        <View>
          <Text className="pl-block">你之前已经签过名了，点下面的按钮加入本次仪式。</Text>
          <View className="gap" />
          <Button type="primary" block id="pl-join-ceremony" onClick={join}>
            加入本次仪式
          </Button>
        </View>
      )}
      {joined && <Text className="pl-block">已计入本次仪式，谢谢你！</Text>}
    </View>
  );
}

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
          现在不在签名承诺的开放时间（活动启动和实施阶段开放）。你仍可以查看自己的证书。
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

      {h?.isStudent && m && !m.certificate && !m.canSignOnline && (
        <View className="card" id="pl-consent-needed">
          <View className="card-title">需要家长先同意</View>
          <Text className="pl-notice">{m.consentMessage}</Text>
          <View className="pl-actions">
            <Button type="primary" block onClick={() => go('/packages/join/family/index?mode=student')}>
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
              <Button block onClick={() => go('/packages/pledge/participation/index')}>
                查看签名参与情况
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
                  <Button block onClick={() => go('/packages/join/family/index')}>
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
