import { Text, View } from '@tarojs/components';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { call } from '../../../api/client';
import { Paragraphs } from '../../../components/Paragraphs';
import { StateView } from '../../../components/StateView';
import { Button } from '../../../ui';
import { useRequest } from '../../../utils/useRequest';
import '../join.scss';

/**
 * 《儿童个人信息保护规则》 (PIPL Art. 31 para. 2): public, readable by anyone without logging in; linked
 * from the guardian consent page and from 「我的」. The text (with the data controller the city entered)
 * comes from the server, so the page and the consent always agree.
 */
export default function PrivacyRulesPage() {
  const rules = useRequest(() => call('identity', 'childPrivacyRules', {}));
  useShareAppMessage(() => ({ title: '儿童个人信息保护规则', path: '/packages/join/privacy/index' }));
  const r = rules.data;
  return (
    <View className="page">
      <StateView loading={rules.loading && !r} error={rules.error} onRetry={rules.reload} />
      {r && (
        <View className="card" id="privacy-rules">
          <View className="card-title join-rules-title">{`《${r.title}》`}</View>
          <Text className="muted">{`版本 ${r.version}`}</Text>
          {r.sections.map((s) => (
            <View key={s.heading} className="join-rules-section">
              <Text className="para-heading">{s.heading}</Text>
              <Paragraphs paragraphs={s.paragraphs} />
            </View>
          ))}
        </View>
      )}
      {r && (
        <View className="join-actions">
          <Button
            block
            onClick={() => void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/pages/me/index' }))}
          >
            返回
          </Button>
        </View>
      )}
    </View>
  );
}
