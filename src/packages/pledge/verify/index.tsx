import { Input, Text, View } from '@tarojs/components';
import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro';
import { useState } from 'react';
import { Button } from '../../../ui';
import { VerifyView } from '../shared/VerifyView';
import '../pledge.scss';

/** The code a page was opened with: `?code=` (links, H5 QR codes) or the mini-program code's `scene`. */
function codeOf(params: Record<string, string | undefined>): string {
  let raw = params.code ?? params.scene ?? '';
  try {
    raw = decodeURIComponent(raw);
  } catch {
    // keep the raw text
  }
  return raw.trim().toUpperCase();
}

/**
 * Public page (no login): check any certificate (pledge, award, quiz) by its code; shows only masked
 * data. Opened by WeChat's scanner from a certificate's mini-program code, the code arrives as `scene`.
 */
export default function VerifyPage() {
  const router = useRouter();
  const [code, setCode] = useState(codeOf(router.params));
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
