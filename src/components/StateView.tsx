import { View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ApiError } from '../api/client';
import { Button } from '../ui';
import { errorText } from '../utils/feedback';

/** Errors that trying again will not fix: offer a way out instead of a retry button. */
const FINAL = ['NOT_FOUND', 'PERMISSION_DENIED', 'INVALID_ARGUMENT', 'FAILED_PRECONDITION'];

/**
 * Loading / error / empty placeholder used by every page, so no page is ever blank or silent.
 * `inline` draws it inside an existing card (a list section) instead of as a card of its own.
 */
export function StateView(props: {
  loading?: boolean;
  error?: ApiError | null;
  onRetry?: () => void;
  empty?: string;
  inline?: boolean;
}) {
  const box = props.inline ? 'state-inline' : 'card';
  if (props.error) {
    const final = FINAL.includes(props.error.code);
    return (
      <View className={box}>
        <Text className="error-text">{errorText(props.error)}</Text>
        <View style={{ marginTop: '12px', display: 'flex', gap: '12px' }}>
          {props.onRetry && !final && (
            <Button size="small" onClick={props.onRetry}>
              重试
            </Button>
          )}
          {final && !props.inline && (
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
      <View className={box}>
        <Text className="muted">加载中…</Text>
      </View>
    );
  }
  if (props.empty) {
    return (
      <View className={box}>
        <Text className="muted">{props.empty}</Text>
      </View>
    );
  }
  return null;
}
