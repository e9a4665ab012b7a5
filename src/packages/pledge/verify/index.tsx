import { Input, Text, View } from '@tarojs/components';
import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../ui';
import { VerifyView } from '../shared/VerifyView';
import '../pledge.scss';

/** Public page (no login): check any certificate (pledge, award, quiz) by its code; shows only masked data. */
export default function VerifyPage() {
  const router = useRouter();
  const [code, setCode] = useState((router.params.code ?? '').toUpperCase());
  const [typed, setTyped] = useState('');
  useShareAppMessage(() => ({
    title: '证书验证',
    path: `/packages/pledge/verify/index?code=${code}`,
  }));
  useShareTimeline(() => ({ title: '证书验证', query: `code=${code}` }));

  return (
    <View className="page">
      {code ? (
        <VerifyView code={code} />
      ) : (
        <View className="card">
          <Text className="pl-note">请扫描证书上的二维码，或输入证书上的 8 位验证码。</Text>
        </View>
      )}
      <View className="card">
        <View className="field-label">输入验证码</View>
        <Input
          className="input"
          value={typed}
          maxlength={8}
          placeholder="例如 AB3CD4EF"
          onInput={(e) => setTyped(e.detail.value.toUpperCase())}
        />
        <View className="pl-actions">
          <Button block disabled={typed.trim().length !== 8} onClick={() => setCode(typed.trim())}>
            验证
          </Button>
        </View>
      </View>
    </View>
  );
}
