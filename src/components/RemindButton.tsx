import { Text, View } from '@tarojs/components';
import { Button } from '../ui';
import { canSubscribe, requestRemind } from '../utils/subscribe';

/**
 * 「接收活动提醒」: asks WeChat for one subscribe-message reminder. Renders nothing in H5 (local mode records
 * reminders instead) or when the build has no template id (TARO_APP_SUBSCRIBE_TEMPLATE).
 */
export function RemindButton(props: { id?: string }) {
  if (!canSubscribe()) return null;
  return (
    <View className="remind">
      <Button block id={props.id ?? 'remind-subscribe'} onClick={() => void requestRemind()}>
        接收活动提醒
      </Button>
      <Text className="muted">活动有新安排时，通过微信「服务通知」提醒你。每同意一次，可收到一次提醒。</Text>
    </View>
  );
}
