import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { prefetchCampaign } from '../../api/campaign';
import { devIdentities, devLogin, isLocalMode } from '../../api/client';
import { StateView } from '../../components/StateView';
import { Button } from '../../ui';
import { showError } from '../../utils/feedback';
import { useRequest } from '../../utils/useRequest';

/** Local mode only: pick a seeded demo identity (or type any openid). In WeChat, login is automatic. */
export default function Login() {
  const [custom, setCustom] = useState('');
  const identities = useRequest(devIdentities);
  // The campaign is public: fetch it while the user picks, so the home page has it right after login.
  useEffect(() => {
    if (isLocalMode) prefetchCampaign();
  }, []);

  const enter = async (openid: string) => {
    try {
      await devLogin(openid);
      await Taro.switchTab({ url: '/pages/index/index' });
    } catch (err) {
      showError(err);
    }
  };

  if (!isLocalMode) {
    return (
      <View className="page">
        <View className="card">
          <Text>在微信中打开时会自动登录，无需选择身份。</Text>
        </View>
      </View>
    );
  }

  return (
    <View className="page">
      <View className="card">
        <View className="card-title">本地体验：选择一个演示身份</View>
        <Text className="muted">这是本地运行模式，演示数据均为虚构。正式版在微信中自动登录。</Text>
      </View>
      <StateView loading={identities.loading} error={identities.error} onRetry={identities.reload} />
      <View className="card">
        {identities.data?.map((i) => (
          <View key={i.openid} className="list-item row">
            <View>
              <Text>{i.label}</Text>
              <Text className="muted">{`\n${i.openid}`}</Text>
            </View>
            <Button size="small" type="primary" data-openid={i.openid} onClick={() => enter(i.openid)}>
              进入
            </Button>
          </View>
        ))}
      </View>
      <View className="card">
        <View className="field-label">或输入任意新身份（字母、数字、短横线）</View>
        <Input
          className="input"
          value={custom}
          placeholder="例如 my-test-user"
          onInput={(e) => setCustom(e.detail.value)}
        />
        <View className="gap" />
        <Button block disabled={!custom.trim()} onClick={() => enter(custom.trim())}>
          以新身份进入
        </Button>
      </View>
    </View>
  );
}
