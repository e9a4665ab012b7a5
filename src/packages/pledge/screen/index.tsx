import { Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, call, type OutputOf } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { TargetQr } from '../../../components/TargetQr';
import { Button } from '../../../ui';
import { confirm, withLoading } from '../../../utils/feedback';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useRequest } from '../../../utils/useRequest';
import { Bar } from '../shared/ui';
import '../pledge.scss';

/** Poll interval: the screen is never more than this behind the counter (the issue asks for ≤ 2 s). */
const POLL_MS = 1500;

type Live = OutputOf<'pledge', 'ceremonyLive'>;

/** "12:05" from seconds. */
function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * The ceremony's big screen for the projector: QR code and ceremony code to scan, the count of pledges
 * and the share of the roster rising live (polled every 1.5 s), and the time left.
 */
export default function ScreenPage() {
  useLoginGuard();
  const id = (useRouter().params.id ?? '').toUpperCase();
  const [live, setLive] = useState<Live | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [visible, setVisible] = useState(true);
  const busy = useRef(false);
  // The QR students scan: the sign page's mini-program code on WeChat (scene = ceremony code), else its URL.
  const qr = useRequest(
    async () => (id ? (await call('pledge', 'ceremonyQr', { ceremonyId: id })).qr : null),
    [id],
  );

  const poll = useCallback(async () => {
    if (busy.current || !id) return;
    busy.current = true;
    try {
      setLive(await call('pledge', 'ceremonyLive', { ceremonyId: id }));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('INTERNAL', String(err)));
    } finally {
      busy.current = false;
    }
  }, [id]);

  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));
  useEffect(() => {
    if (!visible) return;
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(timer);
  }, [poll, visible]);

  const close = async () => {
    if (!(await confirm('结束仪式？', '结束后，学生扫码签名不再计入这次仪式。'))) return;
    await withLoading('正在结束', () => call('pledge', 'closeCeremony', { ceremonyId: id }));
    void poll();
  };

  if (!live) {
    return (
      <View className="page">
        <StateView loading={!error} error={error} onRetry={() => void poll()} />
      </View>
    );
  }
  return (
    <View className="pl-screen" id="pl-screen">
      <Text className="pl-screen-title">{live.title}</Text>
      <Text className="pl-screen-scope">{live.scopeName}</Text>
      <View className="card" style={{ textAlign: 'center' }}>
        <Text className="pl-screen-count" id="pl-screen-count">
          {live.count}
        </Text>
        <Text className="pl-screen-of">{`人已签名 / 共 ${live.rosterSize} 人 · ${live.rate}%`}</Text>
        <Bar percent={live.rate} />
        {live.state === 'open' && (
          <Text className="pl-screen-timer">{`剩余时间 ${clock(live.secondsLeft)}`}</Text>
        )}
        {live.state === 'upcoming' && <Text className="pl-screen-timer">仪式还没开始</Text>}
        {live.state === 'closed' && <Text className="pl-screen-timer">仪式已结束，感谢同学们！</Text>}
      </View>
      {live.state !== 'closed' && (
        <View className="card" style={{ textAlign: 'center' }}>
          <Text className="pl-note">用微信扫码签名承诺，或在「宣誓承诺」里输入仪式码</Text>
          <View className="gap" />
          <View style={{ textAlign: 'left' }}>
            {qr.data && <TargetQr qr={qr.data} size={240} id="pl-screen-qr" />}
          </View>
          <Text className="pl-screen-code" id="pl-screen-code">
            {live.ceremonyId}
          </Text>
        </View>
      )}
      <View className="pl-actions">
        {live.state !== 'closed' && (
          <Button block onClick={close}>
            结束仪式
          </Button>
        )}
        <Button
          block
          onClick={() =>
            Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/packages/pledge/ceremony/index' }))
          }
        >
          返回
        </Button>
      </View>
    </View>
  );
}
