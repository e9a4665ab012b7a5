import { Image, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { call, needsLogin, type OutputOf, uploadFile } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { fileUrl } from '../../../utils/files';
import { relationLabel } from '../../../utils/relations';
import { timeLabel } from '../../../utils/time';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import { SignatureChoice, type SignatureMode } from '../shared/SignatureChoice';
import type { SignaturePadHandle } from '../shared/SignaturePad';
import { Check } from '../shared/ui';
import '../pledge.scss';

type Child = OutputOf<'pledge', 'familyOverview'>['children'][number];
type SignatureView = Child['parents'][number]['signature'];

/** One signature as stored: the stroke image or the typed name. */
function SignatureShow(props: { signature: SignatureView }) {
  const s = props.signature;
  if (!s) return <Text className="pl-note">（没有签名图片）</Text>;
  if (s.method === 'typed') return <Text className="pl-sig-typed">{s.typedName}</Text>;
  return <Image className="pl-sig-img" mode="aspectFit" src={fileUrl(s.url)} />;
}

/** One child's family record: the child's pledge and every parent's signature, side by side. */
function FamilyRecord(props: { child: Child }) {
  const c = props.child;
  return (
    <View className="card" id={`pl-family-${c.rosterId}`}>
      <View className="card-title">{`${c.childName}的家庭承诺`}</View>
      <Text className="pl-note">{`${c.schoolName} ${c.className}`}</Text>
      <View className="gap" />
      <Text className="pl-block">孩子的签名</Text>
      {c.child ? (
        c.child.kind === 'paper' ? (
          <Text className="pl-note">{`已在纸质承诺书上签名（${timeLabel(c.child.signedAt)}）`}</Text>
        ) : (
          <SignatureShow signature={c.child.signature} />
        )
      ) : (
        <Text className="pl-note">{'孩子还没有签名。请提醒孩子在「宣誓承诺」里签名。'}</Text>
      )}
      <View className="gap" />
      {c.parents.map((p, i) => (
        <View key={i}>
          <Text className="pl-block">{`${relationLabel(p.relation)}的签名${p.isMe ? '（我）' : ''} · ${timeLabel(p.signedAt)}`}</Text>
          <SignatureShow signature={p.signature} />
        </View>
      ))}
      {!c.familySigned && <Text className="pl-note">家长还没有签家庭承诺。</Text>}
    </View>
  );
}

/**
 * Family pledge 「文明上网 从我家做起」: a parent reads the family promise, picks their child or children,
 * and signs (hand-written or typed name). The record shows the child's and the parents' signatures.
 */
export default function FamilyPage() {
  useLoginGuard();
  const data = useRequest(async () => (needsLogin() ? null : call('pledge', 'familyOverview', {})));
  const [picked, setPicked] = useState<string[] | null>(null);
  const [promised, setPromised] = useState(false);
  const [mode, setMode] = useState<SignatureMode>('drawn');
  const [typed, setTyped] = useState('');
  const [padEmpty, setPadEmpty] = useState(true);
  const pad = useRef<SignaturePadHandle>(null);

  const d = data.data;
  const linked = d?.children.filter((c) => c.linkStatus === 'active') ?? [];
  const pending = d?.children.filter((c) => c.linkStatus !== 'active') ?? [];
  const unsigned = linked.filter((c) => !c.iSigned);
  const chosen = picked ?? unsigned.map((c) => c.rosterId);

  const toggle = (id: string) =>
    setPicked(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);

  const submit = async () => {
    if (!chosen.length) return showError(new Error('请选择要一起签名的孩子'));
    if (!promised) return showError(new Error('请先勾选「我们承诺」'));
    if (mode === 'drawn' && (padEmpty || pad.current?.isEmpty()))
      return showError(new Error('请在白色方框里写下您的名字'));
    if (mode === 'typed' && !typed.trim()) return showError(new Error('请输入您的名字'));
    const res = await withLoading('正在提交', async () => {
      const signature =
        mode === 'drawn'
          ? {
              method: 'drawn' as const,
              fileId: await uploadFile(await pad.current!.exportPng(), { purpose: 'signature', ext: 'png' }),
            }
          : { method: 'typed' as const, typedName: typed.trim() };
      return call('pledge', 'signFamily', { rosterIds: chosen, promise: true, signature });
    });
    if (res) {
      toastOk('家庭承诺已签');
      setPicked(null);
      setPromised(false);
      await data.reload();
    }
  };

  return (
    <View className="page">
      <View className="card">
        <View className="card-title">{d?.family.title ?? '文明上网 从我家做起'}</View>
        <Text className="pl-note">小手牵大手，全家一起文明上网。</Text>
        {d?.family.lines.map((line) => (
          <Text key={line} className="pl-convention-line">
            {line}
          </Text>
        ))}
      </View>
      <StateView loading={data.loading && !d} error={data.error} onRetry={data.reload} />

      {d && linked.length === 0 && (
        <View className="card">
          <Text>
            {pending.length
              ? '班主任还没有确认您和孩子的关联，确认后就能签家庭承诺。'
              : '您还没有关联孩子。请让孩子在「我的」里打开家庭码，您输入家庭码就能关联。'}
          </Text>
          <View className="pl-actions">
            <Button
              type="primary"
              block
              onClick={() => Taro.navigateTo({ url: '/packages/join/link-child/index' })}
            >
              关联我的孩子
            </Button>
          </View>
        </View>
      )}

      {unsigned.length > 0 && (
        <View className="card" id="pl-family-form">
          <View className="card-title">家长签名</View>
          <Text className="pl-note">一起签名的孩子（点一下可取消）：</Text>
          <View className="pl-wrap">
            {unsigned.map((c) => (
              <Text
                key={c.rosterId}
                className={`pl-chip ${chosen.includes(c.rosterId) ? 'pl-chip-on' : ''}`}
                onClick={() => toggle(c.rosterId)}
              >
                {`${c.childName}（${c.className}）`}
              </Text>
            ))}
          </View>
          <View className="gap" />
          <Check id="pl-family-promise" checked={promised} onChange={setPromised}>
            我们全家承诺：遵守《全国青少年网络文明公约》，文明上网，从我家做起。
          </Check>
          <View className="gap" />
          <SignatureChoice
            mode={mode}
            onMode={setMode}
            padId="pl-family-pad"
            padRef={pad}
            onPadChange={setPadEmpty}
            padNote="写在白色方框里"
            padPlaceholder="在这里用手指写下您的名字"
            typedTabId="pl-family-typed"
          >
            <Input
              className="input"
              value={typed}
              maxlength={20}
              placeholder="输入您的名字"
              onInput={(e) => setTyped(e.detail.value)}
            />
          </SignatureChoice>
          <View className="pl-actions">
            <Button type="primary" size="large" block id="pl-family-submit" onClick={submit}>
              签名承诺
            </Button>
          </View>
        </View>
      )}

      {linked
        .filter((c) => c.familySigned || c.child)
        .map((c) => (
          <FamilyRecord key={c.rosterId} child={c} />
        ))}
    </View>
  );
}
