import { View, Text } from '@tarojs/components';
import type { ApiError } from '../api/client';
import { Button } from '../ui';

/** Loading / error / empty placeholder used by every page, so no page is ever blank or silent. */
export function StateView(props: {
  loading?: boolean;
  error?: ApiError | null;
  onRetry?: () => void;
  empty?: string;
}) {
  if (props.error) {
    return (
      <View className="card">
        <Text className="error-text">{props.error.message}</Text>
        {props.onRetry && (
          <View style={{ marginTop: '12px' }}>
            <Button size="small" onClick={props.onRetry}>
              重试
            </Button>
          </View>
        )}
      </View>
    );
  }
  if (props.loading) {
    return (
      <View className="card">
        <Text className="muted">加载中…</Text>
      </View>
    );
  }
  if (props.empty) {
    return (
      <View className="card">
        <Text className="muted">{props.empty}</Text>
      </View>
    );
  }
  return null;
}
