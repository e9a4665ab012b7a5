import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ApiError } from '../api/client';
import { Button } from '../ui';
import { errorText } from '../utils/feedback';

/** Errors that trying again will not fix: offer a way out instead of a retry button. */
const FINAL = ['NOT_FOUND', 'PERMISSION_DENIED', 'INVALID_ARGUMENT', 'FAILED_PRECONDITION'];

/** Loading / error / empty placeholder used by every page, so no page is ever blank or silent. */
export function StateView(props: {
  loading?: boolean;
  error?: ApiError | null;
  onRetry?: () => void;
  empty?: string;
}) {
  if (props.error) {
    const final = FINAL.includes(props.error.code);
    return (
      <View className="card">
        <Text className="error-text">{errorText(props.error)}</Text>
        <View style={{ marginTop: '12px', display: 'flex', gap: '12px' }}>
          {props.onRetry && !final && (
            <Button size="small" onClick={props.onRetry}>
              重试
            </Button>
          )}
          {final && (
            <Button size="small" onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
              回到首页
            </Button>
          )}
        </View>
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
