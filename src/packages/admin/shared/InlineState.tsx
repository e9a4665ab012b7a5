import { Text, View } from '@tarojs/components';
import type { ApiError } from '../../../api/client';
import { Button } from '../../../ui';
import { errorText } from '../../../utils/feedback';

/** Loading / error / empty text for a list inside a card (StateView draws its own card). */
export function InlineState(props: {
  loading?: boolean;
  error?: ApiError | null;
  onRetry?: () => void;
  empty?: string;
}) {
  if (props.error) {
    return (
      <View className="adm-inline-state">
        <Text className="error-text">{errorText(props.error)}</Text>
        {props.onRetry && (
          <View className="adm-wrap">
            <Button size="small" onClick={props.onRetry}>
              重试
            </Button>
          </View>
        )}
      </View>
    );
  }
  if (props.loading) return <Text className="muted">加载中…</Text>;
  if (props.empty) {
    return (
      <View className="adm-inline-state">
        <Text className="muted">{props.empty}</Text>
      </View>
    );
  }
  return null;
}
