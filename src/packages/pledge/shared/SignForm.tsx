import { Input, Text, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { call, uploadFile } from '../../../api/client';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import type { PledgeText } from './Reading';
import { SignatureChoice, type SignatureMode } from './SignatureChoice';
import type { SignaturePadHandle } from './SignaturePad';
import { Check } from './ui';

/** The promise, the signature (hand-written or typed) and the submit button. */
export function SignForm(props: {
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
